#pragma once

#include "Decimal.h"
#include "OrderTypes.h"
#include "Token.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace OrderDesk {

class JsonWriter;

// One swap of a route on one venue's pool. A route is one or two hops (tokenIn → tokenOut, or
// tokenIn → SOL/USDC/USDT → tokenOut); each hop is one leg, or a split of legs over the venues.
// The plan is the hop, the venue, the tokens and the share; the amounts are filled when the route
// is quoted (the router) or executed (the market), by the same arithmetic (RouteMath).
struct RouteLeg
{
    static constexpr int FullShare = 1'000'000; // ppm

    int hop = 0; // 0 for the first hop, 1 for the second
    Venue venue = Venue::Raydium;
    Token tokenIn;
    Token tokenOut;
    // Of the hop's amount: its input (ExactIn) or its output (ExactOut), in ppm. The legs of a
    // hop sum to FullShare; the last leg of a hop takes what the others' rounding left.
    int sharePpm = FullShare;

    Int128 amountIn = 0;
    Int128 amountOut = 0;
    Int128 feeAmount = 0; // in tokenIn
    int feePpm = 0;
    int priceImpactPpm = 0; // apart from the fee
    int binsCrossed = 0;    // on a DLMM pool: how many bins the leg moves its price by

    bool samePlan(const RouteLeg &other) const;
    // Tokens by symbol, mint and decimals, so a reader needs no registry; amounts as decimals of
    // their token, fee and impact in bps (2 decimals), share in percent (4 decimals).
    void write(JsonWriter &out) const;
    QJsonObject toJson() const;
    static std::optional<RouteLeg> fromJson(const QJsonObject &json);
    // The legs as the array member `key` of the object `out` is writing.
    static void write(JsonWriter &out, QLatin1StringView key, const QList<RouteLeg> &legs);
    static QJsonArray toJson(const QList<RouteLeg> &legs);
    static std::optional<QList<RouteLeg>> listFromJson(const QJsonValue &value);
};

} // namespace OrderDesk
