#include "EngineTelemetry.h"

#include "Order.h"
#include "OrderEvent.h"

namespace OrderDesk {

EngineTelemetry &EngineTelemetry::process()
{
    static EngineTelemetry telemetry;
    return telemetry;
}

void EngineTelemetry::observe(const OrderEvent &event, const Order &order)
{
    if (order.type == OrderType::Market && order.createdAt.isValid() && event.timestamp.isValid()) {
        for (std::size_t i = 0; i < TimedStatuses.size(); ++i) {
            if (TimedStatuses[i] == event.status) {
                m_timeToStatus[i].recordMs(order.createdAt.msecsTo(event.timestamp));
                break;
            }
        }
    }
    const QString code = order.lastError ? order.lastError->code : QString();
    if (event.status == OrderStatus::Retrying) {
        m_retries.fetch_add(1, std::memory_order_relaxed);
        m_failedAttempts.add(code);
    } else if (event.status == OrderStatus::Failed) {
        m_failedAttempts.add(code);
        m_failedOrders.add(code);
    }
}

} // namespace OrderDesk
