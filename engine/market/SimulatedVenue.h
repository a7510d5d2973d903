#pragma once

#include "VenuePool.h"
#include "DexVenue.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <random>

namespace OrderDesk {

// Venue calls in flight across the venues that share it: the simulated RPC gateway's load, and
// the evidence that routing really asks the venues at the same time.
struct VenueLoad
{
    std::atomic<int> inFlight{0};
    std::atomic<int> peak{0};
};

// A simulated DEX (Raydium or Meteora): a pool per pair (constant product on Raydium, DLMM bins on
// Meteora) and RPC-like quote latency. Swaps execute when Chain lands their transaction (MarketSimulator::executeSwap, which
// prices a route on copies of the pools and stores them back); the landing delay, drops and
// expiry are the chain's.
//
// Thread-safe: workers quote concurrently while the chain executes swaps. The quote's sleep
// happens outside the lock, and its latency is drawn when the call starts, so a seeded venue
// draws the same latencies for the same sequence of calls however they overlap.
class SimulatedVenue : public DexVenue
{
public:
    SimulatedVenue(Venue venue, double latencyScale, quint64 seed,
                   std::shared_ptr<VenueLoad> load = {});

    Venue venue() const override { return m_venue; }
    VenueQuote quote(const Token &tokenIn, const Token &tokenOut, Int128 amountIn) override;
    VenueQuote indicativeQuote(const Token &tokenIn, const Token &tokenOut,
                               Int128 amountIn) const override;

    // Draws one quote latency (seconds, already scaled) from the venue's latency stream, for a
    // caller that waits without blocking a thread (orderdesk-market's /quote) and then answers
    // with indicativeQuote().
    double drawQuoteLatency();

    // Pool management and inspection, for the market simulator and the sim-control endpoints.
    bool addPool(const VenuePool &pool); // false if the pair already has one
    bool hasPool(const Token &a, const Token &b) const;
    // Replaces the pool of the same pair with `pool` (a copy a route was executed on).
    void storePool(const VenuePool &pool);
    std::optional<VenuePool> pool(const Token &a, const Token &b) const; // a copy
    QList<VenuePool> pools() const;
    QList<PoolListing> listings() const;
    // Replaces every pool at once: RemoteMarket's mirror of the venue streamed from the service.
    void setPools(const QList<VenuePool> &pools);
    std::optional<Int128> spotPrice(const Token &tokenIn, const Token &tokenOut) const;
    bool setSpotPrice(const Token &base, const Token &quote, Int128 price);
    // One market step: ticks every pool (VenuePool::tick), then moves each pool's price
    // by exp(logMoveFor(pool)) at constant k.
    void stepPools(const std::function<double(const VenuePool &)> &logMoveFor);

    double latencyScale() const;
    void setLatencyScale(double scale);

private:
    static QString pairKey(const Token &a, const Token &b);
    void sleepFor(double seconds) const;

    const Venue m_venue;
    mutable QMutex m_mutex;
    double m_latencyScale;
    std::mt19937_64 m_latencyRng;
    QHash<QString, VenuePool> m_pools;
    std::shared_ptr<VenueLoad> m_load;
};

} // namespace OrderDesk
