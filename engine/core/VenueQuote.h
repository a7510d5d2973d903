#pragma once

#include "Decimal.h"
#include "OrderTypes.h"
#include "Token.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace OrderDesk {

class JsonWriter;

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

    void write(JsonWriter &out, const Token &tokenIn, const Token &tokenOut) const;
    QJsonObject toJson(const Token &tokenIn, const Token &tokenOut) const;
    static std::optional<VenueQuote> fromJson(const QJsonObject &json, const Token &tokenIn,
                                              const Token &tokenOut);
};

} // namespace OrderDesk
