// Limit and sniper orders against a seeded, still market that the test moves by hand.
#include "Engine.h"
#include "EngineTestSupport.h"
#include "LocalMarket.h"
#include "Market.h"
#include "Token.h"
#include "TriggerMonitor.h"

#include <QtTest>

#include <QTemporaryDir>

#include <memory>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;

namespace {
const Token Sol = *TokenRegistry().find(QStringLiteral("SOL"));
const Token Usdc = *TokenRegistry().find(QStringLiteral("USDC"));

Token launchable(const QString &symbol)
{
    // A made-up but well-formed base58 mint, unique per symbol.
    return {symbol, symbol + QStringLiteral("Mint1111111111111111111111111111"), 6};
}
} // namespace

class TestTriggers : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_runs = 0;

    EngineConfig config(const QString &dataDir = {})
    {
        EngineConfig c = quietConfig(dataDir.isEmpty() ? m_dir.filePath(QString::number(++m_runs)) : dataDir);
        c.seed = 7;
        return c;
    }

    static Int128 bestSpot(Engine &engine)
    {
        Int128 best = 0;
        for (Venue venue : AllVenues)
            best = std::max(best, *engine.market().spotPrice(venue, Sol, Usdc));
        return best;
    }

    // A SOL→USDC limit order `percentAbove` the best price of the moment.
    static QJsonObject limitAbove(Engine &engine, int percentAbove)
    {
        const Int128 limit = bestSpot(engine) * (100 + percentAbove) / 100;
        return {{QStringLiteral("type"), QStringLiteral("limit")},
                {QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                {QStringLiteral("amount"), QStringLiteral("0.5")},
                {QStringLiteral("slippageBps"), 300},
                {QStringLiteral("limitPrice"), Decimal::format(limit, PriceScale)}};
    }

    static QString statusOf(Engine &engine, const QString &id)
    {
        return toString(engine.order(id)->status);
    }

private Q_SLOTS:
    void limitOrderTriggersWhenThePriceCrosses()
    {
        auto engine = startedEngine(config());
        const QString id = submitOrder(*engine, limitAbove(*engine, 3));
        QCOMPARE(statusOf(*engine, id), QStringLiteral("waiting"));

        QVERIFY(engine->market().setSpotPrice(Venue::Raydium, Sol, Usdc, bestSpot(*engine) * 110 / 100));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*engine, id), QStringLiteral("confirmed"), 10000);

        const QList<OrderEvent> history = engine->history(id);
        QStringList statuses;
        for (const OrderEvent &e : history)
            statuses << toString(e.status);
        // Stored waiting from the start: a limit order is never pending, where it could run as a
        // market order.
        QCOMPARE(statuses, QStringList({"waiting", "routing", "building", "submitted", "confirmed"}));
        QVERIFY(history[0].details.contains(QStringLiteral("trigger")));
        const QJsonObject trigger = history[1].details[QStringLiteral("trigger")].toObject();
        QCOMPARE(trigger[QStringLiteral("type")].toString(), QStringLiteral("limit"));
        // Executed at or better than the limit (the raised venue wins the route).
        const Order order = *engine->order(id);
        QCOMPARE(toString(order.execution->venue), toString(Venue::Raydium));
        QVERIFY(order.execution->executedPrice >= *order.limitPrice);
    }

    // The monitor looks only at the limits a move could have crossed. Many orders at many
    // prices, both directions, several sizes, the market moved up and down on both venues: after
    // every move exactly the orders whose own executable price reached their limit have fired,
    // checked one by one against the venues.
    void limitIndexFiresExactlyTheCrossedOrders()
    {
        TokenRegistry tokens;
        MarketConfig marketConfig;
        marketConfig.seed = 11;
        marketConfig.latencyScale = 0;
        LocalMarket market(marketConfig, tokens);
        TriggerMonitor monitor(market, tokens);
        QSet<QString> fired;
        connect(&monitor, &TriggerMonitor::triggered, this, [&](const Order &order, const QJsonObject &trigger) {
            QVERIFY(!fired.contains(order.id));
            QCOMPARE(trigger.value(QStringLiteral("type")).toString(), QStringLiteral("limit"));
            fired.insert(order.id);
        });

        const auto spotOf = [&](const Token &in, const Token &out) {
            Int128 best = 0;
            for (Venue venue : AllVenues)
                best = std::max(best, *market.spotPrice(venue, in, out));
            return best;
        };
        const Int128 sellSpot = spotOf(Sol, Usdc);
        const Int128 buySpot = spotOf(Usdc, Sol);
        QHash<QString, Order> orders;
        for (int i = 0; i < 600; ++i) {
            Order order;
            order.id = QStringLiteral("order-%1").arg(i);
            order.type = OrderType::Limit;
            order.status = OrderStatus::Waiting;
            const bool sell = i % 2 == 0;
            order.tokenIn = sell ? Sol : Usdc;
            order.tokenOut = sell ? Usdc : Sol;
            // Sizes from small to large enough that price impact keeps some below their limit.
            order.amountIn = sell ? Decimal::pow10(9) * (1 + 3 * (i % 13)) * (i % 5 == 0 ? 500 : 1)
                                  : Decimal::pow10(6) * (40 + 97 * (i % 17)) * (i % 7 == 0 ? 500 : 1);
            // From 12 % below to 12 % above the price of the moment, some sharing a limit.
            order.limitPrice = (sell ? sellSpot : buySpot) * (880 + (i * 37) % 241) / 1000;
            orders.insert(order.id, order);
            monitor.arm(order, false); // nothing fires before the first move
        }
        QVERIFY(fired.isEmpty());
        QCOMPARE(monitor.armedCount(), 600);

        const struct
        {
            Venue venue;
            int permille;
        } moves[] = {{Venue::Raydium, 1030}, {Venue::Meteora, 1060}, {Venue::Raydium, 1000},
                     {Venue::Raydium, 950},  {Venue::Meteora, 900},  {Venue::Raydium, 880},
                     {Venue::Meteora, 1080}, {Venue::Raydium, 1120}, {Venue::Meteora, 1000}};
        int round = 0;
        for (const auto &move : moves) {
            QSet<QString> armedBefore;
            for (const Order &order : std::as_const(orders)) {
                if (monitor.isArmed(order.id))
                    armedBefore.insert(order.id);
            }
            fired.clear();
            QVERIFY(market.setSpotPrice(move.venue, Sol, Usdc, sellSpot * move.permille / 1000));

            QSet<QString> expected;
            for (const QString &id : std::as_const(armedBefore)) {
                const Order &order = orders[id];
                const auto best = monitor.bestPrice(order);
                if (best && best->first >= *order.limitPrice)
                    expected.insert(id);
            }
            QCOMPARE(fired, expected);
            QCOMPARE(monitor.armedCount(), int(armedBefore.size() - expected.size()));
            for (const QString &id : std::as_const(armedBefore))
                QCOMPARE(monitor.isArmed(id), !expected.contains(id));

            // Some come back (their price moved away before they routed): watched again from the
            // next move on, at the same place in the index.
            int rearmed = 0;
            for (const QString &id : std::as_const(expected)) {
                if ((qHash(id) + round) % 3 == 0) {
                    monitor.arm(orders[id], false);
                    ++rearmed;
                }
            }
            QCOMPARE(monitor.armedCount(), int(armedBefore.size() - expected.size()) + rearmed);
            ++round;
        }
        // Cancelled ones leave every index: a later cross fires nothing for them.
        for (const Order &order : std::as_const(orders))
            monitor.disarm(order.id);
        QCOMPARE(monitor.armedCount(), 0);
        fired.clear();
        QVERIFY(market.setSpotPrice(Venue::Raydium, Sol, Usdc, sellSpot * 2));
        QVERIFY(market.setSpotPrice(Venue::Raydium, Sol, Usdc, sellSpot / 2));
        QVERIFY(fired.isEmpty());
    }

    // Snipers wait on their pair: a launch fires those of its token, and only those.
    void sniperIndexFiresOnlyItsPair()
    {
        TokenRegistry tokens;
        MarketConfig marketConfig;
        marketConfig.seed = 12;
        marketConfig.latencyScale = 0;
        LocalMarket market(marketConfig, tokens);
        TriggerMonitor monitor(market, tokens);
        QStringList fired;
        connect(&monitor, &TriggerMonitor::triggered, this,
                [&](const Order &order, const QJsonObject &) { fired << order.id; });
        for (int i = 0; i < 90; ++i) {
            Order order;
            order.id = QStringLiteral("sniper-%1").arg(i);
            order.type = OrderType::Sniper;
            order.status = OrderStatus::Waiting;
            order.tokenIn = i % 2 ? Usdc : Sol;
            order.tokenOut = {QStringLiteral("IDXCAT%1").arg(i % 3), QString(), 0}; // not launched
            order.amountIn = i % 2 ? Decimal::pow10(6) * 10 : Decimal::pow10(7);
            monitor.arm(order);
        }
        QVERIFY(fired.isEmpty());
        QVERIFY(market.launchToken(launchable(QStringLiteral("IDXCAT1")), Venue::Raydium,
                                   Decimal::pow10(6) * 100'000));
        QCOMPARE(fired.size(), 30);
        for (const QString &id : std::as_const(fired))
            QCOMPARE(id.mid(7).toInt() % 3, 1);
        QCOMPARE(monitor.armedCount(), 60);
    }

    void limitOrderBelowItsPriceKeepsWaiting()
    {
        auto engine = startedEngine(config());
        const QString id = submitOrder(*engine, limitAbove(*engine, 20));
        QSignalSpy moved(&engine->market(), &Market::pricesMoved);
        QVERIFY(engine->market().setSpotPrice(Venue::Raydium, Sol, Usdc, bestSpot(*engine) * 105 / 100));
        QTRY_VERIFY(moved.count() >= 1);
        QCoreApplication::processEvents(); // the monitor has seen the move
        QCOMPARE(statusOf(*engine, id), QStringLiteral("waiting"));
        QCOMPARE(engine->history(id).size(), 1);
    }

    // A walking market crosses the limits back and forth: orders fire, and some find the price
    // gone again by the time they route. None may fill below its limit, counted in the market's
    // ledger.
    void limitOrdersNeverFillBelowTheirLimitInAMovingMarket()
    {
        EngineConfig c = config();
        c.marketTickMs = 20; // a market step every 20 ms: about 1.4 % of SOL's price a second
        c.marketVolatility = 0.002;
        c.latencyScale = 0.05;
        auto engine = startedEngine(c);
        const Int128 spot = bestSpot(*engine);
        QStringList ids;
        for (int i = 0; i < 12; ++i) {
            // From 2 % below to 0.2 % above the price of the moment: the walk takes the ones
            // near it back and forth, and enough lie below it that a walk drifting down for the
            // whole wait still leaves some to fill (the band from 0.6 % below failed CI so).
            const Int128 limit = spot * (980 + 2 * i) / 1000;
            ids << submitOrder(*engine, {{QStringLiteral("type"), QStringLiteral("limit")},
                                         {QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                         {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                         {QStringLiteral("amount"), QStringLiteral("2")},
                                         {QStringLiteral("slippageBps"), 500},
                                         {QStringLiteral("limitPrice"), Decimal::format(limit, PriceScale)}});
        }
        const auto confirmed = [&] {
            return std::count_if(ids.cbegin(), ids.cend(),
                                 [&](const QString &id) { return statusOf(*engine, id) == QLatin1String("confirmed"); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(confirmed() >= 6, 60000);
        // Settle the rest: cancel what waits (also what comes back to waiting because its price
        // moved away before it routed), let what is in flight finish.
        const auto settled = [&] {
            bool all = true;
            for (const QString &id : ids) {
                const OrderStatus status = engine->order(id)->status;
                if (status == OrderStatus::Waiting)
                    engine->cancel(id).result();
                all = all && isTerminal(engine->order(id)->status);
            }
            return all;
        };
        QTRY_VERIFY_WITH_TIMEOUT(settled(), 30000);

        const std::optional<QList<LandedTransaction>> ledger = engine->market().ledger(0, 1000);
        QVERIFY(ledger);
        for (const QString &id : ids) {
            const Order order = *engine->order(id);
            QList<LandedTransaction> executions;
            std::copy_if(ledger->cbegin(), ledger->cend(), std::back_inserter(executions),
                         [&](const LandedTransaction &tx) { return tx.orderId == id; });
            QVERIFY2(executions.size() <= 1, qPrintable(id));
            if (order.status != OrderStatus::Confirmed) {
                QVERIFY2(executions.isEmpty(), qPrintable(id));
                continue;
            }
            QCOMPARE(executions.size(), 1);
            // amountIn × limitPrice in USDC units, rounded up: the least the fill may return.
            // (SOL has 9 decimals, USDC 6, prices 18: the product is scaled by 10^21.)
            const Int128 scale = Decimal::pow10(9 + PriceScale - 6);
            const Int128 floor = (order.amountIn * *order.limitPrice + scale - 1) / scale;
            QVERIFY2(executions.first().amountOut >= floor,
                     qPrintable(QStringLiteral("%1 filled %2 below its limit's %3")
                                    .arg(id, Decimal::toString(executions.first().amountOut), Decimal::toString(floor))));
            QVERIFY(order.execution->executedPrice >= *order.limitPrice);
        }
    }

    // A limit order that fires but only gets its turn after its expiry is not executed.
    void firedOrderPastItsExpiryExpires()
    {
        EngineConfig c = config();
        c.rateLimit = 1;
        c.rateWindowMs = 2500; // the market order takes the only start for 2.5 s
        auto engine = startedEngine(c);
        const QString market = submitOrder(*engine, {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                                     {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                                     {QStringLiteral("amount"), QStringLiteral("0.1")},
                                                     {QStringLiteral("slippageBps"), 500}});
        QTRY_VERIFY(statusOf(*engine, market) != QLatin1String("pending"));
        QJsonObject request = limitAbove(*engine, -5); // fires at once
        request[QStringLiteral("expiresInSec")] = 1;
        const QString id = submitOrder(*engine, request);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*engine, id), QStringLiteral("expired"), 15000);
        const QList<OrderEvent> history = engine->history(id);
        QVERIFY(std::none_of(history.cbegin(), history.cend(),
                             [](const OrderEvent &e) { return e.status == OrderStatus::Routing; }));
        const std::optional<QList<LandedTransaction>> ledger = engine->market().ledger(0, 1000);
        QVERIFY(ledger);
        QVERIFY(std::none_of(ledger->cbegin(), ledger->cend(),
                             [&](const LandedTransaction &tx) { return tx.orderId == id; }));
    }

    void waitingOrderExpires()
    {
        auto engine = startedEngine(config());
        QJsonObject request = limitAbove(*engine, 20);
        request[QStringLiteral("expiresInSec")] = 1;
        const QString id = submitOrder(*engine, request);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*engine, id), QStringLiteral("expired"), 10000);
        QVERIFY(std::holds_alternative<EngineError>(engine->cancel(id).result()));
        // A later price cross does nothing to an expired order.
        engine->market().setSpotPrice(Venue::Raydium, Sol, Usdc, bestSpot(*engine) * 2);
        QCoreApplication::processEvents();
        QCOMPARE(statusOf(*engine, id), QStringLiteral("expired"));
    }

    void cancelRacesTheTrigger()
    {
        auto engine = startedEngine(config());
        const QString waiting = submitOrder(*engine, limitAbove(*engine, 20));
        QVERIFY(std::holds_alternative<Order>(engine->cancel(waiting).result()));
        engine->market().setSpotPrice(Venue::Raydium, Sol, Usdc, bestSpot(*engine) * 2);
        QCoreApplication::processEvents();
        QCOMPARE(statusOf(*engine, waiting), QStringLiteral("cancelled"));

        // Cancel right as the trigger fires: exactly one of the two wins, and the order ends
        // accordingly — cancelled and never executed, or refused (409) and executed.
        const QString racing = submitOrder(*engine, limitAbove(*engine, -5)); // fires at once
        auto result = engine->cancel(racing).result();
        if (std::holds_alternative<Order>(result)) {
            QCOMPARE(statusOf(*engine, racing), QStringLiteral("cancelled"));
        } else {
            QCOMPARE(std::get<EngineError>(result).kind, EngineError::Kind::Conflict);
            QTRY_COMPARE_WITH_TIMEOUT(statusOf(*engine, racing), QStringLiteral("confirmed"), 10000);
        }
        const auto after = engine->history(racing);
        QVERIFY(!(std::any_of(after.cbegin(), after.cend(), [](const OrderEvent &e) { return e.status == OrderStatus::Cancelled; })
                  && std::any_of(after.cbegin(), after.cend(), [](const OrderEvent &e) { return e.status == OrderStatus::Routing; })));
    }

    void sniperFiresOnItsOwnTokensLaunchOnly()
    {
        auto engine = startedEngine(config());
        const QJsonObject request{{QStringLiteral("type"), QStringLiteral("sniper")},
                                  {QStringLiteral("tokenIn"), QStringLiteral("USDC")},
                                  {QStringLiteral("tokenOut"), QStringLiteral("MOONCAT")},
                                  {QStringLiteral("amount"), QStringLiteral("100")},
                                  {QStringLiteral("slippageBps"), 1000}};
        const QString id = submitOrder(*engine, request);
        QCOMPARE(statusOf(*engine, id), QStringLiteral("waiting"));

        QVERIFY(engine->market().launchToken(launchable(QStringLiteral("OTHERCAT")), {}, Decimal::pow10(6) * 100'000));
        QCoreApplication::processEvents();
        QCOMPARE(statusOf(*engine, id), QStringLiteral("waiting"));

        QVERIFY(engine->market().launchToken(launchable(QStringLiteral("MOONCAT")), Venue::Meteora, Decimal::pow10(6) * 100'000));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*engine, id), QStringLiteral("confirmed"), 10000);
        const Order order = *engine->order(id);
        QCOMPARE(toString(order.execution->venue), toString(Venue::Meteora));
        QCOMPARE(order.tokenOut.mint, launchable(QStringLiteral("MOONCAT")).mint);
        QVERIFY(order.execution->amountOut > 0);
    }

    void sniperGoesAheadOfQueuedMarketOrders()
    {
        EngineConfig c = config();
        c.workers = 1;
        c.latencyScale = 0.02; // ~50 ms a submission, so market orders queue up behind one worker
        auto engine = startedEngine(c);
        QStringList routed;
        connect(engine.get(), &Engine::orderEvent, this, [&](const OrderEvent &e, const Order &o) {
            if (e.status == OrderStatus::Routing)
                routed << toString(o.type);
        });
        const QJsonObject market{{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                 {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                 {QStringLiteral("amount"), QStringLiteral("0.1")},
                                 {QStringLiteral("slippageBps"), 500}};
        for (int i = 0; i < 6; ++i)
            submitOrder(*engine, market);
        const QString sniper = submitOrder(*engine, {{QStringLiteral("type"), QStringLiteral("sniper")},
                                                {QStringLiteral("tokenIn"), QStringLiteral("USDC")},
                                                {QStringLiteral("tokenOut"), QStringLiteral("FASTCAT")},
                                                {QStringLiteral("amount"), QStringLiteral("10")},
                                                {QStringLiteral("slippageBps"), 1000}});
        QTRY_VERIFY(!routed.isEmpty()); // the worker is busy with the first market order
        QVERIFY(engine->market().launchToken(launchable(QStringLiteral("FASTCAT")), {}, Decimal::pow10(6) * 100'000));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*engine, sniper), QStringLiteral("confirmed"), 15000);
        // At most the order in the worker's hands and the one it had already taken go first.
        const int position = int(routed.indexOf(QStringLiteral("sniper")));
        QVERIFY2(position >= 0 && position <= 2, qPrintable(routed.join(QLatin1Char(' '))));
        QTRY_COMPARE_WITH_TIMEOUT(routed.size(), 7, 15000);
    }

    void waitingOrdersAreRearmedAfterARestart()
    {
        const QString dataDir = m_dir.filePath(QStringLiteral("restart"));
        QString limitId;
        QString sniperId;
        {
            auto engine = startedEngine(config(dataDir));
            limitId = submitOrder(*engine, limitAbove(*engine, 3));
            sniperId = submitOrder(*engine, {{QStringLiteral("type"), QStringLiteral("sniper")},
                                        {QStringLiteral("tokenIn"), QStringLiteral("USDC")},
                                        {QStringLiteral("tokenOut"), QStringLiteral("LATECAT")},
                                        {QStringLiteral("amount"), QStringLiteral("10")},
                                        {QStringLiteral("slippageBps"), 1000}});
            engine->stop();
        }
        auto engine = startedEngine(config(dataDir)); // same seed: the same market as before
        QCOMPARE(statusOf(*engine, limitId), QStringLiteral("waiting"));
        QCOMPARE(statusOf(*engine, sniperId), QStringLiteral("waiting"));
        QVERIFY(engine->market().setSpotPrice(Venue::Raydium, Sol, Usdc, bestSpot(*engine) * 110 / 100));
        QVERIFY(engine->market().launchToken(launchable(QStringLiteral("LATECAT")), {}, Decimal::pow10(6) * 100'000));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*engine, limitId), QStringLiteral("confirmed"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(*engine, sniperId), QStringLiteral("confirmed"), 10000);
    }
};

QTEST_GUILESS_MAIN(TestTriggers)
#include "tst_triggers.moc"
