#pragma once

#include "HandOffThread.h"
#include "OrderQueue.h"

#include <QMutex>
#include <QWaitCondition>

#include <memory>

namespace OrderDesk {

// Puts newly stored orders on the queue from a thread of its own, all that arrived meanwhile
// in one OrderQueue::enqueueAll: the store's writer hands them over and goes on committing
// instead of waiting on a queue round trip per order. An order that fails to be queued is on
// record all the same, and the sweeper queues it.
class QueueFeeder
{
public:
    explicit QueueFeeder(OrderQueue &queue);
    ~QueueFeeder(); // stop()

    void start();
    // Queues whatever was handed over, then stops; later items are queued by the caller's thread.
    void stop();

    void enqueue(const QueueItem &item);

private:
    void run();
    void feed(const QList<QueueItem> &items);

    OrderQueue &m_queue;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QList<QueueItem> m_pending; // guarded by m_mutex
    HandOffThread m_thread{m_mutex, m_wake};
};

} // namespace OrderDesk
