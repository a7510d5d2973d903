#pragma once

#include "Engine.h" // Q_DECLARE_METATYPE(Order), for the signals
#include "Order.h"
#include "OrderEvent.h"

#include <QAbstractTableModel>
#include <QFont>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

#include <optional>

namespace OrderDesk {

class Engine;

// The orders on the blotter, oldest first (the proxy shows them newest first).
//
// Engine events arrive through a queued connection and are only collected; a short timer
// applies them in one go, so a burst of thousands of events costs the views one rowsInserted
// and a few dataChanged instead of one signal each.
class BlotterModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        TimeColumn,
        PairColumn,
        SideColumn,
        TypeColumn,
        AmountColumn,
        StatusColumn,
        VenueColumn,
        PriceColumn,
        SlippageColumn,
        AttemptsColumn,
        SignatureColumn,
        ColumnCount
    };
    enum Role {
        OrderIdRole = Qt::UserRole + 1,
        StatusRole,    // int(OrderStatus)
        PairRole,
        SignatureRole,
        CreatedAtRole, // ms since the epoch
    };

    static constexpr int DefaultInitialLoad = 5000;
    static constexpr int DefaultMaxRows = 50'000;
    static constexpr int DefaultFlushIntervalMs = 50;

    explicit BlotterModel(QObject *parent = nullptr);
    ~BlotterModel() override;

    // Follows `engine`'s events from now on, after loading its newest `initialLoad` orders.
    void attach(Engine &engine, int initialLoad = DefaultInitialLoad);
    // Replaces every row (benchmarks and tests; attach() uses it for the initial load).
    void resetOrders(QList<Order> newestFirst);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const Order &orderAt(int row) const { return m_orders.at(row); }
    int rowOf(const QString &orderId) const { return m_rowById.value(orderId, -1); }
    QStringList pairs() const; // canonical (base/quote)
    // Orders whose attempt failed and whose next one has not started yet.
    int retryingCount() const { return m_retrying; }

    // Oldest rows are dropped beyond this, so a session that runs for weeks stays responsive.
    void setMaxRows(int rows) { m_maxRows = std::max(rows, 1); }
    void setFlushInterval(int ms) { m_flushTimer.setInterval(ms); }

    // Collects one event; applied on the next flush. Public for tests and benches.
    void enqueue(const OrderEvent &event, const Order &order);
    // Applies everything collected so far.
    void flush();
    int pendingCount() const { return int(m_pending.size()); }

Q_SIGNALS:
    // After a flush: the ids that changed, so the detail pane refreshes only when its order did.
    void ordersUpdated(const QStringList &orderIds);
    void pairsChanged();
    // After a flush, once per retrying event seen: the order as of that event.
    void retryScheduled(const OrderDesk::Order &order, const OrderDesk::OrderEvent &event);

private:
    void rebuildIndex(int fromRow);
    void emitChangedRuns(QList<int> rows);

    QList<Order> m_orders;
    QHash<QString, int> m_rowById;
    QHash<QString, Order> m_pending; // latest state per order since the last flush
    QList<QString> m_pendingNew;     // first-seen order of the new ids, so inserts keep time order
    QSet<QString> m_pairs;
    QList<QPair<Order, OrderEvent>> m_retries; // since the last flush
    int m_retrying = 0;
    mutable std::optional<QFont> m_fixedFont;
    QTimer m_flushTimer;
    int m_maxRows = DefaultMaxRows;
};

} // namespace OrderDesk
