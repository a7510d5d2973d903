#include "StoreReader.h"

#include "PoolTask.h"

#include <QThreadPool>

#include <memory>

namespace OrderDesk {

namespace {
constexpr qsizetype MaxIdLength = 128;

} // namespace

bool StoreReader::isWellFormedId(const QString &orderId)
{
    if (orderId.isEmpty() || orderId.size() > MaxIdLength)
        return false;
    return std::all_of(orderId.cbegin(), orderId.cend(),
                       [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

EngineError StoreReader::notFound(const QString &orderId)
{
    return {EngineError::Kind::NotFound, QStringLiteral("order_not_found"),
            isWellFormedId(orderId) ? QStringLiteral("no order with id %1").arg(orderId)
                                    : QStringLiteral("no order with that id"),
            QStringLiteral("orderId")};
}

EngineError StoreReader::unavailable()
{
    return EngineError::unavailable(QStringLiteral("the order database is unavailable; try again later"));
}

QFuture<StoreReader::Outcome<Order>> StoreReader::order(const QString &orderId) const
{
    OrderStore *store = &m_store;
    return runOnPool(m_pool, [store, orderId]() -> Outcome<Order> {
        if (!isWellFormedId(orderId))
            return notFound(orderId);
        if (std::optional<Order> order = store->order(orderId))
            return std::move(*order);
        return store->lastError().isEmpty() ? notFound(orderId) : unavailable();
    });
}

QFuture<StoreReader::Outcome<OrderRecord>> StoreReader::record(const QString &orderId) const
{
    OrderStore *store = &m_store;
    return runOnPool(m_pool, [store, orderId]() -> Outcome<OrderRecord> {
        if (!isWellFormedId(orderId))
            return notFound(orderId);
        OrderRecord record;
        if (std::optional<Order> order = store->order(orderId))
            record.order = std::move(*order);
        else
            return store->lastError().isEmpty() ? notFound(orderId) : unavailable();
        // Each read resets the thread's error, so each is checked right after it ran.
        record.history = store->history(orderId);
        if (!store->lastError().isEmpty())
            return unavailable();
        record.failures = store->failures(orderId);
        if (!store->lastError().isEmpty())
            return unavailable();
        return record;
    });
}

QFuture<StoreReader::Outcome<OrderSnapshot>> StoreReader::snapshot(const QString &orderId) const
{
    OrderStore *store = &m_store;
    return runOnPool(m_pool, [store, orderId]() -> Outcome<OrderSnapshot> {
        if (!isWellFormedId(orderId))
            return notFound(orderId);
        // One consistent picture from two reads: the order first, then its history cut at the
        // order's seq. A transition commits its row and its history together, so the history
        // read second holds every change up to the order's seq; later ones are live events.
        std::optional<Order> order = store->order(orderId);
        if (!order)
            return store->lastError().isEmpty() ? notFound(orderId) : unavailable();
        QList<OrderEvent> history = store->history(orderId);
        if (!store->lastError().isEmpty())
            return unavailable();
        history.erase(std::remove_if(history.begin(), history.end(),
                                     [&](const OrderEvent &e) { return e.seq > order->seq; }),
                      history.end());
        return OrderSnapshot{std::move(*order), std::move(history)};
    });
}

QFuture<StoreReader::Outcome<QList<Order>>> StoreReader::orders(OrderListQuery query,
                                                               const QString &beforeOrderId) const
{
    OrderStore *store = &m_store;
    return runOnPool(m_pool, [store, query, beforeOrderId]() mutable -> Outcome<QList<Order>> {
        if (!beforeOrderId.isEmpty()) {
            std::optional<Order> cursor =
                isWellFormedId(beforeOrderId) ? store->order(beforeOrderId) : std::nullopt;
            if (!cursor) {
                if (!store->lastError().isEmpty())
                    return unavailable();
                return EngineError::invalid(QStringLiteral("before"), QStringLiteral("invalid_before"),
                                            QStringLiteral("before must be an order id or an ISO 8601 time"));
            }
            query.before = cursor->createdAt;
            query.beforeId = cursor->id;
        }
        QList<Order> orders = store->orders(query);
        if (!store->lastError().isEmpty())
            return unavailable();
        return orders;
    });
}

} // namespace OrderDesk
