#pragma once

#include "OrderQueue.h"

#include <QHash>
#include <QMutex>
#include <QWaitCondition>

#include <deque>
#include <map>

namespace OrderDesk {

// The embedded queue: ready items (priority first), retries waiting for their due time and the
// rate-limit window, all in this process. Nothing in it is the only copy of an order: a restart
// rebuilds it from the store.
class InProcessQueue final : public OrderQueue
{
public:
    InProcessQueue() = default;

    bool open(QString *error) override;
    QString describe() const override;
    bool isHealthy() override;

    bool enqueue(const QueueItem &item) override;
    bool enqueueDelayed(const QueueItem &item, const QDateTime &due) override;
    std::optional<QueueLease> take(int timeoutMs) override;
    void acknowledge(const QueueLease &lease) override;
    void release(const QueueLease &lease) override;
    void interrupt() override;

    std::optional<bool> contains(const QString &orderId) override;
    QueueCounts counts() override;

    qint64 tryAcquireStart(int limit, qint64 windowMs) override;
    int startsInWindow(qint64 windowMs) override;

private:
    void promoteDueLocked(qint64 nowMs);
    void pushReadyLocked(const QueueItem &item, bool front = false);
    void pruneStartsLocked(qint64 nowMs, qint64 windowMs);
    void countInLocked(const QString &orderId);
    void countOutLocked(const QString &orderId);

    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<QueueItem> m_priority;
    std::deque<QueueItem> m_ready;
    std::multimap<qint64, QueueItem> m_delayed; // due time (ms since epoch) → item
    QHash<QString, QueueItem> m_active;         // receipt → item
    std::deque<qint64> m_starts;                // start times in the rate window, oldest first
    // How many entries (ready, delayed or taken) each order has: contains() without a scan.
    QHash<QString, int> m_entries;
    quint64 m_nextReceipt = 0;
    bool m_interrupted = false;
};

} // namespace OrderDesk
