#pragma once

#include "Decimal.h"
#include "IsoTime.h"
#include "OrderTypes.h"
#include "RouteDecision.h" // Order::route; its users read the route types through Order.h
#include "RouteLeg.h"
#include "SwapTransaction.h"
#include "Token.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace OrderDesk {

class JsonWriter;

struct ExecutionResult
{
    QString signature;
    Venue venue = Venue::Raydium;
    Int128 amountOut = 0;
    Int128 executedPrice = 0; // PriceScale decimals
    QDateTime executedAt;
    // For the wallet's settlement, carried with the confirming write (not part of the JSON):
    // the input the swap really took, and the trade's worth in USDC base units at execution.
    Int128 amountIn = 0;
    Int128 valueUsdc = 0;

    void write(JsonWriter &out, QLatin1StringView key, const Token &tokenOut) const;
    QJsonObject toJson(const Token &tokenOut) const;
    static std::optional<ExecutionResult> fromJson(const QJsonObject &json, const Token &tokenOut);
};

struct OrderError
{
    QString code;    // machine-readable, e.g. "slippage_exceeded"
    QString message; // for people
    bool permanent = false;

    void write(JsonWriter &out, QLatin1StringView key) const;
    QJsonObject toJson() const;
    static std::optional<OrderError> fromJson(const QJsonObject &json);
};

struct Order
{
    QString id;
    QString clientOrderId;
    OrderType type = OrderType::Market;
    // The side as the client gave it (recorded; SPEC §3). What the order does is swapMode.
    OrderSide side = OrderSide::Unspecified;
    // ExactIn: amountIn is spent; ExactOut (market orders only): amountIn is the tokenOut wanted.
    SwapMode swapMode = SwapMode::ExactIn;
    Token tokenIn;
    Token tokenOut;
    // Base units of tokenIn; for ExactOut (a buy) the base units of tokenOut wanted.
    Int128 amountIn = 0;
    int slippageBps = 50;
    std::optional<Int128> limitPrice; // tokenOut per tokenIn, PriceScale decimals
    std::optional<QDateTime> expiresAt;

    OrderStatus status = OrderStatus::Pending;
    int attempt = 0; // 0 until the first routing
    qint64 seq = 0;  // seq of the last status change; the store's optimistic-lock version
    QDateTime createdAt;
    QDateTime updatedAt;
    std::optional<RouteDecision> route;
    std::optional<ExecutionResult> execution;
    std::optional<OrderError> lastError;
    std::optional<QDateTime> retryAt; // set while a failed attempt waits for its retry
    // The current attempt's transaction, recorded before it is sent: what recovery asks the
    // market about.
    std::optional<SwapTransaction> transaction;

    // Ownership (SPEC "Ownership"): the worker that holds the order's lease, until when (the
    // database's clock), and the fencing token, incremented on every claim. Every write made
    // under a lease carries the token and is refused once someone else claimed the order.
    QString leaseOwner;
    qint64 leaseToken = 0;
    std::optional<QDateTime> leaseExpiresAt;

    // The wallet (SPEC §3 "Wallet"): the base units of tokenIn this order reserved when it was
    // accepted (ExactOut: its maximum input), held until its terminal status settles or releases
    // them. nullopt for an order stored before the wallet existed: it holds nothing.
    std::optional<Int128> reservedIn;

    QString pair() const { return tokenIn.symbol + QLatin1Char('/') + tokenOut.symbol; }
    // The token `amountIn` is counted in: tokenIn, or tokenOut for ExactOut.
    const Token &amountToken() const { return swapMode == SwapMode::ExactOut ? tokenOut : tokenIn; }
    // What an order stored without its own swap mode meant to the builds that kept the mode in
    // the side (schema 2): a market buy was ExactOut. Only for rows such a build wrote.
    static SwapMode legacySwapMode(OrderType type, OrderSide side)
    {
        return side == OrderSide::Buy && type == OrderType::Market ? SwapMode::ExactOut : SwapMode::ExactIn;
    }

    // A new order id: a UUIDv7 (RFC 9562) whose first 48 bits are `createdAt` in ms and whose
    // next 12 bits count up within a millisecond, so ids sort in the order they were created —
    // "newest first" needs no other tie-break.
    static QString newId(const QDateTime &createdAt);
    // Written as text for every snapshot and stream; the route and transaction are spliced in
    // from their cached text.
    QByteArray toJsonText() const;
    void write(JsonWriter &out, QLatin1StringView key) const;
    QJsonObject toJson() const;
    // The inverse of toJson (snapshots shared between nodes); tokens are resolved by mint first,
    // then by symbol. nullopt when a field is missing, malformed or names an unknown token.
    static std::optional<Order> fromJson(const QJsonObject &json, const TokenRegistry &tokens);
};

} // namespace OrderDesk
