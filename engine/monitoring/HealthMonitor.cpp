#include "HealthMonitor.h"

#include "Logging.h"
#include "Market.h"
#include "OrderStore.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QMutexLocker>
#include <QThread>
#include <QWaitCondition>

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
} // namespace

// One backend's checks, round after round, on a QThread (the store keeps one connection per
// thread and closes it when the thread finishes).
class HealthMonitor::Loop
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

HealthMonitor::HealthMonitor(OrderQueue &queue, OrderStore &store, Market &market,
                             qint64 rateWindowMs)
    : m_queue(queue), m_store(store), m_market(market), m_rateWindowMs(rateWindowMs)
{
}

HealthMonitor::~HealthMonitor()
{
    stop();
}

void HealthMonitor::start()
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

void HealthMonitor::stop()
{
    for (const auto &loop : m_loops)
        loop->stop();
    m_loops.clear();
}

qint64 HealthMonitor::checkQueue()
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

qint64 HealthMonitor::checkStore()
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

qint64 HealthMonitor::checkMarket()
{
    const bool reached = m_market.isHealthy();
    const qint64 now = nowMs();
    QMutexLocker locker(&m_mutex);
    record(m_marketReading, reached, now, "market");
    return RefreshMs;
}

void HealthMonitor::record(Reading &reading, bool reached, qint64 now, const char *component)
{
    if (reading.checkedAtMs > 0 && reading.reached != reached) {
        if (reached)
            qCInfo(lcEngine) << component << "answers its health check again";
        else
            qCWarning(lcEngine) << component << "did not answer its health check";
    }
    reading = {reached, now};
}

HealthMonitor::Snapshot HealthMonitor::snapshot() const
{
    const qint64 now = nowMs();
    const auto component = [now](const Reading &reading) {
        Component result;
        result.ageMs = ageOf(reading.checkedAtMs, now);
        result.up = reading.reached && result.ageMs >= 0 && result.ageMs <= StaleMs;
        return result;
    };
    QMutexLocker locker(&m_mutex);
    Snapshot snapshot;
    snapshot.queue = component(m_queueReading);
    snapshot.database = component(m_storeReading);
    snapshot.market = component(m_marketReading);

    snapshot.queueFiguresAgeMs = ageOf(m_queueFiguresAtMs, now);
    if (snapshot.queue.up && snapshot.queueFiguresAgeMs >= 0
        && snapshot.queueFiguresAgeMs <= StaleMs) {
        snapshot.queueCounts = m_queueCounts;
        snapshot.rateWindowUsed = m_rateWindowUsed;
    }
    snapshot.statusCountsAgeMs = ageOf(m_statusCountsAtMs, now);
    if (snapshot.database.up && snapshot.statusCountsAgeMs >= 0
        && snapshot.statusCountsAgeMs <= m_statusCountIntervalMs + StaleMs) {
        snapshot.statusCounts = m_statusCounts;
    }
    return snapshot;
}

} // namespace OrderDesk
