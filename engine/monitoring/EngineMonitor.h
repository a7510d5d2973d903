#pragma once

#include "EngineMetrics.h"
#include "OrderTypes.h"

#include <QHash>
#include <QMutex>

#include <array>
#include <atomic>
#include <memory>
#include <vector>

namespace OrderDesk {

class Market;
class OrderQueue;
class OrderStore;
class Order;
struct OrderEvent;

// What the engine tells about itself without waiting for anything. The backends are read in the
// background: each has a thread of its own that checks it every second, so one that hangs holds
// up only its own thread, and its readings grow old and count as missing once older than
// StaleMs. The node's own outcomes are counted as they happen.
class EngineMonitor
{
public:
    static constexpr qint64 RefreshMs = 1000;
    // Readings older than this are not shown: the backend is down, or too slow to tell.
    static constexpr qint64 StaleMs = 5000;
    // The store-wide counts are a scan of the orders table: read at most this share of the time.
    static constexpr int StoreCountDutyDivisor = 10;
    static constexpr qint64 MaxStoreCountIntervalMs = 30'000;

    EngineMonitor(OrderQueue &queue, OrderStore &store, Market &market, qint64 rateWindowMs);
    ~EngineMonitor();
    EngineMonitor(const EngineMonitor &) = delete;
    EngineMonitor &operator=(const EngineMonitor &) = delete;

    // One round of every check on the calling thread (so the first readers find readings), then
    // the background threads.
    void start();
    void stop();

    // Any thread, lock-free: a status change this node stored (terminal ones are counted; the
    // latencies and failures go to EngineTelemetry).
    void observe(const OrderEvent &event, const Order &order);

    // Any thread, no I/O: the backend figures and states as of now, judged by their age.
    void fill(EngineMetrics &metrics) const;
    void fill(ComponentHealth &health) const;

private:
    class Loop;
    struct Reading
    {
        bool reached = false;
        qint64 checkedAtMs = 0; // 0: never
    };

    void record(Reading &reading, bool reached, qint64 now, const char *component); // locked
    // Each returns how long to wait before the next round.
    qint64 checkQueue();
    qint64 checkStore();
    qint64 checkMarket();

    OrderQueue &m_queue;
    OrderStore &m_store;
    Market &m_market;
    const qint64 m_rateWindowMs;

    mutable QMutex m_mutex; // the readings
    Reading m_queueReading;
    Reading m_storeReading;
    Reading m_marketReading;
    QueueCounts m_queueCounts;
    int m_rateWindowUsed = 0;
    qint64 m_queueFiguresAtMs = 0;
    QHash<OrderStatus, qint64> m_statusCounts;
    qint64 m_statusCountsAtMs = 0;
    qint64 m_statusCountIntervalMs = RefreshMs;

    std::array<std::atomic<qint64>, 4> m_outcomes{}; // confirmed, failed, cancelled, expired
    std::vector<std::unique_ptr<Loop>> m_loops;
};

} // namespace OrderDesk
