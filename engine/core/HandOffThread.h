#pragma once

#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <functional>
#include <memory>

class QThread;

namespace OrderDesk {

// The thread behind a hand-off queue (StoreWriter, QueueFeeder): whoever hands work over takes
// the owner's mutex, appends and wakes the condition; the loop waits on them while isRunning().
// stop() clears isRunning(), wakes the loop so it can write out what was handed over, and joins
// it.
class HandOffThread
{
public:
    HandOffThread(QMutex &mutex, QWaitCondition &wake);
    ~HandOffThread(); // stop()

    void start(const QString &name, std::function<void()> loop);
    void stop();
    bool isRunning() const { return m_running; } // with the owner's mutex held

private:
    QMutex &m_mutex;
    QWaitCondition &m_wake;
    bool m_running = false; // guarded by m_mutex
    std::unique_ptr<QThread> m_thread;
};

} // namespace OrderDesk
