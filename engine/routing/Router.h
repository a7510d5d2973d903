#pragma once

#include "Order.h"
#include "RouteMath.h"

#include <QList>
#include <QThreadPool>

#include <variant>

namespace OrderDesk {

class Market;
struct Blockhash;

// Picks the route for one attempt: asks both venues for the pair in parallel (their quote
// latency), then prices every candidate on the streamed pool state: each venue alone, the best
// split over both, and two hops through SOL, USDC or USDT (each hop alone or split). The winner
// has the most net output (ExactIn) or the least net input (ExactOut) after fees, price impact
// and a modelled cost per extra leg; a route that would move any pool by more than the
// price-impact guard is refused. The arithmetic is RouteMath's, the same the market executes.
class Router
{
public:
    // What an extra leg in one transaction costs, modelled as a share of the trade: the compute
    // units and account loads a split or a second hop adds (about a cent on a few hundred USD).
    // A split or a two-hop route must beat the best single venue by more than this per extra leg.
    static constexpr int ExtraLegCostPpm = 10;

    struct Limits
    {
        int maxPriceImpactBps = 1000;
        QList<Token> intermediates; // the tokens two-hop routes go through (SOL, USDC, USDT)
    };

    // `parallelRounds`: how many quoteAll calls may run at once without waiting for each other
    // (the workers, plus the quote previews).
    Router(Market &market, int parallelRounds, Limits limits);
    ~Router();

    // Blocks for the slowest venue's quote latency (the quotes run in parallel).
    QList<VenueQuote> quoteAll(const Token &tokenIn, const Token &tokenOut, Int128 amountIn) const;

    // quoteAll for the order's pair, then decide() on the market's streamed state.
    std::variant<RouteDecision, OrderError> route(const Order &order,
                                                  QList<RouteCandidate> *considered = nullptr) const;

    // route() on the market's streamed state alone, without the venues' round trips: what the
    // wallet reserves for an ExactOut order when it is accepted (its maxAmountIn).
    std::variant<RouteDecision, OrderError> indicativeRoute(const Order &order) const;

    // The decision for `order` on the pool state `quoter` stands for. Errors: no_route (nothing
    // can fill it; permanent) and price_impact_too_high (only routes past the guard could;
    // permanent). minAmountOut (ExactIn) is the winner's output less slippageBps, rounded down,
    // and for a limit order never below limitAmountOut(); ExactOut's maxAmountIn is the winner's
    // input plus slippageBps, rounded up. `considered`, when given, receives every candidate,
    // also when none could be taken (what the quote endpoint shows of a refusal).
    static std::variant<RouteDecision, OrderError> decide(const Order &order, const LegQuoter &quoter,
                                                          const QList<VenueQuote> &directQuotes,
                                                          const Limits &limits,
                                                          QList<RouteCandidate> *considered = nullptr);

    // A limit order's floor: amountIn × limitPrice in tokenOut base units, rounded up. nullopt
    // for other orders.
    static std::optional<Int128> limitAmountOut(const Order &order);

    // The transaction that executes `decision` for `order`, signed against `blockhash`.
    static SwapTransaction transactionFor(const Order &order, const RouteDecision &decision,
                                          const Blockhash &blockhash);

    const Limits &limits() const { return m_limits; }

private:
    // Each venue's least input for an ExactOut order's output, on `quoter`'s state.
    static QList<VenueQuote> exactOutQuotes(const Order &order, const LegQuoter &quoter);

    Market &m_market;
    const Limits m_limits;
    mutable QThreadPool m_venueCalls; // the second venue's quote of each round
};

} // namespace OrderDesk
