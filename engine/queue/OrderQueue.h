#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace OrderDesk {

// What sits in the queue: a reference to a stored order, never the only copy of it.
struct QueueItem
{
    QString orderId;
    bool priority = false; // sniper orders go ahead of everything else
};

// A taken item. The worker acknowledges it when the attempt is over (whatever the outcome);
// an unacknowledged lease of a dead consumer is handed to another one (Redis).
struct QueueLease
{
    QueueItem item;
    QString receipt; // backend-specific handle (stream entry id)
};

struct QueueCounts
{
    qint64 waiting = 0; // ready to be taken
    qint64 active = 0;  // taken, not yet acknowledged
    qint64 delayed = 0; // retries waiting for their due time
};

// The work queue and the cross-node rate limit. Implementations: InProcessQueue (embedded) and
// RedisQueue. take() blocks, so it is called from the dispatcher thread only; everything else
// is thread-safe.
class OrderQueue
{
public:
    virtual ~OrderQueue() = default;

    virtual bool open(QString *error) = 0;
    virtual QString describe() const = 0; // "in-process" or "redis://host:port/db", no password
    virtual bool isHealthy() = 0;

    virtual bool enqueue(const QueueItem &item) = 0;
    // Several at once (a batch of new orders); one result per item, a member that fails does
    // not fail the others. The default queues them one by one.
    virtual QList<bool> enqueueAll(const QList<QueueItem> &items)
    {
        QList<bool> added;
        for (const QueueItem &item : items)
            added << enqueue(item);
        return added;
    }
    // Makes the item ready at `due`. A promoter moves due items to the ready queue exactly once.
    virtual bool enqueueDelayed(const QueueItem &item, const QDateTime &due) = 0;

    // Waits up to `timeoutMs` for a ready item. Priority items first, then first in first out.
    virtual std::optional<QueueLease> take(int timeoutMs) = 0;
    virtual void acknowledge(const QueueLease &lease) = 0;
    // Hands a taken item back, ready for the next consumer (a node that is shutting down).
    virtual void release(const QueueLease &lease) = 0;
    // Wakes a blocked take() so the dispatcher can stop.
    virtual void interrupt() = 0;

    // Whether the item is queued or delayed (or taken and not yet acknowledged); nullopt when
    // the queue cannot tell (Redis unreachable): that never means "not queued".
    virtual std::optional<bool> contains(const QString &orderId) = 0;
    virtual QueueCounts counts() = 0;

    // Rate limit: at most `limit` starts in any window of `windowMs`, shared by every consumer
    // of this queue. Returns 0 when a start was granted (and counted), otherwise the ms to wait
    // before asking again. limit 0 grants always.
    virtual qint64 tryAcquireStart(int limit, qint64 windowMs) = 0;
    // Starts counted in the window ending now.
    virtual int startsInWindow(qint64 windowMs) = 0;
};

} // namespace OrderDesk
