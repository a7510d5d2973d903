#include "SqlOrderRows.h"

#include "Decimal.h"
#include "JsonText.h"
#include "OrderStore.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QSqlQuery>
#include <QStringList>

namespace OrderDesk {

namespace {

// The orders columns in the order every SELECT lists them; OrderColumn indexes into it.
const QStringList &orderColumnNames()
{
    static const QStringList names = {
        QStringLiteral("id"),
        QStringLiteral("client_order_id"),
        QStringLiteral("type"),
        QStringLiteral("side"),
        QStringLiteral("token_in"),
        QStringLiteral("token_in_mint"),
        QStringLiteral("token_in_decimals"),
        QStringLiteral("token_out"),
        QStringLiteral("token_out_mint"),
        QStringLiteral("token_out_decimals"),
        QStringLiteral("amount_in"),
        QStringLiteral("slippage_bps"),
        QStringLiteral("limit_price"),
        QStringLiteral("expires_at"),
        QStringLiteral("status"),
        QStringLiteral("attempt"),
        QStringLiteral("seq"),
        QStringLiteral("created_at"),
        QStringLiteral("updated_at"),
        QStringLiteral("result_json"),
        QStringLiteral("error_code"),
        QStringLiteral("error_message"),
        QStringLiteral("error_permanent"),
        QStringLiteral("retry_at"),
        QStringLiteral("tx_signature"),
        QStringLiteral("tx_json"),
        QStringLiteral("swap_mode"),
        QStringLiteral("reserved_in"),
        QStringLiteral("wallet_state"),
    };
    return names;
}

// Read, never inserted: a new order has no lease (claim() gives it one, with an expiry by the
// database's clock).
const QStringList &leaseColumnNames()
{
    static const QStringList names = {
        QStringLiteral("lease_owner"),
        QStringLiteral("lease_token"),
        QStringLiteral("lease_expires_at"),
    };
    return names;
}

enum OrderColumn {
    ColId,
    ColClientOrderId,
    ColType,
    ColSide,
    ColTokenIn,
    ColTokenInMint,
    ColTokenInDecimals,
    ColTokenOut,
    ColTokenOutMint,
    ColTokenOutDecimals,
    ColAmountIn,
    ColSlippageBps,
    ColLimitPrice,
    ColExpiresAt,
    ColStatus,
    ColAttempt,
    ColSeq,
    ColCreatedAt,
    ColUpdatedAt,
    ColResultJson,
    ColErrorCode,
    ColErrorMessage,
    ColErrorPermanent,
    ColRetryAt,
    ColTxSignature,
    ColTxJson,
    ColSwapMode,
    ColReservedIn,
    ColWalletState,
    ColLeaseOwner,
    ColLeaseToken,
    ColLeaseExpiresAt,
    ColRouteJson,
    ColumnCount
};

QVariant nullString()
{
    return QVariant(QMetaType::fromType<QString>());
}
QVariant nullInt64()
{
    return QVariant(QMetaType::fromType<qint64>());
}
QVariant nullBool()
{
    return QVariant(QMetaType::fromType<bool>());
}



QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QVariant jsonColumn(QByteArray text)
{
    return QVariant::fromValue(SqlJsonText{std::move(text)});
}

QVariant jsonText(const QJsonObject &json)
{
    return jsonColumn(JsonText::compact(json));
}

std::optional<QJsonObject> parseJsonObject(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// A recorded transaction names its tokens by mint. The order's own two tokens are the only ones
// it can name, and they are resolved from the order: a launched token need not be known to
// this process's registry.
std::optional<SwapTransaction> transactionFromJson(const QJsonObject &json, const Order &order)
{
    TokenRegistry tokens;
    tokens.add(order.tokenIn);
    tokens.add(order.tokenOut);
    std::optional<SwapTransaction> transaction = SwapTransaction::fromJson(json, tokens);
    if (!transaction)
        return std::nullopt;
    for (Token *token : {&transaction->tokenIn, &transaction->tokenOut}) {
        if (!token->mint.isEmpty() && token->mint == order.tokenIn.mint)
            *token = order.tokenIn;
        else if (!token->mint.isEmpty() && token->mint == order.tokenOut.mint)
            *token = order.tokenOut;
        else
            return std::nullopt;
    }
    return transaction;
}

} // namespace

const QString &SqlOrderRows::selectOrders()
{
    static const QString sql =
        QStringLiteral("SELECT ") + orderColumns() + QStringLiteral(" FROM orders");
    return sql;
}

const QString &SqlOrderRows::orderColumns()
{
    // The route from its own table, by the orders row a SELECT or RETURNING stands on.
    static const QString route =
        QStringLiteral("(SELECT route_json FROM order_routes WHERE order_id = orders.id)");
    Q_ASSERT(orderColumnNames().size() + leaseColumnNames().size() + 1 == ColumnCount);
    static const QString columns =
        (orderColumnNames() + leaseColumnNames() + QStringList{route}).join(QStringLiteral(", "));
    return columns;
}

const QString &SqlOrderRows::storeRouteSql()
{
    static const QString sql = QStringLiteral(
        "INSERT INTO order_routes (order_id, route_json) VALUES (:order_id, :route_json)"
        " ON CONFLICT (order_id) DO UPDATE SET route_json = excluded.route_json");
    return sql;
}

const QString &SqlOrderRows::insertOrderSql()
{
    static const QString sql = [] {
        QStringList placeholders;
        for (const QString &name : orderColumnNames())
            placeholders << QLatin1Char(':') + name;
        return QStringLiteral("INSERT INTO orders (%1) VALUES (%2)"
                              " ON CONFLICT (client_order_id) DO NOTHING")
            .arg(orderColumnNames().join(QStringLiteral(", ")),
                 placeholders.join(QStringLiteral(", ")));
    }();
    return sql;
}

const QString &SqlOrderRows::insertHistorySql()
{
    static const QString sql = QStringLiteral(
        "INSERT INTO order_status_history (order_id, seq, status, attempt, ts, details_json)"
        " VALUES (:order_id, :seq, :status, :attempt, :ts, :details_json)");
    return sql;
}

const QString &SqlOrderRows::insertFailureSql()
{
    static const QString sql = QStringLiteral(
        "INSERT INTO order_failures (order_id, attempt, code, message, permanent, at)"
        " VALUES (:order_id, :attempt, :code, :message, :permanent, :at)"
        // One row per attempt: a failure recorded again (a retried write, a second worker)
        // keeps the first and does not fail the transition it comes with.
        " ON CONFLICT (order_id, attempt) DO NOTHING");
    return sql;
}

QString SqlOrderRows::mintText(const Token &token)
{
    return token.mint.isNull() ? QStringLiteral("") : token.mint;
}

QVariant SqlOrderRows::textOrNull(const QString &text)
{
    return text.isEmpty() ? nullString() : QVariant(text);
}

QVariant SqlOrderRows::msOrNull(const std::optional<QDateTime> &time)
{
    return time && time->isValid() ? QVariant(time->toMSecsSinceEpoch()) : nullInt64();
}

QVariantMap SqlOrderRows::newOrderValues(const Order &order)
{
    QVariantMap values = orderStateValues(order);
    values.insert(QStringLiteral("id"), order.id);
    values.insert(QStringLiteral("client_order_id"), textOrNull(order.clientOrderId));
    values.insert(QStringLiteral("type"), toString(order.type));
    values.insert(QStringLiteral("side"), textOrNull(toString(order.side)));
    values.insert(QStringLiteral("swap_mode"), toString(order.swapMode));
    values.insert(QStringLiteral("token_in"), order.tokenIn.symbol);
    values.insert(QStringLiteral("token_in_mint"), order.tokenIn.mint);
    values.insert(QStringLiteral("token_in_decimals"), order.tokenIn.decimals);
    values.insert(QStringLiteral("token_out"), order.tokenOut.symbol);
    values.insert(QStringLiteral("token_out_mint"), mintText(order.tokenOut));
    values.insert(QStringLiteral("token_out_decimals"), order.tokenOut.decimals);
    values.insert(QStringLiteral("amount_in"), Decimal::toString(order.amountIn));
    values.insert(QStringLiteral("slippage_bps"), order.slippageBps);
    values.insert(QStringLiteral("limit_price"), order.limitPrice
                                                    ? QVariant(Decimal::toString(*order.limitPrice))
                                                    : nullString());
    values.insert(QStringLiteral("expires_at"), msOrNull(order.expiresAt));
    values.insert(QStringLiteral("created_at"), order.createdAt.toMSecsSinceEpoch());
    values.insert(QStringLiteral("reserved_in"), order.reservedIn
                                                    ? QVariant(Decimal::toString(*order.reservedIn))
                                                    : nullString());
    values.insert(QStringLiteral("wallet_state"),
                  order.reservedIn ? QVariant(QStringLiteral("open")) : nullString());
    return values;
}

QVariantMap SqlOrderRows::orderStateValues(const Order &order)
{
    return {
        {QStringLiteral("status"), toString(order.status)},
        {QStringLiteral("attempt"), order.attempt},
        {QStringLiteral("seq"), order.seq},
        {QStringLiteral("updated_at"),
         (order.updatedAt.isValid() ? order.updatedAt : order.createdAt).toMSecsSinceEpoch()},
        {QStringLiteral("result_json"),
         order.execution ? jsonText(order.execution->toJson(order.tokenOut)) : nullString()},
        {QStringLiteral("error_code"), order.lastError ? QVariant(order.lastError->code) : nullString()},
        {QStringLiteral("error_message"),
         order.lastError ? QVariant(order.lastError->message) : nullString()},
        {QStringLiteral("error_permanent"),
         order.lastError ? QVariant(order.lastError->permanent) : nullBool()},
        {QStringLiteral("retry_at"), msOrNull(order.retryAt)},
        {QStringLiteral("tx_signature"),
         order.transaction ? textOrNull(order.transaction->signature) : nullString()},
        {QStringLiteral("tx_json"),
         order.transaction ? jsonColumn(order.transaction->toJsonText()) : nullString()},
    };
}

bool SqlOrderRows::storesRoute(const StoreWrite &write)
{
    return write.order.route
        && (write.kind == StoreWrite::Kind::Insert || write.event.status == OrderStatus::Building);
}

QVariant SqlOrderRows::routeJson(const StoreWrite &write)
{
    const Order &order = write.order;
    return storesRoute(write) ? jsonColumn(order.route->toJsonText(order.tokenIn, order.tokenOut))
                              : nullString();
}

QVariantMap SqlOrderRows::routeValues(const StoreWrite &write)
{
    return {{QStringLiteral("order_id"), write.order.id},
            {QStringLiteral("route_json"), routeJson(write)}};
}

QVariantMap SqlOrderRows::compareAndSetValues(const StoreWrite &write)
{
    return {
        {QStringLiteral("id"), write.order.id},
        {QStringLiteral("expected_seq"), write.event.seq - 1},
        {QStringLiteral("expected_status"),
         write.expectedStatus ? QVariant(toString(*write.expectedStatus)) : nullString()},
        {QStringLiteral("lease_token"), write.order.leaseToken},
    };
}

QVariantMap SqlOrderRows::historyValues(const Order &order, const OrderEvent &event)
{
    return {
        {QStringLiteral("order_id"), order.id},
        {QStringLiteral("seq"), event.seq},
        {QStringLiteral("status"), toString(event.status)},
        {QStringLiteral("attempt"), event.attempt},
        {QStringLiteral("ts"),
         (event.timestamp.isValid() ? event.timestamp : order.updatedAt).toMSecsSinceEpoch()},
        {QStringLiteral("details_json"), jsonColumn(event.detailsText())},
    };
}

QVariantMap SqlOrderRows::failureValues(const Order &order, const FailureRecord &failure)
{
    return {
        {QStringLiteral("order_id"), order.id},
        {QStringLiteral("attempt"), failure.attempt},
        {QStringLiteral("code"), failure.code},
        {QStringLiteral("message"), failure.message},
        {QStringLiteral("permanent"), failure.permanent},
        {QStringLiteral("at"),
         (failure.at.isValid() ? failure.at : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch()},
    };
}

std::optional<Order> SqlOrderRows::readOrder(const QSqlQuery &query, QString *problem)
{
    Order order;
    order.id = query.value(ColId).toString();
    auto corrupt = [&](const QString &what) -> std::optional<Order> {
        *problem = QStringLiteral("order %1 has an unreadable %2; skipped").arg(order.id, what);
        return std::nullopt;
    };

    if (!query.isNull(ColClientOrderId))
        order.clientOrderId = query.value(ColClientOrderId).toString();
    const auto type = orderTypeFromString(query.value(ColType).toString());
    if (!type)
        return corrupt(QStringLiteral("type"));
    order.type = *type;
    if (!query.isNull(ColSide)) {
        const auto side = orderSideFromString(query.value(ColSide).toString());
        if (!side)
            return corrupt(QStringLiteral("side"));
        order.side = *side;
    }
    if (query.isNull(ColSwapMode)) {
        order.swapMode = Order::legacySwapMode(order.type, order.side);
    } else {
        const auto mode = swapModeFromString(query.value(ColSwapMode).toString());
        if (!mode)
            return corrupt(QStringLiteral("swap_mode"));
        order.swapMode = *mode;
    }
    order.tokenIn = {query.value(ColTokenIn).toString(), query.value(ColTokenInMint).toString(),
                     query.value(ColTokenInDecimals).toInt()};
    order.tokenOut = {query.value(ColTokenOut).toString(), query.value(ColTokenOutMint).toString(),
                      query.value(ColTokenOutDecimals).toInt()};
    const auto amount = Decimal::fromString(query.value(ColAmountIn).toString());
    if (!amount)
        return corrupt(QStringLiteral("amount_in"));
    order.amountIn = *amount;
    order.slippageBps = query.value(ColSlippageBps).toInt();
    if (!query.isNull(ColLimitPrice)) {
        const auto price = Decimal::fromString(query.value(ColLimitPrice).toString());
        if (!price)
            return corrupt(QStringLiteral("limit_price"));
        order.limitPrice = *price;
    }
    if (!query.isNull(ColExpiresAt))
        order.expiresAt = fromMs(query.value(ColExpiresAt).toLongLong());
    const auto status = orderStatusFromString(query.value(ColStatus).toString());
    if (!status)
        return corrupt(QStringLiteral("status"));
    order.status = *status;
    order.attempt = query.value(ColAttempt).toInt();
    order.seq = query.value(ColSeq).toLongLong();
    order.createdAt = fromMs(query.value(ColCreatedAt).toLongLong());
    order.updatedAt = fromMs(query.value(ColUpdatedAt).toLongLong());
    if (!query.isNull(ColRouteJson)) {
        order.route = RouteDecision::fromJsonText(query.value(ColRouteJson).toString().toUtf8(),
                                                  order.tokenIn, order.tokenOut);
        if (!order.route)
            return corrupt(QStringLiteral("route_json"));
    }
    if (!query.isNull(ColResultJson)) {
        const auto json = parseJsonObject(query.value(ColResultJson).toString());
        order.execution = json ? ExecutionResult::fromJson(*json, order.tokenOut) : std::nullopt;
        if (!order.execution)
            return corrupt(QStringLiteral("result_json"));
    }
    if (!query.isNull(ColErrorCode)) {
        order.lastError = OrderError{query.value(ColErrorCode).toString(),
                                     query.value(ColErrorMessage).toString(),
                                     query.value(ColErrorPermanent).toBool()};
    }
    if (!query.isNull(ColRetryAt))
        order.retryAt = fromMs(query.value(ColRetryAt).toLongLong());
    if (!query.isNull(ColTxJson)) {
        const auto json = parseJsonObject(query.value(ColTxJson).toString());
        order.transaction = json ? transactionFromJson(*json, order) : std::nullopt;
        if (!order.transaction)
            return corrupt(QStringLiteral("tx_json"));
    }
    if (!query.isNull(ColReservedIn)) {
        const auto reserved = Decimal::fromString(query.value(ColReservedIn).toString());
        if (!reserved)
            return corrupt(QStringLiteral("reserved_in"));
        order.reservedIn = *reserved;
    }
    if (!query.isNull(ColLeaseOwner))
        order.leaseOwner = query.value(ColLeaseOwner).toString();
    order.leaseToken = query.value(ColLeaseToken).toLongLong();
    if (!query.isNull(ColLeaseExpiresAt))
        order.leaseExpiresAt = fromMs(query.value(ColLeaseExpiresAt).toLongLong());
    return order;
}

std::optional<OrderEvent> SqlOrderRows::readHistory(const QSqlQuery &query, const QString &orderId)
{
    OrderEvent event;
    event.orderId = orderId;
    event.seq = query.value(0).toLongLong();
    const auto status = orderStatusFromString(query.value(1).toString());
    const auto details = parseJsonObject(query.value(4).toString());
    if (!status || !details)
        return std::nullopt;
    event.status = *status;
    event.attempt = query.value(2).toInt();
    event.timestamp = fromMs(query.value(3).toLongLong());
    event.details = *details;
    return event;
}

FailureRecord SqlOrderRows::readFailure(const QSqlQuery &query, const QString &orderId)
{
    FailureRecord record;
    record.orderId = orderId;
    record.attempt = query.value(0).toInt();
    record.code = query.value(1).toString();
    record.message = query.value(2).toString();
    record.permanent = query.value(3).toBool();
    record.at = fromMs(query.value(4).toLongLong());
    return record;
}

} // namespace OrderDesk
