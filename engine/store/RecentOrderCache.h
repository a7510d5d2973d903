#pragma once

#include "Order.h"
#include "OrderEvent.h"

#include <QHash>
#include <QMutex>

#include <deque>
#include <optional>

namespace OrderDesk {

// An order and its history up to the order's seq: one consistent picture for a new stream.
struct OrderSnapshot
{
    Order order;
    QList<OrderEvent> history;
};

// The orders this node saw from their first event on, built from the events it publishes and
// receives: a new stream's snapshot without a database read, in the moment after the 201 when
// nearly every stream is opened. An entry is only ever a gapless history (an event out of turn
// drops it), and a snapshot is only answered from a recent one: a finished order, or one whose
// last event is younger than `freshMs`. Anything else (an order quiet for a while, whose next
// event may have been lost with a Redis outage) is read from the store, as before. Bounded:
// the oldest entries go first. Any thread.
class RecentOrderCache
{
public:
    explicit RecentOrderCache(qsizetype capacity = 4096, qint64 freshMs = 1000);

    void record(const OrderEvent &event, const Order &order);
    std::optional<OrderSnapshot> find(const QString &orderId) const;

private:
    struct Entry
    {
        OrderSnapshot snapshot;
        qint64 lastEventMs = 0; // steady clock
    };
    static qint64 nowMs();

    const qsizetype m_capacity;
    const qint64 m_freshMs;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
    std::deque<QString> m_arrival; // ids by first event, oldest first: who goes when full
};

} // namespace OrderDesk
