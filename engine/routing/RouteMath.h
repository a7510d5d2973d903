#pragma once

#include "Order.h"
#include "RouteLeg.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace OrderDesk {

// One venue's ExactIn answer for one hop, on whatever pool state the caller stands for: the
// streamed state (the router), or the pools as they are when a transaction lands (the market).
using LegQuoter =
    std::function<VenueQuote(Venue venue, const Token &tokenIn, const Token &tokenOut, Int128 amountIn)>;

// A route's plan priced on one pool state.
struct RouteOutcome
{
    bool ok = false;
    QString reason;       // when not ok: which leg could not be filled and why
    QList<RouteLeg> legs; // the plan with its amounts, fee and impact filled in
    Int128 amountIn = 0;  // of the route's first token
    Int128 amountOut = 0; // of its last token
};

// The routing arithmetic, in integers: how a route's plan turns into amounts, and the best split
// of a hop between two venues. The router (quoting) and the market (executing a transaction)
// run the same code, so a route executed on the pools it was quoted on fills exactly as quoted.
class RouteMath
{
public:
    // `total` split by shares in ppm (summing to RouteLeg::FullShare): each part rounds down,
    // the last takes the remainder, so the parts always sum to `total`.
    static QList<Int128> splitByShares(Int128 total, const QList<int> &sharesPpm);

    // The least input whose ExactIn output is at least `wanted`, and its quote: a venue's exact-out
    // fill, rounded the venue's way (input up, output down). nullopt when no input reaches it.
    static std::optional<VenueQuote> minimalInput(const LegQuoter &quoter, Venue venue,
                                                  const Token &tokenIn, const Token &tokenOut,
                                                  Int128 wanted);

    // Prices `plan` for `amount` (the input for ExactIn, the output wanted for ExactOut).
    // ExactOut works back from the output (each leg's least input for its share) and hands any
    // intermediate left by rounding to the next hop, so it delivers at least `amount`.
    // Refuses a plan whose hops do not chain, whose shares do not sum to the whole, or that uses
    // one pool twice (every leg is priced on the state before the route).
    static RouteOutcome evaluate(const QList<RouteLeg> &plan, SwapMode mode, Int128 amount,
                                 const LegQuoter &quoter);

    // The share of `first` (ppm) in the split of one hop between two venues that gives the most
    // output (ExactIn) or needs the least input (ExactOut), strictly between 0 and the whole.
    // Net output of a split is concave in the share (two concave curves), so a ternary search
    // narrows it to 32 ppm and a scan of those finds the best share on the 1 ppm grid; the
    // rounding of base units can leave the answer a few base units from the true optimum.
    // nullopt when no split can be filled, or when no split beats the better venue alone
    // (moving 0.1 % of the order off it already loses: by concavity nothing further in gains).
    // An order too large for a venue alone is searched over the shares each venue can fill.
    struct Split
    {
        int firstSharePpm = 0;
        RouteOutcome outcome;
    };
    static std::optional<Split> bestSplit(const LegQuoter &quoter, Venue first, Venue second,
                                          const Token &tokenIn, const Token &tokenOut,
                                          SwapMode mode, Int128 amount);

    // The plan of one hop: one leg per venue with its share.
    static QList<RouteLeg> hopPlan(int hop, const Token &tokenIn, const Token &tokenOut,
                                   const QList<QPair<Venue, int>> &venueShares);
};

} // namespace OrderDesk
