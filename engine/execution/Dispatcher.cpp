#include "Dispatcher.h"

#include "EngineConfig.h"
#include "Logging.h"
#include "OrderProcessor.h"
#include "OrderQueue.h"
#include "OrderStore.h"

#include <QThread>

namespace OrderDesk {

namespace {
// How long a blocking call waits before the loop looks at the stop flag again.
constexpr int PollMs = 250;
constexpr qint64 StoreDownPauseMs = 1000;
} // namespace

Dispatcher::Dispatcher(const EngineConfig &config, OrderStore &store, OrderQueue &queue,
                       OrderProcessor &processor)
    : m_config(config)
    , m_store(store)
    , m_queue(queue)
    , m_processor(processor)
    , m_freeWorkers(config.workers)
{
    m_workers.setMaxThreadCount(config.workers);
    // Kept alive: each worker thread holds its own database connection.
    m_workers.setExpiryTimeout(-1);
}

Dispatcher::~Dispatcher()
{
    stop();
}

void Dispatcher::start()
{
    m_stopping = false;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("dispatcher"));
    m_thread->start();
}

void Dispatcher::stop()
{
    if (!m_thread)
        return;
    m_stopping = true;
    m_queue.interrupt();
    {
        QMutexLocker locker(&m_pauseMutex);
        m_pauseCondition.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
    m_workers.waitForDone();
}

void Dispatcher::run()
{
    while (!m_stopping) {
        if (!m_freeWorkers.tryAcquire(1, PollMs))
            continue;
        const std::optional<QueueLease> lease = m_queue.take(PollMs);
        if (!lease) {
            m_freeWorkers.release();
            continue;
        }

        const std::optional<Order> order = m_store.order(lease->item.orderId);
        if (!order && !m_store.isHealthy()) {
            // The record is out of reach, not gone: hand the item back and wait for the store.
            qCWarning(lcEngine) << "store unavailable; order" << lease->item.orderId << "waits";
            m_queue.release(*lease);
            m_freeWorkers.release();
            pause(StoreDownPauseMs);
            continue;
        }
        if (!order || isTerminal(order->status)) {
            // Cancelled while queued, or a second delivery of a finished order: nothing to do,
            // and no start of the rate window spent on it.
            m_queue.acknowledge(*lease);
            m_freeWorkers.release();
            continue;
        }
        if (!waitForStartSlot()) {
            m_queue.release(*lease);
            m_freeWorkers.release();
            break;
        }

        ++m_busy;
        m_workers.start([this, lease = *lease, order = *order] {
            m_processor.process(order);
            m_queue.acknowledge(lease);
            --m_busy;
            m_freeWorkers.release();
        });
    }
}

bool Dispatcher::waitForStartSlot()
{
    while (!m_stopping) {
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
    if (!m_stopping)
        m_pauseCondition.wait(&m_pauseMutex, QDeadlineTimer(ms));
}

} // namespace OrderDesk
