#pragma once

#include <QMutex>
#include <QSemaphore>
#include <QThreadPool>
#include <QWaitCondition>

#include <atomic>
#include <memory>

class QThread;

namespace OrderDesk {

struct EngineConfig;
class OrderProcessor;
class OrderQueue;
class OrderStore;

// Feeds the worker pool from the queue: takes an item only when a worker is free and the rate
// limit grants a start, so never more than `workers` orders are in flight on this node and
// orders over the rate wait in the queue instead of being refused.
class Dispatcher
{
public:
    Dispatcher(const EngineConfig &config, OrderStore &store, OrderQueue &queue,
               OrderProcessor &processor);
    ~Dispatcher();

    void start();
    // Takes nothing more and returns once every in-flight attempt has finished.
    void stop();
    int busyWorkers() const { return m_busy.load(); }

private:
    void run();
    // Blocks until the rate limit grants a start; false when stopping.
    bool waitForStartSlot();
    // Sleeps up to `ms` unless stop() is called meanwhile.
    void pause(qint64 ms);

    const EngineConfig &m_config;
    OrderStore &m_store;
    OrderQueue &m_queue;
    OrderProcessor &m_processor;

    QThreadPool m_workers;
    QSemaphore m_freeWorkers;
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_busy{0};
    QMutex m_pauseMutex;
    QWaitCondition m_pauseCondition;
};

} // namespace OrderDesk
