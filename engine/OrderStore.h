#pragma once

#include "Order.h"
#include "OrderEvent.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace OrderDesk {

struct OrderListQuery
{
    std::optional<OrderStatus> status;
    int limit = 50;           // 1..500
    QDateTime before;         // only orders created strictly before this (paging); null = newest
    QString beforeId;         // tie-break for orders created in the same millisecond
};

// The durable record of every order. Implementations: SqlOrderStore over QSQLITE (embedded)
// and QPSQL. Every method may be called from any thread (each thread gets its own connection);
// every write is one transaction.
class OrderStore
{
public:
    enum class WriteResult {
        Applied,  // committed
        Conflict, // the order is not at the expected seq (someone else moved it): nothing written
        Duplicate,// insert only: the clientOrderId exists; nothing written
        Error     // the database failed; nothing written (see lastError())
    };

    virtual ~OrderStore() = default;

    // Connects and creates or migrates the schema. False with `error` set on failure.
    virtual bool open(QString *error) = 0;
    virtual QString describe() const = 0; // "sqlite:/path" or "postgresql://host:port/db", no password
    virtual bool isHealthy() = 0;         // a cheap round trip

    // Stores a new order and its first history row (`event`, seq 1) atomically.
    virtual WriteResult insertOrder(const Order &order, const OrderEvent &event) = 0;

    // Moves an order to `order.status` with `event` appended to its history, if and only if the
    // stored order is still at seq `event.seq - 1`. `failure`, when given, is stored in the
    // same transaction. This compare-and-set is what makes every transition happen once even
    // when two workers (or nodes) hold the same order.
    virtual WriteResult applyTransition(const Order &order, const OrderEvent &event,
                                        const std::optional<FailureRecord> &failure = {}) = 0;

    // Records a failed attempt that will be retried, without a status change: stores `failure`
    // and the order's retryAt / lastError, guarded by the order still being at `order.seq`.
    virtual WriteResult recordRetry(const Order &order, const FailureRecord &failure) = 0;

    virtual std::optional<Order> order(const QString &id) = 0;
    virtual std::optional<Order> orderByClientId(const QString &clientOrderId) = 0;
    virtual QList<Order> orders(const OrderListQuery &query) = 0;
    virtual QList<OrderEvent> history(const QString &orderId) = 0;
    virtual QList<FailureRecord> failures(const QString &orderId) = 0;

    // Every order not in a terminal status, oldest first: what a restart must finish.
    virtual QList<Order> unfinishedOrders() = 0;

    // Counts per status, for metrics.
    virtual QHash<OrderStatus, qint64> countByStatus() = 0;

    virtual QString lastError() const = 0;
};

} // namespace OrderDesk
