#include "MarketSimulator.h"

#include "Base58.h"
#include "Logging.h"
#include "PoolMath.h"
#include "VenuePool.h"
#include "RouteMath.h"
#include "SimulatedVenue.h"

#include <QDateTime>
#include <QMutexLocker>
#include <QTimer>
#include <cmath>

namespace OrderDesk {

namespace {
// Per step: how much of a pool's gap to its venue's model price arbitrage closes, how fast a
// venue's view returns to its usual offset, how much of a token's volatility is venue-specific
// noise, and how hard a stablecoin is pulled back to its peg.
constexpr double ArbitrageReversion = 0.15;
constexpr double VenueReversion = 0.05;
constexpr double VenueNoiseShare = 0.3;
constexpr double PegReversion = 0.2;

constexpr double Ln10 = 2.302585092994045684;

int indexOf(Venue venue)
{
    return venue == Venue::Raydium ? 0 : 1;
}

// Raydium's standard AMM: 0.25 %.
const FeeModel RaydiumFees = FeeModel::fixed(2500);

quint64 randomSeed()
{
    std::random_device device;
    return (static_cast<quint64>(device()) << 32) | device();
}

Int128 unitsFor(double usd, double priceUsd, int decimals)
{
    return static_cast<Int128>(std::floor(usd / priceUsd * std::pow(10.0, decimals)));
}
} // namespace

MarketSimulator::MarketSimulator(const MarketConfig &config, TokenRegistry &tokens, QObject *parent)
    : QObject(parent), m_config(config), m_seed(config.seed.value_or(randomSeed())),
      m_tokens(tokens), m_rng(m_seed), m_launchRng(m_seed ^ 0x6c61756e6368ULL),
      m_load(std::make_shared<VenueLoad>()),
      m_timer(new QTimer(this))
{
    struct Reference
    {
        const char *symbol;
        TokenClass kind;
        double usd;
    };
    static const Reference references[] = {
        {"SOL", TokenClass::Major, 150.0}, {"USDC", TokenClass::Numeraire, 1.0},
        {"USDT", TokenClass::Pegged, 1.0}, {"BONK", TokenClass::Meme, 0.00002},
        {"JUP", TokenClass::Mid, 0.8},     {"RAY", TokenClass::Mid, 2.0},
        {"WIF", TokenClass::Meme, 2.5},     {"ETH", TokenClass::Mid, 3000.0},
        {"WBTC", TokenClass::Mid, 60000.0}, {"JTO", TokenClass::Mid, 3.0},
        {"PYTH", TokenClass::Mid, 0.4},
    };
    // The venues' own seeds (their quote latency streams) first, then the model.
    for (Venue venue : AllVenues) {
        m_venues[indexOf(venue)] =
            std::make_unique<SimulatedVenue>(venue, m_config.latencyScale, m_rng(), m_load);
    }
    for (const Token &token : m_tokens.all()) {
        const auto it =
            std::find_if(std::begin(references), std::end(references), [&](const Reference &r) {
                return token.symbol == QLatin1String(r.symbol);
            });
        if (it == std::end(references)) {
            qCWarning(lcMarket) << "no reference price for" << token.symbol << "; it gets no pools";
            continue;
        }
        addModel(token, it->kind, it->usd);
    }
    for (int i = 0; i < m_model.size(); ++i) {
        for (int j = i + 1; j < m_model.size(); ++j) {
            const double tvl = tvlUsd(m_model[i].kind, m_model[j].kind);
            const double meteoraShare = meteoraDepthShare(m_model[i].kind, m_model[j].kind);
            for (Venue venue : AllVenues) {
                const double jitter = std::uniform_real_distribution<double>(0.8, 1.25)(m_rng);
                createPool(venue, i, j,
                           tvl * (venue == Venue::Raydium ? 1.0 : meteoraShare) * jitter);
            }
        }
    }

    qCInfo(lcMarket).noquote() << QStringLiteral("simulated market: seed %1, %2 tokens, volatility "
                                                 "%3 per step, latency x%4, %5 of transactions dropped")
                                      .arg(m_seed)
                                      .arg(m_model.size())
                                      .arg(m_config.volatility)
                                      .arg(m_config.latencyScale)
                                      .arg(m_config.failureRate);
}

MarketSimulator::~MarketSimulator() = default;

double MarketSimulator::volatilityMultiplier(TokenClass kind)
{
    switch (kind) {
    case TokenClass::Numeraire:
        return 0.0;
    case TokenClass::Pegged:
        return 0.02;
    case TokenClass::Major:
        return 1.0;
    case TokenClass::Mid:
        return 1.4;
    case TokenClass::Meme:
        return 2.0;
    case TokenClass::Launched:
        return 3.0;
    }
    return 1.0;
}

// Raydium's depth (USD, both sides) for a pair, shaped on Solana's real pools: SOL/USDC and the
// stable pair are deep, majors against memecoins are middling, crosses of small tokens thin.
double MarketSimulator::tvlUsd(TokenClass a, TokenClass b)
{
    const auto rank = [](TokenClass kind) {
        switch (kind) {
        case TokenClass::Major:
            return 0;
        case TokenClass::Numeraire:
            return 1;
        case TokenClass::Pegged:
            return 2;
        case TokenClass::Mid:
            return 3;
        default:
            return 4; // memecoins, launched tokens
        }
    };
    // Rows and columns: SOL, USDC, USDT, mid caps (JUP, RAY, ETH, WBTC, JTO, PYTH), memecoins
    // (BONK, WIF).
    static const double table[5][5] = {
        {0, 40e6, 8e6, 4e6, 6e6},          {40e6, 0, 20e6, 2.5e6, 3e6},
        {8e6, 20e6, 0, 0.6e6, 0.5e6},      {4e6, 2.5e6, 0.6e6, 0.4e6, 0.25e6},
        {6e6, 3e6, 0.5e6, 0.25e6, 0.15e6},
    };
    return table[rank(a)][rank(b)];
}

// Meteora's depth relative to Raydium's: thinner on the majors, deeper on memecoins, where its
// dynamic-fee pools are popular.
double MarketSimulator::meteoraDepthShare(TokenClass a, TokenClass b)
{
    const auto meme = [](TokenClass kind) {
        return kind == TokenClass::Meme || kind == TokenClass::Launched;
    };
    const auto major = [](TokenClass kind) {
        return kind == TokenClass::Major || kind == TokenClass::Numeraire ||
               kind == TokenClass::Pegged;
    };
    if (meme(a) || meme(b))
        return 1.3;
    if (major(a) && major(b))
        return 0.6;
    return 0.8;
}

void MarketSimulator::addModel(const Token &token, TokenClass kind, double referenceUsd)
{
    TokenModel model;
    model.token = token;
    model.kind = kind;
    model.referenceUsd = referenceUsd;
    model.logFair = std::log(referenceUsd);
    if (kind != TokenClass::Numeraire) {
        // Each venue 0.05–0.25 % off the reference, on opposite sides, so they disagree by a
        // few tenths of a percent (a stablecoin by 1–5 bps): what arbitrage leaves after fees.
        const bool pegged = kind == TokenClass::Pegged;
        std::uniform_real_distribution<double> size(pegged ? 0.00005 : 0.0005, pegged ? 0.00025 : 0.0025);
        std::mt19937_64 &rng = kind == TokenClass::Launched ? m_launchRng : m_rng;
        const double sign = std::bernoulli_distribution(0.5)(rng) ? 1.0 : -1.0;
        const double raydium = size(rng);
        const double meteora = size(rng);
        model.offset[0] = sign * raydium;
        model.offset[1] = -sign * meteora;
        model.deviation = model.offset;
    }
    m_modelByMint.insert(token.mint, int(m_model.size()));
    m_model.append(model);
}

int MarketSimulator::modelIndexLocked(const Token &token) const
{
    return m_modelByMint.value(token.mint, -1);
}

void MarketSimulator::updateListingLocked(int index)
{
    const TokenModel &model = m_model.at(index);
    bool unlisted = false;
    if (model.kind == TokenClass::Launched) {
        for (Venue venue : AllVenues)
            unlisted = unlisted || !m_venues[indexOf(venue)]->hasPool(model.token, TokenRegistry::usdc());
    }
    if (unlisted)
        m_unlisted.insert(index);
    else
        m_unlisted.erase(index);
}

double MarketSimulator::modelLogPrice(int index, Venue venue) const
{
    return m_model[index].logFair + m_model[index].deviation[indexOf(venue)];
}

QString MarketSimulator::biasKey(Venue venue, const Token &a, const Token &b) const
{
    return toString(venue) + QLatin1Char('/') + a.mint + QLatin1Char('/') + b.mint;
}

// Meteora's DLMM pools: bins of 1 bp on the stable pair, 0.5 % on memecoins, 0.25 % otherwise
// (the SOL/USDC step of Meteora's docs), each side of the active bin 40 (the stable pair 50)
// bins deep — ±10 % (memecoins ±20 %), room for days of market time at their volatility. Fees: 0.1 % base plus the
// variable fee with the volatility parameters of Meteora's own SDK tests, 0.5 % at most.
MarketSimulator::DlmmShape MarketSimulator::dlmmShape(TokenClass a, TokenClass b)
{
    const auto stable = [](TokenClass kind) { return kind == TokenClass::Numeraire || kind == TokenClass::Pegged; };
    const auto meme = [](TokenClass kind) { return kind == TokenClass::Meme || kind == TokenClass::Launched; };
    DlmmShape shape;
    shape.parameters.binStepBps = stable(a) && stable(b) ? 1 : meme(a) || meme(b) ? 50 : 25;
    shape.binsPerSide = stable(a) && stable(b) ? 50 : 40;
    return shape;
}

std::optional<MarketSimulator::PoolCreated> MarketSimulator::createPool(Venue venue, int a, int b,
                                                                        double tvlUsd)
{
    const TokenModel &ta = m_model[a];
    const TokenModel &tb = m_model[b];
    const double priceA = std::exp(modelLogPrice(a, venue));
    const double priceB = std::exp(modelLogPrice(b, venue));
    const Int128 reserveA = unitsFor(tvlUsd / 2, priceA, ta.token.decimals);
    const Int128 reserveB = unitsFor(tvlUsd / 2, priceB, tb.token.decimals);
    std::optional<VenuePool> created;
    if (venue == Venue::Raydium) {
        created = VenuePool(ConstantProductPool(ta.token, tb.token, reserveA, reserveB, RaydiumFees));
    } else {
        const DlmmShape shape = dlmmShape(ta.kind, tb.kind);
        if (auto dlmm = DlmmPool::withUniformLiquidity(ta.token, tb.token, reserveA, reserveB,
                                                       shape.binsPerSide, shape.parameters)) {
            created = VenuePool(std::move(*dlmm));
        }
    }
    if (!created)
        return std::nullopt;
    VenuePool &pool = *created;
    const double ma = volatilityMultiplier(ta.kind);
    const double mb = volatilityMultiplier(tb.kind);
    pool.setVolatility(m_config.volatility * std::sqrt(ma * ma + mb * mb));
    if (pool.reserveA() <= 0 || pool.reserveB() <= 0 || !m_venues[indexOf(venue)]->addPool(pool))
        return std::nullopt;
    return PoolCreated{venue, ta.token.symbol, tb.token.symbol};
}

DexVenue *MarketSimulator::venue(Venue venue) const
{
    return m_venues[indexOf(venue)].get();
}

QList<DexVenue *> MarketSimulator::venues() const
{
    return {m_venues[0].get(), m_venues[1].get()};
}

SimulatedVenue *MarketSimulator::simulatedVenue(Venue venue) const
{
    return m_venues[indexOf(venue)].get();
}

namespace {
SubmitOutcome swapFailure(const QString &code, const QString &message, bool permanent)
{
    SubmitOutcome outcome;
    outcome.error = {code, message, permanent};
    return outcome;
}

QString amountText(Int128 amount, const Token &token)
{
    return Decimal::format(amount, token.decimals) + QLatin1Char(' ') + token.symbol;
}

QString poolKey(Venue venue, const Token &a, const Token &b)
{
    return toString(venue) + QLatin1Char('/') + std::min(a.mint, b.mint) + QLatin1Char('/')
           + std::max(a.mint, b.mint);
}
} // namespace

SubmitOutcome MarketSimulator::executeSwap(const SwapTransaction &tx)
{
    // Held from the first look at the pools to the last write: no market step, price set or
    // launch comes between the check of the bounds and the swaps.
    QMutexLocker locker(&m_mutex);
    const QList<RouteLeg> plan = tx.plan();
    QHash<QString, VenuePool> pools;
    for (const RouteLeg &leg : plan) {
        const std::optional<VenuePool> pool =
            m_venues[indexOf(leg.venue)]->pool(leg.tokenIn, leg.tokenOut);
        if (leg.tokenIn == leg.tokenOut || !pool) {
            return swapFailure(QStringLiteral("no_pool"),
                               QStringLiteral("no pool for %1/%2 on %3")
                                   .arg(leg.tokenIn.symbol, leg.tokenOut.symbol, toString(leg.venue)),
                               true);
        }
        pools.insert(poolKey(leg.venue, leg.tokenIn, leg.tokenOut), *pool);
    }
    const LegQuoter quoter = [&pools](Venue venue, const Token &in, const Token &out, Int128 amount) {
        VenueQuote quote = pools.value(poolKey(venue, in, out)).quote(in, amount);
        quote.venue = venue;
        return quote;
    };
    const bool exactIn = tx.swapMode == SwapMode::ExactIn;
    const RouteOutcome route =
        RouteMath::evaluate(plan, tx.swapMode, exactIn ? tx.amountIn : tx.minAmountOut, quoter);
    if (!route.ok) {
        // ExactIn: this input cannot be swapped at all. ExactOut: the pools cannot deliver the
        // amount now, which a later attempt may find they can.
        return swapFailure(exactIn ? QStringLiteral("invalid_amount") : QStringLiteral("slippage_exceeded"),
                           route.reason, exactIn);
    }
    if (route.amountOut < tx.minAmountOut) {
        return swapFailure(QStringLiteral("slippage_exceeded"),
                           QStringLiteral("slippage exceeded: expected at least %1, would receive %2")
                               .arg(amountText(tx.minAmountOut, tx.tokenOut),
                                    amountText(route.amountOut, tx.tokenOut)),
                           false);
    }
    if (route.amountIn > tx.amountIn) {
        return swapFailure(QStringLiteral("slippage_exceeded"),
                           QStringLiteral("slippage exceeded: at most %1 in, would need %2")
                               .arg(amountText(tx.amountIn, tx.tokenIn),
                                    amountText(route.amountIn, tx.tokenIn)),
                           false);
    }
    // Every leg on its own pool (RouteMath refuses a route that uses one twice), each priced on
    // the state before the route: swapping them in turn gives exactly those amounts.
    for (const RouteLeg &leg : route.legs) {
        VenuePool &pool = pools[poolKey(leg.venue, leg.tokenIn, leg.tokenOut)];
        pool.swap(leg.tokenIn, leg.amountIn);
        m_venues[indexOf(leg.venue)]->storePool(pool);
    }
    SubmitOutcome outcome;
    outcome.executed = true;
    outcome.amountIn = route.amountIn;
    outcome.amountOut = route.amountOut;
    outcome.legs = route.legs;
    const int exponent = PriceScale + tx.tokenIn.decimals - tx.tokenOut.decimals;
    outcome.executedPrice =
        exponent >= 0
            ? PoolMath::mulDiv(route.amountOut, Decimal::pow10(exponent), route.amountIn).value_or(0)
            : PoolMath::mulDiv(route.amountOut, 1, route.amountIn * Decimal::pow10(-exponent)).value_or(0);
    return outcome;
}

void MarketSimulator::step()
{
    std::optional<RandomEvent> event;
    {
        QMutexLocker locker(&m_mutex);
        std::normal_distribution<double> normal(0.0, 1.0);
        QList<std::array<double, 2>> before;
        for (int i = 0; i < m_model.size(); ++i)
            before.append({modelLogPrice(i, Venue::Raydium), modelLogPrice(i, Venue::Meteora)});

        for (TokenModel &model : m_model) {
            if (model.kind == TokenClass::Numeraire)
                continue;
            const double sigma = m_config.volatility * volatilityMultiplier(model.kind);
            const double pull = model.kind == TokenClass::Pegged
                                    ? PegReversion * (model.logFair - std::log(model.referenceUsd))
                                    : 0.0;
            model.logFair += -pull + sigma * normal(m_rng);
            for (int v = 0; v < 2; ++v) {
                model.deviation[v] += -VenueReversion * (model.deviation[v] - model.offset[v]) +
                                      VenueNoiseShare * sigma * normal(m_rng);
            }
        }

        for (Venue venue : AllVenues) {
            const int v = indexOf(venue);
            m_venues[v]->stepPools([&](const VenuePool &pool) {
                const int a = modelIndexLocked(pool.tokenA());
                const int b = modelIndexLocked(pool.tokenB());
                if (a < 0 || b < 0)
                    return 0.0;
                const double bias = m_bias.isEmpty()
                                        ? 0.0
                                        : m_bias.value(biasKey(venue, pool.tokenA(), pool.tokenB()));
                const double targetBefore = before[a][v] - before[b][v] + bias;
                const double targetAfter = modelLogPrice(a, venue) - modelLogPrice(b, venue) + bias;
                const double gap = pool.logPrice() - targetBefore;
                return targetAfter - targetBefore - ArbitrageReversion * gap;
            });
        }
        // Now and then one pool is knocked 2–4 % off its venue's price; the arbitrage pull above
        // closes it over the following steps (about 15 % of the gap a step).
        std::uniform_real_distribution<double> chance(0.0, 1.0);
        if (chance(m_rng) < m_config.dislocationChancePerStep) {
            const int v = chance(m_rng) < 0.5 ? 0 : 1;
            const double size = (0.02 + 0.02 * chance(m_rng)) * (chance(m_rng) < 0.5 ? -1 : 1);
            QList<VenuePool> pools = m_venues[v]->pools();
            std::sort(pools.begin(), pools.end(), [](const VenuePool &a, const VenuePool &b) {
                return std::pair(a.tokenA().mint, a.tokenB().mint) < std::pair(b.tokenA().mint, b.tokenB().mint);
            });
            if (!pools.isEmpty()) {
                VenuePool pool = pools.at(std::min<int>(pools.size() - 1, int(chance(m_rng) * pools.size())));
                if (pool.movePrice(size))
                    m_venues[v]->storePool(pool);
            }
        }
        event = drawRandomEventLocked();
        ++m_steps;
    }
    Q_EMIT pricesMoved();
    if (event)
        launchToken(event->token, event->venue, event->liquidity);
}

std::optional<MarketSimulator::RandomEvent> MarketSimulator::drawRandomEventLocked()
{
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    const Venue venue = chance(m_rng) < 0.5 ? Venue::Raydium : Venue::Meteora;
    // Launch liquidity of a new Solana token: $20k to $500k, log-uniform.
    const double liquidityUsd = std::exp(std::uniform_real_distribution<double>(
        std::log(20'000.0), std::log(500'000.0))(m_rng));
    const Int128 liquidity = Int128(liquidityUsd) * Decimal::pow10(TokenRegistry::usdc().decimals);

    if (chance(m_rng) < m_config.launchChancePerStep) {
        static const char *const Stems[] = {"MOON", "PEPE", "CAT", "FROG", "BONG", "WOOF",
                                            "GIGA", "SEND", "HYPE", "PUMP", "ZOOM", "NEKO"};
        static const char *const Tails[] = {"", "AI", "INU", "SOL", "X", "KING", "DAO", "FI"};
        const QString symbol =
            QString::fromLatin1(Stems[std::uniform_int_distribution<int>(0, 11)(m_rng)])
            + QString::fromLatin1(Tails[std::uniform_int_distribution<int>(0, 7)(m_rng)])
            + QString::number(std::uniform_int_distribution<int>(2, 99)(m_rng));
        if (m_tokens.find(symbol))
            return std::nullopt;
        QByteArray mint(32, Qt::Uninitialized);
        for (char &byte : mint)
            byte = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(m_rng));
        return RandomEvent{{symbol, Base58::encode(mint), 6}, venue, liquidity};
    }
    if (chance(m_rng) < m_config.listingChancePerStep) {
        // A launched token that trades on one venue only gets liquidity on the other: the first
        // one launched, as a scan of every token in launch order would find it.
        if (!m_unlisted.empty()) {
            const Token &token = m_model.at(*m_unlisted.begin()).token;
            for (Venue other : AllVenues) {
                if (!m_venues[indexOf(other)]->hasPool(token, TokenRegistry::usdc()))
                    return RandomEvent{token, other, liquidity};
            }
        }
    }
    return std::nullopt;
}

void MarketSimulator::startTicking(int intervalMs)
{
    if (intervalMs <= 0) {
        stopTicking();
        return;
    }
    m_clockStartMs = QDateTime::currentMSecsSinceEpoch();
    m_clockIntervalMs = intervalMs;
    const qint64 base = m_steps;
    m_timer->disconnect(this);
    connect(m_timer, &QTimer::timeout, this, [this, base] {
        const qint64 due = base + (QDateTime::currentMSecsSinceEpoch() - m_clockStartMs) / m_clockIntervalMs;
        while (m_steps < due)
            step();
    });
    m_timer->start(intervalMs);
}

qint64 MarketSimulator::stepsTaken() const
{
    return m_steps;
}

void MarketSimulator::stopTicking()
{
    m_timer->stop();
}

bool MarketSimulator::isTicking() const
{
    return m_timer->isActive();
}

std::optional<Int128> MarketSimulator::spotPrice(Venue venue, const Token &tokenIn,
                                                 const Token &tokenOut) const
{
    return m_venues[indexOf(venue)]->spotPrice(tokenIn, tokenOut);
}

bool MarketSimulator::setSpotPrice(Venue venue, const Token &base, const Token &quote, Int128 price)
{
    {
        QMutexLocker locker(&m_mutex);
        SimulatedVenue &target = *m_venues[indexOf(venue)];
        if (!target.setSpotPrice(base, quote, price))
            return false;
        const std::optional<VenuePool> pool = target.pool(base, quote);
        const int a = modelIndexLocked(pool->tokenA());
        const int b = modelIndexLocked(pool->tokenB());
        // Remember the move as this venue's view of the pair, or arbitrage would undo it.
        if (a >= 0 && b >= 0) {
            m_bias.insert(biasKey(venue, pool->tokenA(), pool->tokenB()),
                          pool->logPrice() - (modelLogPrice(a, venue) - modelLogPrice(b, venue)));
        }
        qCInfo(lcMarket).noquote() << toString(venue) << base.symbol << "set to"
                                   << Decimal::format(price, PriceScale) << quote.symbol;
    }
    Q_EMIT pricesMoved();
    return true;
}

bool MarketSimulator::launchToken(const Token &token, std::optional<Venue> venue,
                                  Int128 quoteLiquidityUsdcUnits)
{
    if (!token.isValid() || token.mint.isEmpty() || token.decimals < 0 || token.decimals > 18 ||
        quoteLiquidityUsdcUnits <= 0 || token == TokenRegistry::sol() ||
        token == TokenRegistry::usdc()) {
        return false;
    }
    QList<PoolCreated> created;
    {
        QMutexLocker locker(&m_mutex);
        if (!m_tokens.add(token))
            return false;
        int index = modelIndexLocked(token);
        const int sol = modelIndexLocked(TokenRegistry::sol());
        const int usdc = modelIndexLocked(TokenRegistry::usdc());
        if (sol < 0 || usdc < 0)
            return false;
        if (index < 0) {
            // Launch prices of Solana memecoins: a fraction of a cent, log-uniform.
            const double launchUsd =
                std::exp(std::uniform_real_distribution<double>(-5 * Ln10, -3 * Ln10)(m_launchRng));
            addModel(token, TokenClass::Launched, launchUsd);
            index = m_model.size() - 1;
        }
        const double liquidityUsd = static_cast<double>(quoteLiquidityUsdcUnits) /
                                    std::pow(10.0, TokenRegistry::usdc().decimals);
        for (Venue v : AllVenues) {
            if (venue && *venue != v)
                continue;
            for (int quote : {sol, usdc}) {
                if (const auto pool = createPool(v, index, quote, 2 * liquidityUsd))
                    created.append(*pool);
            }
        }
        updateListingLocked(index);
        if (!created.isEmpty()) {
            qCInfo(lcMarket).noquote()
                << "launched" << token.symbol << "at" << std::exp(m_model[index].logFair)
                << "USD with" << liquidityUsd << "USD of liquidity per pool," << created.size()
                << "pools";
        }
    }
    for (const PoolCreated &pool : std::as_const(created))
        Q_EMIT poolCreated(pool.venue, pool.tokenA, pool.tokenB);
    return !created.isEmpty();
}

std::optional<double> MarketSimulator::fairPriceUsd(const Token &token) const
{
    QMutexLocker locker(&m_mutex);
    const int index = modelIndexLocked(token);
    if (index < 0)
        return std::nullopt;
    return std::exp(m_model.at(index).logFair);
}

int MarketSimulator::venueCallsInFlight() const
{
    return m_load->inFlight.load();
}

int MarketSimulator::peakVenueCallsInFlight() const
{
    return m_load->peak.load();
}

void MarketSimulator::resetPeakVenueCallsInFlight()
{
    m_load->peak.store(m_load->inFlight.load());
}

} // namespace OrderDesk
