#include "HandOffThread.h"

#include <QThread>

namespace OrderDesk {

HandOffThread::HandOffThread(QMutex &mutex, QWaitCondition &wake)
    : m_mutex(mutex)
    , m_wake(wake)
{
}

HandOffThread::~HandOffThread()
{
    stop();
}

void HandOffThread::start(const QString &name, std::function<void()> loop)
{
    QMutexLocker locker(&m_mutex);
    if (m_running)
        return;
    m_running = true;
    m_thread.reset(QThread::create(std::move(loop)));
    m_thread->setObjectName(name);
    m_thread->start();
}

void HandOffThread::stop()
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

} // namespace OrderDesk
