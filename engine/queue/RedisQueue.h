#pragma once

#include "OrderQueue.h"
#include "RedisConnection.h"
#include "RedisQueueScripts.h"
#include "RedisUrl.h"

#include <QAtomicInteger>
#include <QByteArray>
#include <QMutex>

#include <memory>
#include <optional>
#include <vector>

namespace OrderDesk {

class RedisQueueTaker;

// The queue shared by every node on one Redis (one per key prefix).
//
// Keys ({p} = the key prefix as a hash tag, so that a Redis Cluster keeps them in one slot):
//   {p}:stream:priority, {p}:stream:orders  ready and taken work; consumer group "workers".
//                                           An entry lives until it is acknowledged.
//   {p}:queued     hash orderId → stream entries not yet acknowledged (for contains()),
//                  maintained by the same scripts that add and acknowledge entries
//   {p}:delayed    sorted set of retries, score = due ms, member "p:<id>" / "n:<id>"
//   {p}:ratelimit  sorted set of starts in the rate window, scored by Redis' own clock
//
// take() runs on one context (RedisQueueTaker) and everything else on another, each behind
// its own mutex: a hiredis context is not thread-safe, and a take() blocked in XREADGROUP must
// not hold up acknowledgements from the workers. Workers that enqueue or acknowledge while
// another one is talking to Redis have their calls sent together, in one script call, by
// whichever of them gets the connection next; each call still returns only once it is done.
class RedisQueue final : public OrderQueue
{
public:
    static constexpr qint64 DefaultVisibilityTimeoutMs = 60'000;

    // `consumer` names this node in the consumer group (a random one when empty); an entry a
    // consumer took and did not acknowledge within `visibilityTimeoutMs` goes to another one.
    RedisQueue(const QString &url, const QString &consumer,
               const QString &keyPrefix = QStringLiteral("orderdesk"),
               qint64 visibilityTimeoutMs = DefaultVisibilityTimeoutMs);
    ~RedisQueue() override;

    bool open(QString *error) override;
    QString describe() const override;
    bool isHealthy() override;

    bool enqueue(const QueueItem &item) override;
    // One round trip for all of them; a member that fails does not fail the others.
    QList<bool> enqueueAll(const QList<QueueItem> &items) override;
    bool enqueueDelayed(const QueueItem &item, const QDateTime &due) override;
    std::optional<QueueLease> take(int timeoutMs) override;
    void acknowledge(const QueueLease &lease) override;
    // One round trip for all of them; a lease that is no longer pending (acknowledged already,
    // or not issued by this queue) changes nothing and does not stop the others.
    void acknowledgeAll(const QList<QueueLease> &leases);
    void release(const QueueLease &lease) override;
    void interrupt() override;

    std::optional<bool> contains(const QString &orderId) override;
    QueueCounts counts() override;

    qint64 tryAcquireStart(int limit, qint64 windowMs) override;
    int startsInWindow(qint64 windowMs) override;

    QString consumer() const { return m_consumer; }
    const RedisQueueScripts::Keys &keys() const { return m_keys; }

private:
    struct PendingEnqueue
    {
        QueueItem item;
        bool done = false;
        bool added = false;
    };

    // With m_mutex held: sends whatever the callers before have left in the outbox.
    void flushEnqueues();
    void flushAcknowledgements();
    // "p"/"n" and the entry id of a receipt this queue issued.
    std::optional<std::pair<QByteArray, QByteArray>> parseReceipt(const QString &receipt) const;

    std::optional<RedisUrl> m_url;
    QString m_urlError;
    QString m_urlText;
    QString m_consumer;
    QByteArray m_consumerBytes;
    QString m_prefix;
    RedisQueueScripts::Keys m_keys;
    qint64 m_visibilityTimeoutMs;
    QByteArray m_instanceToken; // makes this instance's rate-window members unique
    QAtomicInteger<quint64> m_startSerial = 0;

    std::unique_ptr<RedisQueueTaker> m_taker;
    QMutex m_mutex;
    std::unique_ptr<RedisConnection> m_connection;

    QMutex m_outboxMutex; // the calls waiting for m_mutex
    std::vector<PendingEnqueue *> m_enqueueOutbox;
    QByteArrayList m_ackOutbox; // ("p"|"n", entry id, orderId)…
};

} // namespace OrderDesk
