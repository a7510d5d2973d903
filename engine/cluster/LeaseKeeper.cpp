#include "LeaseKeeper.h"

#include "EngineConfig.h"
#include "HeldOrders.h"
#include "Logging.h"
#include "OrderQueue.h"
#include "OrderStore.h"

namespace OrderDesk {

namespace {
constexpr int OrphansPerSweep = 500;
// Waiting orders change rarely (a placement, a trigger): every node rereads them this often.
constexpr int WaitingScanMs = 5000;

bool inFlight(OrderStatus status)
{
    return status == OrderStatus::Routing || status == OrderStatus::Building
           || status == OrderStatus::Submitted;
}
} // namespace

LeaseKeeper::LeaseKeeper(const EngineConfig &config, OrderStore &store, OrderQueue &queue,
                         const HeldOrders &held, Resume resume)
    : m_config(config)
    , m_store(store)
    , m_queue(queue)
    , m_held(held)
    , m_resume(std::move(resume))
    , m_renewTimer(this) // children, so that they move with the keeper to its thread
    , m_sweepTimer(this)
    , m_waitingTimer(this)
{
    m_renewTimer.setInterval(int(m_config.leaseRenewMs));
    m_sweepTimer.setInterval(int(m_config.sweepIntervalMs));
    m_waitingTimer.setInterval(WaitingScanMs);
    connect(&m_renewTimer, &QTimer::timeout, this, &LeaseKeeper::renew);
    connect(&m_sweepTimer, &QTimer::timeout, this, [this] {
        // Our own leases first: a slow sweep must not let them lapse.
        renew();
        sweep(m_config.requeueAfterMs);
    });
    connect(&m_waitingTimer, &QTimer::timeout, this, &LeaseKeeper::findWaitingOrders);
}

void LeaseKeeper::start()
{
    m_renewTimer.start();
    m_sweepTimer.start();
    m_waitingTimer.start();
    findWaitingOrders();
}

void LeaseKeeper::stopSweeping()
{
    m_sweepTimer.stop();
    m_waitingTimer.stop();
}

void LeaseKeeper::stop()
{
    m_renewTimer.stop();
    stopSweeping();
    // Handed back at once, so another node need not wait for them to lapse.
    if (m_store.releaseLeases(m_config.nodeId) != OrderStore::WriteResult::Applied)
        qCWarning(lcEngine) << "could not hand back this node's leases; they lapse in"
                            << m_config.leaseMs << "ms";
}

void LeaseKeeper::renew()
{
    if (!m_store.renewLeases(m_config.nodeId, m_held.ids(), m_config.leaseMs)) {
        qCWarning(lcEngine) << "lease renewal failed:" << m_store.lastError();
        m_renewalsFailing = true;
        return;
    }
    if (m_renewalsFailing) {
        // The store is back. Every node's leases lapsed while it was away, the live ones' too:
        // give the other nodes a renewal round before taking anything of theirs over.
        m_renewalsFailing = false;
        m_takeoverGrace.setRemainingTime(m_config.leaseMs + m_config.leaseRenewMs);
    }
}

int LeaseKeeper::sweep(qint64 requeueAfterMs)
{
    int handled = 0;
    for (const Order &orphan : m_store.orphanedOrders(requeueAfterMs, OrphansPerSweep)) {
        const QueueItem item{orphan.id, orphan.type == OrderType::Sniper};
        if (inFlight(orphan.status)) {
            if (m_renewalsFailing || !m_takeoverGrace.hasExpired() || m_held.contains(orphan.id))
                continue; // not before the owners could renew; never one of our own workers'
            Order claimed;
            if (m_store.claim(orphan.id, m_config.nodeId, m_config.leaseMs, &claimed)
                != OrderStore::WriteResult::Applied) {
                continue; // another node was quicker, or the store is away
            }
            ++m_takeovers;
            qCInfo(lcEngine).noquote()
                << "taking over order" << orphan.id << "(" << toString(orphan.status)
                << ", owner" << (orphan.leaseOwner.isEmpty() ? QStringLiteral("none") : orphan.leaseOwner)
                << ")";
            m_resume(claimed);
            ++handled;
            continue;
        }
        // Pending, or a retry past its time: its queue entry was lost, unless the queue holds
        // it after all. Only a sure "not queued" queues it again.
        if (m_queue.contains(orphan.id) != std::optional<bool>(false))
            continue;
        if (m_queue.enqueue(item)) {
            qCInfo(lcEngine) << "queued order" << orphan.id << "again (" << toString(orphan.status)
                             << "without a queue entry )";
            ++handled;
        }
    }
    return handled;
}

void LeaseKeeper::findWaitingOrders()
{
    QList<Order> waiting;
    OrderListQuery query;
    query.status = OrderStatus::Waiting;
    query.limit = 500;
    for (;;) {
        const QList<Order> page = m_store.orders(query);
        waiting += page;
        if (page.size() < query.limit)
            break;
        query.before = page.last().createdAt;
        query.beforeId = page.last().id;
    }
    if (!waiting.isEmpty())
        Q_EMIT waitingOrdersFound(waiting);
}

} // namespace OrderDesk
