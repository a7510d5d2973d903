#pragma once

#include "Order.h"
#include "SwapTransaction.h"

#include <QString>

namespace OrderDesk {

// What a swap did when its transaction landed: MarketSimulator::executeSwap's answer to Chain.
struct SubmitOutcome
{
    bool executed = false;
    Int128 amountIn = 0;  // what went in (ExactOut: at most the transaction's amountIn)
    Int128 amountOut = 0;
    QList<RouteLeg> legs; // each leg as executed
    Int128 executedPrice = 0; // PriceScale decimals, tokenOut per tokenIn
    OrderError error;         // when not executed: slippage_exceeded, no_pool, …
};

// One pool on a venue as a market watch lists it: its two tokens and what it holds of each (base
// units). The pool's model (constant product, price bins) stays the venue's business.
struct PoolListing
{
    Venue venue = Venue::Raydium;
    Token tokenA;
    Token tokenB;
    Int128 reserveA = 0;
    Int128 reserveB = 0;
};

// A DEX venue as the router and the executor see it. Calls block for the venue's latency, so
// they run on worker threads; implementations are thread-safe.
class DexVenue
{
public:
    virtual ~DexVenue() = default;

    virtual Venue venue() const = 0;
    virtual VenueQuote quote(const Token &tokenIn, const Token &tokenOut, Int128 amountIn) = 0;
    // The same answer from the venue's streamed pool state, without a request round trip: what
    // a trigger watches. It may be a moment stale; execution always goes through quote().
    virtual VenueQuote indicativeQuote(const Token &tokenIn, const Token &tokenOut,
                                       Int128 amountIn) const = 0;
};

} // namespace OrderDesk
