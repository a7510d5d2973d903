#pragma once

#include "Order.h"
#include "SwapTransaction.h"

#include <QString>

namespace OrderDesk {

struct SubmitOutcome
{
    bool executed = false;
    Int128 amountOut = 0;
    Int128 executedPrice = 0; // PriceScale decimals, tokenOut per tokenIn
    OrderError error;         // when not executed: slippage_exceeded, network_error, …
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
    // Signs the transaction: fills in `signature` (64 random bytes, base58, from the market's
    // seeded generator), so the signature is known before submission, as on Solana.
    virtual void prepare(SwapTransaction &transaction) = 0;
    virtual SubmitOutcome submit(const SwapTransaction &transaction) = 0;
    // Whether a transaction with this signature executed (a restart asks this of an order that
    // was submitted when the process stopped).
    virtual bool hasExecuted(const QString &signature) const = 0;
};

} // namespace OrderDesk
