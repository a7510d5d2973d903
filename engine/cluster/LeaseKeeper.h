#pragma once

#include "Order.h"

#include <QList>
#include <QObject>
#include <QDeadlineTimer>
#include <QTimer>

#include <atomic>
#include <functional>

namespace OrderDesk {

struct EngineConfig;
class HeldOrders;
class OrderQueue;
class OrderStore;

// Keeps this node's ownership true and finds orders nobody owns (SPEC "Ownership"). On its own
// thread, so that store round trips never block the GUI or the HTTP thread:
// - renews the leases of the orders this node's workers hold, in one statement, every
//   leaseRenewMs;
// - every sweepIntervalMs takes over orders whose owner's lease lapsed (a dead or frozen node)
//   and hands them to `resume`; queues again pending orders and due retries whose queue entry
//   was lost (the queue must say for sure that it does not hold them);
// - reports the waiting (limit and sniper) orders in the store, so that every node watches them.
class LeaseKeeper : public QObject
{
    Q_OBJECT

public:
    using Resume = std::function<void(const Order &claimed)>;

    LeaseKeeper(const EngineConfig &config, OrderStore &store, OrderQueue &queue,
                const HeldOrders &held, Resume resume);

    // One sweep now, on the calling thread (start-up recovery before the timers run).
    int sweep(qint64 requeueAfterMs);
    qint64 takeovers() const { return m_takeovers.load(); }

    // Starts the timers; call on the keeper's own thread.
    void start();
    // Stops taking orders over and queueing them (the node is stopping); keeps renewing.
    void stopSweeping();
    // Stops the timers and hands every lease of this node back; call on the keeper's thread.
    void stop();

Q_SIGNALS:
    void waitingOrdersFound(const QList<OrderDesk::Order> &orders);

private:
    void renew();
    void findWaitingOrders();

    const EngineConfig &m_config;
    OrderStore &m_store;
    OrderQueue &m_queue;
    const HeldOrders &m_held;
    Resume m_resume;
    QTimer m_renewTimer;
    QTimer m_sweepTimer;
    QTimer m_waitingTimer;
    bool m_renewalsFailing = false;
    QDeadlineTimer m_takeoverGrace; // no takeovers before it expires (after a store outage)
    std::atomic<qint64> m_takeovers{0};
};

} // namespace OrderDesk
