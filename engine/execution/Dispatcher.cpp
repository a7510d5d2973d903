#include "Dispatcher.h"

#include "EngineConfig.h"
#include "HeldOrders.h"
#include "Logging.h"
#include "OrderProcessor.h"
#include "OrderQueue.h"
#include "OrderStore.h"

#include <QDeadlineTimer>
#include <QThread>

namespace OrderDesk {

namespace {
// How long a blocking call waits before the loop looks at the stop flag again.
constexpr int PollMs = 250;
constexpr qint64 StoreDownPauseMs = 1000;
// A retry delivered this much before its time is put back instead of run early. Generous: Redis
// promotes retries by its own clock, and a node whose clock is behind must not keep putting back
// a retry that Redis keeps handing out.
constexpr qint64 EarlyRetryToleranceMs = 1000;

} // namespace

Dispatcher::Dispatcher(const EngineConfig &config, StoreWriter &writer, OrderQueue &queue,
                       OrderProcessor &processor, HeldOrders &held, QThreadPool &workers,
                       const std::atomic<bool> &stopping)
    : m_config(config)
    , m_writer(writer)
    , m_queue(queue)
    , m_processor(processor)
    , m_held(held)
    , m_stopping(stopping)
    , m_workers(workers)
    , m_freeWorkers(config.workers)
{
}

Dispatcher::~Dispatcher()
{
    stopTaking();
    waitForIdle(-1);
}

void Dispatcher::start()
{
    m_taking = true;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("dispatcher"));
    m_thread->start();
}

void Dispatcher::stopTaking()
{
    if (!m_thread)
        return;
    m_taking = false;
    m_queue.interrupt();
    {
        QMutexLocker locker(&m_pauseMutex);
        m_pauseCondition.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
}

bool Dispatcher::waitForIdle(int ms)
{
    const QDeadlineTimer deadline(ms < 0 ? QDeadlineTimer::Forever : QDeadlineTimer(ms));
    QMutexLocker locker(&m_idleMutex);
    while (m_busy.load() > 0) {
        if (!m_idle.wait(&m_idleMutex, deadline))
            return m_busy.load() == 0;
    }
    return true;
}

void Dispatcher::resume(const Order &claimed)
{
    if (m_stopping)
        return; // the claimed lease is handed back with the rest of this node's
    ++m_busy;
    m_held.add(claimed.id);
    work(claimed, std::nullopt, [] {});
}

void Dispatcher::work(const Order &claimed, const std::optional<OrderEvent> &firstEvent,
                      std::function<void()> finished)
{
    OrderProcessor::InFlight inFlight(nullptr, [this, id = claimed.id, finished = std::move(finished)](void *) {
        m_held.remove(id);
        finished();
        settled();
    });
    m_workers.start([this, claimed, firstEvent, inFlight = std::move(inFlight)]() mutable {
        m_processor.process(claimed, std::move(inFlight), firstEvent);
    });
}

void Dispatcher::settled()
{
    QMutexLocker locker(&m_idleMutex);
    if (--m_busy == 0)
        m_idle.wakeAll();
}

void Dispatcher::run()
{
    while (m_taking && !m_stopping) {
        if (m_storeDown.exchange(false))
            pause(StoreDownPauseMs);
        if (!m_freeWorkers.tryAcquire(1, PollMs))
            continue;
        const std::optional<QueueLease> lease = m_queue.take(PollMs);
        if (!lease) {
            m_freeWorkers.release();
            continue;
        }
        // The start is counted when the delivery is taken: the rate limit bounds attempts, and a
        // delivery nearly always starts one (pending, triggered, or a retry that is due). A
        // second delivery of a finished order spends a start without using it, erring low.
        if (!waitForStartSlot()) {
            m_queue.release(*lease); // stopping
            m_freeWorkers.release();
            break;
        }
        claim(*lease);
    }
}

void Dispatcher::claim(const QueueLease &lease)
{
    // Handed to the writer with every other claim of the moment: one transaction for all of
    // them, and this thread goes on taking meanwhile. The attempt starts in the same transaction.
    ++m_busy;
    m_writer
        .claim(lease.item.orderId, m_config.nodeId, m_config.leaseMs,
               [this](const Order &claimed) -> std::optional<StoreWrite> {
                   if (m_stopping || deliveredEarly(claimed))
                       return std::nullopt;
                   return m_processor.firstWrite(claimed);
               })
        .then(QtFuture::Launch::Sync,
              [this, lease](const StoreWriter::Claimed &claimed) { start(lease, claimed); });
}

bool Dispatcher::deliveredEarly(const Order &order)
{
    return order.status == OrderStatus::Retrying && order.retryAt
           && QDateTime::currentDateTimeUtc().msecsTo(*order.retryAt) > EarlyRetryToleranceMs;
}

void Dispatcher::start(const QueueLease &lease, const StoreWriter::Claimed &claimed)
{
    // On the writer's thread: hand-offs only.
    auto skip = [&] {
        m_queue.acknowledge(lease);
        m_freeWorkers.release();
        settled();
    };
    switch (claimed.result) {
    case OrderStore::WriteResult::Applied:
        break;
    case OrderStore::WriteResult::Conflict:
        // Finished (cancelled while queued, a second delivery of a finished order), unknown, or
        // someone holds it (another worker, another node).
        return skip();
    default:
        // The record is out of reach, not gone: hand the item back and wait for the store.
        qCWarning(lcEngine) << "store unavailable; order" << lease.item.orderId << "waits";
        m_queue.release(lease);
        m_freeWorkers.release();
        m_storeDown = true;
        settled();
        return;
    }
    const Order &order = claimed.order;
    if (deliveredEarly(order)) {
        // Delivered early (the sweeper re-queued it, or two promoters raced): not before its
        // time, and not before the lease just taken lapses, or the next claim would find it live.
        const QDateTime due = std::max(*order.retryAt, QDateTime::currentDateTimeUtc().addMSecs(
                                                           m_config.leaseMs + EarlyRetryToleranceMs));
        m_queue.enqueueDelayed(lease.item, due);
        return skip();
    }
    if (m_stopping && !claimed.firstEvent) {
        // The lease is handed back with all of this node's when the engine stops. (An attempt
        // the claim started already is worked like every other one in flight.)
        m_queue.release(lease);
        m_freeWorkers.release();
        settled();
        return;
    }
    m_held.add(order.id); // renewed from now on
    work(order, claimed.firstEvent, [this, lease] {
        m_queue.acknowledge(lease);
        m_freeWorkers.release();
    });
}

bool Dispatcher::waitForStartSlot()
{
    while (m_taking && !m_stopping) {
        const qint64 waitMs = m_queue.tryAcquireStart(m_config.rateLimit, m_config.rateWindowMs);
        if (waitMs == 0)
            return true;
        pause(std::min<qint64>(waitMs, PollMs));
    }
    return false;
}

void Dispatcher::pause(qint64 ms)
{
    QMutexLocker locker(&m_pauseMutex);
    if (m_taking && !m_stopping)
        m_pauseCondition.wait(&m_pauseMutex, QDeadlineTimer(ms));
}

} // namespace OrderDesk
