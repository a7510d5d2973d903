#pragma once

#include "Order.h"
#include "OrderEvent.h"
#include "SqlJsonText.h"

#include <QJsonObject>
#include <QString>
#include <QVariant>

#include <optional>

class QSqlQuery;

namespace OrderDesk {

struct StoreWrite;

// How an order, its history and its failures map to rows: the column lists, the statements
// that every write shares, binding values and reading rows back.
//
// Amounts and prices are Int128 base units kept as decimal strings (TEXT on SQLite,
// NUMERIC(40,0) on PostgreSQL): SQLite's INTEGER is 64-bit, too small for 1e21. Timestamps are
// milliseconds since the epoch (UTC) in BIGINT columns on both, exact and free of driver time
// zone handling. Route, result and transaction are JSON text (json on PostgreSQL).
class SqlOrderRows
{
public:
    // "SELECT <every orders column> FROM orders"; readOrder() reads its rows.
    static const QString &selectOrders();
    // The orders columns, comma-separated, in readOrder()'s order (for RETURNING).
    static const QString &orderColumns();
    // Inserts a whole order with newOrderValues().
    static const QString &insertOrderSql();
    static const QString &insertHistorySql();
    // At most one failure per order and attempt: a second one is dropped, not an error.
    static const QString &insertFailureSql();

    // Column values by column name, for SqlSession::execValues (":name" placeholders) or, one
    // JSON object per row, for PostgreSQL's set-based batch statements (SqlBatchStatements).
    static QVariantMap newOrderValues(const Order &order);
    // What a transition changes: status, attempt, seq, updated_at, route, result, error, retry
    // time and the recorded transaction.
    static QVariantMap orderStateValues(const Order &order);
    // An attempt's route is chosen on the way to building (OrderProcessor) and never changes
    // after it: a later transition keeps the stored one instead of sending and parsing its
    // kilobytes again (with its candidates, the route is most of an order's JSON).
    static bool transitionKeepsRoute(const OrderEvent &event)
    {
        return event.status != OrderStatus::Building;
    }
    // orderStateValues without the route when the transition keeps it.
    static QVariantMap transitionValues(const Order &order, const OrderEvent &event);
    // What a transition compares before it writes: id, expected_seq, expected_status (null: any)
    // and lease_token.
    static QVariantMap compareAndSetValues(const StoreWrite &write);
    static QVariantMap historyValues(const Order &order, const OrderEvent &event);
    static QVariantMap failureValues(const Order &order, const FailureRecord &failure);

    // The order in the current row; nullopt with `problem` naming the unreadable column.
    static std::optional<Order> readOrder(const QSqlQuery &query, QString *problem);
    // The history row (seq, status, attempt, ts, details_json) of `orderId`; nullopt when it
    // is unreadable.
    static std::optional<OrderEvent> readHistory(const QSqlQuery &query, const QString &orderId);
    // The failure row (attempt, code, message, permanent, at) of `orderId`.
    static FailureRecord readFailure(const QSqlQuery &query, const QString &orderId);

    // A token not launched yet has no mint: stored as '' (a null QString would bind as NULL).
    static QString mintText(const Token &token);
    static QVariant msOrNull(const std::optional<QDateTime> &time);
    static QVariant textOrNull(const QString &text);
};

} // namespace OrderDesk
