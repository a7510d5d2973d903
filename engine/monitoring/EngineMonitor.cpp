#include "EngineMonitor.h"

#include "EngineTelemetry.h"
#include "OrderEvent.h"
#include "Logging.h"
#include "Market.h"
#include "OrderQueue.h"
#include "OrderStore.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMutexLocker>
#include <QThread>
#include <QWaitCondition>

#include <iterator>

namespace OrderDesk {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 ageOf(qint64 atMs, qint64 now)
{
    return atMs > 0 ? std::max<qint64>(0, now - atMs) : -1;
}

// Up: the last check got an answer, and it is recent.
bool isUp(bool reached, qint64 checkedAtMs, qint64 now)
{
    const qint64 age = ageOf(checkedAtMs, now);
    return reached && age >= 0 && age <= EngineMonitor::StaleMs;
}
} // namespace

// One backend's checks, round after round, on a QThread (the store keeps one connection per
// thread and closes it when the thread finishes).
class EngineMonitor::Loop
{
public:
    Loop(const QString &name, std::function<qint64()> round) : m_round(std::move(round))
    {
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->setObjectName(name);
    }
    ~Loop() { stop(); }
    Loop(const Loop &) = delete;
    Loop &operator=(const Loop &) = delete;

    void start() { m_thread->start(); }

    // Waits for a round in progress: a backend that hangs holds up the engine's stop, as it
    // holds up the workers' last writes.
    void stop()
    {
        {
            QMutexLocker locker(&m_mutex);
            m_stopping = true;
            m_wake.wakeAll();
        }
        if (m_thread->isRunning())
            m_thread->wait();
    }

private:
    // The first round ran in start(): this one waits first.
    void run()
    {
        qint64 waitMs = RefreshMs;
        QMutexLocker locker(&m_mutex);
        for (;;) {
            const QDeadlineTimer next(std::max<qint64>(1, waitMs));
            while (!m_stopping && !next.hasExpired())
                m_wake.wait(&m_mutex, next);
            if (m_stopping)
                return;
            locker.unlock();
            waitMs = m_round();
            locker.relock();
        }
    }

    std::function<qint64()> m_round;
    std::unique_ptr<QThread> m_thread;
    QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_stopping = false;
};

EngineMonitor::EngineMonitor(OrderQueue &queue, OrderStore &store, Market &market,
                             qint64 rateWindowMs)
    : m_queue(queue), m_store(store), m_market(market), m_rateWindowMs(rateWindowMs)
{
}

EngineMonitor::~EngineMonitor()
{
    stop();
}

void EngineMonitor::start()
{
    if (!m_loops.empty())
        return;
    checkQueue();
    checkStore();
    checkMarket();
    m_loops.push_back(std::make_unique<Loop>(QStringLiteral("monitor-queue"),
                                             [this] { return checkQueue(); }));
    m_loops.push_back(std::make_unique<Loop>(QStringLiteral("monitor-store"),
                                             [this] { return checkStore(); }));
    m_loops.push_back(std::make_unique<Loop>(QStringLiteral("monitor-market"),
                                             [this] { return checkMarket(); }));
    for (const auto &loop : m_loops)
        loop->start();
}

void EngineMonitor::stop()
{
    for (const auto &loop : m_loops)
        loop->stop();
    m_loops.clear();
}

qint64 EngineMonitor::checkQueue()
{
    // counts() and startsInWindow() answer 0 when Redis does not: the figures count only when
    // Redis answered right before and right after them.
    bool reached = m_queue.isHealthy();
    QueueCounts counts;
    int used = 0;
    if (reached) {
        counts = m_queue.counts();
        used = m_queue.startsInWindow(m_rateWindowMs);
        reached = m_queue.isHealthy();
    }
    const qint64 now = nowMs();
    QMutexLocker locker(&m_mutex);
    record(m_queueReading, reached, now, "queue");
    if (reached) {
        m_queueCounts = counts;
        m_rateWindowUsed = used;
        m_queueFiguresAtMs = now;
    }
    return RefreshMs;
}

qint64 EngineMonitor::checkStore()
{
    const bool reached = m_store.isHealthy();
    qint64 countsAtMs = 0;
    qint64 intervalMs = 0;
    {
        QMutexLocker locker(&m_mutex);
        countsAtMs = m_statusCountsAtMs;
        intervalMs = m_statusCountIntervalMs;
    }
    QHash<OrderStatus, qint64> counts;
    if (reached && nowMs() - countsAtMs >= intervalMs) {
        QElapsedTimer took;
        took.start();
        counts = m_store.countByStatus(); // empty when the read failed
        // A COUNT over every order grows with the table: a slow one is repeated less often, so
        // it never takes more than a tenth of a database connection's time.
        intervalMs = std::clamp<qint64>(took.elapsed() * StoreCountDutyDivisor, RefreshMs,
                                        MaxStoreCountIntervalMs);
    }
    const qint64 now = nowMs();
    QMutexLocker locker(&m_mutex);
    record(m_storeReading, reached, now, "database");
    m_statusCountIntervalMs = intervalMs;
    if (!counts.isEmpty()) {
        m_statusCounts = counts;
        m_statusCountsAtMs = now;
    }
    return RefreshMs;
}

qint64 EngineMonitor::checkMarket()
{
    const bool reached = m_market.isHealthy();
    const qint64 now = nowMs();
    QMutexLocker locker(&m_mutex);
    record(m_marketReading, reached, now, "market");
    return RefreshMs;
}

void EngineMonitor::record(Reading &reading, bool reached, qint64 now, const char *component)
{
    if (reading.checkedAtMs > 0 && reading.reached != reached) {
        if (reached)
            qCInfo(lcEngine) << component << "answers its health check again";
        else
            qCWarning(lcEngine) << component << "did not answer its health check";
    }
    reading = {reached, now};
}

void EngineMonitor::observe(const OrderEvent &event, const Order &order)
{
    EngineTelemetry::process().observe(event, order);
    const OrderStatus status = event.status;
    static constexpr OrderStatus Terminal[] = {OrderStatus::Confirmed, OrderStatus::Failed,
                                               OrderStatus::Cancelled, OrderStatus::Expired};
    for (std::size_t i = 0; i < std::size(Terminal); ++i) {
        if (status == Terminal[i])
            ++m_outcomes[i];
    }
}

void EngineMonitor::fill(EngineMetrics &metrics) const
{
    metrics.nodeConfirmed = m_outcomes[0].load();
    metrics.nodeFailed = m_outcomes[1].load();
    metrics.nodeCancelled = m_outcomes[2].load();
    metrics.nodeExpired = m_outcomes[3].load();

    const qint64 now = nowMs();
    QMutexLocker locker(&m_mutex);
    metrics.queueFiguresAgeMs = ageOf(m_queueFiguresAtMs, now);
    metrics.queueFiguresKnown = isUp(m_queueReading.reached, m_queueReading.checkedAtMs, now) && metrics.queueFiguresAgeMs >= 0
                                && metrics.queueFiguresAgeMs <= StaleMs;
    if (metrics.queueFiguresKnown) {
        metrics.queue = m_queueCounts;
        metrics.rateWindowUsed = m_rateWindowUsed;
    }
    metrics.storeFiguresAgeMs = ageOf(m_statusCountsAtMs, now);
    metrics.storeFiguresKnown = isUp(m_storeReading.reached, m_storeReading.checkedAtMs, now) && metrics.storeFiguresAgeMs >= 0
                                && metrics.storeFiguresAgeMs <= m_statusCountIntervalMs + StaleMs;
    if (metrics.storeFiguresKnown) {
        metrics.completed = m_statusCounts.value(OrderStatus::Confirmed);
        metrics.failed = m_statusCounts.value(OrderStatus::Failed);
        metrics.cancelled = m_statusCounts.value(OrderStatus::Cancelled);
        metrics.expired = m_statusCounts.value(OrderStatus::Expired);
    }
}

void EngineMonitor::fill(ComponentHealth &health) const
{
    const qint64 now = nowMs();
    QMutexLocker locker(&m_mutex);
    health.queueUp = isUp(m_queueReading.reached, m_queueReading.checkedAtMs, now);
    health.databaseUp = isUp(m_storeReading.reached, m_storeReading.checkedAtMs, now);
    health.marketUp = isUp(m_marketReading.reached, m_marketReading.checkedAtMs, now);
    health.queueCheckAgeMs = ageOf(m_queueReading.checkedAtMs, now);
    health.databaseCheckAgeMs = ageOf(m_storeReading.checkedAtMs, now);
    health.marketCheckAgeMs = ageOf(m_marketReading.checkedAtMs, now);
}

} // namespace OrderDesk
