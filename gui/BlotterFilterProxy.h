#pragma once

#include "OrderTypes.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace OrderDesk {

class BlotterModel;

// Sorting and filtering of the blotter: by status, by pair and by a text that matches an
// order's id, client order id or signature. Sorts on the orders' own values (integers, times),
// never on their display text.
class BlotterFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit BlotterFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;

    // Empty: every status.
    void setStatuses(const QSet<OrderStatus> &statuses);
    QSet<OrderStatus> statuses() const { return m_statuses; }
    // Empty: every pair. "SOL/USDC".
    void setPair(const QString &pair);
    QString pair() const { return m_pair; }
    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    BlotterModel *m_blotter = nullptr;
    QSet<OrderStatus> m_statuses;
    QString m_pair;
    QString m_search;
};

} // namespace OrderDesk
