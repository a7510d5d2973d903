#include "QueueFeeder.h"

#include "Logging.h"


namespace OrderDesk {

QueueFeeder::QueueFeeder(OrderQueue &queue)
    : m_queue(queue)
{
}

QueueFeeder::~QueueFeeder()
{
    stop();
}

void QueueFeeder::start()
{
    m_thread.start(QStringLiteral("queue-feeder"), [this] { run(); });
}

void QueueFeeder::stop()
{
    m_thread.stop();
}

void QueueFeeder::enqueue(const QueueItem &item)
{
    QMutexLocker locker(&m_mutex);
    if (!m_thread.isRunning()) {
        locker.unlock();
        feed({item});
        return;
    }
    m_pending.append(item);
    if (m_pending.size() == 1)
        m_wake.wakeOne();
}

void QueueFeeder::run()
{
    for (;;) {
        QList<QueueItem> items;
        {
            QMutexLocker locker(&m_mutex);
            while (m_pending.isEmpty() && m_thread.isRunning())
                m_wake.wait(&m_mutex);
            if (m_pending.isEmpty())
                return; // stopped, and everything handed over is queued
            items.swap(m_pending);
        }
        feed(items);
    }
}

void QueueFeeder::feed(const QList<QueueItem> &items)
{
    const QList<bool> added = m_queue.enqueueAll(items);
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!added.value(i))
            qCWarning(lcQueue) << "order" << items[i].orderId << "stored but not queued";
    }
}

} // namespace OrderDesk
