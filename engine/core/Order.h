#pragma once

#include "Decimal.h"
#include "OrderTypes.h"
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

// One venue's answer to "how much tokenOut for amountIn of tokenIn". Fees are in parts per
// million of the input (2500 = 0.25 %), so Meteora's dynamic fee stays an integer.
struct VenueQuote
{
    Venue venue = Venue::Raydium;
    bool available = false;
    QString unavailableReason; // e.g. "no pool for BONK/WIF"
    Int128 amountIn = 0;       // base units of tokenIn
    Int128 amountOut = 0;      // base units of tokenOut, after fee and impact, rounded down
    Int128 feeAmount = 0;      // base units of tokenIn kept by the pool
    int feePpm = 0;
    int priceImpactPpm = 0;    // how far the output is below the input after fee at spot price
    int binsCrossed = 0;       // a DLMM pool: how many bins the swap moves its price by
    Int128 spotPrice = 0;      // tokenOut per tokenIn before the trade, PriceScale decimals
    Int128 executionPrice = 0; // amountOut / amountIn in whole tokens, PriceScale decimals
    QDateTime quotedAt;

    QJsonObject toJson(const Token &tokenIn, const Token &tokenOut) const;
    static std::optional<VenueQuote> fromJson(const QJsonObject &json, const Token &tokenIn,
                                              const Token &tokenOut);
};

// One route the router considered: a single venue, a split of the pair over both venues, or
// two hops through SOL, USDC or USDT (each hop one venue or split), priced on one pool state.
struct RouteCandidate
{
    QString kind;         // "single", "split", "two-hop"
    QString path;         // "BONK→SOL→USDC"
    QList<RouteLeg> legs; // with amounts
    bool available = false;
    bool refused = false;  // fillable, but past the price-impact guard
    QString reason;        // why not available, or why refused
    Int128 amountIn = 0;   // of the order's tokenIn
    Int128 amountOut = 0;  // of the order's tokenOut
    int feePpm = 0;         // the fees of its hops, each hop weighted by its legs' inputs
    int priceImpactPpm = 0; // the same for the impact, apart from the fee
    int maxLegImpactPpm = 0; // what the guard compares: the most any one pool moves

    QJsonObject toJson(const Token &tokenIn, const Token &tokenOut) const;
    static std::optional<RouteCandidate> fromJson(const QJsonObject &json, const Token &tokenIn,
                                                  const Token &tokenOut);
};

// The router's choice for one attempt, with every candidate so the decision can be audited.
struct RouteDecision
{
    QList<VenueQuote> quotes; // each venue's quote for the direct pair
    Venue venue = Venue::Raydium; // the chosen route's main venue (the largest first-hop share)
    QString reason;
    SwapMode swapMode = SwapMode::ExactIn;
    QList<RouteLeg> legs;               // the chosen route; empty in routes stored before legs
    QList<RouteCandidate> candidates;   // every route considered, the chosen one included
    QString kind = QStringLiteral("single");
    QString path;
    Int128 amountIn = 0;     // as quoted: the input (ExactOut: the least input found)
    Int128 amountOut = 0;    // as quoted: the output (ExactOut: at least the amount wanted)
    // The bounds the submission must meet: ExactIn never returns less than minAmountOut;
    // ExactOut returns at least minAmountOut (the amount wanted) for at most maxAmountIn.
    Int128 minAmountOut = 0;
    Int128 maxAmountIn = 0;
    bool wrapSol = false;    // SOL in: wrapped to wSOL before the swap
    bool unwrapSol = false;  // SOL out: wSOL closed back to SOL after it

    const VenueQuote *chosenQuote() const;
    // A route does not change once decided (the Router and fromJson build it, nobody edits it
    // afterwards), and its JSON goes out with every event and every write of its order: it is
    // made once, on first use, and shared by the route's copies made after that.
    QJsonObject toJson(const Token &tokenIn, const Token &tokenOut) const;
    QByteArray toJsonText(const Token &tokenIn, const Token &tokenOut) const; // compact
    static std::optional<RouteDecision> fromJson(const QJsonObject &json, const Token &tokenIn,
                                                 const Token &tokenOut);
    // fromJson of stored text, which then stands as the route's JSON: an order read back from
    // the store is written and published again without serialising its route anew.
    static std::optional<RouteDecision> fromJsonText(const QByteArray &text, const Token &tokenIn,
                                                     const Token &tokenOut);

    struct JsonCache;
    mutable std::shared_ptr<const JsonCache> jsonCache;

private:
    std::shared_ptr<const JsonCache> cachedJson(const Token &tokenIn, const Token &tokenOut) const;
    QJsonObject makeJson(const Token &tokenIn, const Token &tokenOut) const;
};

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

    QJsonObject toJson(const Token &tokenOut) const;
    static std::optional<ExecutionResult> fromJson(const QJsonObject &json, const Token &tokenOut);
};

struct OrderError
{
    QString code;    // machine-readable, e.g. "slippage_exceeded"
    QString message; // for people
    bool permanent = false;

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
    QJsonObject toJson() const;
    // The inverse of toJson (snapshots shared between nodes); tokens are resolved by mint first,
    // then by symbol. nullopt when a field is missing, malformed or names an unknown token.
    static std::optional<Order> fromJson(const QJsonObject &json, const TokenRegistry &tokens);
};

// Timestamps in the API: UTC, millisecond precision, ISO 8601 with "Z".
QString toIsoString(const QDateTime &time);
// The inverse of toIsoString; nullopt unless `text` is an ISO 8601 date-time.
std::optional<QDateTime> fromIsoString(const QString &text);

} // namespace OrderDesk
