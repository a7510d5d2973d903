#pragma once

#include "EngineError.h"
#include "Order.h"

#include <QFuture>

#include <variant>

class QThreadPool;

namespace OrderDesk {

class OrderProcessor;
class OrderStore;

// Ends the orders no worker is on yet: a cancel by request and the expiry of a waiting order.
// Each runs on the engine's read pool, so neither the caller's thread (the HTTP server's, the
// console's) nor the engine's waits on the database.
//
// Safety comes from the store's compare-and-set, not from timing: the cancel is a transition
// from the seq and lease token just read, so a worker that claimed or moved the order meanwhile
// makes it fail (and the order is read again), and a cancel that committed first makes the
// worker's own first transition (routing) fail before anything reaches the market.
class OrderCanceller
{
public:
    using Outcome = std::variant<Order, EngineError>;

    OrderCanceller(OrderStore &store, OrderProcessor &processor, QThreadPool &pool)
        : m_store(store), m_processor(processor), m_pool(pool)
    {
    }

    // Finishes once the cancel is committed (the order as cancelled), refused (Conflict once
    // routing began), or could not be decided (NotFound, Unavailable when the store is away).
    QFuture<Outcome> cancel(const QString &orderId);
    // Moves `armed` to expired unless it left waiting meanwhile.
    void expire(const Order &armed);

private:
    Outcome cancelNow(const QString &orderId); // on a pool thread

    OrderStore &m_store;
    OrderProcessor &m_processor;
    QThreadPool &m_pool;
};

} // namespace OrderDesk
