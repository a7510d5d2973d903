#pragma once

#include "Order.h"

#include <QList>
#include <QThreadPool>

namespace OrderDesk {

class Market;

// Picks the venue for one attempt: quotes every venue in parallel and takes the larger net
// amountOut (after fees and price impact). The routing math lives here and in the pools.
class Router
{
public:
    // `parallelRounds`: how many quoteAll calls may run at once without waiting for each other
    // (the workers, plus the quote previews).
    Router(Market &market, int parallelRounds);
    ~Router();

    // Blocks for the slowest venue's quote latency (the quotes run in parallel).
    QList<VenueQuote> quoteAll(const Token &tokenIn, const Token &tokenOut, Int128 amountIn) const;

    // The decision for `order` given `quotes`: the best available quote wins; on equal amountOut
    // the lower fee, then Raydium. minAmountOut applies the order's slippageBps to the winner:
    // floor(amountOut × (10000 − bps) / 10000), as Solana aggregators compute their threshold,
    // and for a limit order is never below limitAmountOut(). nullopt when no venue can quote.
    static std::optional<RouteDecision> decide(const Order &order, const QList<VenueQuote> &quotes);

    // A limit order's floor: amountIn × limitPrice in tokenOut base units, rounded up. nullopt
    // for other orders.
    static std::optional<Int128> limitAmountOut(const Order &order);

private:
    Market &m_market;
    mutable QThreadPool m_venueCalls; // the second venue's quote of each round
};

} // namespace OrderDesk
