#include "OrderCanceller.h"

#include "OrderLifecycle.h"
#include "OrderProcessor.h"
#include "OrderStore.h"
#include "PoolTask.h"
#include "StoreReader.h"

#include <QThreadPool>

#include <memory>

namespace OrderDesk {

namespace {
// A worker that keeps taking and handing back the order could make every round lose; after
// this many the client hears so instead of waiting for ever.
constexpr int MaxRounds = 3;

EngineError cannotCancel(OrderStatus status)
{
    return {EngineError::Kind::Conflict, QStringLiteral("cannot_cancel"),
            QStringLiteral("order is %1; only pending or waiting orders can be cancelled")
                .arg(toString(status)),
            {}};
}
} // namespace

QFuture<OrderCanceller::Outcome> OrderCanceller::cancel(const QString &orderId)
{
    return runOnPool(m_pool, [this, orderId] { return cancelNow(orderId); });
}

OrderCanceller::Outcome OrderCanceller::cancelNow(const QString &orderId)
{
    if (!StoreReader::isWellFormedId(orderId))
        return StoreReader::notFound(orderId);
    std::optional<Order> order = m_store.order(orderId);
    for (int round = 0; round < MaxRounds; ++round) {
        if (!order)
            return m_store.lastError().isEmpty() ? StoreReader::notFound(orderId) : StoreReader::unavailable();
        if (!OrderLifecycle::isCancellable(order->status))
            return cannotCancel(order->status);
        // The trigger of a waiting order is disarmed by the event this publishes.
        Order cancelled = *order;
        if (m_processor.transition(cancelled, OrderStatus::Cancelled,
                                   {{QStringLiteral("reason"), QStringLiteral("cancelled by request")}}))
            return cancelled;
        // Refused (the order moved or was claimed: look again) or not answered. A commit whose
        // answer was lost shows as the order cancelled at the next seq; a store that is away
        // fails the read.
        const qint64 seq = order->seq;
        order = m_store.order(orderId);
        if (order && order->status == OrderStatus::Cancelled && order->seq == seq + 1)
            return *order;
    }
    return EngineError::unavailable(QStringLiteral("the order kept changing; try again"));
}

void OrderCanceller::expire(const Order &armed)
{
    m_pool.start([this, id = armed.id] {
        // Cancelled or triggered meanwhile: nothing to do. A store that is away leaves it waiting;
        // the lease keeper's look for waiting orders arms it again, and it expires then.
        std::optional<Order> order = m_store.order(id);
        if (!order || order->status != OrderStatus::Waiting)
            return;
        m_processor.transition(*order, OrderStatus::Expired,
                               {{QStringLiteral("reason"), QStringLiteral("not triggered before %1")
                                                               .arg(toIsoString(*order->expiresAt))}});
    });
}

} // namespace OrderDesk
