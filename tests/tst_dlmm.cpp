#include "BinPriceTable.h"
#include "DlmmPool.h"
#include "PoolMath.h"
#include "RouteMath.h"
#include "Token.h"

#include <QJsonArray>
#include <QtTest>

using namespace OrderDesk;

namespace {
constexpr Int128 One = Int128(1) << 64;

QString str(Int128 value)
{
    return Decimal::toString(value);
}

// 1 000 SOL and 150 000 USDC spread over 21 bins of 25 bps around 150 USDC per SOL.
DlmmPool solUsdc(int binsPerSide = 10)
{
    DlmmParameters parameters;
    parameters.binStepBps = 25;
    return *DlmmPool::withUniformLiquidity(TokenRegistry::sol(), TokenRegistry::usdc(), 1000 * Decimal::pow10(9),
                                           150'000 * Decimal::pow10(6), binsPerSide, parameters);
}

// What Meteora charges in a bin the swap reaches `crossed` bins from the reference, 1e9.
qint64 rateAfter(const DlmmParameters &p, qint64 crossed)
{
    const Int128 scaled = Int128(crossed * 10'000) * p.binStepBps;
    const Int128 variable = (Int128(p.variableFeeControl) * scaled * scaled + 99'999'999'999) / 100'000'000'000;
    return qint64(std::min<Int128>(p.baseFeeRate + variable, p.maxFeeRate));
}
} // namespace

class TestDlmm : public QObject
{
    Q_OBJECT

    const Token m_sol = TokenRegistry::sol();
    const Token m_usdc = TokenRegistry::usdc();

private Q_SLOTS:
    void binPricesAreExactWhicheverRangeWasAskedFirst()
    {
        // A bin step no other test uses, so this test sees the table grow: first a range, then
        // one below it, one above, one overlapping both ends, one inside, and one too far off to
        // be kept. Every price is the one binPrice computes.
        const int step = 37;
        const QList<QPair<int, int>> ranges{{100, 50},  {20, 30},  {400, 25},   {-60, 600},
                                            {130, 10},  {-5, 1},   {300'000, 40}, {-443'636, 3}};
        for (const auto &[low, count] : ranges) {
            std::vector<Int128> prices(std::size_t(count), -1);
            BinPriceTable::fill(step, low, prices);
            for (int i = 0; i < count; ++i) {
                QCOMPARE(str(prices[std::size_t(i)]),
                         str(DlmmPool::binPrice(low + i, step).value_or(0)));
            }
        }
    }

    void binsHoldTheirPriceAndBothSides()
    {
        const DlmmPool pool = solUsdc();
        // P(id) = 1.0025^id base units of USDC per lamport: 150 USDC per SOL is bin -760.
        QCOMPARE(pool.activeId(), -760);
        const double price = double(*DlmmPool::binPrice(-760, 25)) / double(One);
        QVERIFY(std::abs(price - std::pow(1.0025, -760)) < 1e-12);
        QCOMPARE(pool.lowestBinId(), -770);
        QCOMPARE(pool.highestBinId(), -750);
        // USDC below the active bin, SOL above, both in the active one.
        QVERIFY(pool.bin(-761).y > 0 && pool.bin(-761).x == 0);
        QVERIFY(pool.bin(-759).x > 0 && pool.bin(-759).y == 0);
        QVERIFY(pool.bin(-760).x > 0 && pool.bin(-760).y > 0);
        QCOMPARE(pool.feePpm(), 1000); // the base fee: nothing crossed yet
    }

    void aSwapInsideOneBinHasNoPriceImpact()
    {
        DlmmPool pool = solUsdc();
        const Int128 amount = 100'000'000; // 0.1 SOL
        const VenueQuote first = pool.swap(m_sol, amount);
        QVERIFY2(first.available, qPrintable(first.unavailableReason));
        QCOMPARE(first.priceImpactPpm, 0);
        QCOMPARE(first.binsCrossed, 0);
        // Exactly the bin's price after the fee: fee rounded up, output down.
        const Int128 fee = (amount * 1'000'000 + DlmmPool::FeePrecision - 1) / DlmmPool::FeePrecision;
        QCOMPARE(str(first.feeAmount), str(fee));
        QCOMPARE(str(first.amountOut), str(*PoolMath::mulShift64(amount - fee, *DlmmPool::binPrice(-760, 25))));
        // Constant sum: the same swap again gets the same, where x·y = k would give less.
        const VenueQuote second = pool.swap(m_sol, amount);
        QCOMPARE(str(second.amountOut), str(first.amountOut));
        QCOMPARE(pool.activeId(), -760);
    }

    void crossingBinsCostsWhatTheBinsSay()
    {
        DlmmPool pool = solUsdc();
        const DlmmParameters &p = pool.parameters();
        // Selling SOL empties the active bin's USDC, then the next two bins down, then takes a
        // part of the fourth. Each bin is emptied at its own price, its fee on top at the rate
        // of the bins crossed so far.
        Int128 in = 0, out = 0, fee = 0;
        for (int k = 0; k < 3; ++k) {
            const int id = -760 - k;
            const Int128 y = pool.bin(id).y;
            const Int128 price = *DlmmPool::binPrice(id, 25);
            const qint64 rate = rateAfter(p, k);
            const Int128 maxIn = *PoolMath::mulDivUp(y, One, price);
            const Int128 binFee = *PoolMath::mulDivUp(maxIn, rate, DlmmPool::FeePrecision - rate);
            in += maxIn + binFee;
            fee += binFee;
            out += y;
        }
        const Int128 part = 5 * Decimal::pow10(9); // 5 SOL into bin -763
        const qint64 rate = rateAfter(p, 3);
        const Int128 partFee = *PoolMath::mulDivUp(part, rate, DlmmPool::FeePrecision);
        out += *PoolMath::mulShift64(part - partFee, *DlmmPool::binPrice(-763, 25));
        fee += partFee;
        in += part;

        const VenueQuote quote = pool.quote(m_sol, in);
        QVERIFY2(quote.available, qPrintable(quote.unavailableReason));
        QCOMPARE(str(quote.amountOut), str(out));
        QCOMPARE(str(quote.feeAmount), str(fee));
        QCOMPARE(quote.binsCrossed, 3);
        QVERIFY(quote.priceImpactPpm > 0); // below the active bin's price now
        QCOMPARE(pool.activeId(), -760); // a quote moves nothing
        const VenueQuote swapped = pool.swap(m_sol, in);
        QCOMPARE(str(swapped.amountOut), str(out));
        QCOMPARE(pool.activeId(), -763);
        QCOMPARE(str(pool.bin(-761).y), QStringLiteral("0"));
    }

    void theVariableFeeRisesAfterVolatilityAndDecays()
    {
        DlmmPool pool = solUsdc(20);
        const DlmmParameters &p = pool.parameters();
        // A sale through ten bins: the accumulator counts them.
        Int128 in = 0;
        for (int k = 0; k < 10; ++k) {
            const int id = -760 - k;
            const qint64 rate = rateAfter(p, k);
            const Int128 maxIn = *PoolMath::mulDivUp(pool.bin(id).y, One, *DlmmPool::binPrice(id, 25));
            in += maxIn + *PoolMath::mulDivUp(maxIn, rate, DlmmPool::FeePrecision - rate);
        }
        QVERIFY(pool.swap(m_sol, in + 1'000'000).available);
        QCOMPARE(pool.activeId(), -770);
        QCOMPARE(pool.volatilityAccumulator(), 100'000);
        // 0.1 % + ceil(40 000 · (100 000 · 25)² / 1e11) = 0.1 % + 0.25 %.
        QCOMPARE(pool.feeRate(), qint64(3'500'000));
        QCOMPARE(pool.feePpm(), 3500);
        // Within the filter period (30 s of market time) the reference holds.
        pool.advanceClock(29);
        QCOMPARE(pool.feePpm(), 3500);
        // Past it, the reference moves to the active bin and keeps half of the accumulator.
        pool.advanceClock(1);
        QCOMPARE(pool.feeRate(), qint64(1'000'000 + 625'000));
        // Past the decay period nothing of it is left.
        pool.advanceClock(600);
        QCOMPARE(pool.feePpm(), 1000);
        // Capped at 0.5 %, however far it goes.
        DlmmPool wild = solUsdc(40);
        QVERIFY(wild.movePrice(-0.08)); // 32 bins down at once
        QCOMPARE(wild.feePpm(), 5000);
    }

    void exactOutRoundsTheVenuesWay()
    {
        const DlmmPool pool = solUsdc();
        const LegQuoter quoter = [&pool](Venue, const Token &in, const Token &, Int128 amount) {
            return pool.quote(in, amount);
        };
        // 2 000 USDC wanted: more than the active bin holds, so the least input crosses a bin.
        const Int128 wanted = 2000 * Decimal::pow10(6);
        const auto least = RouteMath::minimalInput(quoter, Venue::Meteora, m_sol, m_usdc, wanted);
        QVERIFY(least);
        QVERIFY(least->amountOut >= wanted);
        QVERIFY(pool.quote(m_sol, least->amountIn - 1).amountOut < wanted);
    }

    void tooLargeASwapIsRefusedAndChangesNothing()
    {
        DlmmPool pool = solUsdc();
        const Int128 usdcBefore = pool.reserveB();
        const VenueQuote refused = pool.swap(m_sol, 1'000'000 * Decimal::pow10(9));
        QVERIFY(!refused.available);
        QVERIFY2(refused.unavailableReason.contains(QLatin1String("too large")), qPrintable(refused.unavailableReason));
        QCOMPARE(str(pool.reserveB()), str(usdcBefore));
        QCOMPARE(pool.activeId(), -760);
    }

    void arbitrageMovesThePriceThroughTheBins()
    {
        DlmmPool pool = solUsdc();
        const double bin = std::log1p(0.0025);
        const double before = pool.logPrice();
        // Less than half a bin: the price stays in its bin until the moves add up.
        QVERIFY(pool.movePrice(0.3 * bin));
        QCOMPARE(pool.activeId(), -760);
        QVERIFY(pool.movePrice(0.3 * bin));
        QCOMPARE(pool.activeId(), -759);
        QVERIFY(std::abs(pool.logPrice() - (before + 0.6 * bin)) < 1e-12);
        // Up five more: the SOL of the bins crossed is bought with USDC at their prices.
        QVERIFY(pool.movePrice(5 * bin));
        QCOMPARE(pool.activeId(), -754);
        for (int id = -759; id < -754; ++id)
            QVERIFY(pool.bin(id).x == 0 && pool.bin(id).y > 0);
        QCOMPARE(pool.volatilityAccumulator(), 60'000);
        const auto spot = pool.spotPrice(m_sol, m_usdc);
        QVERIFY(spot && *spot > 0);
    }

    void theStreamedStateQuotesTheSame()
    {
        DlmmPool pool = solUsdc();
        QVERIFY(pool.swap(m_sol, 40 * Decimal::pow10(9)).available);
        pool.advanceClock(45);
        QVERIFY(pool.movePrice(0.01));
        const std::optional<DlmmPool> mirror = DlmmPool::fromJson(pool.toJson());
        QVERIFY(mirror);
        QCOMPARE(mirror->toJson(), pool.toJson());
        for (const Int128 amount : {Int128(1'000), Int128(3) * Decimal::pow10(9), Int128(90) * Decimal::pow10(9)}) {
            QCOMPARE(str(mirror->quote(m_sol, amount).amountOut), str(pool.quote(m_sol, amount).amountOut));
            QCOMPARE(mirror->quote(m_sol, amount).feePpm, pool.quote(m_sol, amount).feePpm);
        }
        const Int128 usdc = 5000 * Decimal::pow10(6);
        QCOMPARE(str(mirror->quote(m_usdc, usdc).amountOut), str(pool.quote(m_usdc, usdc).amountOut));
    }

    void binsReadInEitherFormatAndRefuseBadAmounts()
    {
        const DlmmPool pool = solUsdc(3);
        QJsonObject json = pool.toJson();
        const QStringList xs = json.value(QStringLiteral("binsX")).toString().split(QLatin1Char(','));
        const QStringList ys = json.value(QStringLiteral("binsY")).toString().split(QLatin1Char(','));
        QCOMPARE(xs.size(), 7);
        QCOMPARE(ys.size(), 7);
        // A market of the version before streams them as arrays of strings.
        QJsonObject arrays = json;
        arrays.insert(QStringLiteral("binsX"), QJsonArray::fromStringList(xs));
        arrays.insert(QStringLiteral("binsY"), QJsonArray::fromStringList(ys));
        const std::optional<DlmmPool> fromArrays = DlmmPool::fromJson(arrays);
        QVERIFY(fromArrays);
        QCOMPARE(fromArrays->toJson(), json);

        for (const QString &bad : {QStringLiteral("1,-2,3,4,5,6,7"), QStringLiteral("1,,3,4,5,6,7"),
                                   QStringLiteral("1,2,3,4,5,6,7x"), QStringLiteral("1,2,3")}) {
            QJsonObject broken = json;
            broken.insert(QStringLiteral("binsY"), bad);
            QVERIFY2(!DlmmPool::fromJson(broken), qPrintable(bad));
        }
    }
};

QTEST_GUILESS_MAIN(TestDlmm)
#include "tst_dlmm.moc"
