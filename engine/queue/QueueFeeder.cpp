#include "QueueFeeder.h"

#include "Logging.h"

#include <QThread>

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
    QMutexLocker locker(&m_mutex);
    if (m_running)
        return;
    m_running = true;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("queue-feeder"));
    m_thread->start();
}

void QueueFeeder::stop()
{
    {
        QMutexLocker locker(&m_mutex);
        if (!m_running)
            return;
        m_running = false;
        m_wake.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
}

void QueueFeeder::enqueue(const QueueItem &item)
{
    QMutexLocker locker(&m_mutex);
    if (!m_running) {
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
            while (m_pending.isEmpty() && m_running)
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
