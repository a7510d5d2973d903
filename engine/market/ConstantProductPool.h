#pragma once

#include "Decimal.h"
#include "Order.h"
#include "Token.h"

#include <QJsonObject>

#include <optional>

namespace OrderDesk {

// How a pool charges: a base fee plus, for dynamic-fee pools (Meteora), a variable part that
// grows with the square of recent volatility, as Meteora's DLMM does with its volatility
// accumulator. The accumulator is in basis points of price movement.
struct FeeModel
{
    int baseFeePpm = 2500;
    int maxFeePpm = 2500;            // base + variable never exceeds this
    double variableFeeControl = 0.0; // fee ppm per (accumulated bps)²
    double decayFactor = 0.5;        // share of the accumulator that survives one market step

    static FeeModel fixed(int feePpm) { return {feePpm, feePpm, 0.0, 0.5}; }
    static FeeModel dynamic(int baseFeePpm, int maxFeePpm, double control, double decay)
    {
        return {baseFeePpm, maxFeePpm, control, decay};
    }
};

// A constant-product pool (x·y = k) of two tokens. All amounts are integer base units and every
// result rounds in the pool's favour, as on chain: the fee is taken from the input rounded up,
// the output rounds down. Not thread-safe: the venue that owns it holds the lock.
class ConstantProductPool
{
public:
    ConstantProductPool() = default;
    ConstantProductPool(const Token &tokenA, const Token &tokenB, Int128 reserveA, Int128 reserveB,
                        const FeeModel &fees);

    const Token &tokenA() const { return m_tokenA; }
    const Token &tokenB() const { return m_tokenB; }
    Int128 reserveA() const { return m_reserveA; }
    Int128 reserveB() const { return m_reserveB; }
    std::optional<Int128> reserveOf(const Token &token) const;
    // nullopt if the product does not fit 128 bits (only pools of absurd size).
    std::optional<Int128> k() const;
    bool contains(const Token &token) const { return token == m_tokenA || token == m_tokenB; }
    bool trades(const Token &tokenIn, const Token &tokenOut) const;

    const FeeModel &feeModel() const { return m_fees; }
    int feePpm() const;
    double volatilityAccumulatorBps() const { return m_volatilityBps; }
    // A mirror of a pool streamed from orderdesk-market must charge the same dynamic fee.
    void setVolatilityAccumulatorBps(double bps) { m_volatilityBps = bps; }

    // Relative σ of one market step for this pair: how far the market moves it between a quote
    // and an execution.
    double volatility() const { return m_volatility; }
    void setVolatility(double sigma) { m_volatility = sigma; }

    // tokenOut per whole tokenIn before any trade, PriceScale decimals.
    std::optional<Int128> spotPrice(const Token &tokenIn, const Token &tokenOut) const;
    // ln of tokenB per whole tokenA: the walk and the simulator's model work in log prices.
    double logPrice() const;

    // The answer for swapping amountIn of tokenIn (either token); `venue` and `quotedAt` are left
    // for the venue to fill.
    VenueQuote quote(const Token &tokenIn, Int128 amountIn) const;
    // Executes the swap quoted now: the whole input (fee included) stays in the pool, so k grows
    // by the fee. Returns the executed quote, or the unavailable one and changes nothing.
    VenueQuote swap(const Token &tokenIn, Int128 amountIn);

    // Re-balances the reserves so the price of A in B moves by exp(logMove), keeping k (it can
    // only shrink by rounding, by less than one unit of B per unit of A). Feeds the volatility
    // accumulator. False, and nothing changes, for a move the reserves cannot express.
    bool movePrice(double logMove);
    // Moves the pool so one whole `base` costs `price` of `quote` (PriceScale), keeping k.
    bool setPrice(const Token &base, const Token &quote, Int128 price);
    // One market step of the accumulator's decay.
    void decayVolatility();

    // The pool's whole state (tokens with symbol, mint and decimals; reserves as raw integer
    // strings; fee model), as orderdesk-market's /pools streams it; fromJson rebuilds it exactly.
    QJsonObject toJson() const;
    static std::optional<ConstantProductPool> fromJson(const QJsonObject &json);

    // floor(a·b / c) for non-negative values with a 256-bit intermediate product (reserves times
    // 10^27 overflow 128 bits); nullopt when c <= 0, an input is negative or the result overflows.
    static std::optional<Int128> mulDiv(Int128 a, Int128 b, Int128 c);
    // The same, rounded up.
    static std::optional<Int128> mulDivUp(Int128 a, Int128 b, Int128 c);

private:
    void recordMove(double logMove);

    Token m_tokenA;
    Token m_tokenB;
    Int128 m_reserveA = 0;
    Int128 m_reserveB = 0;
    FeeModel m_fees;
    double m_volatilityBps = 0.0;
    double m_volatility = 0.0;
};

} // namespace OrderDesk
