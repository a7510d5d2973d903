#pragma once

#include "Order.h"

#include <QJsonObject>

#include <optional>

namespace OrderDesk {

class Router;

// Every candidate route for a hypothetical order and which would win, without executing: what
// GET /api/quotes and the console's order ticket show.
struct QuoteResult
{
    Token tokenIn;
    Token tokenOut;
    Int128 amountIn = 0; // the amount asked for: of tokenOut for ExactOut
    SwapMode swapMode = SwapMode::ExactIn;
    QList<VenueQuote> quotes; // each venue's answer for the pair
    std::optional<Venue> best;
    std::optional<RouteDecision> route; // every candidate, and the one that would win
    QList<RouteCandidate> candidates;   // every candidate, also when none would be taken
    std::optional<OrderError> refusal;  // no_route or price_impact_too_high
    QString reason;

    // Routes `hypothetical` as a worker would; blocks for the venues' quote latency.
    static QuoteResult of(const Router &router, const Order &hypothetical);

    QJsonObject toJson() const;
};

} // namespace OrderDesk
