#include "DexVenue.h"
#include "LocalMarket.h"
#include "Router.h"

#include <QtTest>

using namespace OrderDesk;

namespace {
MarketConfig quietMarket(quint64 seed)
{
    MarketConfig config;
    config.latencyScale = 0;
    config.failureRate = 0;
    config.seed = seed;
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

VenueQuote quoteOf(Venue venue, Int128 amountOut, int feePpm = 2500)
{
    VenueQuote quote;
    quote.venue = venue;
    quote.available = true;
    quote.amountIn = 1'000'000'000;
    quote.amountOut = amountOut;
    quote.feePpm = feePpm;
    quote.quotedAt = QDateTime::currentDateTimeUtc();
    return quote;
}

VenueQuote unavailableQuote(Venue venue, const QString &reason)
{
    VenueQuote quote;
    quote.venue = venue;
    quote.unavailableReason = reason;
    return quote;
}
} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

    TokenRegistry m_tokens;
    Token m_sol = TokenRegistry::sol();
    Token m_usdc = TokenRegistry::usdc();
    Token m_usdt = *m_tokens.find(QStringLiteral("USDT"));

private Q_SLOTS:
    void theBetterVenueWinsEitherWay()
    {
        LocalMarket market(quietMarket(21), m_tokens);
        QString error;
        QVERIFY2(market.open(&error), qPrintable(error));
        Router router(market, 2);
        const Int128 raydiumPrice = *market.spotPrice(Venue::Raydium, m_sol, m_usdc);
        const Order sell = marketOrder(m_sol, m_usdc, Decimal::pow10(9));
        const Order buy = marketOrder(m_usdc, m_sol, 150 * Decimal::pow10(6));

        // Meteora pays 2 % more for SOL: sellers go there, buyers stay on Raydium.
        QVERIFY(market.setSpotPrice(Venue::Meteora, m_sol, m_usdc, raydiumPrice * 102 / 100));
        std::optional<RouteDecision> decision =
            Router::decide(sell, router.quoteAll(m_sol, m_usdc, sell.amountIn));
        QVERIFY(decision);
        QCOMPARE(toString(decision->venue), toString(Venue::Meteora));
        decision = Router::decide(buy, router.quoteAll(m_usdc, m_sol, buy.amountIn));
        QCOMPARE(toString(decision->venue), toString(Venue::Raydium));

        // And the other way round once Meteora's SOL is 2 % cheaper.
        QVERIFY(market.setSpotPrice(Venue::Meteora, m_sol, m_usdc, raydiumPrice * 98 / 100));
        decision = Router::decide(sell, router.quoteAll(m_sol, m_usdc, sell.amountIn));
        QCOMPARE(toString(decision->venue), toString(Venue::Raydium));
        decision = Router::decide(buy, router.quoteAll(m_usdc, m_sol, buy.amountIn));
        QCOMPARE(toString(decision->venue), toString(Venue::Meteora));
        QCOMPARE(decision->quotes.size(), 2);
        // The winner really is the larger output.
        const VenueQuote &winner =
            decision->quotes[0].venue == Venue::Meteora ? decision->quotes[0] : decision->quotes[1];
        const VenueQuote &loser =
            decision->quotes[0].venue == Venue::Meteora ? decision->quotes[1] : decision->quotes[0];
        QVERIFY(winner.amountOut > loser.amountOut);
    }

    void tiesGoToTheLowerFeeThenRaydium()
    {
        const Order order = marketOrder(m_sol, m_usdc, Decimal::pow10(9));
        std::optional<RouteDecision> decision =
            Router::decide(order, {quoteOf(Venue::Raydium, 150'000'000, 2500),
                                   quoteOf(Venue::Meteora, 150'000'000, 1000)});
        QCOMPARE(toString(decision->venue), toString(Venue::Meteora));
        QVERIFY2(decision->reason.contains(QStringLiteral("lower fee")),
                 qPrintable(decision->reason));

        decision = Router::decide(order, {quoteOf(Venue::Meteora, 150'000'000, 2500),
                                          quoteOf(Venue::Raydium, 150'000'000, 2500)});
        QCOMPARE(toString(decision->venue), toString(Venue::Raydium));
        QVERIFY2(decision->reason.contains(QStringLiteral("preferred")),
                 qPrintable(decision->reason));

        // Output first: a higher fee does not matter when the output is larger.
        decision = Router::decide(order, {quoteOf(Venue::Raydium, 150'000'000, 1000),
                                          quoteOf(Venue::Meteora, 150'000'001, 5000)});
        QCOMPARE(toString(decision->venue), toString(Venue::Meteora));
    }

    void minAmountOutAppliesTheSlippage_data()
    {
        QTest::addColumn<int>("bps");
        QTest::addColumn<qint64>("amountOut");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("0 bps: exactly the quote") << 0 << qint64(1'000'001) << qint64(1'000'001);
        QTest::newRow("50 bps, rounded down") << 50 << qint64(1'000'001) << qint64(995'000);
        QTest::newRow("1 bps") << 1 << qint64(123'456'789) << qint64(123'444'443);
        QTest::newRow("5000 bps: half, rounded down")
            << 5000 << qint64(1'000'001) << qint64(500'000);
        QTest::newRow("1 unit, 50 bps") << 50 << qint64(1) << qint64(0);
    }
    void minAmountOutAppliesTheSlippage()
    {
        QFETCH(int, bps);
        QFETCH(qint64, amountOut);
        QFETCH(qint64, expected);
        const Order order = marketOrder(m_usdc, m_usdt, 1'000'000, bps);
        const std::optional<RouteDecision> decision = Router::decide(
            order, {quoteOf(Venue::Raydium, amountOut), quoteOf(Venue::Meteora, amountOut - 1)});
        QVERIFY(decision);
        QCOMPARE(toString(decision->venue), toString(Venue::Raydium));
        QCOMPARE(Decimal::toString(decision->minAmountOut), Decimal::toString(expected));
    }

    void reasonNamesBothVenuesAndTheDifference()
    {
        const Order order = marketOrder(m_sol, m_usdc, Decimal::pow10(9));
        const std::optional<RouteDecision> decision =
            Router::decide(order, {quoteOf(Venue::Raydium, 150'000'000),
                                   quoteOf(Venue::Meteora, 150'410'000, 1500)});
        QCOMPARE(toString(decision->venue), toString(Venue::Meteora));
        const QString &reason = decision->reason;
        // 0.41 / 150 = 0.2733 %
        for (const char *part :
             {"meteora", "raydium", "0.41 USDC more", "0.2733 %", "150.41 USDC", "150 USDC"})
            QVERIFY2(reason.contains(QLatin1String(part)), qPrintable(reason));
        QVERIFY(reason.indexOf(QLatin1String("meteora")) <
                reason.indexOf(QLatin1String("raydium")));
    }

    void solIsWrappedAndUnwrapped()
    {
        const QList<VenueQuote> quotes{quoteOf(Venue::Raydium, 1000)};
        std::optional<RouteDecision> in = Router::decide(marketOrder(m_sol, m_usdc, 1000), quotes);
        QVERIFY(in->wrapSol && !in->unwrapSol);
        std::optional<RouteDecision> out = Router::decide(marketOrder(m_usdc, m_sol, 1000), quotes);
        QVERIFY(!out->wrapSol && out->unwrapSol);
        std::optional<RouteDecision> neither =
            Router::decide(marketOrder(m_usdc, m_usdt, 1000), quotes);
        QVERIFY(!neither->wrapSol && !neither->unwrapSol);
    }

    void noAvailableVenueMeansNoRoute()
    {
        const Order order = marketOrder(m_sol, m_usdc, 1000);
        QVERIFY(!Router::decide(order, {}));
        QVERIFY(
            !Router::decide(order, {unavailableQuote(Venue::Raydium, QStringLiteral("no pool")),
                                    unavailableQuote(Venue::Meteora, QStringLiteral("no pool"))}));
        VenueQuote empty = quoteOf(Venue::Meteora, 0);
        QVERIFY(!Router::decide(order, {empty}));

        // One venue left: it wins, and the reason says why the other could not.
        const std::optional<RouteDecision> only = Router::decide(
            order,
            {unavailableQuote(Venue::Raydium, QStringLiteral("no pool for SOL/USDC on raydium")),
             quoteOf(Venue::Meteora, 5000)});
        QCOMPARE(toString(only->venue), toString(Venue::Meteora));
        QVERIFY2(only->reason.contains(QStringLiteral("only meteora")), qPrintable(only->reason));
        QVERIFY2(only->reason.contains(QStringLiteral("no pool for SOL/USDC on raydium")),
                 qPrintable(only->reason));
        QCOMPARE(only->quotes.size(), 2);
    }

    void quoteAllAsksEveryVenue()
    {
        TokenRegistry tokens;
        LocalMarket market(quietMarket(22), tokens);
        QString error;
        QVERIFY2(market.open(&error), qPrintable(error));
        Router router(market, 2);

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
        const QList<VenueQuote> none = router.quoteAll(stranger, m_usdc, 1'000'000);
        QCOMPARE(none.size(), 2);
        QVERIFY(!none[0].available && !none[1].available);
        QVERIFY(!Router::decide(marketOrder(stranger, m_usdc, 1'000'000), none));
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
        Router router(market, 2);

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
