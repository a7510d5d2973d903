#include "BlotterModel.h"

#include "Engine.h"
#include "OrderPresentation.h"

#include <QFontDatabase>

#include <algorithm>

namespace OrderDesk {

BlotterModel::BlotterModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(DefaultFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &BlotterModel::flush);
}

BlotterModel::~BlotterModel() = default;

void BlotterModel::attach(Engine &engine, int initialLoad)
{
    // Connected before the load: an event that races it is applied on top (same or newer seq),
    // never lost. Queued, so the model never runs inside the engine's emit.
    connect(&engine, &Engine::orderEvent, this, &BlotterModel::enqueue, Qt::QueuedConnection);

    QList<Order> newestFirst;
    OrderListQuery query;
    query.limit = 500; // the store's page size
    while (newestFirst.size() < initialLoad) {
        query.limit = std::min(500, initialLoad - int(newestFirst.size()));
        const QList<Order> page = engine.orders(query);
        newestFirst += page;
        if (page.size() < query.limit)
            break;
        query.before = page.constLast().createdAt;
        query.beforeId = page.constLast().id;
    }
    resetOrders(std::move(newestFirst));
}

void BlotterModel::resetOrders(QList<Order> newestFirst)
{
    beginResetModel();
    std::reverse(newestFirst.begin(), newestFirst.end());
    if (newestFirst.size() > m_maxRows)
        newestFirst.erase(newestFirst.begin(), newestFirst.end() - m_maxRows);
    m_orders = std::move(newestFirst);
    m_pending.clear();
    m_pendingNew.clear();
    m_pairs.clear();
    m_retrying = 0;
    for (const Order &order : std::as_const(m_orders)) {
        m_pairs.insert(OrderPresentation::pairText(order));
        m_retrying += int(order.status == OrderStatus::Retrying);
    }
    rebuildIndex(0);
    endResetModel();
    emit pairsChanged();
}

int BlotterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_orders.size());
}

int BlotterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BlotterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Order &order = m_orders.at(index.row());

    switch (role) {
    case OrderIdRole:
        return order.id;
    case StatusRole:
        return int(order.status);
    case PairRole:
        return OrderPresentation::pairText(order);
    case SignatureRole:
        return order.execution ? order.execution->signature : QString();
    case CreatedAtRole:
        return order.createdAt.toMSecsSinceEpoch();
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case AmountColumn:
        case PriceColumn:
        case SlippageColumn:
        case AttemptsColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::FontRole:
        if (index.column() != IdColumn && index.column() != SignatureColumn)
            return {};
        // Asked for on every paint of every visible row: look the font up once.
        if (!m_fixedFont)
            m_fixedFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return *m_fixedFont;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case IdColumn:
            return order.id;
        case SignatureColumn:
            return order.execution ? order.execution->signature : QString();
        case StatusColumn:
            if (order.status == OrderStatus::Retrying)
                return OrderPresentation::retryText(order);
            return order.lastError && order.status == OrderStatus::Failed
                       ? order.lastError->message
                       : QString();
        case PriceColumn:
            if (!order.execution)
                return QString();
            if (const auto price = OrderPresentation::quotePerBase(order, order.execution->executedPrice))
                return Decimal::format(*price, PriceScale) + QLatin1Char(' ') + OrderPresentation::priceUnit(order);
            return QString();
        default:
            return {};
        }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case IdColumn:
        return OrderPresentation::shortId(order.id);
    case TimeColumn:
        return OrderPresentation::timeText(order.createdAt);
    case PairColumn:
        return OrderPresentation::pairText(order);
    case SideColumn:
        return OrderPresentation::sideText(OrderPresentation::side(order));
    case TypeColumn:
        return OrderPresentation::typeText(order.type);
    case AmountColumn:
        return OrderPresentation::amountText(order);
    case StatusColumn:
        return OrderPresentation::statusText(order.status);
    case VenueColumn:
        if (order.execution)
            return OrderPresentation::venueText(order.execution->venue);
        return order.route ? OrderPresentation::venueText(order.route->venue) : QString();
    case PriceColumn:
        if (!order.execution)
            return QString();
        if (const auto price = OrderPresentation::quotePerBase(order, order.execution->executedPrice))
            return OrderPresentation::priceText(*price);
        return QString();
    case SlippageColumn:
        if (const std::optional<qint64> bps = OrderPresentation::slippageBps(order))
            return QString::number(*bps);
        return QString();
    case AttemptsColumn:
        return order.attempt;
    case SignatureColumn:
        return order.execution ? order.execution->signature : QString();
    default:
        return {};
    }
}

QVariant BlotterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == SlippageColumn)
        return tr("Executed price against the quoted price, in basis points (positive: worse)");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Id");
    case TimeColumn:
        return tr("Time");
    case PairColumn:
        return tr("Pair");
    case SideColumn:
        return tr("Side");
    case TypeColumn:
        return tr("Type");
    case AmountColumn:
        return tr("Amount");
    case StatusColumn:
        return tr("Status");
    case VenueColumn:
        return tr("Venue");
    case PriceColumn:
        return tr("Exec. price");
    case SlippageColumn:
        return tr("Slip. bps");
    case AttemptsColumn:
        return tr("Att.");
    case SignatureColumn:
        return tr("Signature");
    default:
        return {};
    }
}

QStringList BlotterModel::pairs() const
{
    QStringList sorted(m_pairs.cbegin(), m_pairs.cend());
    sorted.sort();
    return sorted;
}

void BlotterModel::enqueue(const OrderEvent &event, const Order &order)
{
    // Kept apart from the latest state: a retry whose next attempt began before the flush still
    // reaches the status bar.
    if (event.status == OrderStatus::Retrying)
        m_retries.append({order, event});
    auto it = m_pending.find(order.id);
    if (it == m_pending.end()) {
        if (!m_rowById.contains(order.id))
            m_pendingNew.append(order.id);
        m_pending.insert(order.id, order);
    } else if (order.seq >= it->seq) {
        // Events of one order can arrive out of order from other nodes; the newest state wins.
        *it = order;
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void BlotterModel::flush()
{
    m_flushTimer.stop();
    const QList<QPair<Order, OrderEvent>> retries = std::exchange(m_retries, {});
    if (m_pending.isEmpty())
        return;

    QStringList touchedIds;
    touchedIds.reserve(m_pending.size());
    bool newPair = false;

    // Updates of rows we have.
    QList<int> changedRows;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        const int row = m_rowById.value(it.key(), -1);
        if (row < 0)
            continue;
        Order &stored = m_orders[row];
        if (it->seq < stored.seq)
            continue;
        m_retrying += int(it->status == OrderStatus::Retrying) - int(stored.status == OrderStatus::Retrying);
        stored = *it;
        changedRows.append(row);
        touchedIds.append(it.key());
    }

    // New orders: appended in one insert, in the order they were first seen.
    QList<Order> added;
    added.reserve(m_pendingNew.size());
    for (const QString &id : std::as_const(m_pendingNew)) {
        const auto it = m_pending.constFind(id);
        if (it == m_pending.cend() || m_rowById.contains(id))
            continue;
        added.append(*it);
        touchedIds.append(id);
    }
    m_pending.clear();
    m_pendingNew.clear();

    emitChangedRuns(std::move(changedRows));

    if (!added.isEmpty()) {
        // Orders from other nodes may be older than our newest row; the proxy sorts by time, so
        // the model keeps arrival order and stays append-only.
        const int first = int(m_orders.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (Order &order : added) {
            if (!m_pairs.contains(OrderPresentation::pairText(order))) {
                m_pairs.insert(OrderPresentation::pairText(order));
                newPair = true;
            }
            m_rowById.insert(order.id, int(m_orders.size()));
            m_retrying += int(order.status == OrderStatus::Retrying);
            m_orders.append(std::move(order));
        }
        endInsertRows();
    }

    if (m_orders.size() > m_maxRows) {
        const int excess = int(m_orders.size()) - m_maxRows;
        beginRemoveRows({}, 0, excess - 1);
        for (int row = 0; row < excess; ++row)
            m_retrying -= int(m_orders.at(row).status == OrderStatus::Retrying);
        m_orders.erase(m_orders.begin(), m_orders.begin() + excess);
        rebuildIndex(0);
        endRemoveRows();
    }

    if (newPair)
        emit pairsChanged();
    emit ordersUpdated(touchedIds);
    for (const auto &[order, event] : retries)
        emit retryScheduled(order, event);
}

void BlotterModel::rebuildIndex(int fromRow)
{
    if (fromRow == 0)
        m_rowById.clear();
    m_rowById.reserve(m_orders.size());
    for (int row = fromRow; row < m_orders.size(); ++row)
        m_rowById.insert(m_orders.at(row).id, row);
}

void BlotterModel::emitChangedRuns(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    // Runs of nearby rows (small gaps are cheaper to repaint than to signal separately). A
    // sorted proxy re-checks every row a signal spans, so a span over the whole table is the
    // last resort, for bursts that touch rows everywhere.
    constexpr int MaxGap = 4;
    constexpr int MaxRuns = 32;
    QList<QPair<int, int>> runs;
    for (const int row : std::as_const(rows)) {
        if (!runs.isEmpty() && row <= runs.last().second + 1 + MaxGap)
            runs.last().second = row;
        else
            runs.append({row, row});
    }
    if (runs.size() > MaxRuns)
        runs = {{runs.constFirst().first, runs.constLast().second}};
    for (const auto &[first, last] : std::as_const(runs))
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

} // namespace OrderDesk
