#include "Base58.h"
#include "Chain.h"
#include "ConstantProductPool.h"
#include "VenuePool.h"
#include "Ledger.h"
#include "MarketSimulator.h"
#include "PoolMath.h"
#include "SimulatedVenue.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

using namespace OrderDesk;

namespace {
Int128 units(const char *text, const Token &token)
{
    return *Decimal::parse(QString::fromLatin1(text), token.decimals);
}

QString str(Int128 value)
{
    return Decimal::toString(value);
}

double toDouble(Int128 price)
{
    return static_cast<double>(price) / 1e18;
}

MarketConfig quietMarket(quint64 seed)
{
    MarketConfig config;
    config.latencyScale = 0;
    config.seed = seed;
    config.launchChancePerStep = 0; // only the launches a test asks for
    config.listingChancePerStep = 0;
    return config;
}

// The swap as it executes when the chain lands its transaction: the venue's side only, with no
// blockhash, landing delay or drop (those are the chain's, tested in tst_marketcontract).
SubmitOutcome swap(MarketSimulator &market, Venue venue, const Token &in, const Token &out,
                   Int128 amountIn, Int128 minAmountOut)
{
    SwapTransaction tx;
    tx.orderId = QStringLiteral("test");
    tx.venue = venue;
    tx.tokenIn = in;
    tx.tokenOut = out;
    tx.amountIn = amountIn;
    tx.minAmountOut = minAmountOut;
    tx.sign();
    return market.executeSwap(tx);
}

// 1000 SOL against 150,000 USDC: spot 150 USDC per SOL.
ConstantProductPool solUsdcPool(const FeeModel &fees = FeeModel::fixed(2500))
{
    return ConstantProductPool(TokenRegistry::sol(), TokenRegistry::usdc(), Decimal::pow10(12),
                               Int128(150'000) * Decimal::pow10(6), fees);
}
} // namespace

class TestMarket : public QObject
{
    Q_OBJECT

    TokenRegistry m_tokens;
    Token m_sol = TokenRegistry::sol();
    Token m_usdc = TokenRegistry::usdc();
    Token m_usdt = *m_tokens.find(QStringLiteral("USDT"));
    Token m_bonk = *m_tokens.find(QStringLiteral("BONK"));
    Token m_wif = *m_tokens.find(QStringLiteral("WIF"));

    // 5 USDC for SOL on `venue`, signed on the chain's latest blockhash.
    SwapTransaction chainSwap(Chain &chain, const QString &orderId, Venue venue) const
    {
        const Blockhash hash = chain.latestBlockhash();
        SwapTransaction tx;
        tx.orderId = orderId;
        tx.attempt = 1;
        tx.venue = venue;
        tx.tokenIn = m_usdc;
        tx.tokenOut = m_sol;
        tx.amountIn = units("5", m_usdc);
        tx.blockhash = hash.blockhash;
        tx.lastValidBlockHeight = hash.lastValidBlockHeight;
        tx.sign();
        return tx;
    }

private Q_SLOTS:
    void constantProductOutputIsExact()
    {
        const ConstantProductPool pool = solUsdcPool();
        // Computed by hand: fee = ceil(1e9 × 2500 / 1e6) = 2,500,000; in after fee 997,500,000;
        // out = floor(150e9 × 997.5e6 / (1e12 + 997.5e6)) = 149,475,897.
        const VenueQuote sell = pool.quote(m_sol, units("1", m_sol));
        QVERIFY(sell.available);
        QCOMPARE(str(sell.amountOut), QStringLiteral("149475897"));
        QCOMPARE(str(sell.spotPrice), QStringLiteral("150000000000000000000"));
        QCOMPARE(str(sell.executionPrice), QStringLiteral("149475897000000000000"));
        // Impact apart from the fee: 997.5e6 lamports at spot buy floor(997.5e6 × 150e9 / 1e12)
        // = 149,625,000; the curve gives 149,103 less: 996 ppm (the fee's 2500 ppm is not in it).
        QCOMPARE(sell.priceImpactPpm, 996);
        QCOMPARE(sell.feePpm, 2500);

        // The other direction of the same pool: 150 USDC -> floor(1e12 × 149.625e6 / (150e9 +
        // 149.625e6)) = 996,505,985 lamports; spot 1/150 SOL per USDC.
        const VenueQuote buy = pool.quote(m_usdc, units("150", m_usdc));
        QVERIFY(buy.available);
        QCOMPARE(str(buy.amountOut), QStringLiteral("996505985"));
        QCOMPARE(str(buy.feeAmount), QStringLiteral("375000"));
        QCOMPARE(str(buy.spotPrice), QStringLiteral("6666666666666666"));
        QCOMPARE(str(buy.executionPrice), QStringLiteral("6643373233333333"));
    }

    void mulDivIsExactWhetherOrNotTheProductFits128Bits()
    {
        // Expected values from Python's arbitrary-precision integers: divmod(a * b, c).
        struct Case
        {
            const char *a, *b, *c, *down, *up;
        };
        const Case cases[] = {
            {"999", "1000003", "7", "142714713", "142714714"},
            {"100000000000000000007", "100000000000000003", "1000000009",
             "9999999910000001110699990003", "9999999910000001110699990004"},
            // Products past 2^128: the long division.
            {"1267650600228229401496703217721", "1237940039285380274899125001",
             "1180591620717411303427", "1329227995784915872900430207801884672",
             "1329227995784915872900430207801884673"},
            {"170141183460469231731687303715884105000", "3", "7",
             "72917650054486813599294558735378902142", "72917650054486813599294558735378902143"},
            {"123456789012345678901234567", "987654321098765432109876543",
             "1000000000000000000000000000001", "121932631137021795226185",
             "121932631137021795226186"},
        };
        for (const Case &c : cases) {
            const auto big = [](const char *text) { return *Decimal::fromString(QString::fromLatin1(text)); };
            QCOMPARE(str(*PoolMath::mulDiv(big(c.a), big(c.b), big(c.c))), QString::fromLatin1(c.down));
            QCOMPARE(str(*PoolMath::mulDivUp(big(c.a), big(c.b), big(c.c))), QString::fromLatin1(c.up));
        }
        // A quotient past 127 bits is an overflow, not a wrapped number.
        QVERIFY(!PoolMath::mulDiv(*Decimal::fromString(QStringLiteral("170141183460469231731687303715884105000")), 4, 3));
    }

    void feeIsTakenFromTheInputRoundedUp()
    {
        const ConstantProductPool pool = solUsdcPool();
        const VenueQuote quote = pool.quote(m_sol, units("1", m_sol));
        QCOMPARE(quote.feePpm, 2500);
        QCOMPARE(str(quote.feeAmount), QStringLiteral("2500000"));
        // 1,000,001 × 0.25 % = 2500.0025: the pool keeps 2501.
        QCOMPARE(str(pool.quote(m_usdc, 1'000'001).feeAmount), QStringLiteral("2501"));
        QVERIFY(!pool.quote(m_usdc, 0).available);
        QVERIFY(!pool.quote(m_bonk, 1000).available);
        // One unit of USDC buys less than a lamport after the fee: nothing to trade.
        QVERIFY(!pool.quote(m_usdc, 1).available);
    }

    void priceImpactGrowsWithSize()
    {
        const ConstantProductPool pool = solUsdcPool();
        int previousImpact = -1;
        Int128 previousPrice = pool.spotPrice(m_sol, m_usdc).value();
        for (const char *amount : {"0.01", "1", "10", "100", "500"}) {
            const VenueQuote quote = pool.quote(m_sol, units(amount, m_sol));
            QVERIFY2(quote.priceImpactPpm > previousImpact, amount);
            QVERIFY2(quote.executionPrice < previousPrice, amount);
            previousImpact = quote.priceImpactPpm;
            previousPrice = quote.executionPrice;
        }
        QVERIFY(previousImpact > 300'000); // half the pool's SOL again: about a third worse

        // The same holds on the market's real pools.
        MarketSimulator market(quietMarket(1), m_tokens);
        const VenueQuote small =
            market.venue(Venue::Raydium)->quote(m_sol, m_usdc, units("1", m_sol));
        const VenueQuote large =
            market.venue(Venue::Raydium)->quote(m_sol, m_usdc, units("10000", m_sol));
        QVERIFY(large.priceImpactPpm > small.priceImpactPpm);
    }

    void raydiumChargesAQuarterPercent()
    {
        MarketSimulator market(quietMarket(2), m_tokens);
        DexVenue *raydium = market.venue(Venue::Raydium);
        for (int i = 0; i < 3; ++i) {
            for (const auto &[in, out] :
                 {std::pair{m_sol, m_usdc}, std::pair{m_bonk, m_wif}, std::pair{m_usdt, m_sol}}) {
                const VenueQuote quote = raydium->quote(in, out, units("4", in));
                QVERIFY(quote.available);
                QCOMPARE(toString(quote.venue), toString(Venue::Raydium));
                QCOMPARE(quote.feePpm, 2500);
                QCOMPARE(str(quote.feeAmount), str(units("0.01", in)));
            }
            market.step();
        }
    }

    void meteoraFeeRisesWithVolatility()
    {
        MarketConfig config = quietMarket(3);
        config.volatility = 0.01;
        MarketSimulator market(config, m_tokens);
        DexVenue *meteora = market.venue(Venue::Meteora);
        const VenueQuote calm = meteora->quote(m_sol, m_usdc, units("1", m_sol));
        QCOMPARE(calm.feePpm, 1000); // nothing has moved yet: the base fee, 0.1 %
        for (int i = 0; i < 3; ++i)
            market.step();
        const VenueQuote stormy = meteora->quote(m_sol, m_usdc, units("1", m_sol));
        QVERIFY2(stormy.feePpm > calm.feePpm, qPrintable(QString::number(stormy.feePpm)));
        QVERIFY(stormy.feePpm <= 5000);

        // On one pool: a sharp move saturates at 0.5 %, and calm steps bring it back to 0.1 %.
        ConstantProductPool pool = solUsdcPool(FeeModel::dynamic(1000, 5000, 0.4, 0.5));
        pool.movePrice(0.002); // 20 bps: 0.4 × 20² = 160 ppm of variable fee
        QCOMPARE(pool.feePpm(), 1160);
        pool.decayVolatility(); // 10 bps left: 40 ppm
        QCOMPARE(pool.feePpm(), 1040);
        pool.movePrice(-0.05);
        QCOMPARE(pool.feePpm(), 5000);
        QCOMPARE(pool.quote(m_sol, units("1", m_sol)).feePpm, 5000);
        for (int i = 0; i < 20; ++i)
            pool.decayVolatility();
        QCOMPARE(pool.feePpm(), 1000);
    }

    void quotesEitherDirectionOfAPair()
    {
        MarketSimulator market(quietMarket(4), m_tokens);
        for (Venue venue : AllVenues) {
            const Int128 forward = market.spotPrice(venue, m_sol, m_usdc).value();
            const Int128 backward = market.spotPrice(venue, m_usdc, m_sol).value();
            QVERIFY(std::abs(toDouble(forward) * toDouble(backward) - 1.0) < 1e-9);

            // A round trip costs about two fees, never more than it put in.
            const Int128 start = units("2", m_sol);
            const VenueQuote out = market.venue(venue)->quote(m_sol, m_usdc, start);
            const VenueQuote back = market.venue(venue)->quote(m_usdc, m_sol, out.amountOut);
            QVERIFY(out.available && back.available);
            QVERIFY(back.amountOut < start);
            QVERIFY(back.amountOut > start * 98 / 100);
        }
    }

    void initialMarketIsRealistic()
    {
        MarketSimulator market(quietMarket(5), m_tokens);
        const struct
        {
            const char *symbol;
            double usd;
        } references[] = {{"SOL", 150}, {"USDT", 1}, {"BONK", 0.00002},
                          {"JUP", 0.8}, {"RAY", 2},  {"WIF", 2.5},
                          {"ETH", 3000}, {"WBTC", 60000}, {"JTO", 3}, {"PYTH", 0.4}};
        for (const auto &reference : references) {
            const Token token = *m_tokens.find(QString::fromLatin1(reference.symbol));
            for (Venue venue : AllVenues) {
                const double price = toDouble(market.spotPrice(venue, token, m_usdc).value());
                QVERIFY2(std::abs(price / reference.usd - 1) < 0.035, reference.symbol);
            }
        }
        // SOL/USDC is deep (tens of millions), a memecoin cross thin (well under a million).
        const auto tvl = [&](const Token &a, const Token &b) {
            const VenuePool pool = *market.simulatedVenue(Venue::Raydium)->pool(a, b);
            const double usdOfA = static_cast<double>(*pool.reserveOf(a)) /
                                  std::pow(10, a.decimals) * *market.fairPriceUsd(a);
            return 2 * usdOfA;
        };
        QVERIFY(tvl(m_sol, m_usdc) > 25e6);
        QVERIFY(tvl(m_usdc, m_usdt) > 10e6);
        QVERIFY(tvl(m_bonk, m_wif) < 1e6);
        // Every pair of the eleven listed tokens, on each venue.
        QCOMPARE(market.simulatedVenue(Venue::Raydium)->pools().size(), 55);
        QCOMPARE(market.simulatedVenue(Venue::Meteora)->pools().size(), 55);
    }

    void venuesDifferByAFewTenthsOfAPercent()
    {
        // Meteora's price is its DLMM pool's active bin, so it sits on a bin (0.25 %, memecoins
        // 0.5 %) near its venue's view: each pair a few tenths apart at most, and not all of them
        // on the same price.
        int apart = 0;
        for (quint64 seed : {11, 12, 13}) {
            MarketSimulator market(quietMarket(seed), m_tokens);
            for (const char *symbol : {"SOL", "BONK", "JUP", "RAY", "WIF"}) {
                const Token token = *m_tokens.find(QString::fromLatin1(symbol));
                const double raydium =
                    toDouble(market.spotPrice(Venue::Raydium, token, m_usdc).value());
                const double meteora =
                    toDouble(market.spotPrice(Venue::Meteora, token, m_usdc).value());
                const double difference = std::abs(raydium / meteora - 1);
                QVERIFY2(difference <= 0.006,
                         qPrintable(
                             QStringLiteral("%1: %2").arg(QLatin1String(symbol)).arg(difference)));
                apart += difference >= 0.0005;
            }
            // Stablecoins stay within a few basis points of each other.
            const double raydium =
                toDouble(market.spotPrice(Venue::Raydium, m_usdt, m_usdc).value());
            const double meteora =
                toDouble(market.spotPrice(Venue::Meteora, m_usdt, m_usdc).value());
            QVERIFY(std::abs(raydium / meteora - 1) < 0.0006);
        }
        QVERIFY2(apart >= 8, qPrintable(QString::number(apart)));
    }

    // The path is the market clock's: the same seed walks the same way whatever trades, so two
    // runs with different order flows see the same fair prices step by step, and a pool a large
    // trade pushed away comes back by arbitrage (not by a reset) to where the quiet run's is.
    void sameSeedSamePathWhateverTheOrderFlow()
    {
        TokenRegistry quietTokens, busyTokens;
        MarketSimulator quiet(quietMarket(77), quietTokens);
        MarketSimulator busy(quietMarket(77), busyTokens);
        const Token sol = quietTokens.sol();
        const Token usdc = quietTokens.usdc();
        const auto spot = [&](MarketSimulator &market) {
            return toDouble(market.spotPrice(Venue::Raydium, sol, usdc).value());
        };
        for (int i = 0; i < 40; ++i) {
            if (i % 7 == 3) {
                // 20,000 SOL sold on Raydium: several percent of the pool.
                const SubmitOutcome sold =
                    swap(busy, Venue::Raydium, sol, usdc, units("20000", sol), 0);
                QVERIFY2(sold.executed, qPrintable(sold.error.message));
            }
            quiet.step();
            busy.step();
            QCOMPARE(*busy.fairPriceUsd(sol), *quiet.fairPriceUsd(sol));
            QCOMPARE(*busy.fairPriceUsd(*busyTokens.find(QStringLiteral("BONK"))),
                     *quiet.fairPriceUsd(*quietTokens.find(QStringLiteral("BONK"))));
        }
        const SubmitOutcome last = swap(busy, Venue::Raydium, sol, usdc, units("20000", sol), 0);
        QVERIFY(last.executed);
        QVERIFY(std::abs(spot(busy) / spot(quiet) - 1) > 0.01); // pushed well away
        for (int i = 0; i < 60; ++i) {
            quiet.step();
            busy.step();
        }
        // Arbitrage closes ~15 % of the gap a step: after 60 steps well under a basis point.
        QVERIFY2(std::abs(spot(busy) / spot(quiet) - 1) < 0.0001,
                 qPrintable(QString::number(spot(busy) / spot(quiet) - 1)));
        // It recovered by trades against it, not by a reset: k is not what it was.
        QVERIFY(busy.simulatedVenue(Venue::Raydium)->pool(sol, usdc)->constantProduct()->k()
                != quiet.simulatedVenue(Venue::Raydium)->pool(sol, usdc)->constantProduct()->k());
    }

    void solMovesAtARealisticVolatility()
    {
        // One step is a second of market time: the walk's annualised σ of SOL's fair price,
        // measured over 20,000 steps, lies in 60–100 % a year.
        TokenRegistry tokens;
        MarketSimulator market(quietMarket(78), tokens);
        const Token sol = tokens.sol();
        double sum = 0, sumSquares = 0, previous = std::log(*market.fairPriceUsd(sol));
        const int steps = 20'000;
        for (int i = 0; i < steps; ++i) {
            market.step();
            const double now = std::log(*market.fairPriceUsd(sol));
            sum += now - previous;
            sumSquares += (now - previous) * (now - previous);
            previous = now;
        }
        const double perStep = std::sqrt(sumSquares / steps - (sum / steps) * (sum / steps));
        const double yearly = perStep * std::sqrt(365.25 * 86'400);
        QVERIFY2(yearly > 0.6 && yearly < 1.0, qPrintable(QString::number(yearly)));
    }

    void sameSeedSameMarket()
    {
        const auto run = [&](quint64 seed) {
            TokenRegistry tokens;
            MarketSimulator market(quietMarket(seed), tokens);
            QStringList trace;
            for (int i = 0; i < 10; ++i)
                market.step();
            for (const Token &in : tokens.all()) {
                for (const Token &out : tokens.all()) {
                    for (Venue venue : AllVenues) {
                        if (in != out)
                            trace << str(market.spotPrice(venue, in, out).value());
                    }
                }
            }
            // Swaps and steps interleaved: what a swap receives depends on the walk before it, and
            // the walk after it starts from the pool the swap left.
            const Int128 amount = units("3", m_sol);
            for (int i = 0; i < 12; ++i) {
                const Venue venue = i % 2 ? Venue::Raydium : Venue::Meteora;
                Int128 minimum = 0;
                // Every third one asks for a unit more than the pool gives: refused, every run.
                if (i % 3 == 2)
                    minimum =
                        market.venue(venue)->indicativeQuote(m_sol, m_usdc, amount).amountOut + 1;
                const SubmitOutcome outcome = swap(market, venue, m_sol, m_usdc, amount, minimum);
                trace << (outcome.executed ? QStringLiteral("executed") : outcome.error.code)
                      << outcome.error.message << str(outcome.amountOut)
                      << str(outcome.executedPrice);
                market.step();
            }
            trace << str(market.spotPrice(Venue::Meteora, m_sol, m_usdc).value());
            return trace;
        };
        const QStringList first = run(42);
        QCOMPARE(run(42), first);
        QVERIFY(first.contains(QStringLiteral("slippage_exceeded")));
        QVERIFY(first.contains(QStringLiteral("executed")));
        QVERIFY(run(43) != first);
    }

    void differentSeedsGiveDifferentMarkets()
    {
        MarketSimulator a(quietMarket(100), m_tokens);
        MarketSimulator b(quietMarket(101), m_tokens);
        QVERIFY(a.spotPrice(Venue::Raydium, m_sol, m_usdc) !=
                b.spotPrice(Venue::Raydium, m_sol, m_usdc));
        // The same swap on each gets a different amount.
        const Int128 amount = units("5", m_sol);
        QVERIFY(swap(a, Venue::Raydium, m_sol, m_usdc, amount, 0).amountOut !=
                swap(b, Venue::Raydium, m_sol, m_usdc, amount, 0).amountOut);
        MarketSimulator unseeded(MarketConfig{}, m_tokens);
        MarketSimulator unseeded2(MarketConfig{}, m_tokens);
        QVERIFY(unseeded.seed() != unseeded2.seed());
    }

    void randomWalkMovesPricesButKeepsK()
    {
        MarketSimulator market(quietMarket(6), m_tokens);
        QSignalSpy moved(&market, &MarketSimulator::pricesMoved);
        SimulatedVenue *raydium = market.simulatedVenue(Venue::Raydium);
        const ConstantProductPool before = *raydium->pool(m_sol, m_usdc)->constantProduct();
        const VenuePool meteoraBefore =
            *market.simulatedVenue(Venue::Meteora)->pool(m_sol, m_usdc);
        market.step();
        QCOMPARE(moved.size(), 1);
        const ConstantProductPool after = *raydium->pool(m_sol, m_usdc)->constantProduct();
        const VenuePool meteoraAfter =
            *market.simulatedVenue(Venue::Meteora)->pool(m_sol, m_usdc);
        QVERIFY(after.spotPrice(m_sol, m_usdc) != before.spotPrice(m_sol, m_usdc));
        const Int128 kBefore = *before.k();
        const Int128 kAfter = *after.k();
        QVERIFY(kAfter <= kBefore);
        // Rounding: B = floor(k / A') loses under one unit of B per unit of A'.
        QVERIFY(kBefore - kAfter <= after.reserveA());
        QVERIFY(static_cast<double>(kBefore - kAfter) / static_cast<double>(kBefore) < 1e-9);
        // Each venue on its own path.
        const double raydiumMove = after.logPrice() - before.logPrice();
        const double meteoraMove = meteoraAfter.logPrice() - meteoraBefore.logPrice();
        QVERIFY(std::abs(raydiumMove - meteoraMove) > 1e-9);
        QVERIFY(std::abs(raydiumMove) < 0.02); // one step of σ 0.2 %
    }

    void setSpotPriceMovesOnePoolAndStays()
    {
        MarketSimulator market(quietMarket(7), m_tokens);
        const Int128 before = market.spotPrice(Venue::Raydium, m_sol, m_usdc).value();
        const Int128 target = units("180", m_usdc) * Decimal::pow10(PriceScale - m_usdc.decimals);
        const Int128 kBefore = *market.simulatedVenue(Venue::Raydium)->pool(m_sol, m_usdc)->constantProduct()->k();
        QVERIFY(market.setSpotPrice(Venue::Raydium, m_sol, m_usdc, target));
        const Int128 after = market.spotPrice(Venue::Raydium, m_sol, m_usdc).value();
        QVERIFY(std::abs(toDouble(after) / 180.0 - 1) < 1e-9);
        QVERIFY(before != after);
        const Int128 kAfter = *market.simulatedVenue(Venue::Raydium)->pool(m_sol, m_usdc)->constantProduct()->k();
        QVERIFY(static_cast<double>(kBefore - kAfter) / static_cast<double>(kBefore) < 1e-9);
        // Quoted as base or as quote: USDC -> SOL at 1/180.
        QVERIFY(
            market.setSpotPrice(Venue::Raydium, m_usdc, m_sol, Decimal::pow10(PriceScale) / 200));
        QVERIFY(std::abs(toDouble(*market.spotPrice(Venue::Raydium, m_sol, m_usdc)) / 200.0 - 1) <
                1e-9);
        // The venue keeps that view as the walk goes on; arbitrage does not pull it back to ~150.
        for (int i = 0; i < 30; ++i)
            market.step();
        QVERIFY(toDouble(*market.spotPrice(Venue::Raydium, m_sol, m_usdc)) > 185);
        QVERIFY(!market.setSpotPrice(Venue::Raydium, m_sol, m_usdc, 0));
        // A hundredfold pump is a legal, if wild, move.
        QVERIFY(
            market.setSpotPrice(Venue::Meteora, m_bonk, m_usdc, Decimal::pow10(PriceScale) / 500));
        // Meteora's pool lands on the nearest bin of 0.5 %.
        QVERIFY(std::abs(toDouble(*market.spotPrice(Venue::Meteora, m_bonk, m_usdc)) * 500 - 1) <
                0.0026);
    }

    void executesAtTheQuoteAndMovesThePool()
    {
        MarketSimulator market(quietMarket(9), m_tokens);
        SimulatedVenue *meteora = market.simulatedVenue(Venue::Meteora);
        SimulatedVenue *raydium = market.simulatedVenue(Venue::Raydium);
        // Enough to use up a few of the DLMM pool's bins (inside one its price would not move).
        const Int128 amount = units("5000", m_sol);
        const VenueQuote quote = meteora->quote(m_sol, m_usdc, amount);
        QVERIFY(quote.binsCrossed > 0);
        const Int128 reserveBefore = *meteora->pool(m_sol, m_usdc)->reserveOf(m_sol);
        const VenuePool raydiumBefore = *raydium->pool(m_sol, m_usdc);

        SwapTransaction tx;
        tx.orderId = QStringLiteral("o1");
        tx.venue = Venue::Meteora;
        tx.tokenIn = m_sol;
        tx.tokenOut = m_usdc;
        tx.amountIn = amount;
        tx.minAmountOut = quote.amountOut * 99 / 100;
        tx.wrapSol = true;
        tx.sign();
        // A transaction names its venue: the other one's pool is left as it was.
        const SubmitOutcome outcome = market.executeSwap(tx);
        QCOMPARE(str(*raydium->pool(m_sol, m_usdc)->reserveOf(m_sol)),
                 str(*raydiumBefore.reserveOf(m_sol)));
        QVERIFY2(outcome.executed, qPrintable(outcome.error.message));
        // Nothing else traded or stepped since the quote: exactly the quote.
        QCOMPARE(str(outcome.amountOut), str(quote.amountOut));
        QCOMPARE(str(outcome.executedPrice), str(quote.executionPrice));
        QCOMPARE(str(*meteora->pool(m_sol, m_usdc)->reserveOf(m_sol)), str(reserveBefore + amount));
        // The trade moved the price: the next identical quote is worse.
        QVERIFY(meteora->quote(m_sol, m_usdc, amount).amountOut < quote.amountOut);
    }

    void slippageExceededWhenThePriceMovesAway()
    {
        MarketSimulator market(quietMarket(10), m_tokens);
        DexVenue *raydium = market.venue(Venue::Raydium);
        const Int128 amount = units("10", m_sol);
        const VenueQuote quote = raydium->quote(m_sol, m_usdc, amount);
        const Int128 minimum = quote.amountOut * 9950 / 10000; // 50 bps
        // SOL drops 2 % between the quote and the execution.
        QVERIFY(market.setSpotPrice(Venue::Raydium, m_sol, m_usdc, quote.spotPrice * 98 / 100));
        const VenuePool moved = *market.simulatedVenue(Venue::Raydium)->pool(m_sol, m_usdc);
        const SubmitOutcome outcome = swap(market, Venue::Raydium, m_sol, m_usdc, amount, minimum);
        QVERIFY(!outcome.executed);
        QCOMPARE(outcome.error.code, QStringLiteral("slippage_exceeded"));
        QVERIFY(!outcome.error.permanent);
        QVERIFY2(outcome.error.message.contains(Decimal::format(minimum, m_usdc.decimals)),
                 qPrintable(outcome.error.message));
        // Refused means nothing swapped: the pool is as the price move left it.
        const VenuePool after = *market.simulatedVenue(Venue::Raydium)->pool(m_sol, m_usdc);
        QCOMPARE(str(after.reserveA()), str(moved.reserveA()));
        QCOMPARE(str(after.reserveB()), str(moved.reserveB()));
        // With room for the move it goes through.
        QVERIFY(swap(market, Venue::Raydium, m_sol, m_usdc, amount, quote.amountOut * 95 / 100)
                    .executed);
    }

    void signaturesAreBase58Of64Bytes()
    {
        QCOMPARE(Base58::encode("Hello World!"), QStringLiteral("2NEpo7TZRRrLZSi2U"));
        QCOMPARE(Base58::encode(QByteArray::fromHex("00000001")), QStringLiteral("1112"));
        QCOMPARE(Base58::encode({}), QString());
        QCOMPARE(*Base58::decode(QStringLiteral("2NEpo7TZRRrLZSi2U")), QByteArray("Hello World!"));
        QCOMPARE(*Base58::decode(QStringLiteral("1112")), QByteArray::fromHex("00000001"));
        QVERIFY(!Base58::decode(QStringLiteral("0OIl")));
        // Solana's system program is 32 zero bytes.
        QCOMPARE(*Base58::decode(QStringLiteral("11111111111111111111111111111111")),
                 QByteArray(32, '\0'));
        QCOMPARE(Base58::decode(m_usdc.mint)->size(), 32);

        // Transactions sign themselves (SwapTransaction::sign): one signature per transaction,
        // with the shape of a Solana one.
        QSet<QString> seen;
        for (int i = 0; i < 50; ++i) {
            SwapTransaction tx;
            tx.orderId = QStringLiteral("o%1").arg(i / 2);
            tx.attempt = i % 2;
            tx.venue = AllVenues[i % 2];
            tx.tokenIn = m_usdc;
            tx.tokenOut = m_sol;
            tx.amountIn = units("10", m_usdc);
            tx.sign();
            QVERIFY(tx.hasValidSignature());
            // 64 hash bytes take 88 characters, 87 about one time in five, 86 rarely.
            QVERIFY2(tx.signature.size() >= 86 && tx.signature.size() <= 88,
                     qPrintable(tx.signature));
            const std::optional<QByteArray> bytes = Base58::decode(tx.signature);
            QVERIFY(bytes);
            QCOMPARE(bytes->size(), 64);
            QCOMPARE(Base58::encode(*bytes), tx.signature);
            seen.insert(tx.signature);
        }
        QCOMPARE(seen.size(), 50);
    }

    // The chain keeps only recent signatures in memory; older ones are answered from the ledger,
    // so its memory stays bounded however many transactions it has seen.
    void chainForgetsOldSignaturesButTheLedgerAnswers()
    {
        MarketSimulator market(quietMarket(21), m_tokens);
        Ledger ledger{QString()};
        QString error;
        QVERIFY2(ledger.open(&error), qPrintable(error));
        Chain::Config config;
        config.latencyScale = 0; // a block every 10 ms
        config.dropRate = 0.3;
        config.seed = 5;
        config.landedRetentionBlocks = 20;
        config.recordRetentionBlocks = 10;
        config.recordRetentionMs = 0;
        Chain chain(ledger, config, [&market](const SwapTransaction &tx) {
            return market.executeSwap(tx);
        });
        QVERIFY2(chain.open(&error), qPrintable(error));

        QList<SwapTransaction> sent;
        QStringList signatures;
        for (int i = 0; i < 60; ++i) {
            const SwapTransaction tx =
                chainSwap(chain, QStringLiteral("bounded-%1").arg(i), AllVenues[i % 2]);
            QCOMPARE(chain.send(tx).kind, SendResult::Kind::Accepted);
            sent << tx;
            signatures << tx.signature;
        }
        // Every one decided: landed, or dropped and past its last valid height.
        const auto decided = [&] {
            const auto statuses = chain.statuses(signatures);
            if (!statuses)
                return false;
            for (int i = 0; i < statuses->size(); ++i) {
                if (!statuses->at(i).landed
                    && statuses->at(i).contextSlot <= sent.at(i).lastValidBlockHeight)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(decided(), 20000);
        QHash<QString, qint64> landedSlots;
        for (int i = 0; i < signatures.size(); ++i) {
            const SignatureStatus status = chain.statuses({signatures.at(i)})->first();
            if (status.landed)
                landedSlots.insert(signatures.at(i), status.slot);
        }
        QVERIFY(landedSlots.size() > 20 && landedSlots.size() < 60); // some dropped

        // Nothing of theirs stays in memory once they are old enough.
        QTRY_VERIFY_WITH_TIMEOUT(chain.footprint().landed == 0, 20000);
        QCOMPARE(chain.footprint().pending, 0);
        QCOMPARE(chain.footprint().dropped, 0);
        QCOMPARE(chain.footprint().records, 0);

        // Yet the answers are the same, from the ledger.
        const std::optional<QList<SignatureStatus>> later = chain.statuses(signatures);
        QVERIFY(later);
        for (int i = 0; i < signatures.size(); ++i) {
            QCOMPARE(later->at(i).landed, landedSlots.contains(signatures.at(i)));
            if (later->at(i).landed)
                QCOMPARE(later->at(i).slot, landedSlots.value(signatures.at(i)));
        }
        const QString oldLanding = landedSlots.constBegin().key();
        const std::optional<LandedTransaction> record = chain.transaction(oldLanding);
        QVERIFY(record && record->isKnown());
        QCOMPARE(record->slot, landedSlots.value(oldLanding));
        // And a landed transaction sent again is still accepted without landing twice.
        const SwapTransaction &again = sent.at(signatures.indexOf(landedSlots.constBegin().key()));
        const qint64 before = *ledger.lastSequence(&error);
        QCOMPARE(chain.send(again).kind, SendResult::Kind::Accepted);
        const qint64 height = chain.blockHeight();
        QTRY_VERIFY(chain.blockHeight() > height + 3);
        QCOMPARE(*ledger.lastSequence(&error), before);
        // A dropped one stays refused: its blockhash expired.
        for (int i = 0; i < signatures.size(); ++i) {
            if (!landedSlots.contains(signatures.at(i))) {
                QCOMPARE(chain.send(sent.at(i)).kind, SendResult::Kind::Rejected);
                break;
            }
        }
    }

    // A block whose ledger commit fails has run its swaps, yet nothing records them: the chain
    // answers that they never landed, and the same signed bytes sent again never run a second
    // time on the venues. The fault: another writer holds the ledger past its busy timeout.
    void anUnrecordedBlockNeverRunsItsSwapsAgain()
    {
        MarketSimulator market(quietMarket(22), m_tokens);
        Ledger ledger{QString()};
        QString error;
        QVERIFY2(ledger.open(&error), qPrintable(error));
        Chain::Config config;
        config.latencyScale = 0.15; // blocks of 60 ms: a blockhash lives 9 s, past the 5 s wait
        QMutex executionsMutex;
        int executions = 0;
        const auto executed = [&] {
            QMutexLocker locker(&executionsMutex);
            return executions;
        };
        Chain chain(ledger, config, [&](const SwapTransaction &tx) {
            {
                QMutexLocker locker(&executionsMutex);
                ++executions;
            }
            return market.executeSwap(tx);
        });
        QVERIFY2(chain.open(&error), qPrintable(error));

        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("ledger-holder"));
            db.setDatabaseName(ledger.path());
            QVERIFY(db.open());
        }
        QSqlQuery holder(QSqlDatabase::database(QStringLiteral("ledger-holder")));
        QVERIFY2(holder.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(holder.lastError().text()));

        const SwapTransaction tx = chainSwap(chain, QStringLiteral("unrecorded"), Venue::Raydium);
        QCOMPARE(chain.send(tx).kind, SendResult::Kind::Accepted);
        // Its block executes it, then waits on the ledger (reads go on meanwhile) and gives up:
        // not landed, and dropped until its blockhash expires.
        QTRY_COMPARE_WITH_TIMEOUT(executed(), 1, 20000);
        // While the block is written the chain answers at the height before it (SQLite waits 5 s
        // for its lock), and the same bytes sent again are the same transaction.
        QCOMPARE(chain.send(tx).kind, SendResult::Kind::Accepted);
        const std::optional<QList<SignatureStatus>> whileWritten = chain.statuses({tx.signature});
        QVERIFY(whileWritten && !whileWritten->first().landed);
        QCOMPARE(chain.footprint().dropped, 0); // answered before the write gave up
        QTRY_COMPARE_WITH_TIMEOUT(chain.footprint().dropped, 1, 30000);
        const std::optional<QList<SignatureStatus>> afterFailure = chain.statuses({tx.signature});
        QVERIFY(afterFailure && !afterFailure->first().landed);
        QVERIFY(holder.exec(QStringLiteral("ROLLBACK")));

        // The ledger works again; the same bytes within their blockhash's life change nothing.
        QCOMPARE(chain.send(tx).kind, SendResult::Kind::Accepted);
        QTRY_VERIFY_WITH_TIMEOUT(chain.statuses({tx.signature})->first().contextSlot
                                     > tx.lastValidBlockHeight,
                                 30000);
        QVERIFY(!chain.statuses({tx.signature})->first().landed);
        QCOMPARE(executed(), 1);
        const std::optional<LandedTransaction> record = chain.transaction(tx.signature);
        QVERIFY(record && !record->isKnown());
        holder = QSqlQuery();
        QSqlDatabase::removeDatabase(QStringLiteral("ledger-holder"));
    }

    void unknownPairIsUnavailable()
    {
        TokenRegistry tokens;
        MarketSimulator market(quietMarket(12), tokens);
        const Token stranger{QStringLiteral("FOO"),
                             QStringLiteral("Foo1111111111111111111111111111111111111111"), 6};
        QVERIFY(tokens.add(stranger)); // known to the registry, but no venue lists it
        for (DexVenue *venue : market.venues()) {
            const VenueQuote quote = venue->quote(stranger, m_usdc, 1'000'000);
            QVERIFY(!quote.available);
            QCOMPARE(toString(quote.venue), toString(venue->venue()));
            QVERIFY2(quote.unavailableReason.contains(QStringLiteral("FOO/USDC")),
                     qPrintable(quote.unavailableReason));
            QVERIFY(!venue->quote(m_usdc, m_usdc, 1'000'000).available);
            QVERIFY(!market.spotPrice(venue->venue(), stranger, m_usdc));

            const SubmitOutcome outcome =
                swap(market, venue->venue(), stranger, m_usdc, 1'000'000, 0);
            QVERIFY(!outcome.executed);
            QCOMPARE(outcome.error.code, QStringLiteral("no_pool"));
            QVERIFY(outcome.error.permanent);
        }
    }

    void marketLaunchesAndListsTokensOnItsOwn()
    {
        TokenRegistry tokens;
        MarketConfig config = quietMarket(21);
        config.launchChancePerStep = 1; // every step launches
        MarketSimulator market(config, tokens);
        QSignalSpy created(&market, &MarketSimulator::poolCreated);
        const int known = int(tokens.all().size());

        market.step();
        QCOMPARE(int(tokens.all().size()), known + 1);
        const Token launched = tokens.all().last();
        QCOMPARE(created.size(), 2); // against SOL and USDC, on one venue
        const Venue first = created.at(0).at(0).value<Venue>();
        const Venue other = first == Venue::Raydium ? Venue::Meteora : Venue::Raydium;
        QVERIFY(!market.simulatedVenue(other)->hasPool(launched, m_usdc));
        QVERIFY(Base58::decode(launched.mint));

        // Later the token's liquidity arrives on the other venue too.
        config.launchChancePerStep = 0;
        config.listingChancePerStep = 1;
        TokenRegistry sameTokens;
        MarketSimulator again(config, sameTokens);
        QVERIFY(again.launchToken(launched, first, units("100000", m_usdc)));
        QSignalSpy listed(&again, &MarketSimulator::poolCreated);
        again.step();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(toString(listed.at(0).at(0).value<Venue>()), toString(other));
        QVERIFY(again.simulatedVenue(other)->hasPool(launched, m_usdc));
    }

    void launchTokenCreatesPools()
    {
        TokenRegistry tokens;
        MarketSimulator market(quietMarket(13), tokens);
        QSignalSpy created(&market, &MarketSimulator::poolCreated);
        const Token launched{QStringLiteral("MOON"),
                             QStringLiteral("Moon111111111111111111111111111111111111111"), 6};
        const Int128 liquidity = units("50000", m_usdc);

        QVERIFY(market.launchToken(launched, Venue::Meteora, liquidity));
        QVERIFY(tokens.find(QStringLiteral("moon")));
        QCOMPARE(created.size(), 2);
        QCOMPARE(toString(created.at(0).at(0).value<Venue>()), toString(Venue::Meteora));
        QCOMPARE(created.at(0).at(1).toString(), QStringLiteral("MOON"));
        QCOMPARE(created.at(0).at(2).toString(), QStringLiteral("SOL"));
        QCOMPARE(created.at(1).at(2).toString(), QStringLiteral("USDC"));
        SimulatedVenue *meteora = market.simulatedVenue(Venue::Meteora);
        QVERIFY(meteora->hasPool(launched, m_sol));
        // Spread over the DLMM pool's bins: all of it but the rounding of each bin's share.
        const Int128 spread = *meteora->pool(launched, m_usdc)->reserveOf(m_usdc);
        QVERIFY2(spread <= liquidity && liquidity - spread < 100, qPrintable(str(spread)));
        QVERIFY(!market.simulatedVenue(Venue::Raydium)->hasPool(launched, m_usdc));
        QVERIFY(!meteora->hasPool(launched, m_bonk));
        const VenueQuote buy = meteora->quote(m_usdc, launched, units("100", m_usdc));
        QVERIFY(buy.available);
        const double price = *market.fairPriceUsd(launched);
        QVERIFY(price >= 1e-5 && price <= 1e-3);

        QVERIFY(!market.launchToken(launched, Venue::Meteora, liquidity)); // already there
        QVERIFY(market.launchToken(launched, std::nullopt, liquidity));    // adds Raydium's two
        QCOMPARE(created.size(), 4);
        QVERIFY(market.simulatedVenue(Venue::Raydium)->hasPool(launched, m_usdc));

        const Token impostor{QStringLiteral("SOL"),
                             QStringLiteral("Fake111111111111111111111111111111111111111"), 9};
        QVERIFY(!market.launchToken(impostor, std::nullopt, liquidity));
        const Token other{QStringLiteral("DUST"),
                          QStringLiteral("Dust111111111111111111111111111111111111111"), 6};
        QVERIFY(!market.launchToken(other, std::nullopt, 0));
        market.step(); // the launched pools walk with the rest
    }

    void workersCanTradeConcurrently()
    {
        MarketConfig config = quietMarket(15);
        config.latencyScale = 0.001; // 0.15–0.25 ms per quote, so calls overlap
        MarketSimulator market(config, m_tokens);
        constexpr int Threads = 6;
        constexpr int PerThread = 15;
        std::atomic<int> executed{0};
        std::atomic<int> refused{0};
        std::atomic<int> unexpected{0}; // counted here: QTest macros are for the test's thread
        std::vector<std::thread> workers;
        for (int t = 0; t < Threads; ++t) {
            workers.emplace_back([&, t] {
                for (int i = 0; i < PerThread; ++i) {
                    const Venue venue = AllVenues[(t + i) % 2];
                    const VenueQuote quote =
                        market.venue(venue)->quote(m_usdc, m_sol, units("250", m_usdc));
                    // Every third asks for twice the quote and must be refused; the others leave
                    // 10 %, far more than the other workers' trades and 20 steps move SOL/USDC,
                    // and must execute. So the counts are exact however the calls interleave.
                    const Int128 minimum =
                        i % 3 == 2 ? quote.amountOut * 2 : quote.amountOut * 9 / 10;
                    const SubmitOutcome outcome =
                        swap(market, venue, m_usdc, m_sol, quote.amountIn, minimum);
                    if (outcome.executed && outcome.amountOut >= minimum)
                        ++executed;
                    else if (!outcome.executed &&
                             outcome.error.code == QLatin1String("slippage_exceeded"))
                        ++refused;
                    else
                        ++unexpected;
                }
            });
        }
        for (int i = 0; i < 20; ++i)
            market.step();
        for (std::thread &worker : workers)
            worker.join();
        QCOMPARE(unexpected.load(), 0);
        QCOMPARE(executed.load(), Threads * PerThread * 2 / 3);
        QCOMPARE(refused.load(), Threads * PerThread / 3);
        QCOMPARE(market.venueCallsInFlight(), 0);
    }

    void tickingStepsTheMarket()
    {
        MarketSimulator market(quietMarket(14), m_tokens);
        QSignalSpy moved(&market, &MarketSimulator::pricesMoved);
        market.startTicking(5);
        QVERIFY(market.isTicking());
        QVERIFY(moved.wait());
        market.stopTicking();
        QVERIFY(!market.isTicking());
    }
};

QTEST_GUILESS_MAIN(TestMarket)
#include "tst_market.moc"
