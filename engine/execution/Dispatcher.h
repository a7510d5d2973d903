#pragma once

#include "Order.h"
#include "StoreWriter.h"

#include <QMutex>
#include <QSemaphore>
#include <QThreadPool>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace OrderDesk {

struct EngineConfig;
struct QueueLease;
class HeldOrders;
class OrderProcessor;
class OrderQueue;

// Feeds the worker pool: takes an item from the queue only when an in-flight slot is free and
// the rate limit grants a start, then claims the order's lease through the store's writer (a
// second delivery, or an order another node owns, is skipped), so never more than `workers`
// orders are in flight on this node and orders over the rate wait in the queue instead of being
// refused. Orders taken over from a dead owner are handed in through resume(), without waiting
// for the queue or the rate limit: their attempt already started.
class Dispatcher
{
public:
    // `workers` runs the orders' work; an order waiting for the market holds none of its threads,
    // so `config.workers` orders may be in flight on fewer threads.
    Dispatcher(const EngineConfig &config, StoreWriter &writer, OrderQueue &queue,
               OrderProcessor &processor, HeldOrders &held, QThreadPool &workers,
               const std::atomic<bool> &stopping);
    ~Dispatcher();

    void start();
    // Takes nothing more from the queue; in-flight orders carry on.
    void stopTaking();
    // Waits up to `ms` (-1: for ever) for every in-flight order to finish or be handed back
    // (workers hand theirs back once `stopping` is set). True when idle.
    bool waitForIdle(int ms);
    int busyWorkers() const { return m_busy.load(); }

    // Works an order this node has just claimed (any thread).
    void resume(const Order &claimed);

private:
    void run();
    // Claims a delivery's order through the writer, its attempt started in the same transaction
    // (OrderProcessor::firstWrite); start() continues once it is claimed.
    void claim(const QueueLease &lease);
    // A retry delivered before its time (not to be started yet).
    static bool deliveredEarly(const Order &order);
    void start(const QueueLease &lease, const StoreWriter::Claimed &claimed);
    void settled(); // an order in flight (or a claim on its way) is over
    // Blocks until the rate limit grants a start; false when stopping.
    bool waitForStartSlot();
    // Works a claimed order on a worker thread, its lease renewed until `finished` runs (when the
    // processor let go of it, on whichever thread that was). `firstEvent`: the claim started it.
    void work(const Order &claimed, const std::optional<OrderEvent> &firstEvent,
              std::function<void()> finished);
    // Sleeps up to `ms` unless stop() is called meanwhile.
    void pause(qint64 ms);

    const EngineConfig &m_config;
    StoreWriter &m_writer;
    OrderQueue &m_queue;
    OrderProcessor &m_processor;
    HeldOrders &m_held;
    const std::atomic<bool> &m_stopping;

    QThreadPool &m_workers;
    QSemaphore m_freeWorkers; // in-flight slots: config.workers
    QMutex m_idleMutex;
    QWaitCondition m_idle; // m_busy reached 0
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_taking{false};
    std::atomic<int> m_busy{0}; // orders in flight, claims on their way included
    std::atomic<bool> m_storeDown{false};
    QMutex m_pauseMutex;
    QWaitCondition m_pauseCondition;
};

} // namespace OrderDesk
