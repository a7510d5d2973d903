#pragma once

#include "DexVenue.h"
#include "DlmmPool.h"
#include "Order.h"
#include "Token.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <random>
#include <set>

class QTimer;

namespace OrderDesk {

class SimulatedVenue;
struct VenueLoad;

struct MarketConfig
{
    double latencyScale = 1.0;   // multiplies every venue delay; 0 removes them
    double failureRate = 0.05;   // probability that LocalMarket's chain drops a sent transaction
    std::optional<quint64> seed; // random when unset; seed() tells which one was drawn
    // Relative σ of one market step for SOL; a step stands for a second of market time, so
    // 0.00014 is SOL's ≈ 80 % a year (0.00014 × √31,557,600 s). Other tokens scale it: stables
    // barely move, mid caps ×1.4, memecoins ×2, fresh launches ×3.
    double volatility = DefaultVolatility;
    static constexpr double DefaultVolatility = 0.00014;
    // Chance per step that one pool on one venue is knocked a few percent off its venue's price
    // (a large trade elsewhere, a stale oracle); arbitrage closes it over the next steps.
    double dislocationChancePerStep = 1.0 / 300;
    // Chance per step of a market event nobody asked for: a new token launching on one venue,
    // and a launched token's liquidity arriving on the venue that did not have it yet. About one
    // launch every three minutes and one listing a minute at the default one-second steps.
    double launchChancePerStep = 1.0 / 180;
    double listingChancePerStep = 1.0 / 60;
    // LocalMarket's ledger lives here (market-ledger.db); empty: a temporary file that goes away
    // with the market (tests).
    QString dataDir;
};

// The simulated Solana DEX market: a Raydium venue (constant-product pools) and a Meteora venue
// (DLMM pools: price bins) with a pool for every pair of tokens, prices that drift as a random
// walk, and venues that disagree by a few tenths of a percent.
//
// Prices follow a model: each token has a fair USD value that walks (shared by the venues), and
// each venue quotes it with its own deviation that wanders around a persistent offset. Pools are
// pulled towards their venue's model price by arbitrage, so trades' impact fades over a few steps
// while the venues keep their different views.
//
// Same seed, same sequence of calls ⇒ same prices, walk and swap outcomes.
class MarketSimulator : public QObject
{
    Q_OBJECT

public:
    MarketSimulator(const MarketConfig &config, TokenRegistry &tokens, QObject *parent = nullptr);
    ~MarketSimulator() override;

    const MarketConfig &config() const { return m_config; }
    quint64 seed() const { return m_seed; }

    DexVenue *venue(Venue venue) const;
    QList<DexVenue *> venues() const;
    SimulatedVenue *simulatedVenue(Venue venue) const;

    // The chain's side of a swap (Chain lands it in a block): prices the transaction's route on
    // the pools as they are now and executes every leg, or none: nothing moves in between (the
    // model's lock), and a route that would fill past its bounds (less than minAmountOut out,
    // more than amountIn in) fails with slippage_exceeded and leaves every pool as it was. No
    // latency and no random failure: those belong to the chain.
    SubmitOutcome executeSwap(const SwapTransaction &transaction);

    // One random-walk step of every pool on both venues, and now and then a launch or a
    // listing (see MarketConfig). Any thread.
    void step();
    // A market clock on this object's thread: step n is due intervalMs × n after the start, and
    // a late timer runs every step it missed, so the number of steps (and with a seed the path
    // they draw) depends on the time elapsed only, never on how busy the threads were. 0 or less
    // stops.
    void startTicking(int intervalMs);
    qint64 stepsTaken() const;
    void stopTicking();
    bool isTicking() const;

    // tokenOut per whole tokenIn on `venue`, PriceScale decimals; nullopt without a pool.
    std::optional<Int128> spotPrice(Venue venue, const Token &tokenIn, const Token &tokenOut) const;
    // Moves that venue's pool so one whole `base` costs `price` `quote` (PriceScale), keeping k.
    // The venue keeps that view afterwards: the walk continues from the new price.
    bool setSpotPrice(Venue venue, const Token &base, const Token &quote, Int128 price);
    // Registers `token` and opens its pools against SOL and USDC on `venue` (both when unset),
    // with quoteLiquidityUsdcUnits of USDC (and the same value in SOL) on the quote side, at a
    // memecoin-like launch price. False when nothing was created.
    bool launchToken(const Token &token, std::optional<Venue> venue,
                     Int128 quoteLiquidityUsdcUnits);

    // The model's fair USD value of a token (no venue offset); nullopt for unknown tokens.
    std::optional<double> fairPriceUsd(const Token &token) const;

    // Venue quotes running at once, now and at most since the last reset.
    int venueCallsInFlight() const;
    int peakVenueCallsInFlight() const;
    void resetPeakVenueCallsInFlight();

Q_SIGNALS:
    void pricesMoved();
    void poolCreated(OrderDesk::Venue venue, QString tokenIn, QString tokenOut);

private:
    enum class TokenClass { Numeraire, Pegged, Major, Mid, Meme, Launched };
    struct TokenModel
    {
        Token token;
        TokenClass kind = TokenClass::Major;
        double referenceUsd = 1.0;
        double logFair = 0.0;
        std::array<double, 2> offset{};    // each venue's persistent view, ln
        std::array<double, 2> deviation{}; // each venue's current view, ln
    };
    struct PoolCreated
    {
        Venue venue;
        QString tokenA;
        QString tokenB;
    };

    static double volatilityMultiplier(TokenClass kind);
    static double tvlUsd(TokenClass a, TokenClass b);
    static double meteoraDepthShare(TokenClass a, TokenClass b);
    struct DlmmShape
    {
        DlmmParameters parameters;
        int binsPerSide = 40;
    };
    static DlmmShape dlmmShape(TokenClass a, TokenClass b);
    void addModel(const Token &token, TokenClass kind, double referenceUsd); // draws offsets
    struct RandomEvent
    {
        Token token;
        Venue venue = Venue::Raydium;
        Int128 liquidity = 0;
    };
    std::optional<RandomEvent> drawRandomEventLocked();
    double modelLogPrice(int index, Venue venue) const;
    std::optional<PoolCreated> createPool(Venue venue, int a, int b, double tvlUsd);
    QString biasKey(Venue venue, const Token &a, const Token &b) const;
    int modelIndexLocked(const Token &token) const; // -1 when unknown
    // Whether a launched token still lacks its USDC pool on a venue (a listing can come).
    void updateListingLocked(int index);

    const MarketConfig m_config;
    const quint64 m_seed;
    TokenRegistry &m_tokens;
    mutable QMutex m_mutex; // the model; taken before any venue's lock
    std::mt19937_64 m_rng;       // the walk: drawn by steps only, so a seed repeats the path
    std::mt19937_64 m_launchRng; // launches asked from outside, which come whenever they come
    std::atomic<qint64> m_steps{0};
    qint64 m_clockStartMs = 0;
    int m_clockIntervalMs = 0;
    std::shared_ptr<VenueLoad> m_load;
    std::array<std::unique_ptr<SimulatedVenue>, 2> m_venues;
    QList<TokenModel> m_model;
    QHash<QString, int> m_modelByMint; // every step looks up each pool's two tokens
    std::set<int> m_unlisted; // launched tokens without a USDC pool on some venue, by index
    QHash<QString, double> m_bias; // per venue and pool: a price set from outside that stays
    QTimer *m_timer = nullptr;
};

} // namespace OrderDesk
