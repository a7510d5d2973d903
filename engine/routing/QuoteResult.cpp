#include "QuoteResult.h"

#include "Decimal.h"
#include "Router.h"

#include <QJsonArray>

namespace OrderDesk {

QuoteResult QuoteResult::of(const Router &router, const Order &hypothetical)
{
    QuoteResult result;
    result.tokenIn = hypothetical.tokenIn;
    result.tokenOut = hypothetical.tokenOut;
    result.amountIn = hypothetical.amountIn;
    result.swapMode = hypothetical.swapMode;
    const std::variant<RouteDecision, OrderError> routed = router.route(hypothetical, &result.candidates);
    if (const auto *decision = std::get_if<RouteDecision>(&routed)) {
        result.quotes = decision->quotes;
        result.best = decision->venue;
        result.reason = decision->reason;
        result.route = *decision;
    } else {
        const OrderError &error = std::get<OrderError>(routed);
        result.refusal = error;
        result.reason = error.message;
    }
    return result;
}

QJsonObject QuoteResult::toJson() const
{
    const Token &amountToken = swapMode == SwapMode::ExactOut ? tokenOut : tokenIn;
    QJsonArray quoteList;
    for (const VenueQuote &quote : quotes)
        quoteList.append(quote.toJson(tokenIn, tokenOut));
    QJsonObject json{{QStringLiteral("tokenIn"), tokenIn.symbol},
                     {QStringLiteral("tokenOut"), tokenOut.symbol},
                     {QStringLiteral("amount"), Decimal::format(amountIn, amountToken.decimals)},
                     {QStringLiteral("swapMode"), toString(swapMode)},
                     {QStringLiteral("quotes"), quoteList},
                     {QStringLiteral("reason"), reason}};
    json.insert(QStringLiteral("best"), best ? QJsonValue(toString(*best)) : QJsonValue());
    QJsonArray candidateList;
    for (const RouteCandidate &candidate : candidates) {
        QJsonObject entry = candidate.toJson(tokenIn, tokenOut);
        // The winner is the candidate whose plan (hops, venues, shares) is the route's.
        bool wins = route && candidate.available && !candidate.refused
                    && candidate.legs.size() == route->legs.size();
        for (int i = 0; wins && i < candidate.legs.size(); ++i)
            wins = candidate.legs.at(i).samePlan(route->legs.at(i));
        entry.insert(QStringLiteral("wins"), wins);
        candidateList.append(entry);
    }
    if (route)
        json.insert(QStringLiteral("route"), route->toJson(tokenIn, tokenOut));
    json.insert(QStringLiteral("candidates"), candidateList);
    if (refusal)
        json.insert(QStringLiteral("error"), refusal->toJson());
    return json;
}

} // namespace OrderDesk
