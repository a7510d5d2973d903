#pragma once

#include "OrderQueue.h"
#include "RedisConnection.h"
#include "RedisQueueScripts.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QMutex>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <memory>
#include <optional>

namespace OrderDesk {

// The take() side of RedisQueue, on a connection of its own (a take blocked in XREADGROUP must
// not hold up the workers' acknowledgements).
//
// One XREADGROUP reads both streams, several entries at a time when entries come faster than
// they are taken; the ones not handed out yet wait in a small local buffer. A buffered entry is
// delivered to this consumer but not acknowledged, exactly like a taken one: if the node dies
// it is reclaimed by another after the visibility timeout. So that no entry sits here while
// another node could work on it, the batch grows only while the buffer empties quickly, and
// entries that waited too long, or are still here when taking stops, are handed back.
//
// Reclaiming (XAUTOCLAIM) and promoting due retries run at most every few hundred ms, not on
// every take: sooner when this node handed an entry back or queued a retry due earlier.
class RedisQueueTaker
{
public:
    RedisQueueTaker(const RedisUrl &url, const QString &consumer,
                    const RedisQueueScripts::Keys &keys, qint64 visibilityTimeoutMs);
    ~RedisQueueTaker();

    bool open(QString *error);
    std::optional<QueueLease> take(int timeoutMs);
    // Wakes a take() and hands back what this node has buffered; returns once a take() in
    // progress has returned.
    void interrupt();
    // An entry was handed back: look for released entries at the next take().
    void claimSoon() { m_claimSoon = true; }
    // A retry is due at this time (ms since the epoch): promote no later than that.
    void promoteBy(qint64 dueMs);
    // Delivered to this consumer and not handed out yet: counted as waiting, not active.
    qint64 buffered() const { return m_bufferedCount.loadRelaxed(); }

    static QString receiptFor(bool priority, const QByteArray &entryId);

private:
    struct Buffered
    {
        QueueLease lease;
        QByteArray entryId;
        qint64 readAtMs = 0;
    };
    struct Fill
    {
        bool failed = false; // Redis could not be asked: pause instead of spinning
    };

    Fill fill(qint64 blockMs, bool interrupted);
    bool claim();
    bool promote();
    bool readNew(qint64 blockMs, bool interrupted);
    void append(bool priority, const redisReply *entries);
    std::optional<QueueLease> popFront();
    void handBack(const char *why);
    bool isInterrupted();

    RedisQueueScripts::Keys m_keys;
    QByteArray m_consumer;
    qint64 m_visibilityTimeoutMs;
    qint64 m_claimEveryMs;
    qint64 m_maxBufferedMs;

    QMutex m_mutex; // take() and the buffer
    std::unique_ptr<RedisConnection> m_connection;
    std::deque<Buffered> m_buffer; // priority entries first, then oldest first
    QAtomicInteger<qint64> m_bufferedCount = 0;
    int m_batch = 1;
    bool m_lastReadFull = false;
    QElapsedTimer m_clock;
    qint64 m_nextClaimAtMs = 0;
    std::atomic<qint64> m_nextPromoteAtMs{0};
    std::atomic<bool> m_claimSoon{false};

    QMutex m_interruptMutex;
    QWaitCondition m_interruptCondition;
    bool m_interrupted = false;
};

} // namespace OrderDesk
