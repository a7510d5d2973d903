#pragma once

#include "EngineError.h"
#include "OrderStore.h"
#include "RecentOrderCache.h"

#include <QFuture>

#include <variant>

class QThreadPool;

namespace OrderDesk {

// An order with everything recorded about it.
struct OrderRecord
{
    Order order;
    QList<OrderEvent> history;
    QList<FailureRecord> failures;
};

// The store's reads as clients ask for them: on a pool thread (the caller never waits on the
// database), and telling "not there" from "could not look" (SPEC §4: nothing read is made up).
// A read the database did not answer is Unavailable with a plain message; what the database
// said goes to the log, never to the caller.
class StoreReader
{
public:
    template <typename T>
    using Outcome = std::variant<T, EngineError>;

    StoreReader(OrderStore &store, QThreadPool &pool) : m_store(store), m_pool(pool) {}

    QFuture<Outcome<Order>> order(const QString &orderId) const;
    QFuture<Outcome<OrderRecord>> record(const QString &orderId) const;
    // The order and its history cut at the order's seq: what a new stream starts from.
    QFuture<Outcome<OrderSnapshot>> snapshot(const QString &orderId) const;
    // `beforeOrderId`, when set, pages after that order (it must exist).
    QFuture<Outcome<QList<Order>>> orders(OrderListQuery query, const QString &beforeOrderId) const;

    // Ids the engine could have issued: printable, bounded. Anything else is answered "not
    // found" without asking the database (a NUL byte is a syntax error to PostgreSQL).
    static bool isWellFormedId(const QString &orderId);

    static EngineError notFound(const QString &orderId);
    static EngineError unavailable();

private:
    OrderStore &m_store;
    QThreadPool &m_pool;
};

} // namespace OrderDesk
