#pragma once

#include "Decimal.h"
#include "Order.h"
#include "Token.h"

#include <QJsonObject>

#include <optional>
#include <vector>

namespace OrderDesk {

// A Meteora DLMM pool's parameters (DOMAIN-NOTES §3). Fee rates are in 1e9 (Meteora's
// FEE_PRECISION); periods are seconds of market time (one market step is a second).
struct DlmmParameters
{
    int binStepBps = 25;
    qint64 baseFeeRate = 1'000'000; // 0.1 %
    qint64 maxFeeRate = 5'000'000;  // base + variable never exceeds 0.5 % (SPEC §8)
    qint64 variableFeeControl = 40'000;
    qint64 maxVolatilityAccumulator = 350'000;
    qint64 filterPeriod = 30;
    qint64 decayPeriod = 600;
    qint64 reductionFactor = 5'000; // of 10 000: the share of the accumulator a reference keeps
};

// One price bin: its reserves of tokenA (x) and tokenB (y), in base units.
struct DlmmBin
{
    Int128 x = 0;
    Int128 y = 0;
};

// A Meteora DLMM pool of tokenA (Meteora's X) and tokenB (Y): liquidity in price bins, bin `id`
// at P(id) = (1 + binStep/10 000)^id base units of B per base unit of A, in Q64.64. Inside a bin
// the sum is constant (the price does not move until the bin is used up); only the active bin
// holds both tokens. The fee is a base fee plus a variable fee that grows with the square of the
// bins crossed since a reference (the volatility accumulator), which decays when trading pauses.
// Integer throughout, rounding the venue's way: output down, input and fee up. Not thread-safe:
// the venue that owns it holds the lock.
class DlmmPool
{
public:
    static constexpr qint64 FeePrecision = 1'000'000'000;
    static constexpr int MaxBinId = 443'636;

    DlmmPool() = default;
    // Equal value in every bin from the active one − binsPerSide to + binsPerSide (Meteora's
    // "spot" shape), at the price reserveB/reserveA: B below the active bin, A above, half of
    // each in the active bin. The bins together are worth about 2·reserveB.
    static std::optional<DlmmPool> withUniformLiquidity(const Token &tokenA, const Token &tokenB,
                                                        Int128 reserveA, Int128 reserveB,
                                                        int binsPerSide, const DlmmParameters &parameters);

    const Token &tokenA() const { return m_tokenA; }
    const Token &tokenB() const { return m_tokenB; }
    bool contains(const Token &token) const { return token == m_tokenA || token == m_tokenB; }
    bool trades(const Token &tokenIn, const Token &tokenOut) const;
    Int128 reserveA() const;
    Int128 reserveB() const;
    const DlmmParameters &parameters() const { return m_parameters; }
    int activeId() const { return m_activeId; }
    int lowestBinId() const { return m_lowId; }
    int highestBinId() const { return m_lowId + int(m_bins.size()) - 1; }
    DlmmBin bin(int id) const;
    // P(id) in Q64.64 for a bin step; nullopt past what 128 bits hold.
    static std::optional<Int128> binPrice(int id, int binStepBps);

    // The fee rate (1e9) and in ppm that a swap starting now in the active bin pays.
    qint64 feeRate() const;
    int feePpm() const;
    qint64 volatilityAccumulator() const { return m_volatilityAccumulator; }
    // Market time in seconds; a market step advances it by one.
    qint64 now() const { return m_now; }
    void advanceClock(qint64 seconds = 1) { m_now += seconds; }

    double volatility() const { return m_volatility; }
    void setVolatility(double sigma) { m_volatility = sigma; }

    // The active bin's price: tokenOut per whole tokenIn, PriceScale decimals.
    std::optional<Int128> spotPrice(const Token &tokenIn, const Token &tokenOut) const;
    // ln of tokenB per whole tokenA where the market walk has put the pool: the active bin's
    // price plus what the walk moved it by within less than half a bin (the bin is the nearest).
    double logPrice() const;

    // Swapping amountIn of tokenIn: bins walked from the active one, each at its own price;
    // `binsCrossed` says how far the active bin moved. Unavailable when the bins cannot take it.
    VenueQuote quote(const Token &tokenIn, Int128 amountIn) const;
    // Executes that quote; on an unavailable one nothing changes.
    VenueQuote swap(const Token &tokenIn, Int128 amountIn);

    // Arbitrage to a price exp(logMove) times logPrice(): the bins crossed are traded through at
    // their own prices, without fee, and count as volatility; the bin nearest the new price
    // becomes active. Moves within a bin add up until they cross one.
    bool movePrice(double logMove);
    // Moves the active bin so one whole `base` costs about `price` of `quote` (PriceScale).
    bool setPrice(const Token &base, const Token &quote, Int128 price);

    // The whole state (tokens, bins, fee parameters, clock and accumulator), as orderdesk-market's
    // /pools streams it; fromJson rebuilds it exactly.
    QJsonObject toJson() const;
    static std::optional<DlmmPool> fromJson(const QJsonObject &json);

private:
    DlmmPool(const Token &tokenA, const Token &tokenB, int lowId, std::vector<DlmmBin> bins,
             int activeId, const DlmmParameters &parameters);
    void cachePrices();
    std::optional<Int128> priceOf(int id) const;
    DlmmBin *binAt(int id);
    // The next bin at or past the active one, in the direction a swap selling A (down) or B (up)
    // travels, that holds what it buys; nullopt when there is none.
    std::optional<int> nextBinHolding(bool sellingA) const;
    void updateReferences();
    void updateVolatilityAccumulator();
    static qint64 feeRateFor(const DlmmParameters &parameters, qint64 accumulator);

    Token m_tokenA;
    Token m_tokenB;
    DlmmParameters m_parameters;
    int m_lowId = 0;
    std::vector<DlmmBin> m_bins;
    std::vector<Int128> m_prices; // Q64.64, one per bin of m_bins
    int m_activeId = 0;
    qint64 m_now = 0;
    qint64 m_lastUpdate = 0;
    int m_indexReference = 0;
    qint64 m_volatilityAccumulator = 0;
    qint64 m_volatilityReference = 0;
    double m_volatility = 0.0;
    double m_logOffset = 0.0; // logPrice() minus the active bin's, within half a bin
};

} // namespace OrderDesk
