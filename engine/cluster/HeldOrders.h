#pragma once

#include <QHash>
#include <QMutex>
#include <QStringList>

namespace OrderDesk {

// The orders this node's workers are working on right now: the leases worth renewing. An order
// whose worker gave up (its write failed while the store was away) drops out, so its lease
// lapses and the sweeper resumes it instead of it being kept alive by a node that forgot it.
// Counted: a stale worker finishing must not stop the renewal for the one that took over.
class HeldOrders
{
public:
    void add(const QString &orderId)
    {
        QMutexLocker locker(&m_mutex);
        ++m_holders[orderId];
    }
    void remove(const QString &orderId)
    {
        QMutexLocker locker(&m_mutex);
        const auto it = m_holders.find(orderId);
        if (it != m_holders.end() && --it.value() <= 0)
            m_holders.erase(it);
    }
    bool contains(const QString &orderId) const
    {
        QMutexLocker locker(&m_mutex);
        return m_holders.contains(orderId);
    }
    QStringList ids() const
    {
        QMutexLocker locker(&m_mutex);
        return m_holders.keys();
    }

private:
    mutable QMutex m_mutex;
    QHash<QString, int> m_holders;
};

} // namespace OrderDesk
