#pragma once

#include <QMutex>
#include <QSet>
#include <QStringList>

namespace OrderDesk {

// The orders this node's workers are working on right now: the leases worth renewing. An order
// whose worker gave up (its write failed while the store was away) drops out, so its lease
// lapses and the sweeper resumes it instead of it being kept alive by a node that forgot it.
class HeldOrders
{
public:
    void add(const QString &orderId)
    {
        QMutexLocker locker(&m_mutex);
        m_ids.insert(orderId);
    }
    void remove(const QString &orderId)
    {
        QMutexLocker locker(&m_mutex);
        m_ids.remove(orderId);
    }
    QStringList ids() const
    {
        QMutexLocker locker(&m_mutex);
        return QStringList(m_ids.cbegin(), m_ids.cend());
    }

private:
    mutable QMutex m_mutex;
    QSet<QString> m_ids;
};

} // namespace OrderDesk
