// The engine end to end, in process: lifecycle, retries and back-off, rate limit, worker bound,
// cancel, idempotency and recovery after a restart on the same SQLite file.
#include "Engine.h"
#include "Market.h"
#include "EngineTestSupport.h"
#include "MarketSimulator.h"
#include "OrderProcessor.h"
#include "SqlOrderStore.h"

#include <QDir>
#include <QtTest>

#include <QJsonArray>
#include <QTemporaryDir>

#include <algorithm>
#include <memory>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;

namespace {

QJsonObject marketOrder(const QString &amount = QStringLiteral("0.5"))
{
    return {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
            {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
            {QStringLiteral("amount"), amount},
            {QStringLiteral("slippageBps"), 500}};
}

// Records every event the engine publishes, per order, in arrival order.
class EventLog : public QObject
{
public:
    explicit EventLog(Engine &engine)
    {
        connect(&engine, &Engine::orderEvent, this,
                [this](const OrderEvent &event, const Order &) { events.append(event); });
    }
    QList<OrderEvent> of(const QString &orderId) const
    {
        QList<OrderEvent> result;
        std::copy_if(events.cbegin(), events.cend(), std::back_inserter(result),
                     [&](const OrderEvent &e) { return e.orderId == orderId; });
        return result;
    }
    int terminalCount() const
    {
        return int(std::count_if(events.cbegin(), events.cend(),
                                 [](const OrderEvent &e) { return isTerminal(e.status); }));
    }
    QList<OrderEvent> events;
};

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    EngineConfig config()
    {
        EngineConfig c = quietConfig(m_dir.path() + QLatin1Char('/') + QString::number(++m_runs));
        c.backoffMs = 20;
        return c;
    }

    int m_runs = 0;

private Q_SLOTS:
    void marketOrderWalksTheWholeLifecycle()
    {
        auto engine = startedEngine(config());
        EventLog log(*engine);
        const QString id = submitOrder(*engine, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(log.terminalCount(), 1, 10000);

        const QList<OrderEvent> events = log.of(id);
        QStringList statuses;
        for (const OrderEvent &e : events)
            statuses << toString(e.status);
        QCOMPARE(statuses, QStringList({"pending", "routing", "building", "submitted", "confirmed"}));
        for (int i = 0; i < events.size(); ++i)
            QCOMPARE(events[i].seq, i + 1);
        QVERIFY(events[2].allDetails().contains(QStringLiteral("route")));
        QCOMPARE(events[2].allDetails()[QStringLiteral("route")][QStringLiteral("quotes")].toArray().size(), 2);
        QVERIFY(!events[3].details[QStringLiteral("signature")].toString().isEmpty());

        // What was published is what was stored.
        const std::optional<Order> stored = engine->order(id);
        QVERIFY(stored);
        QCOMPARE(toString(stored->status), toString(OrderStatus::Confirmed));
        QCOMPARE(stored->attempt, 1);
        QVERIFY(stored->execution);
        QVERIFY(stored->execution->amountOut >= stored->route->minAmountOut);
        QCOMPARE(engine->history(id).size(), events.size());
    }

    void newStreamsSeeWhatTheStoreHolds()
    {
        auto engine = startedEngine(config());
        EventLog log(*engine);
        const QString id = submitOrder(*engine, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(log.terminalCount(), 1, 10000);

        // The snapshot of a recent order comes from the events the engine published; it must be
        // the picture a read of the store gives.
        const auto take = [](QFuture<Engine::SnapshotOutcome> future) {
            future.waitForFinished();
            const auto outcome = future.result();
            return std::get<OrderSnapshot>(outcome);
        };
        const OrderSnapshot recent = take(engine->snapshot(id));
        const OrderSnapshot stored = take(engine->storedSnapshot(id));
        QCOMPARE(recent.order.toJson(), stored.order.toJson());
        QCOMPARE(recent.history.size(), stored.history.size());
        for (qsizetype i = 0; i < stored.history.size(); ++i)
            QCOMPARE(recent.history[i].toJson(), stored.history[i].toJson());
    }

    void recentOrdersAreGaplessOrNotAnsweredAtAll()
    {
        const auto order = [](const QString &id, qint64 seq, OrderStatus status) {
            Order o;
            o.id = id;
            o.seq = seq;
            o.status = status;
            return o;
        };
        const auto event = [](const QString &id, qint64 seq, OrderStatus status) {
            return OrderEvent{id, seq, status, 1, QDateTime::currentDateTimeUtc(), {}};
        };
        RecentOrderCache cache(2, 60'000);
        cache.record(event("a", 1, OrderStatus::Pending), order("a", 1, OrderStatus::Pending));
        cache.record(event("a", 2, OrderStatus::Routing), order("a", 2, OrderStatus::Routing));
        cache.record(event("a", 2, OrderStatus::Routing), order("a", 2, OrderStatus::Routing));
        QCOMPARE(cache.find("a")->history.size(), 2);
        QCOMPARE(cache.find("a")->order.seq, 2);

        // An event whose predecessor never came: the entry is dropped, the store answers.
        cache.record(event("a", 4, OrderStatus::Submitted), order("a", 4, OrderStatus::Submitted));
        QVERIFY(!cache.find("a"));
        cache.record(event("a", 5, OrderStatus::Confirmed), order("a", 5, OrderStatus::Confirmed));
        QVERIFY(!cache.find("a"));
        // Seen from the middle (another node's order whose start this node missed): never.
        cache.record(event("b", 3, OrderStatus::Building), order("b", 3, OrderStatus::Building));
        QVERIFY(!cache.find("b"));

        // Bounded: the oldest go first.
        for (const char *id : {"c", "d", "e"})
            cache.record(event(id, 1, OrderStatus::Pending), order(id, 1, OrderStatus::Pending));
        QVERIFY(!cache.find("c"));
        QVERIFY(cache.find("d") && cache.find("e"));

        // A quiet active order may have missed an event: only finished ones outlive freshness.
        RecentOrderCache stale(8, -1);
        stale.record(event("f", 1, OrderStatus::Pending), order("f", 1, OrderStatus::Pending));
        QVERIFY(!stale.find("f"));
        stale.record(event("f", 2, OrderStatus::Cancelled), order("f", 2, OrderStatus::Cancelled));
        QCOMPARE(stale.find("f")->history.size(), 2);
    }

    void backoffDoublesForEachRetry()
    {
        QCOMPARE(OrderProcessor::backoffDelayMs(1000, 1), 1000);
        QCOMPARE(OrderProcessor::backoffDelayMs(1000, 2), 2000);
        QCOMPARE(OrderProcessor::backoffDelayMs(1000, 3), 4000);
        QCOMPARE(OrderProcessor::backoffDelayMs(250, 5), 4000);
    }

    void failingVenueIsRetriedWithBackoffThenFails()
    {
        // Every transaction is dropped: each attempt fails when its blockhash expires (150 blocks
        // of 10 ms at latency scale 0) and a new one is built.
        EngineConfig c = config();
        c.dexFailureRate = 1;
        c.maxAttempts = 3;
        c.backoffMs = 60;
        auto engine = startedEngine(c);
        EventLog log(*engine);
        const QString id = submitOrder(*engine, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(log.terminalCount(), 1, 30000);

        const std::optional<Order> order = engine->order(id);
        QCOMPARE(toString(order->status), toString(OrderStatus::Failed));
        QCOMPARE(order->attempt, 3);
        QCOMPARE(order->lastError->code, QStringLiteral("tx_expired"));

        // Every failed attempt's reason is on record, and each one was shown as retrying.
        const QList<FailureRecord> failures = engine->failures(id);
        QCOMPARE(failures.size(), 3);
        for (int i = 0; i < failures.size(); ++i) {
            QCOMPARE(failures[i].attempt, i + 1);
            QCOMPARE(failures[i].code, QStringLiteral("tx_expired"));
            QVERIFY(!failures[i].message.isEmpty());
        }
        QCOMPARE(std::count_if(log.events.cbegin(), log.events.cend(),
                               [&](const OrderEvent &e) { return e.status == OrderStatus::Retrying; }),
                 2);

        // Each retry re-entered routing with the next attempt, no earlier than its back-off.
        QList<OrderEvent> routings;
        for (const OrderEvent &e : engine->history(id)) {
            if (e.status == OrderStatus::Routing)
                routings << e;
        }
        QCOMPARE(routings.size(), 3);
        for (int retry = 1; retry < 3; ++retry) {
            QCOMPARE(routings[retry].attempt, retry + 1);
            const qint64 waited = failures[retry - 1].at.msecsTo(routings[retry].timestamp);
            QVERIFY2(waited >= OrderProcessor::backoffDelayMs(c.backoffMs, retry) - 2,
                     qPrintable(QStringLiteral("retry %1 after %2 ms").arg(retry).arg(waited)));
        }
        const QList<OrderEvent> history = engine->history(id);
        QCOMPARE(toString(history.last().status), toString(OrderStatus::Failed));
        QCOMPARE(history.last().details[QStringLiteral("error")][QStringLiteral("code")].toString(),
                 QStringLiteral("tx_expired"));
    }

    void permanentErrorFailsWithoutRetry()
    {
        auto engine = startedEngine(config());
        EventLog log(*engine);
        // A token listed nowhere: no pool on either venue, so no direct and no two-hop route.
        const Token launched{QStringLiteral("NEWCOIN"),
                             QStringLiteral("NewCoin1111111111111111111111111111111111111"), 6};
        QVERIFY(engine->tokens().add(launched));
        QJsonObject request = marketOrder(QStringLiteral("1000"));
        request[QStringLiteral("tokenIn")] = QStringLiteral("BONK"); // the wallet holds BONK
        request[QStringLiteral("tokenOut")] = QStringLiteral("NEWCOIN");
        const QString id = submitOrder(*engine, request);
        QTRY_COMPARE_WITH_TIMEOUT(log.terminalCount(), 1, 10000);

        const std::optional<Order> order = engine->order(id);
        QCOMPARE(toString(order->status), toString(OrderStatus::Failed));
        QCOMPARE(order->attempt, 1);
        QCOMPARE(order->lastError->code, QStringLiteral("no_route"));
        QCOMPARE(engine->failures(id).size(), 1);
        QVERIFY(engine->failures(id).first().permanent);
    }

    void priceImpactGuardRefusesAHugeOrderAndLeavesThePools()
    {
        EngineConfig c = config();
        // A wallet that can pay for it: what is refused here is the route, not the funds.
        c.walletFunding = {{QStringLiteral("SOL"), QStringLiteral("2000000000000")}};
        auto engine = startedEngine(c);
        EventLog log(*engine);
        const auto pools = [&] {
            QStringList all;
            for (Venue venue : AllVenues)
                all << Decimal::toString(engine->market().spotPrice(venue, TokenRegistry::sol(), TokenRegistry::usdc()).value());
            return all;
        };
        const QStringList before = pools();
        const QString id = submitOrder(*engine, marketOrder(QStringLiteral("1000000000000")));
        QTRY_COMPARE_WITH_TIMEOUT(log.terminalCount(), 1, 10000);
        const std::optional<Order> order = engine->order(id);
        QCOMPARE(toString(order->status), toString(OrderStatus::Failed));
        QCOMPARE(order->lastError->code, QStringLiteral("price_impact_too_high"));
        QCOMPARE(order->attempt, 1); // permanent: no retry
        QCOMPARE(pools(), before);
        QCOMPARE(engine->market().ledger(0, 100)->size(), 0);

        // Everyone else trades as before.
        const QString next = submitOrder(*engine, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(toString(engine->order(next)->status), toString(OrderStatus::Confirmed), 10000);
    }

    void aSplitOrderExecutesOnceWithAllItsLegs()
    {
        auto engine = startedEngine(config());
        // 8,000 SOL: deep enough into both SOL/USDC pools that a split pays, within the guard.
        QJsonObject request = marketOrder(QStringLiteral("8000"));
        const QString id = submitOrder(*engine, request);
        QTRY_VERIFY_WITH_TIMEOUT(isTerminal(engine->order(id)->status), 15000);
        const std::optional<Order> order = engine->order(id);
        QCOMPARE(toString(order->status), toString(OrderStatus::Confirmed));
        QCOMPARE(order->route->kind, QStringLiteral("split"));
        QCOMPARE(order->route->legs.size(), 2);
        QVERIFY(order->execution->amountOut >= order->route->minAmountOut);
        // One ledger line for the order, carrying both legs.
        const QList<LandedTransaction> ledger = *engine->market().ledger(0, 100);
        QCOMPARE(ledger.size(), 1);
        QCOMPARE(ledger.first().orderId, id);
        QCOMPARE(ledger.first().legs.size(), 2);
        QVERIFY(ledger.first().legs[0].venue != ledger.first().legs[1].venue);
        QCOMPARE(Decimal::toString(ledger.first().legs[0].amountIn + ledger.first().legs[1].amountIn),
                 Decimal::toString(order->amountIn));
    }

    void anExactOutOrderReceivesItsAmountWithinItsBound()
    {
        auto engine = startedEngine(config());
        const QString id = submitOrder(*engine, {{QStringLiteral("tokenIn"), QStringLiteral("USDC")},
                                                 {QStringLiteral("tokenOut"), QStringLiteral("SOL")},
                                                 {QStringLiteral("amount"), QStringLiteral("3")},
                                                 {QStringLiteral("swapMode"), QStringLiteral("ExactOut")},
                                                 {QStringLiteral("side"), QStringLiteral("buy")}});
        QTRY_VERIFY_WITH_TIMEOUT(isTerminal(engine->order(id)->status), 15000);
        const std::optional<Order> order = engine->order(id);
        QCOMPARE(toString(order->status), toString(OrderStatus::Confirmed));
        QCOMPARE(toString(order->swapMode), QStringLiteral("ExactOut"));
        const LandedTransaction landed = *engine->market().transaction(order->execution->signature);
        QVERIFY(landed.amountOut >= Decimal::pow10(9) * 3);
        QVERIFY(landed.amountIn <= order->route->maxAmountIn);
        QVERIFY(landed.amountIn > 0);
    }

    void rateLimitHoldsInEveryWindow()
    {
        EngineConfig c = config();
        c.rateLimit = 3;
        c.rateWindowMs = 500;
        auto engine = startedEngine(c);
        EventLog log(*engine);
        constexpr int Orders = 8;
        for (int i = 0; i < Orders; ++i)
            submitOrder(*engine, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(log.terminalCount(), Orders, 20000);

        QList<QDateTime> starts;
        for (const OrderEvent &e : log.events) {
            if (e.status == OrderStatus::Routing)
                starts << e.timestamp;
        }
        QCOMPARE(starts.size(), Orders);
        std::sort(starts.begin(), starts.end());
        // Any N+1 consecutive starts span at least a window (a few ms of slack for the time
        // between the grant and the stored timestamp).
        for (int i = 0; i + c.rateLimit < starts.size(); ++i) {
            const qint64 span = starts[i].msecsTo(starts[i + c.rateLimit]);
            QVERIFY2(span >= c.rateWindowMs - 25, qPrintable(QString::number(span)));
        }
        QVERIFY(engine->metrics().rateWindowUsed <= c.rateLimit);
    }

    void workersBoundHowManyOrdersAreInFlight()
    {
        EngineConfig c = config();
        c.workers = 3;
        c.latencyScale = 0.02; // ~50 ms per submission: long enough for orders to overlap
        auto engine = startedEngine(c);
        int inFlight = 0;
        int maxInFlight = 0;
        int finished = 0;
        connect(engine.get(), &Engine::orderEvent, this, [&](const OrderEvent &e, const Order &) {
            if (e.status == OrderStatus::Routing && e.attempt == 1)
                maxInFlight = std::max(maxInFlight, ++inFlight);
            if (isTerminal(e.status)) {
                --inFlight;
                ++finished;
            }
        });
        constexpr int Orders = 12;
        for (int i = 0; i < Orders; ++i)
            submitOrder(*engine, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(finished, Orders, 30000);
        QVERIFY2(maxInFlight <= c.workers, qPrintable(QString::number(maxInFlight)));
        QVERIFY2(maxInFlight >= 2, "orders must be worked on in parallel");
    }

    void ordersWaitingForTheChainHoldNoThread()
    {
        // At latency scale 1 a transaction takes 2-3 s to land: the orders waiting for it are in
        // flight, and none of them may hold a thread meanwhile.
        EngineConfig c = config();
        c.workers = 1000;
        c.latencyScale = 1;
        auto engine = startedEngine(c);
        int inFlight = 0;
        int finished = 0;
        int inFlightAtSample = 0;
        int threadsAtSample = 0;
        connect(engine.get(), &Engine::orderEvent, this, [&](const OrderEvent &e, const Order &) {
            if (e.status == OrderStatus::Routing && e.attempt == 1)
                ++inFlight;
            if (isTerminal(e.status)) {
                --inFlight;
                ++finished;
            }
            if (inFlight >= 450 && threadsAtSample == 0) {
                inFlightAtSample = inFlight;
                threadsAtSample = int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
            }
        });
        constexpr int Orders = 500;
        QList<QFuture<Engine::SubmitOutcome>> submitted; // all at once: they share commits
        for (int i = 0; i < Orders; ++i)
            submitted << engine->submit(marketOrder());
        for (const auto &future : submitted)
            QVERIFY(std::holds_alternative<SubmitResult>(future.result()));
        QTRY_COMPARE_WITH_TIMEOUT(finished, Orders, 120'000);
        QVERIFY2(threadsAtSample > 0, "450 orders were never in flight at once");
        // The worker threads and the second venue's quote threads are capped at 128 each.
        QVERIFY2(threadsAtSample < 350,
                 qPrintable(QStringLiteral("%1 threads for %2 orders in flight")
                                .arg(threadsAtSample)
                                .arg(inFlightAtSample)));
    }

    void cancelWorksUntilRoutingBegins()
    {
        auto engine = startedEngine(config());
        EventLog log(*engine);
        QJsonObject limit = marketOrder();
        limit[QStringLiteral("type")] = QStringLiteral("limit");
        limit[QStringLiteral("limitPrice")] = QStringLiteral("1000000"); // far above the market
        const QString waiting = submitOrder(*engine, limit);
        QTRY_COMPARE(toString(engine->order(waiting)->status), toString(OrderStatus::Waiting));

        auto cancelled = engine->cancel(waiting).result();
        QVERIFY(std::holds_alternative<Order>(cancelled));
        QCOMPARE(toString(std::get<Order>(cancelled).status), toString(OrderStatus::Cancelled));
        QCOMPARE(toString(engine->order(waiting)->status), toString(OrderStatus::Cancelled));

        const QString market = submitOrder(*engine, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(toString(engine->order(market)->status), toString(OrderStatus::Confirmed), 10000);
        auto refused = engine->cancel(market).result();
        QVERIFY(std::holds_alternative<EngineError>(refused));
        QCOMPARE(std::get<EngineError>(refused).kind, EngineError::Kind::Conflict);

        auto unknown = engine->cancel(QStringLiteral("no-such-order")).result();
        QCOMPARE(std::get<EngineError>(unknown).kind, EngineError::Kind::NotFound);
    }

    void clientOrderIdReturnsTheFirstOrder()
    {
        auto engine = startedEngine(config());
        QJsonObject request = marketOrder();
        request[QStringLiteral("clientOrderId")] = QStringLiteral("desk-7");
        auto first = engine->submit(request).result();
        auto second = engine->submit(request).result();
        QVERIFY(std::get<SubmitResult>(first).created);
        QVERIFY(!std::get<SubmitResult>(second).created);
        QCOMPARE(std::get<SubmitResult>(second).order.id, std::get<SubmitResult>(first).order.id);
        QCOMPARE(engine->orders({}).size(), 1);

        // The same clientOrderId for a different order is refused, naming the field.
        request[QStringLiteral("amount")] = QStringLiteral("0.3");
        auto reused = engine->submit(request).result();
        QVERIFY(std::holds_alternative<EngineError>(reused));
        QCOMPARE(std::get<EngineError>(reused).kind, EngineError::Kind::Conflict);
        QCOMPARE(std::get<EngineError>(reused).code, QStringLiteral("client_order_id_reused"));
        QCOMPARE(std::get<EngineError>(reused).field, QStringLiteral("clientOrderId"));
        QCOMPARE(engine->orders({}).size(), 1);
    }

    void invalidOrderIsRefusedAndNothingStored()
    {
        auto engine = startedEngine(config());
        QJsonObject request = marketOrder(QStringLiteral("0"));
        auto result = engine->submit(request).result();
        QVERIFY(std::holds_alternative<EngineError>(result));
        QCOMPARE(std::get<EngineError>(result).field, QStringLiteral("amount"));
        QCOMPARE(engine->orders({}).size(), 0);
    }

    void stopLetsInFlightAttemptsFinish()
    {
        EngineConfig c = config();
        c.workers = 2;
        c.latencyScale = 0.05;
        auto engine = startedEngine(c);
        EventLog log(*engine);
        QStringList ids;
        for (int i = 0; i < 6; ++i)
            ids << submitOrder(*engine, marketOrder());
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(log.events.cbegin(), log.events.cend(),
                                             [](const OrderEvent &e) {
                                                 return e.status == OrderStatus::Submitted;
                                             }),
                                 10000);
        engine->stop();
        QVERIFY(!engine->isAcceptingOrders());
        // Nothing is left half-way: every order either finished or never started.
        for (const QString &id : ids) {
            const OrderStatus status = engine->order(id)->status;
            QVERIFY2(isTerminal(status) || status == OrderStatus::Pending,
                     qPrintable(toString(status)));
        }
        QVERIFY(std::holds_alternative<EngineError>(engine->submit(marketOrder()).result()));
    }

    // beginStop() returns at once: while the drain runs, submissions and cancels are refused
    // (shutting_down), reads answer, the in-flight orders' events arrive on this thread, and
    // stopped() follows once they are done; each executed exactly once.
    void beginStopDrainsWhileThisThreadServes()
    {
        EngineConfig c = config();
        c.workers = 2;
        c.latencyScale = 0.2; // a submission lands 0.4-0.6 s after it is sent
        auto engine = startedEngine(c);
        EventLog log(*engine);
        const QStringList ids{submitOrder(*engine, marketOrder()), submitOrder(*engine, marketOrder())};
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(log.events.cbegin(), log.events.cend(),
                                             [](const OrderEvent &e) { return e.status == OrderStatus::Submitted; }),
                                 10000);
        const qsizetype eventsBefore = log.events.size();
        QSignalSpy stopped(engine.get(), &Engine::stopped);

        engine->beginStop();
        QVERIFY(engine->isStopping());
        QVERIFY(stopped.isEmpty());
        const auto refused = engine->submit(marketOrder()).result();
        QCOMPARE(std::get<EngineError>(refused).code, QStringLiteral("shutting_down"));
        QCOMPARE(std::get<EngineError>(refused).kind, EngineError::Kind::Unavailable);
        const auto cancel = engine->cancel(ids.first()).result();
        QCOMPARE(std::get<EngineError>(cancel).code, QStringLiteral("shutting_down"));
        const auto read = engine->reader()->order(ids.first()).result();
        QVERIFY(std::holds_alternative<Order>(read));

        QTRY_VERIFY_WITH_TIMEOUT(!stopped.isEmpty(), 15000);
        QVERIFY(!engine->isStopping());
        QVERIFY2(log.events.size() > eventsBefore, "no event reached this thread during the drain");
        const std::optional<QList<LandedTransaction>> ledger = engine->market().ledger(0, 1000);
        QVERIFY(ledger);
        for (const QString &id : ids) {
            QCOMPARE(toString(engine->order(id)->status), toString(OrderStatus::Confirmed));
            QCOMPARE(std::count_if(ledger->cbegin(), ledger->cend(),
                                   [&](const LandedTransaction &tx) { return tx.orderId == id; }),
                     std::ptrdiff_t(1));
        }
        engine->stop(); // stopped already: nothing to do
    }

    // Three nodes on the same seed, one of them restarted: a seed repeats the market, never a
    // signature (a signature is the hash of its transaction, and every transaction names its
    // order and attempt).
    void signaturesAreDistinctAcrossNodesAndRestartsWithOneSeed()
    {
        QSet<QString> signatures;
        int submitted = 0;
        const auto run = [&](const EngineConfig &c) {
            auto engine = startedEngine(c);
            EventLog log(*engine);
            for (int i = 0; i < 5; ++i)
                submitOrder(*engine, marketOrder());
            QTRY_COMPARE_WITH_TIMEOUT(log.terminalCount(), 5, 15000);
            for (const OrderEvent &e : log.events) {
                if (e.status == OrderStatus::Submitted) {
                    signatures << e.details.value(QStringLiteral("signature")).toString();
                    ++submitted;
                }
            }
        };
        const EngineConfig first = config();
        run(first);
        run(config());
        run(config());
        run(first); // the first node again, on its own store and ledger
        QCOMPARE(submitted, 20);
        QCOMPARE(signatures.size(), 20);
    }

    void unfinishedOrdersAreFinishedAfterARestart()
    {
        // A crash leaves orders in every non-terminal status; write them as the dead process
        // would have, then start an engine on the same data dir (the same store and the same
        // market ledger).
        const EngineConfig c = config();
        QDir().mkpath(c.dataDir);
        const QString url = QStringLiteral("sqlite:") + c.dataDir + QStringLiteral("/orderdesk.db");
        const TokenRegistry tokens;
        const Token sol = *tokens.find(QStringLiteral("SOL"));
        const Token usdc = *tokens.find(QStringLiteral("USDC"));
        auto transactionFor = [&](const QString &orderId, const Blockhash &blockhash) {
            SwapTransaction tx;
            tx.orderId = orderId;
            tx.attempt = 1;
            tx.tokenIn = sol;
            tx.tokenOut = usdc;
            tx.amountIn = 250'000'000;
            tx.minAmountOut = 1;
            tx.blockhash = blockhash.blockhash;
            tx.lastValidBlockHeight = blockhash.lastValidBlockHeight;
            tx.sign();
            return tx;
        };
        std::optional<SwapTransaction> landed;  // sent before the crash, and it landed
        std::optional<SwapTransaction> expired; // recorded, never landed, its blockhash expired
        {
            auto engine = startedEngine(c); // creates the schema and the ledger
            const std::optional<Blockhash> blockhash = engine->market().latestBlockhash();
            QVERIFY(blockhash);
            landed = transactionFor(QStringLiteral("crashed-landed"), *blockhash);
            QCOMPARE(engine->market().sendTransaction(*landed).kind, SendResult::Kind::Accepted);
            QTRY_VERIFY_WITH_TIMEOUT(engine->market().signatureStatus(landed->signature)->landed, 10000);
            expired = transactionFor(QStringLiteral("crashed-submitted"), *blockhash);
            expired->lastValidBlockHeight = blockhash->slot; // past at once: it can never land
            expired->sign();
            engine->stop();
        }
        QStringList ids;
        {
            QString error;
            auto store = SqlOrderStore::fromUrl(url, &error);
            QVERIFY2(store && store->open(&error), qPrintable(error));
            const QDateTime t = QDateTime::currentDateTimeUtc();
            const QList<std::pair<QString, OrderStatus>> crashed = {
                {QStringLiteral("crashed-pending"), OrderStatus::Pending},
                {QStringLiteral("crashed-routing"), OrderStatus::Routing},
                {QStringLiteral("crashed-building"), OrderStatus::Building},
                {QStringLiteral("crashed-submitted"), OrderStatus::Submitted},
                {QStringLiteral("crashed-landed"), OrderStatus::Submitted},
            };
            for (const auto &[id, status] : crashed) {
                Order order;
                order.id = id;
                order.tokenIn = sol;
                order.tokenOut = usdc;
                order.amountIn = 250'000'000;
                order.slippageBps = 500;
                order.createdAt = order.updatedAt = t;
                order.seq = 1;
                QCOMPARE(store->insertOrder(order, {order.id, 1, OrderStatus::Pending, 0, t, {}}),
                         OrderStore::WriteResult::Applied);
                QList<OrderStatus> path;
                if (status != OrderStatus::Pending)
                    path << OrderStatus::Routing;
                if (status == OrderStatus::Building || status == OrderStatus::Submitted)
                    path << OrderStatus::Building;
                if (status == OrderStatus::Submitted)
                    path << OrderStatus::Submitted;
                for (OrderStatus step : path) {
                    order.status = step;
                    order.attempt = 1;
                    ++order.seq;
                    QJsonObject details;
                    if (step == OrderStatus::Submitted) {
                        order.transaction = id == QLatin1String("crashed-landed") ? *landed : *expired;
                        details[QStringLiteral("signature")] = order.transaction->signature;
                    }
                    QCOMPARE(store->applyTransition(order, {order.id, order.seq, step, 1, t, details}),
                             OrderStore::WriteResult::Applied);
                }
                ids << order.id;
            }
        }

        auto engine = startedEngine(c);
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(ids.cbegin(), ids.cend(), [&](const QString &id) {
                                     return engine->order(id)->status == OrderStatus::Confirmed;
                                 }),
                                 15000);
        QCOMPARE(engine->order(QStringLiteral("crashed-pending"))->attempt, 1);
        // The swap that landed before the crash is confirmed with its real result, not run again.
        const Order recovered = *engine->order(QStringLiteral("crashed-landed"));
        QCOMPARE(recovered.attempt, 1);
        QCOMPARE(recovered.execution->signature, landed->signature);
        QVERIFY(engine->failures(recovered.id).isEmpty());
        for (const char *interrupted : {"crashed-routing", "crashed-building", "crashed-submitted"}) {
            const QString id = QString::fromLatin1(interrupted);
            // The interrupted attempt is on record and the order finished on the next one,
            // executed once.
            const QList<FailureRecord> failures = engine->failures(id);
            QCOMPARE(failures.size(), 1);
            QCOMPARE(failures.first().attempt, 1);
            QCOMPARE(engine->order(id)->attempt, 2);
            const QList<OrderEvent> history = engine->history(id);
            QCOMPARE(std::count_if(history.cbegin(), history.cend(), [](const OrderEvent &e) {
                         return e.status == OrderStatus::Confirmed;
                     }),
                     1);
        }
        QCOMPARE(engine->failures(QStringLiteral("crashed-routing")).first().code, QStringLiteral("interrupted"));
        QCOMPARE(engine->failures(QStringLiteral("crashed-submitted")).first().code, QStringLiteral("tx_expired"));

        // Counted in the market's ledger: one execution per order.
        const std::optional<QList<LandedTransaction>> ledger = engine->market().ledger(0, 1000);
        QVERIFY(ledger);
        for (const QString &id : ids) {
            QCOMPARE(std::count_if(ledger->cbegin(), ledger->cend(),
                                   [&](const LandedTransaction &tx) { return tx.orderId == id; }),
                     std::ptrdiff_t(1));
        }
    }

    void swapModeSurvivesARestart()
    {
        // Accepted by one process, executed by the next: an exact-out order without a side still
        // buys its amount, and a buy sent as exact in still spends its amount. Neither can be
        // told from its side; the store keeps the mode itself.
        const EngineConfig c = config();
        QDir().mkpath(c.dataDir);
        const QString url = QStringLiteral("sqlite:") + c.dataDir + QStringLiteral("/orderdesk.db");
        const TokenRegistry tokens;
        const Token sol = *tokens.find(QStringLiteral("SOL"));
        const Token usdc = *tokens.find(QStringLiteral("USDC"));
        const Int128 twoSol = 2 * Decimal::pow10(9);
        const Int128 fiftyUsdc = 50 * Decimal::pow10(6);
        {
            QString error;
            auto store = SqlOrderStore::fromUrl(url, &error);
            QVERIFY2(store && store->open(&error), qPrintable(error));
            const QDateTime t = QDateTime::currentDateTimeUtc();
            for (const bool exactOut : {true, false}) {
                Order order;
                order.id = exactOut ? QStringLiteral("restart-exact-out") : QStringLiteral("restart-buy-exact-in");
                order.tokenIn = usdc;
                order.tokenOut = sol;
                order.swapMode = exactOut ? SwapMode::ExactOut : SwapMode::ExactIn;
                order.side = exactOut ? OrderSide::Unspecified : OrderSide::Buy;
                order.amountIn = exactOut ? twoSol : fiftyUsdc;
                order.slippageBps = 100;
                order.createdAt = order.updatedAt = t;
                order.seq = 1;
                QCOMPARE(store->insertOrder(order, {order.id, 1, OrderStatus::Pending, 0, t, {}}),
                         OrderStore::WriteResult::Applied);
            }
        }

        auto engine = startedEngine(c);
        for (const char *id : {"restart-exact-out", "restart-buy-exact-in"})
            QTRY_COMPARE_WITH_TIMEOUT(toString(engine->order(QLatin1String(id))->status),
                                      toString(OrderStatus::Confirmed), 15000);
        const Order exactOut = *engine->order(QStringLiteral("restart-exact-out"));
        QCOMPARE(toString(exactOut.swapMode), QStringLiteral("ExactOut"));
        QCOMPARE(toString(exactOut.route->swapMode), QStringLiteral("ExactOut"));
        const LandedTransaction bought = *engine->market().transaction(exactOut.execution->signature);
        QVERIFY(bought.amountOut >= twoSol);
        QVERIFY(bought.amountIn <= exactOut.route->maxAmountIn);

        const Order spent = *engine->order(QStringLiteral("restart-buy-exact-in"));
        QCOMPARE(toString(spent.swapMode), QStringLiteral("ExactIn"));
        QCOMPARE(toString(spent.side), QStringLiteral("buy"));
        const LandedTransaction sold = *engine->market().transaction(spent.execution->signature);
        QCOMPARE(Decimal::toString(sold.amountIn), Decimal::toString(fiftyUsdc));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
