#pragma once

#include "CodeCounters.h"
#include "LatencyHistogram.h"
#include "OrderTypes.h"

#include <array>
#include <atomic>

namespace OrderDesk {

class Order;
struct OrderEvent;

// The operator's figures of this process's engine: latencies and failures as they happen.
// Recording is lock-free (atomics only) on whatever thread the work runs on; /metrics reads a
// snapshot of them. Process-wide, like the process's own metrics: the market's round trips are
// timed where the market is called, which knows no engine.
class EngineTelemetry
{
public:
    static EngineTelemetry &process();

    // A status change this node stored (Engine::publish): the time since submission for
    // market orders (limit and sniper orders wait for their trigger first), retries and
    // failures by error code.
    void observe(const OrderEvent &event, const Order &order);

    LatencyHistogram &quoteRoundTrip(Venue venue) { return m_quoteRoundTrip[std::size_t(venue)]; }
    LatencyHistogram &sendRoundTrip() { return m_sendRoundTrip; }

    // The statuses whose time since submission is recorded, in order.
    static constexpr std::array<OrderStatus, 5> TimedStatuses{
        OrderStatus::Routing, OrderStatus::Building, OrderStatus::Submitted,
        OrderStatus::Confirmed, OrderStatus::Failed};
    const LatencyHistogram &timeToStatus(std::size_t index) const { return m_timeToStatus[index]; }
    const LatencyHistogram &quoteRoundTrip(Venue venue) const
    {
        return m_quoteRoundTrip[std::size_t(venue)];
    }
    const LatencyHistogram &sendRoundTrip() const { return m_sendRoundTrip; }
    const CodeCounters &failedAttempts() const { return m_failedAttempts; }
    const CodeCounters &failedOrders() const { return m_failedOrders; }
    quint64 retries() const { return m_retries.load(std::memory_order_relaxed); }

private:
    std::array<LatencyHistogram, TimedStatuses.size()> m_timeToStatus;
    std::array<LatencyHistogram, 2> m_quoteRoundTrip; // by Venue
    LatencyHistogram m_sendRoundTrip;
    CodeCounters m_failedAttempts; // every failed attempt: retried or final
    CodeCounters m_failedOrders;   // orders that ended failed
    std::atomic<quint64> m_retries{0};
};

} // namespace OrderDesk
