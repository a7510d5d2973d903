#include "ConstantProductPool.h"
#include "VenuePool.h"
#include "DexVenue.h"
#include "LocalMarket.h"
#include "MarketSimulator.h"
#include "RouteMath.h"
#include "Router.h"
#include "SimulatedVenue.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace OrderDesk;

namespace {
MarketConfig quietMarket(quint64 seed)
{
    MarketConfig config;
    config.latencyScale = 0;
    config.failureRate = 0;
    config.seed = seed;
    config.launchChancePerStep = 0;
    config.listingChancePerStep = 0;
    return config;
}

Order marketOrder(const Token &in, const Token &out, Int128 amount, int slippageBps = 50)
{
    Order order;
    order.id = QStringLiteral("order-1");
    order.tokenIn = in;
    order.tokenOut = out;
    order.amountIn = amount;
    order.slippageBps = slippageBps;
    return order;
}

Order buyOrder(const Token &in, const Token &out, Int128 amountOut, int slippageBps = 50)
{
    Order order = marketOrder(in, out, amountOut, slippageBps);
    order.swapMode = SwapMode::ExactOut;
    order.side = OrderSide::Buy;
    return order;
}

QString str(Int128 value)
{
    return Decimal::toString(value);
}

QString key(Venue venue, const Token &a, const Token &b)
{
    return toString(venue) + QLatin1Char('/') + std::min(a.mint, b.mint) + QLatin1Char('/')
           + std::max(a.mint, b.mint);
}

// Pools held by the test: the state a route is priced on, and executed on by hand.
struct PoolSet
{
    QHash<QString, VenuePool> pools;

    void add(Venue venue, const VenuePool &pool)
    {
        pools.insert(key(venue, pool.tokenA(), pool.tokenB()), pool);
    }
    LegQuoter quoter() const
    {
        return [this](Venue venue, const Token &in, const Token &out, Int128 amount) {
            VenueQuote quote;
            const auto it = pools.constFind(key(venue, in, out));
            if (it == pools.cend())
                quote.unavailableReason = QStringLiteral("no pool");
            else
                quote = it->quote(in, amount);
            quote.venue = venue;
            return quote;
        };
    }
};

Int128 whole(double amount, const Token &token)
{
    return static_cast<Int128>(amount * std::pow(10.0, token.decimals));
}

RouteDecision decided(const std::variant<RouteDecision, OrderError> &result)
{
    if (const auto *error = std::get_if<OrderError>(&result))
        qFatal("no route: %s", qPrintable(error->message));
    return std::get<RouteDecision>(result);
}
} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

    TokenRegistry m_tokens;
    Token m_sol = TokenRegistry::sol();
    Token m_usdc = TokenRegistry::usdc();
    Token m_usdt = *m_tokens.find(QStringLiteral("USDT"));
    Token m_bonk = *m_tokens.find(QStringLiteral("BONK"));

    Router::Limits limits(int maxImpactBps = 1000) const
    {
        return {maxImpactBps, {m_sol, m_usdc, m_usdt}};
    }

    // Seeded random pools: SOL/USDC, SOL/USDT, USDC/USDT and BONK against SOL on both venues,
    // BONK/USDC on one of them now and then, at prices a few tenths of a percent apart, depths
    // a factor of 20 apart. Raydium's are constant product; Meteora's are DLMM pools with bins of
    // 0.1–0.5 %, 10 to 40 of them each side, and a base fee anywhere in 0.1–0.3 %.
    PoolSet randomPools(std::mt19937_64 &rng) const
    {
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const auto depth = [&](double usd) { return usd * std::exp(std::log(20.0) * (unit(rng) - 0.5)); };
        const auto off = [&] { return 1.0 + (unit(rng) - 0.5) * 0.01; };
        PoolSet set;
        const auto pair = [&](const Token &a, double usdA, const Token &b, double usdB, double tvl) {
            for (Venue venue : AllVenues) {
                const double side = depth(tvl) / 2;
                const Int128 reserveA = whole(side / (usdA * off()), a);
                const Int128 reserveB = whole(side / usdB, b);
                if (venue == Venue::Raydium) {
                    set.add(venue, ConstantProductPool(a, b, reserveA, reserveB, FeeModel::fixed(2500)));
                    continue;
                }
                DlmmParameters parameters;
                parameters.binStepBps = 10 + int(unit(rng) * 40);
                parameters.baseFeeRate = 1'000'000 + qint64(unit(rng) * 2'000'000);
                set.add(venue, *DlmmPool::withUniformLiquidity(a, b, reserveA, reserveB,
                                                               10 + int(unit(rng) * 30), parameters));
            }
        };
        pair(m_sol, 150, m_usdc, 1, 20e6);
        pair(m_sol, 150, m_usdt, 1, 4e6);
        pair(m_usdc, 1, m_usdt, 1, 10e6);
        pair(m_bonk, 0.00002, m_sol, 150, 3e6);
        if (unit(rng) < 0.5) {
            const Venue venue = unit(rng) < 0.5 ? Venue::Raydium : Venue::Meteora;
            set.add(venue, ConstantProductPool(m_bonk, m_usdc, whole(5e5 / 0.00002, m_bonk),
                                               whole(5e5, m_usdc), FeeModel::fixed(2500)));
        }
        return set;
    }

private Q_SLOTS:
    void sharesSplitExactly()
    {
        const QList<Int128> parts = RouteMath::splitByShares(1'000'001, {333'333, 666'667});
        QCOMPARE(str(parts[0]), QStringLiteral("333333")); // floor(1,000,001 × 0.333333)
        QCOMPARE(str(parts[1]), QStringLiteral("666668")); // the rest: nothing lost or made
        const Int128 huge = Int128(1) << 100;
        const QList<Int128> big = RouteMath::splitByShares(huge, {1, 999'999});
        QCOMPARE(str(big[0] + big[1]), str(huge));
    }

    void exactOutRoundsTheVenuesWay()
    {
        PoolSet set;
        set.add(Venue::Raydium, ConstantProductPool(m_sol, m_usdc, whole(1000, m_sol),
                                                    whole(150000, m_usdc), FeeModel::fixed(2500)));
        const Int128 wanted = whole(150, m_usdc);
        const auto found = RouteMath::minimalInput(set.quoter(), Venue::Raydium, m_sol, m_usdc, wanted);
        QVERIFY(found);
        QVERIFY(found->amountOut >= wanted);
        // One lamport less does not deliver it: the input is the least, rounded up.
        const VenueQuote less = set.quoter()(Venue::Raydium, m_sol, m_usdc, found->amountIn - 1);
        QVERIFY(less.amountOut < wanted);
        // Raydium's own SwapBaseOut gives the same input within the fee's rounding:
        // in0 = ceil(1e12 × 150e6 / (150e9 − 150e6)) = 1,001,001,002; in = ceil(in0 / 0.9975).
        const Int128 in0 = (Int128(1'000'000'000'000) * 150'000'000 + 149'850'000'000 - 1) / 149'850'000'000;
        const Int128 in = (in0 * 10'000 + 9'974) / 9'975;
        QVERIFY2(found->amountIn <= in && found->amountIn >= in - 1,
                 qPrintable(str(found->amountIn) + QStringLiteral(" vs ") + str(in)));
        // Nothing delivers more than the pool holds.
        QVERIFY(!RouteMath::minimalInput(set.quoter(), Venue::Raydium, m_sol, m_usdc,
                                         whole(150000, m_usdc)));
    }

    void splitBeatsEitherVenueOnALargeOrder()
    {
        // Two equal pools: half on each is best, and it pays much more than one pool.
        PoolSet set;
        for (Venue venue : AllVenues) {
            set.add(venue, ConstantProductPool(m_sol, m_usdc, whole(1000, m_sol),
                                               whole(150000, m_usdc), FeeModel::fixed(2500)));
        }
        const Order order = marketOrder(m_sol, m_usdc, whole(100, m_sol));
        const RouteDecision decision = decided(Router::decide(order, set.quoter(), {}, limits(2000)));
        QCOMPARE(decision.kind, QStringLiteral("split"));
        QCOMPARE(decision.legs.size(), 2);
        // About half each (shares next to 50 % can round to the same output).
        QVERIFY2(std::abs(decision.legs[0].sharePpm - 500'000) <= 100,
                 qPrintable(QString::number(decision.legs[0].sharePpm)));
        // 50 SOL into each pool: floor(150e9 × 49.875e9 / 1049.875e9) = 7,125,848,315 each,
        // against 13,605,364,855 for all 100 SOL in one (docs/ROUTING.md works it through).
        QCOMPARE(str(decision.amountOut), QStringLiteral("14251696630"));
        QVERIFY2(decision.reason.contains(QStringLiteral("split")), qPrintable(decision.reason));
        QVERIFY(decision.reason.contains(QStringLiteral("bps")));
        // Two venues and the split; no path through USDT has pools, so no two-hop candidate.
        QCOMPARE(decision.candidates.size(), 3);
    }

    void smallOrdersStayOnOneVenue()
    {
        PoolSet set;
        for (Venue venue : AllVenues) {
            set.add(venue, ConstantProductPool(m_sol, m_usdc, whole(1000, m_sol),
                                               whole(150000, m_usdc), FeeModel::fixed(2500)));
        }
        // 0.001 SOL: a split gains less than the modelled cost of the extra leg.
        const RouteDecision decision =
            decided(Router::decide(marketOrder(m_sol, m_usdc, whole(0.001, m_sol)), set.quoter(), {}, limits()));
        QCOMPARE(decision.kind, QStringLiteral("single"));
        QCOMPARE(toString(decision.venue), QStringLiteral("raydium")); // equal: Raydium
    }

    void twoHopsWhenThereIsNoDirectPool()
    {
        PoolSet set;
        set.add(Venue::Raydium, ConstantProductPool(m_bonk, m_sol, whole(1e11, m_bonk),
                                                    whole(13333, m_sol), FeeModel::fixed(2500)));
        set.add(Venue::Meteora, ConstantProductPool(m_sol, m_usdc, whole(1000, m_sol),
                                                    whole(150000, m_usdc), FeeModel::fixed(1000)));
        const Order order = marketOrder(m_bonk, m_usdc, whole(1e6, m_bonk));
        const RouteDecision decision = decided(Router::decide(order, set.quoter(), {}, limits()));
        QCOMPARE(decision.kind, QStringLiteral("two-hop"));
        QCOMPARE(decision.path, QStringLiteral("BONK→SOL→USDC"));
        QCOMPARE(decision.legs.size(), 2);
        QCOMPARE(toString(decision.legs[0].venue), QStringLiteral("raydium"));
        QCOMPARE(toString(decision.legs[1].venue), QStringLiteral("meteora"));
        // The second hop swaps exactly what the first returned.
        QCOMPARE(str(decision.legs[1].amountIn), str(decision.legs[0].amountOut));
        QCOMPARE(str(decision.amountOut), str(decision.legs[1].amountOut));
        QVERIFY(decision.unwrapSol == false && decision.wrapSol == false);
    }

    void thePriceImpactGuardRefusesAndReportsImpactApartFromTheFee()
    {
        PoolSet set;
        set.add(Venue::Raydium, ConstantProductPool(m_sol, m_usdc, whole(1000, m_sol),
                                                    whole(150000, m_usdc), FeeModel::fixed(2500)));
        // 1.5 SOL into 1000: the fee is 25 bps and the impact alone 1.49625 / 1001.49625 ≈ 14.9
        // bps, each reported on its own.
        const RouteDecision small =
            decided(Router::decide(marketOrder(m_sol, m_usdc, whole(1.5, m_sol)), set.quoter(), {}, limits()));
        QCOMPARE(small.legs[0].feePpm, 2500);
        QVERIFY2(small.legs[0].priceImpactPpm >= 1490 && small.legs[0].priceImpactPpm <= 1495,
                 qPrintable(QString::number(small.legs[0].priceImpactPpm)));

        // 1e12 SOL would drain the pool: refused, permanently, naming the guard.
        const auto huge = Router::decide(marketOrder(m_sol, m_usdc, whole(1e12, m_sol)), set.quoter(), {}, limits());
        const auto *error = std::get_if<OrderError>(&huge);
        QVERIFY(error);
        QCOMPARE(error->code, QStringLiteral("price_impact_too_high"));
        QVERIFY(error->permanent);
        QVERIFY2(error->message.contains(QStringLiteral("1000 bps")), qPrintable(error->message));
        // 100 SOL moves the pool ~9 %: under a 10 % guard it passes, under 5 % it does not.
        const Order hundred = marketOrder(m_sol, m_usdc, whole(100, m_sol));
        QVERIFY(std::holds_alternative<RouteDecision>(Router::decide(hundred, set.quoter(), {}, limits(1000))));
        QVERIFY(std::holds_alternative<OrderError>(Router::decide(hundred, set.quoter(), {}, limits(500))));
    }

    void theGuardLeavesTheMarketsPoolsUntouched()
    {
        LocalMarket market(quietMarket(31), m_tokens);
        QString error;
        QVERIFY2(market.open(&error), qPrintable(error));
        Router router(market, 2, limits());
        const auto before = market.simulator().simulatedVenue(Venue::Raydium)->pool(m_sol, m_usdc);
        const auto meteoraBefore = market.simulator().simulatedVenue(Venue::Meteora)->pool(m_sol, m_usdc);
        const auto routed = router.route(marketOrder(m_sol, m_usdc, whole(1e12, m_sol)));
        QVERIFY(std::holds_alternative<OrderError>(routed));
        QCOMPARE(std::get<OrderError>(routed).code, QStringLiteral("price_impact_too_high"));
        const auto after = market.simulator().simulatedVenue(Venue::Raydium)->pool(m_sol, m_usdc);
        QCOMPARE(str(after->reserveA()), str(before->reserveA()));
        QCOMPARE(str(after->reserveB()), str(before->reserveB()));
        QCOMPARE(market.simulator().simulatedVenue(Venue::Meteora)->pool(m_sol, m_usdc)->toJson(), meteoraBefore->toJson());
        // A normal order right after is routed as usual.
        QVERIFY(std::holds_alternative<RouteDecision>(router.route(marketOrder(m_sol, m_usdc, whole(1, m_sol)))));
    }

    // Property: over seeded random pools and order sizes from dust to a few % of a pool, the
    // chosen route never returns less than any single venue; the split is within tolerance of
    // a brute-force search; ExactOut delivers at least the amount and never needs more than its
    // bound.
    void routesAreNeverWorseThanOneVenue()
    {
        std::mt19937_64 rng(12);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        int splits = 0, twoHops = 0, checked = 0;
        for (int round = 0; round < 120; ++round) {
            const PoolSet set = randomPools(rng);
            const bool bonk = round % 3 == 2;
            const Token in = bonk ? m_bonk : m_sol;
            const Token out = m_usdc;
            const double usd = std::exp(std::log(10.0) + unit(rng) * std::log(2e5)); // $10 .. $2M
            const Int128 amount = whole(usd / (bonk ? 0.00002 : 150.0), in);
            const auto result = Router::decide(marketOrder(in, out, amount), set.quoter(), {}, limits(10'000));
            QVERIFY(std::holds_alternative<RouteDecision>(result));
            const RouteDecision decision = std::get<RouteDecision>(result);
            for (Venue venue : AllVenues) {
                const VenueQuote single = set.quoter()(venue, in, out, amount);
                if (single.available)
                    QVERIFY2(decision.amountOut >= single.amountOut, qPrintable(decision.reason));
            }
            splits += decision.kind == QLatin1String("split");
            twoHops += decision.kind == QLatin1String("two-hop");

            // The split against brute force: every 500 ppm, then every ppm around the best.
            const auto split = RouteMath::bestSplit(set.quoter(), Venue::Raydium, Venue::Meteora, in,
                                                    out, SwapMode::ExactIn, amount);
            const auto outAt = [&](int share) {
                const RouteOutcome o = RouteMath::evaluate(
                    RouteMath::hopPlan(0, in, out, {{Venue::Raydium, share}, {Venue::Meteora, 1'000'000 - share}}),
                    SwapMode::ExactIn, amount, set.quoter());
                return o.ok ? o.amountOut : Int128(0);
            };
            int bestShare = 500;
            for (int share = 500; share < 1'000'000; share += 500) {
                if (outAt(share) > outAt(bestShare))
                    bestShare = share;
            }
            Int128 brute = 0;
            for (int share = std::max(1, bestShare - 500); share <= std::min(999'999, bestShare + 500); ++share)
                brute = std::max(brute, outAt(share));
            // Tolerance: 2 base units (rounding makes the curves only nearly concave). No split
            // found means none beats the better venue alone.
            Int128 bestSingle = 0;
            for (Venue venue : AllVenues) {
                const VenueQuote single = set.quoter()(venue, in, out, amount);
                bestSingle = std::max(bestSingle, single.available ? single.amountOut : Int128(0));
            }
            const Int128 found = split ? std::max(split->outcome.amountOut, bestSingle) : bestSingle;
            QVERIFY2(found + 2 >= brute, qPrintable(str(found) + QStringLiteral(" < ") + str(brute)));
            checked += split.has_value();
        }
        qInfo("%d splits chosen, %d compared with brute force, %d two hops", splits, checked, twoHops);
        QVERIFY2(splits > 0, "no order was worth splitting");
        QVERIFY2(checked >= 10, "too few splits compared with brute force");
        QVERIFY2(twoHops > 0, "no order went through two hops");
    }

    // An order no venue can fill alone is split between them: DLMM pools run out of bins, and no
    // pool can deliver what it does not hold.
    void splitsWhenNeitherVenueAloneCanFill()
    {
        DlmmParameters parameters;
        parameters.binStepBps = 25;
        PoolSet set;
        for (Venue venue : AllVenues) {
            set.add(venue, *DlmmPool::withUniformLiquidity(m_sol, m_usdc, whole(1000, m_sol), whole(150000, m_usdc),
                                                           10, parameters));
        }
        const Int128 solHeld = set.pools.constBegin()->reserveA();
        // Selling USDC for more SOL than either pool holds, and buying that much: both split.
        const Int128 usdc = whole(1.5 * 150 * 1000 * 1.02, m_usdc);
        for (const Order &order : {marketOrder(m_usdc, m_sol, usdc), buyOrder(m_usdc, m_sol, solHeld * 3 / 2, 100)}) {
            for (Venue venue : AllVenues) {
                const RouteOutcome alone = RouteMath::evaluate(
                    RouteMath::hopPlan(0, m_usdc, m_sol, {{venue, RouteLeg::FullShare}}), order.swapMode,
                    order.amountIn, set.quoter());
                QVERIFY(!alone.ok);
            }
            const RouteDecision decision = decided(Router::decide(order, set.quoter(), {}, limits(10'000)));
            QCOMPARE(decision.kind, QStringLiteral("split"));
            QCOMPARE(decision.legs.size(), 2);
            QVERIFY(decision.amountOut > solHeld);
            if (order.swapMode == SwapMode::ExactOut)
                QVERIFY(decision.amountOut >= order.amountIn);
            for (const RouteLeg &leg : decision.legs)
                QVERIFY(leg.binsCrossed > 0);
        }
        // With a constant-product pool that can fill it alone, the DLMM pool still takes its part.
        set.add(Venue::Raydium, ConstantProductPool(m_sol, m_usdc, whole(1000, m_sol), whole(150000, m_usdc),
                                                    FeeModel::fixed(2500)));
        const RouteDecision decision = decided(Router::decide(marketOrder(m_usdc, m_sol, usdc), set.quoter(), {},
                                                              limits(10'000)));
        QCOMPARE(decision.kind, QStringLiteral("split"));
    }

    // docs/ROUTING.md's DLMM example: 100 SOL into a Raydium pool of 1 000 SOL / 150 000 USDC and
    // a Meteora DLMM pool of the same reserves spread over 21 bins of 25 bps.
    void dlmmWorkedExample()
    {
        DlmmParameters parameters;
        parameters.binStepBps = 25;
        PoolSet set;
        set.add(Venue::Raydium, ConstantProductPool(m_sol, m_usdc, whole(1000, m_sol), whole(150000, m_usdc),
                                                    FeeModel::fixed(2500)));
        set.add(Venue::Meteora, *DlmmPool::withUniformLiquidity(m_sol, m_usdc, whole(1000, m_sol),
                                                                whole(150000, m_usdc), 10, parameters));
        const Int128 amount = whole(100, m_sol);
        const VenueQuote meteora = set.quoter()(Venue::Meteora, m_sol, m_usdc, amount);
        QCOMPARE(str(meteora.amountOut), QStringLiteral("14957642062"));
        QCOMPARE(str(meteora.feeAmount), QStringLiteral("101307727"));
        QCOMPARE(meteora.binsCrossed, 1);
        QCOMPARE(meteora.priceImpactPpm, 1304);
        // Raydium's first SOL pays a little more than Meteora's second bin, but moving the
        // ~0.75 SOL that equalises them gains less than the 0.1 bp an extra leg costs.
        const RouteDecision decision = decided(Router::decide(marketOrder(m_sol, m_usdc, amount), set.quoter(), {},
                                                              limits()));
        QCOMPARE(decision.kind, QStringLiteral("single"));
        QCOMPARE(toString(decision.venue), toString(Venue::Meteora));
        // 400 SOL walks Meteora's bins up its variable fee: the split wins.
        const RouteDecision large = decided(Router::decide(marketOrder(m_sol, m_usdc, whole(400, m_sol)),
                                                           set.quoter(), {}, limits()));
        QCOMPARE(large.kind, QStringLiteral("split"));
        QCOMPARE(large.legs.size(), 2);
        QCOMPARE(large.legs[0].sharePpm, 11'797);
        QCOMPARE(str(large.legs[0].amountOut), QStringLiteral("702742638"));
        QCOMPARE(str(large.legs[1].amountIn), QStringLiteral("395281200000"));
        QCOMPARE(str(large.legs[1].amountOut), QStringLiteral("58890233649"));
        QCOMPARE(large.legs[1].binsCrossed, 4);
        QCOMPARE(str(set.quoter()(Venue::Meteora, m_sol, m_usdc, whole(400, m_sol)).amountOut),
                 QStringLiteral("59589682281"));
    }

    void exactOutDeliversTheAmountWithinItsBound()
    {
        std::mt19937_64 rng(13);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (int round = 0; round < 30; ++round) {
            const PoolSet set = randomPools(rng);
            const bool bonk = round % 3 == 2;
            const Token in = m_usdc;
            const Token out = bonk ? m_bonk : m_sol;
            const double usd = std::exp(std::log(10.0) + unit(rng) * std::log(2e4));
            const Int128 wanted = whole(usd / (bonk ? 0.00002 : 150.0), out);
            const Order order = buyOrder(in, out, wanted, 100);
            const auto result = Router::decide(order, set.quoter(), {}, limits(10'000));
            QVERIFY(std::holds_alternative<RouteDecision>(result));
            const RouteDecision decision = std::get<RouteDecision>(result);
            QVERIFY(decision.amountOut >= wanted);
            QCOMPARE(str(decision.minAmountOut), str(wanted));
            QVERIFY(decision.maxAmountIn >= decision.amountIn);
            // Never needs more than any single venue would.
            for (Venue venue : AllVenues) {
                if (const auto single = RouteMath::minimalInput(set.quoter(), venue, in, out, wanted))
                    QVERIFY2(decision.amountIn <= single->amountIn, qPrintable(decision.reason));
            }
            // Executed on the pools it was priced on (the market's arithmetic): the same fill.
            const RouteOutcome executed =
                RouteMath::evaluate(decision.legs, SwapMode::ExactOut, wanted, set.quoter());
            QVERIFY(executed.ok);
            QVERIFY(executed.amountOut >= wanted);
            QVERIFY(executed.amountIn <= decision.maxAmountIn);
            QCOMPARE(str(executed.amountIn), str(decision.amountIn));
        }
    }

    void aRouteExecutesWhollyOrNotAtAll()
    {
        // On the market itself: a two-venue split as one transaction, then the same route with a
        // bound it cannot meet, which changes no pool.
        MarketSimulator market(quietMarket(32), m_tokens);
        const LegQuoter quoter = [&market](Venue venue, const Token &in, const Token &out, Int128 amount) {
            return market.venue(venue)->indicativeQuote(in, out, amount);
        };
        const Order order = marketOrder(m_sol, m_usdc, whole(20000, m_sol), 50);
        const RouteDecision decision = decided(Router::decide(order, quoter, {}, limits(10'000)));
        QCOMPARE(decision.kind, QStringLiteral("split"));
        Blockhash hash{QStringLiteral("hash"), 150, 0};
        SwapTransaction tx = Router::transactionFor(order, decision, hash);
        QCOMPARE(tx.legs.size(), 2);
        QVERIFY(tx.hasValidSignature());

        const auto reserves = [&] {
            QStringList all;
            for (Venue venue : AllVenues)
                all << str(*market.simulatedVenue(venue)->pool(m_sol, m_usdc)->reserveOf(m_sol));
            return all;
        };
        const QStringList before = reserves();
        SwapTransaction greedy = tx;
        greedy.minAmountOut = decision.amountOut + 1; // one unit more than the route can give
        greedy.sign();
        const SubmitOutcome refused = market.executeSwap(greedy);
        QVERIFY(!refused.executed);
        QCOMPARE(refused.error.code, QStringLiteral("slippage_exceeded"));
        QCOMPARE(reserves(), before); // neither leg ran

        const SubmitOutcome filled = market.executeSwap(tx);
        QVERIFY2(filled.executed, qPrintable(filled.error.message));
        QCOMPARE(str(filled.amountOut), str(decision.amountOut)); // exactly as quoted
        QCOMPARE(filled.legs.size(), 2);
        const QStringList after = reserves();
        QVERIFY(after[0] != before[0] && after[1] != before[1]); // both legs ran
    }

    // What splits and two hops pay over the best single venue, on the simulated market's own
    // pools: a seeded sample of orders between every pair of tokens, $100 to $1M. Printed (the
    // report quotes it) and checked to be a gain wherever a split or two hops won.
    void measuresWhatSplitsAndTwoHopsPay()
    {
        MarketSimulator market(quietMarket(33), m_tokens);
        const LegQuoter quoter = [&market](Venue venue, const Token &in, const Token &out, Int128 amount) {
            return market.venue(venue)->indicativeQuote(in, out, amount);
        };
        const QList<Token> tokens = m_tokens.all();
        const auto usdOf = [&](const Token &token) { return *market.fairPriceUsd(token); };
        std::mt19937_64 rng(34);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        QList<double> splitGains, twoHopGains;
        int orders = 0;
        for (int i = 0; i < 400; ++i) {
            const Token in = tokens.at(int(unit(rng) * tokens.size()));
            const Token out = tokens.at(int(unit(rng) * tokens.size()));
            if (in == out)
                continue;
            const double usd = std::exp(std::log(100.0) + unit(rng) * std::log(1e4));
            const Int128 amount = whole(usd / usdOf(in), in);
            const auto result = Router::decide(marketOrder(in, out, amount), quoter, {}, limits());
            if (!std::holds_alternative<RouteDecision>(result))
                continue;
            ++orders;
            const RouteDecision decision = std::get<RouteDecision>(result);
            Int128 bestSingle = 0;
            for (const RouteCandidate &candidate : decision.candidates) {
                if (candidate.kind == QLatin1String("single") && candidate.available && !candidate.refused)
                    bestSingle = std::max(bestSingle, candidate.amountOut);
            }
            if (decision.kind == QLatin1String("single") || bestSingle == 0)
                continue;
            QVERIFY(decision.amountOut > bestSingle);
            const double gainBps = double(decision.amountOut - bestSingle) / double(bestSingle) * 1e4;
            (decision.kind == QLatin1String("split") ? splitGains : twoHopGains).append(gainBps);
        }
        const auto percentile = [](QList<double> values, double p) {
            if (values.isEmpty())
                return 0.0;
            std::sort(values.begin(), values.end());
            return values.at(std::min<int>(values.size() - 1, int(p * values.size())));
        };
        qInfo("%d orders routed; split won %lld (gain over the best single venue: median %.2f bps, "
              "p90 %.2f bps); two hops won %lld (median %.2f bps, p90 %.2f bps)",
              orders, qlonglong(splitGains.size()), percentile(splitGains, 0.5), percentile(splitGains, 0.9),
              qlonglong(twoHopGains.size()), percentile(twoHopGains, 0.5), percentile(twoHopGains, 0.9));
        QVERIFY(orders > 300);
        QVERIFY(!splitGains.isEmpty());
    }

    void quoteAllAsksEveryVenue()
    {
        TokenRegistry tokens;
        LocalMarket market(quietMarket(22), tokens);
        QString error;
        QVERIFY2(market.open(&error), qPrintable(error));
        Router router(market, 2, limits());

        const QList<VenueQuote> quotes = router.quoteAll(m_sol, m_usdc, Decimal::pow10(9));
        QCOMPARE(quotes.size(), 2);
        QCOMPARE(toString(quotes[0].venue), toString(Venue::Raydium));
        QCOMPARE(toString(quotes[1].venue), toString(Venue::Meteora));
        for (const VenueQuote &quote : quotes) {
            QVERIFY(quote.available);
            QVERIFY(quote.amountOut > 0);
            QVERIFY(quote.quotedAt.isValid());
        }

        const Token stranger{QStringLiteral("FOO"),
                             QStringLiteral("Foo1111111111111111111111111111111111111111"), 6};
        QVERIFY(tokens.add(stranger));
        const auto none = router.route(marketOrder(stranger, m_usdc, 1'000'000));
        QVERIFY(std::holds_alternative<OrderError>(none));
        QCOMPARE(std::get<OrderError>(none).code, QStringLiteral("no_route"));
    }

    void quotesRunInParallel()
    {
        // Real latency (150–250 ms per quote). The market counts venue calls in flight: run one
        // after the other they never overlap; quoteAll has both venues working at once.
        MarketConfig config = quietMarket(23);
        config.latencyScale = 1.0;
        LocalMarket market(config, m_tokens);
        QString error;
        QVERIFY2(market.open(&error), qPrintable(error));
        Router router(market, 2, limits());

        MarketSimulator &simulator = market.simulator();
        simulator.resetPeakVenueCallsInFlight();
        market.quote(Venue::Raydium, m_sol, m_usdc, Decimal::pow10(9));
        market.quote(Venue::Meteora, m_sol, m_usdc, Decimal::pow10(9));
        QCOMPARE(simulator.peakVenueCallsInFlight(), 1);

        simulator.resetPeakVenueCallsInFlight();
        const QList<VenueQuote> quotes = router.quoteAll(m_sol, m_usdc, Decimal::pow10(9));
        QCOMPARE(quotes.size(), 2);
        QCOMPARE(simulator.peakVenueCallsInFlight(), 2);
        QCOMPARE(simulator.venueCallsInFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
