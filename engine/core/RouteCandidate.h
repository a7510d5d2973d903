#pragma once

#include "Decimal.h"
#include "RouteLeg.h"
#include "Token.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace OrderDesk {

class JsonWriter;

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

    void write(JsonWriter &out, const Token &tokenIn, const Token &tokenOut) const;
    QJsonObject toJson(const Token &tokenIn, const Token &tokenOut) const;
    static std::optional<RouteCandidate> fromJson(const QJsonObject &json, const Token &tokenIn,
                                                  const Token &tokenOut);
};

} // namespace OrderDesk
