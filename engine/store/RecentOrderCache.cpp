#include "RecentOrderCache.h"

#include "OrderTypes.h"

#include <QDeadlineTimer>

namespace OrderDesk {

RecentOrderCache::RecentOrderCache(qsizetype capacity, qint64 freshMs)
    : m_capacity(capacity)
    , m_freshMs(freshMs)
{
}

qint64 RecentOrderCache::nowMs()
{
    return QDeadlineTimer::current().deadline();
}

void RecentOrderCache::record(const OrderEvent &event, const Order &order)
{
    QMutexLocker locker(&m_mutex);
    if (event.seq == 1) {
        if (m_entries.contains(event.orderId))
            return; // the same event again (our own, echoed)
        m_entries.insert(event.orderId, Entry{OrderSnapshot{order, {event}}, nowMs()});
        m_arrival.push_back(event.orderId);
        while (qsizetype(m_arrival.size()) > m_capacity) {
            m_entries.remove(m_arrival.front());
            m_arrival.pop_front();
        }
        return;
    }
    const auto it = m_entries.find(event.orderId);
    if (it == m_entries.end())
        return;
    const qint64 last = it->snapshot.order.seq;
    if (event.seq <= last)
        return; // seen already
    if (event.seq != last + 1 || order.seq != event.seq) {
        m_entries.erase(it); // a gap: only the store knows what is missing
        return;
    }
    it->snapshot.order = order;
    it->snapshot.history.append(event);
    it->lastEventMs = nowMs();
}

std::optional<OrderSnapshot> RecentOrderCache::find(const QString &orderId) const
{
    QMutexLocker locker(&m_mutex);
    const auto it = m_entries.constFind(orderId);
    if (it == m_entries.constEnd())
        return std::nullopt;
    if (!isTerminal(it->snapshot.order.status) && nowMs() - it->lastEventMs > m_freshMs)
        return std::nullopt;
    return it->snapshot;
}

} // namespace OrderDesk
