#pragma once

#include "Decimal.h"
#include "OrderTypes.h"
#include "RouteCandidate.h"
#include "RouteLeg.h"
#include "Token.h"
#include "VenueQuote.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace OrderDesk {


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
    QByteArray makeJsonText(const Token &tokenIn, const Token &tokenOut) const;
};

} // namespace OrderDesk
