#pragma once

#include "OrderQueue.h"
#include "OrderTypes.h"

#include <QHash>
#include <QMutex>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace OrderDesk {

class Market;
class OrderStore;

// Reads the backends' state in the background, so that nobody who shows it (the console's
// status bar, /health, /metrics) waits for a backend: each backend has a thread of its own that
// checks it every second, and readers get the last readings without any I/O. A backend that
// hangs holds up only its own thread; its readings grow old and count as missing once older
// than StaleMs.
class HealthMonitor
{
public:
    static constexpr qint64 RefreshMs = 1000;
    // Readings older than this are not shown: the backend is down, or too slow to tell.
    static constexpr qint64 StaleMs = 5000;
    // The store-wide counts are a scan of the orders table: read at most this share of the time.
    static constexpr int StoreCountDutyDivisor = 10;
    static constexpr qint64 MaxStoreCountIntervalMs = 30'000;

    struct Component
    {
        bool up = false;   // the last check got an answer, recently
        qint64 ageMs = -1; // since the last check finished; -1 before the first
    };

    // What the readers see, judged at the moment they ask.
    struct Snapshot
    {
        Component queue;
        Component database;
        Component market;
        // Each present only when read recently from a backend that answers.
        std::optional<QueueCounts> queueCounts;
        std::optional<int> rateWindowUsed;
        qint64 queueFiguresAgeMs = -1;
        std::optional<QHash<OrderStatus, qint64>> statusCounts; // store-wide
        qint64 statusCountsAgeMs = -1;
    };

    HealthMonitor(OrderQueue &queue, OrderStore &store, Market &market, qint64 rateWindowMs);
    ~HealthMonitor();
    HealthMonitor(const HealthMonitor &) = delete;
    HealthMonitor &operator=(const HealthMonitor &) = delete;

    // One round of every check on the calling thread (so the first readers find readings), then
    // the background threads.
    void start();
    void stop();

    Snapshot snapshot() const;

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

    std::vector<std::unique_ptr<Loop>> m_loops;
};

} // namespace OrderDesk
