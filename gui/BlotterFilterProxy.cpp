#include "BlotterFilterProxy.h"

#include "BlotterModel.h"
#include "OrderPresentation.h"

#include <limits>

namespace OrderDesk {

namespace {

template<typename T>
int compare(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

BlotterFilterProxy::BlotterFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void BlotterFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    m_blotter = qobject_cast<BlotterModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

void BlotterFilterProxy::setStatuses(const QSet<OrderStatus> &statuses)
{
    if (statuses == m_statuses)
        return;
    m_statuses = statuses;
    invalidateRowsFilter();
}

void BlotterFilterProxy::setPair(const QString &pair)
{
    if (pair == m_pair)
        return;
    m_pair = pair;
    invalidateRowsFilter();
}

void BlotterFilterProxy::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    invalidateRowsFilter();
}

bool BlotterFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_blotter || sourceParent.isValid())
        return true;
    const Order &order = m_blotter->orderAt(sourceRow);
    if (!m_statuses.isEmpty() && !m_statuses.contains(order.status))
        return false;
    if (!m_pair.isEmpty() && OrderPresentation::pairText(order) != m_pair)
        return false;
    if (!m_search.isEmpty()) {
        const bool matches =
            order.id.contains(m_search, Qt::CaseInsensitive) ||
            order.clientOrderId.contains(m_search, Qt::CaseInsensitive) ||
            (order.execution && order.execution->signature.contains(m_search, Qt::CaseInsensitive));
        if (!matches)
            return false;
    }
    return true;
}

bool BlotterFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_blotter)
        return QSortFilterProxyModel::lessThan(left, right);
    const Order &a = m_blotter->orderAt(left.row());
    const Order &b = m_blotter->orderAt(right.row());

    int order = 0;
    switch (left.column()) {
    case BlotterModel::TimeColumn:
        break; // the tie-break below is the time
    case BlotterModel::AmountColumn:
        // Amounts of different tokens do not compare; group by token, then by size.
        order = QString::compare(a.amountToken().symbol, b.amountToken().symbol);
        if (order == 0)
            order = compare(a.amountIn, b.amountIn);
        break;
    case BlotterModel::IdColumn:
        order = QString::compare(a.id, b.id);
        break;
    case BlotterModel::PairColumn:
        order = QString::compare(OrderPresentation::pairText(a), OrderPresentation::pairText(b));
        break;
    case BlotterModel::SignatureColumn:
        order = QString::compare(a.execution ? a.execution->signature : QString(),
                                 b.execution ? b.execution->signature : QString());
        break;
    case BlotterModel::StatusColumn:
        order = compare(int(a.status), int(b.status));
        break;
    case BlotterModel::AttemptsColumn:
        order = compare(a.attempt, b.attempt);
        break;
    case BlotterModel::PriceColumn:
    {
        // Prices of different pairs do not compare either: group by pair, then by quote per base.
        const auto price = [](const Order &o) {
            return o.execution ? OrderPresentation::quotePerBase(o, o.execution->executedPrice).value_or(-1)
                               : Int128(-1);
        };
        order = QString::compare(OrderPresentation::pairText(a), OrderPresentation::pairText(b));
        if (order == 0)
            order = compare(price(a), price(b));
    }
        break;
    case BlotterModel::SlippageColumn: {
        constexpr qint64 none = std::numeric_limits<qint64>::min();
        order = compare(OrderPresentation::slippageBps(a).value_or(none),
                        OrderPresentation::slippageBps(b).value_or(none));
        break;
    }
    default:
        order = QString::localeAwareCompare(left.data().toString(), right.data().toString());
        break;
    }
    if (order != 0)
        return order < 0;
    // Stable and meaningful ties: creation time, then arrival (the model's rows are in the
    // order the engine listed or announced them, which breaks same-millisecond ties as it does).
    order = compare(a.createdAt, b.createdAt);
    if (order != 0)
        return order < 0;
    return left.row() < right.row();
}

} // namespace OrderDesk
