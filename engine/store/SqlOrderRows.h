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
    // Inserts a whole order with newOrderValues(); its route, if it has one, is storeRouteSql's.
    static const QString &insertOrderSql();
    // Stores an order's route (routeValues()) in order_routes, replacing the one it had.
    static const QString &storeRouteSql();
    static const QString &insertHistorySql();
    // At most one failure per order and attempt: a second one is dropped, not an error.
    static const QString &insertFailureSql();

    // Column values by column name, for SqlSession::execValues (":name" placeholders) or, one
    // JSON object per row, for PostgreSQL's set-based batch statements (SqlBatchStatements).
    static QVariantMap newOrderValues(const Order &order);
    // What a transition changes in the orders row: status, attempt, seq, updated_at, result,
    // error, retry time and the recorded transaction.
    static QVariantMap orderStateValues(const Order &order);
    // An attempt's route is chosen on the way to building (OrderProcessor) and never changes
    // after it: only the write that chose it (that transition, or an insert that carries one)
    // stores it, and with its candidates it is most of an order's JSON. An order written
    // without a route keeps the one stored.
    static bool storesRoute(const StoreWrite &write);
    // The route's JSON text when the write stores it, null otherwise.
    static QVariant routeJson(const StoreWrite &write);
    // order_id and route_json, for storeRouteSql().
    static QVariantMap routeValues(const StoreWrite &write);
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
