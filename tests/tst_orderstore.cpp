#include "SqlSchema.h"
#include "StoreTestSupport.h"

#include <QRandomGenerator>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <memory>

using namespace OrderDesk;
using namespace StoreTest;

// Readable QCOMPARE failures (the order enums compare as their toString() names).

namespace {

void compareOrders(const Order &actual, const Order &expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.clientOrderId, expected.clientOrderId);
    QCOMPARE(toString(actual.type), toString(expected.type));
    QCOMPARE(toString(actual.side), toString(expected.side));
    QCOMPARE(toString(actual.swapMode), toString(expected.swapMode));
    QCOMPARE(actual.tokenIn.symbol, expected.tokenIn.symbol);
    QCOMPARE(actual.tokenIn.mint, expected.tokenIn.mint);
    QCOMPARE(actual.tokenIn.decimals, expected.tokenIn.decimals);
    QCOMPARE(actual.tokenOut.symbol, expected.tokenOut.symbol);
    QCOMPARE(actual.tokenOut.mint, expected.tokenOut.mint);
    QCOMPARE(actual.tokenOut.decimals, expected.tokenOut.decimals);
    QCOMPARE(Decimal::toString(actual.amountIn), Decimal::toString(expected.amountIn));
    QCOMPARE(actual.slippageBps, expected.slippageBps);
    QCOMPARE(actual.limitPrice.has_value(), expected.limitPrice.has_value());
    if (expected.limitPrice)
        QCOMPARE(Decimal::toString(*actual.limitPrice), Decimal::toString(*expected.limitPrice));
    QCOMPARE(actual.expiresAt, expected.expiresAt);
    QCOMPARE(toString(actual.status), toString(expected.status));
    QCOMPARE(actual.attempt, expected.attempt);
    QCOMPARE(actual.seq, expected.seq);
    QCOMPARE(actual.createdAt, expected.createdAt);
    QCOMPARE(actual.updatedAt, expected.updatedAt);
    QCOMPARE(actual.retryAt, expected.retryAt);
    QCOMPARE(actual.route.has_value(), expected.route.has_value());
    QCOMPARE(actual.execution.has_value(), expected.execution.has_value());
    QCOMPARE(actual.lastError.has_value(), expected.lastError.has_value());
    if (expected.lastError) {
        QCOMPARE(actual.lastError->code, expected.lastError->code);
        QCOMPARE(actual.lastError->message, expected.lastError->message);
        QCOMPARE(actual.lastError->permanent, expected.lastError->permanent);
    }
    // Covers route and result down to every quote field.
    QCOMPARE(actual.toJson(), expected.toJson());
}

QStringList statusesOf(const QList<OrderEvent> &events)
{
    QStringList statuses;
    for (const OrderEvent &event : events)
        statuses << toString(event.status);
    return statuses;
}

QStringList idsOf(const QList<Order> &orders)
{
    QStringList ids;
    for (const Order &order : orders)
        ids << order.id;
    return ids;
}

// Runs `work` on a new QThread and waits for it.
template <typename Work> void runInThread(Work work)
{
    std::unique_ptr<QThread> thread(QThread::create(std::move(work)));
    thread->start();
    thread->wait();
}

} // namespace

class TestOrderStore : public StoreFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();

    void roundTripsEveryField();
    void insertStoresFirstHistoryRow();
    void insertIsAtomic();
    void duplicateClientOrderIdIsRefused();
    void transitionsAppendHistory();
    void conflictWritesNothing();
    void writeAfterALostOneIsRefused();
    void transitionIsAtomicWithItsFailure();
    void racingTransitionsApplyOnce();
    void failureIsStoredWithTransition();
    void retryingRecordsOneFailurePerAttempt();
    void listsNewestFirstWithPaging();
    void unfinishedOrdersAndCounts();
    void reopenKeepsEverything();
    void refusesNewerSchema();
    void swapModeMigratesFromSchemaTwo();
    void concurrentOpenMigratesOnce();
    void reconnectsAfterLostConnection();
    void concurrentWritersAllLand();
    void connectionsFollowThreads();
    void healthAndDescription();
    void waitingOrderIsInsertedAsWaiting();
    void transactionRoundTrips();
    void failureIsStoredOncePerAttempt();
    void claimIncrementsTokenAndRefusesLiveLease();
    void expiredLeaseIsTakenOverAndFencesOldHolder();
    void renewAndReleaseLeases();
    void orphanedOrdersNeedAWorker();
    void exclusiveUseNamesTheHolder();
    void parsesUrls();
    void reportsUnusableDatabase();

};

void TestOrderStore::initTestCase_data()
{
    addBackendRows();
}

void TestOrderStore::init()
{
    initBackend("tst_orderstore");
}

void TestOrderStore::cleanup()
{
    cleanupBackend();
}

void TestOrderStore::roundTripsEveryField()
{
    Order order = newOrder(QStringLiteral("round-trip"), 0, QStringLiteral("client-rt-1"));
    order.type = OrderType::Limit;
    order.side = OrderSide::Sell;
    order.amountIn = units("1000000000000", 9); // 1e12 SOL = 1e21 base units, beyond 64 bits
    order.slippageBps = 125;
    order.limitPrice = units("187.123456789012345678", PriceScale);
    order.expiresAt = at(3'600'000);
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);

    std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    QCOMPARE(Decimal::toString(stored->amountIn), QStringLiteral("1000000000000000000000"));
    // What the order does not have is NULL, not empty text, on every backend.
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE id = 'round-trip'"
                                     " AND error_code IS NULL AND error_message IS NULL"
                                     " AND tx_signature IS NULL")),
             1);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM order_routes")), 0);
    compareOrders(*stored, order);
    if (QTest::currentTestFailed())
        return;

    // An attempt's route is stored on its way to building; after that, every other mutable
    // column at once: result, error and retry time.
    order.attempt = 2;
    order.route = sampleRoute();
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Building)),
             WriteResult::Applied);
    order.execution = sampleExecution();
    order.lastError = OrderError{QStringLiteral("slippage_exceeded"),
                                 QStringLiteral("price moved 'too far' \\ übertroffen"), false};
    order.retryAt = at(5000);
    const OrderEvent event = advance(order, OrderStatus::Waiting);
    QCOMPARE(m_store->applyTransition(order, event), WriteResult::Applied);

    stored = m_store->order(order.id);
    QVERIFY(stored);
    compareOrders(*stored, order);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(stored->route->quotes.size(), 2);
    QCOMPARE(Decimal::toString(stored->route->quotes.at(0).amountIn),
             QStringLiteral("1000000000000000000000"));
    QCOMPARE(stored->route->quotes.at(1).unavailableReason,
             order.route->quotes.at(1).unavailableReason);
    QCOMPARE(stored->execution->signature, order.execution->signature);
    QCOMPARE(Decimal::toString(stored->execution->executedPrice),
             Decimal::toString(order.execution->executedPrice));

    const std::optional<Order> byClient = m_store->orderByClientId(QStringLiteral("client-rt-1"));
    QVERIFY(byClient);
    compareOrders(*byClient, order);
    QVERIFY(!m_store->order(QStringLiteral("no-such-order")));
    QVERIFY(m_store->lastError().isEmpty()); // not found is not an error
    QVERIFY(!m_store->orderByClientId(QStringLiteral("no-such-client")));

    // Any later transition keeps the stored route, whichever route the order it is given holds.
    Order later = order;
    later.route->reason = QStringLiteral("never stored");
    later.route->jsonCache.reset();
    QCOMPARE(m_store->applyTransition(later, advance(later, OrderStatus::Routing)),
             WriteResult::Applied);
    stored = m_store->order(order.id);
    QVERIFY(stored && stored->route);
    QCOMPARE(stored->route->reason, order.route->reason);
}

void TestOrderStore::insertStoresFirstHistoryRow()
{
    const Order order = newOrder(QStringLiteral("first-history"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);

    const QList<OrderEvent> history = m_store->history(order.id);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.at(0).orderId, order.id);
    QCOMPARE(history.at(0).seq, 1);
    QCOMPARE(toString(history.at(0).status), QStringLiteral("pending"));
    QCOMPARE(history.at(0).attempt, 0);
    QCOMPARE(history.at(0).timestamp, order.createdAt);
    QCOMPARE(history.at(0).details, firstEvent(order).details);
    QVERIFY(m_store->failures(order.id).isEmpty());

    // The same id twice is a bug, not a duplicate submission: an error, and nothing added.
    Order again = order;
    again.clientOrderId = QStringLiteral("other");
    QCOMPARE(m_store->insertOrder(again, firstEvent(again)), WriteResult::Error);
    QVERIFY(!m_store->lastError().isEmpty());
    QCOMPARE(m_store->history(order.id).size(), 1);
    QVERIFY(!m_store->orderByClientId(QStringLiteral("other")));

    // An event that does not describe the order is refused before anything is written.
    Order mismatched = newOrder(QStringLiteral("mismatched"));
    OrderEvent event = firstEvent(mismatched);
    event.seq = 2;
    QCOMPARE(m_store->insertOrder(mismatched, event), WriteResult::Error);
    QVERIFY(m_store->lastError().contains(QLatin1String("seq")));
    QVERIFY(!m_store->order(mismatched.id));
}

void TestOrderStore::insertIsAtomic()
{
    QString error;
    const QStringList trigger =
        isPostgres()
            ? QStringList{QStringLiteral("CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE "
                                         "plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; "
                                         "END $$"),
                          QStringLiteral("CREATE TRIGGER refuse_history BEFORE INSERT ON "
                                         "order_status_history FOR EACH ROW WHEN (NEW.order_id = "
                                         "'atomic-insert') EXECUTE FUNCTION refuse_row()")}
            : QStringList{QStringLiteral("CREATE TRIGGER refuse_history BEFORE INSERT ON "
                                         "order_status_history WHEN NEW.order_id = "
                                         "'atomic-insert' BEGIN SELECT RAISE(ABORT, "
                                         "'refused by test'); END")};
    QVERIFY2(rawExec(trigger, &error), qPrintable(error));

    const Order order = newOrder(QStringLiteral("atomic-insert"), 0, QStringLiteral("atomic-c"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Error);
    QVERIFY(m_store->lastError().contains(QLatin1String("refused by test")));
    QVERIFY(!m_store->order(order.id));
    QVERIFY(!m_store->orderByClientId(QStringLiteral("atomic-c")));
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders")), 0);

    // The connection is usable after the rollback.
    const Order next = newOrder(QStringLiteral("after-rollback"), 1, QStringLiteral("atomic-c"));
    QCOMPARE(m_store->insertOrder(next, firstEvent(next)), WriteResult::Applied);
    QVERIFY(m_store->lastError().isEmpty());
    QCOMPARE(m_store->history(next.id).size(), 1);
}

void TestOrderStore::duplicateClientOrderIdIsRefused()
{
    const Order first = newOrder(QStringLiteral("dup-1"), 0, QStringLiteral("client-dup"));
    QCOMPARE(m_store->insertOrder(first, firstEvent(first)), WriteResult::Applied);

    const Order second = newOrder(QStringLiteral("dup-2"), 5, QStringLiteral("client-dup"));
    QCOMPARE(m_store->insertOrder(second, firstEvent(second)), WriteResult::Duplicate);
    QVERIFY2(m_store->lastError().isEmpty(), qPrintable(m_store->lastError()));
    QVERIFY(!m_store->order(second.id));
    QVERIFY(m_store->history(second.id).isEmpty());
    const std::optional<Order> stored = m_store->orderByClientId(QStringLiteral("client-dup"));
    QVERIFY(stored);
    QCOMPARE(stored->id, first.id);

    // Orders without a clientOrderId never collide with each other.
    const Order anonymous1 = newOrder(QStringLiteral("anon-1"), 10);
    const Order anonymous2 = newOrder(QStringLiteral("anon-2"), 11);
    QCOMPARE(m_store->insertOrder(anonymous1, firstEvent(anonymous1)), WriteResult::Applied);
    QCOMPARE(m_store->insertOrder(anonymous2, firstEvent(anonymous2)), WriteResult::Applied);
    QVERIFY(!m_store->orderByClientId(QString()));
    QCOMPARE(m_store->orders({}).size(), 3);
}

void TestOrderStore::transitionsAppendHistory()
{
    Order order = newOrder(QStringLiteral("lifecycle"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);

    order.attempt = 1;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
             WriteResult::Applied);
    order.route = sampleRoute();
    const QJsonObject routeDetails{
        {QStringLiteral("route"), order.route->toJson(order.tokenIn, order.tokenOut)}};
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Building, routeDetails)),
             WriteResult::Applied);
    const QJsonObject submitted{{QStringLiteral("signature"), sampleExecution().signature}};
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Submitted, submitted)),
             WriteResult::Applied);
    order.execution = sampleExecution();
    const QJsonObject confirmed{
        {QStringLiteral("result"), order.execution->toJson(order.tokenOut)}};
    const OrderEvent last = advance(order, OrderStatus::Confirmed, confirmed);
    QCOMPARE(m_store->applyTransition(order, last), WriteResult::Applied);

    const std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    compareOrders(*stored, order);
    if (QTest::currentTestFailed())
        return;

    const QList<OrderEvent> history = m_store->history(order.id);
    QCOMPARE(statusesOf(history),
             (QStringList{QStringLiteral("pending"), QStringLiteral("routing"),
                          QStringLiteral("building"), QStringLiteral("submitted"),
                          QStringLiteral("confirmed")}));
    for (int i = 0; i < history.size(); ++i)
        QCOMPARE(history.at(i).seq, i + 1);
    QCOMPARE(history.at(1).attempt, 1);
    QCOMPARE(history.at(2).details, routeDetails);
    QCOMPARE(history.at(3).details, submitted);
    QCOMPARE(history.at(4).details, confirmed);
    QCOMPARE(history.at(4).timestamp, last.timestamp);
}

void TestOrderStore::conflictWritesNothing()
{
    Order order = newOrder(QStringLiteral("cas"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    Order routing = order;
    routing.attempt = 1;
    QCOMPARE(m_store->applyTransition(routing, advance(routing, OrderStatus::Routing)),
             WriteResult::Applied);

    // A second worker still holding the order at seq 1.
    Order stale = order;
    const FailureRecord failure{stale.id, 1,    QStringLiteral("late"), QStringLiteral("late"),
                                at(60),   false};
    stale.lastError = OrderError{failure.code, failure.message, false};
    QCOMPARE(m_store->applyTransition(stale, advance(stale, OrderStatus::Cancelled), failure),
             WriteResult::Conflict);
    QVERIFY(m_store->lastError().isEmpty()); // a conflict is an answer, not a failure

    // And one that skipped ahead.
    Order ahead = routing;
    ahead.seq += 3;
    QCOMPARE(m_store->applyTransition(ahead, advance(ahead, OrderStatus::Building)),
             WriteResult::Conflict);

    Order unknown = newOrder(QStringLiteral("never-inserted"));
    QCOMPARE(m_store->applyTransition(unknown, advance(unknown, OrderStatus::Routing)),
             WriteResult::Conflict);

    const std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    compareOrders(*stored, routing);
    QCOMPARE(m_store->history(order.id).size(), 2);
    QVERIFY(m_store->failures(order.id).isEmpty());
    QCOMPARE(m_store->history(unknown.id).size(), 0);
}

// A worker hands over its routing and building writes without waiting for the first: when a
// cancel took seq 2 first, the building write finds seq 2 and its own token, but not routing.
void TestOrderStore::writeAfterALostOneIsRefused()
{
    const auto transition = [&](const Order &order, const OrderEvent &event, OrderStatus from) {
        return m_store->applyBatch({StoreWrite::transition(order, event, {}, from)}).constFirst();
    };
    Order order = newOrder(QStringLiteral("lost-write"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);

    Order cancelled = order;
    QCOMPARE(transition(cancelled, advance(cancelled, OrderStatus::Cancelled), OrderStatus::Pending),
             WriteResult::Applied);

    Order routing = order;
    routing.attempt = 1;
    QCOMPARE(transition(routing, advance(routing, OrderStatus::Routing), OrderStatus::Pending),
             WriteResult::Conflict);
    Order building = routing;
    const OrderEvent buildingEvent = advance(building, OrderStatus::Building);
    QCOMPARE(building.seq, cancelled.seq + 1); // seq and token alone would let it through
    QCOMPARE(building.leaseToken, cancelled.leaseToken);
    QCOMPARE(transition(building, buildingEvent, OrderStatus::Routing), WriteResult::Conflict);
    QVERIFY(m_store->lastError().isEmpty());

    const std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    compareOrders(*stored, cancelled);
    QCOMPARE(m_store->history(order.id).size(), 2);
}

void TestOrderStore::transitionIsAtomicWithItsFailure()
{
    QString error;
    const QStringList trigger =
        isPostgres()
            ? QStringList{QStringLiteral("CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE "
                                         "plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; "
                                         "END $$"),
                          QStringLiteral("CREATE TRIGGER refuse_failure BEFORE INSERT ON "
                                         "order_failures FOR EACH ROW EXECUTE FUNCTION "
                                         "refuse_row()")}
            : QStringList{QStringLiteral("CREATE TRIGGER refuse_failure BEFORE INSERT ON "
                                         "order_failures BEGIN SELECT RAISE(ABORT, "
                                         "'refused by test'); END")};
    QVERIFY2(rawExec(trigger, &error), qPrintable(error));

    Order order = newOrder(QStringLiteral("atomic-failure"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    order.attempt = 1;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
             WriteResult::Applied);
    const Order routing = order;

    const FailureRecord failure{order.id, 1,   QStringLiteral("no_route"), QStringLiteral("none"),
                                at(100),  true};
    order.lastError = OrderError{failure.code, failure.message, true};
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Failed), failure),
             WriteResult::Error);
    QVERIFY(m_store->lastError().contains(QLatin1String("refused by test")));
    const std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    compareOrders(*stored, routing);
    QCOMPARE(m_store->history(order.id).size(), 2);

    // So is the move to retrying with its failure row.
    Order retry = routing;
    retry.retryAt = at(2000);
    retry.lastError = OrderError{failure.code, failure.message, false};
    QCOMPARE(m_store->applyTransition(retry, advance(retry, OrderStatus::Retrying), failure),
             WriteResult::Error);
    QVERIFY(!m_store->order(order.id)->retryAt);
    QVERIFY(m_store->failures(order.id).isEmpty());
}

void TestOrderStore::racingTransitionsApplyOnce()
{
    // Two workers holding the same order at the same seq: the compare-and-set lets exactly one
    // of them move it, whatever the timing.
    constexpr int Orders = 16;
    for (int i = 0; i < Orders; ++i) {
        const Order order = newOrder(QStringLiteral("race-%1").arg(i), i);
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    }

    OrderStore *store = m_store.get();
    for (int i = 0; i < Orders; ++i) {
        const Order order = *m_store->order(QStringLiteral("race-%1").arg(i));
        QSemaphore ready;
        QSemaphore go;
        WriteResult results[2] = {WriteResult::Error, WriteResult::Error};
        QString errors[2];
        auto worker = [&, store, order](int index) {
            Order mine = order;
            mine.attempt = 1;
            const OrderEvent event =
                advance(mine, OrderStatus::Routing, {{QStringLiteral("worker"), index}});
            store->order(mine.id); // opens this thread's connection before the start line
            ready.release();
            go.acquire();
            results[index] = store->applyTransition(mine, event);
            errors[index] = store->lastError();
        };
        std::unique_ptr<QThread> first(QThread::create(worker, 0));
        std::unique_ptr<QThread> second(QThread::create(worker, 1));
        first->start();
        second->start();
        ready.acquire(2);
        go.release(2);
        first->wait();
        second->wait();

        QVERIFY2(errors[0].isEmpty() && errors[1].isEmpty(),
                 qPrintable(errors[0] + QLatin1Char(' ') + errors[1]));
        const int applied =
            int(results[0] == WriteResult::Applied) + int(results[1] == WriteResult::Applied);
        const int conflicts =
            int(results[0] == WriteResult::Conflict) + int(results[1] == WriteResult::Conflict);
        QCOMPARE(applied, 1);
        QCOMPARE(conflicts, 1);
        const QList<OrderEvent> history = m_store->history(order.id);
        QCOMPARE(history.size(), 2);
        const int winner = results[0] == WriteResult::Applied ? 0 : 1;
        QCOMPARE(history.at(1).details.value(QStringLiteral("worker")).toInt(), winner);
        QCOMPARE(m_store->order(order.id)->seq, 2);
    }
}

void TestOrderStore::failureIsStoredWithTransition()
{
    Order order = newOrder(QStringLiteral("fails"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    order.attempt = 1;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
             WriteResult::Applied);

    const FailureRecord failure{order.id,
                                1,
                                QStringLiteral("no_route"),
                                QStringLiteral("no venue can fill SOL/USDC (\"none\")"),
                                at(120),
                                true};
    order.lastError = OrderError{failure.code, failure.message, failure.permanent};
    const QJsonObject details{{QStringLiteral("error"), order.lastError->toJson()},
                              {QStringLiteral("attempts"), 1}};
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Failed, details), failure),
             WriteResult::Applied);

    const QList<FailureRecord> failures = m_store->failures(order.id);
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.at(0).orderId, order.id);
    QCOMPARE(failures.at(0).attempt, 1);
    QCOMPARE(failures.at(0).code, failure.code);
    QCOMPARE(failures.at(0).message, failure.message);
    QCOMPARE(failures.at(0).permanent, true);
    QCOMPARE(failures.at(0).at, failure.at);

    const std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    compareOrders(*stored, order);
    QCOMPARE(m_store->history(order.id).last().details, details);
    QVERIFY(m_store->unfinishedOrders().isEmpty());
}

void TestOrderStore::retryingRecordsOneFailurePerAttempt()
{
    Order order = newOrder(QStringLiteral("retry"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    order.attempt = 1;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
             WriteResult::Applied);

    const FailureRecord first{order.id, 1,    QStringLiteral("network"), QStringLiteral("timeout"),
                              at(200),  false};
    order.lastError = OrderError{first.code, first.message, false};
    order.retryAt = at(1200);
    const Order routing = order;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Retrying), first),
             WriteResult::Applied);

    std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    QCOMPARE(stored->seq, 3);
    QCOMPARE(toString(stored->status), QStringLiteral("retrying"));
    QCOMPARE(stored->retryAt, order.retryAt);
    QVERIFY(stored->lastError);
    QCOMPARE(stored->lastError->code, QStringLiteral("network"));
    QCOMPARE(m_store->history(order.id).size(), 3);
    QCOMPARE(m_store->failures(order.id).size(), 1);

    // A second writer with the same view (the same seq) is refused and records nothing.
    Order stale = routing;
    QCOMPARE(m_store->applyTransition(stale, advance(stale, OrderStatus::Retrying), first),
             WriteResult::Conflict);
    QCOMPARE(m_store->failures(order.id).size(), 1);

    // The retry: attempt 2 routes and fails again.
    order.attempt = 2;
    order.retryAt.reset();
    QCOMPARE(m_store->applyTransition(
                 order, advance(order, OrderStatus::Routing, {{QStringLiteral("retryOf"), 1}})),
             WriteResult::Applied);
    stored = m_store->order(order.id);
    QVERIFY(!stored->retryAt);
    const FailureRecord second{
        order.id, 2, QStringLiteral("slippage_exceeded"), QStringLiteral("moved"), at(2300), false};
    order.lastError = OrderError{second.code, second.message, false};
    order.retryAt = at(4300);
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Retrying), second),
             WriteResult::Applied);

    const QList<FailureRecord> failures = m_store->failures(order.id);
    QCOMPARE(failures.size(), 2);
    QCOMPARE(failures.at(0).attempt, 1);
    QCOMPARE(failures.at(0).code, QStringLiteral("network"));
    QCOMPARE(failures.at(1).attempt, 2);
    QCOMPARE(failures.at(1).code, QStringLiteral("slippage_exceeded"));
    QCOMPARE(m_store->order(order.id)->seq, 5);
}

void TestOrderStore::listsNewestFirstWithPaging()
{
    // (id, created offset): two pairs share a millisecond, so paging needs the id tie-break.
    const QList<QPair<QString, qint64>> specs = {
        {QStringLiteral("p-a"), 0},  {QStringLiteral("p-b"), 10}, {QStringLiteral("p-c"), 10},
        {QStringLiteral("p-d"), 20}, {QStringLiteral("p-e"), 30}, {QStringLiteral("p-f"), 30},
        {QStringLiteral("p-g"), 40},
    };
    for (const auto &[id, offset] : specs) {
        Order order = newOrder(id, offset);
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
        if (id == QLatin1String("p-b") || id == QLatin1String("p-f") ||
            id == QLatin1String("p-g")) {
            order.attempt = 1;
            QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
                     WriteResult::Applied);
        }
    }
    const QStringList newestFirst = {
        QStringLiteral("p-g"), QStringLiteral("p-f"), QStringLiteral("p-e"), QStringLiteral("p-d"),
        QStringLiteral("p-c"), QStringLiteral("p-b"), QStringLiteral("p-a")};
    QCOMPARE(idsOf(m_store->orders({})), newestFirst);

    QStringList paged;
    OrderListQuery query;
    query.limit = 3;
    for (int page = 0; page < 5; ++page) {
        const QList<Order> orders = m_store->orders(query);
        if (orders.isEmpty())
            break;
        QVERIFY(orders.size() <= 3);
        paged += idsOf(orders);
        query.before = orders.last().createdAt;
        query.beforeId = orders.last().id;
    }
    QCOMPARE(paged, newestFirst);

    OrderListQuery routing;
    routing.status = OrderStatus::Routing;
    QCOMPARE(idsOf(m_store->orders(routing)),
             (QStringList{QStringLiteral("p-g"), QStringLiteral("p-f"), QStringLiteral("p-b")}));
    routing.before = at(30);
    routing.beforeId = QStringLiteral("p-f");
    QCOMPARE(idsOf(m_store->orders(routing)), QStringList{QStringLiteral("p-b")});

    OrderListQuery strictlyBefore;
    strictlyBefore.before = at(30);
    QCOMPARE(idsOf(m_store->orders(strictlyBefore)),
             (QStringList{QStringLiteral("p-d"), QStringLiteral("p-c"), QStringLiteral("p-b"),
                          QStringLiteral("p-a")}));

    OrderListQuery tiny;
    tiny.limit = 0;
    QCOMPARE(m_store->orders(tiny).size(), 1);
    OrderListQuery huge;
    huge.limit = 100000;
    QCOMPARE(m_store->orders(huge).size(), 7);
    OrderListQuery none;
    none.status = OrderStatus::Expired;
    QVERIFY(m_store->orders(none).isEmpty());
    QVERIFY(m_store->lastError().isEmpty());
}

void TestOrderStore::unfinishedOrdersAndCounts()
{
    const QList<QPair<QString, OrderStatus>> specs = {
        {QStringLiteral("u-1"), OrderStatus::Submitted},
        {QStringLiteral("u-2"), OrderStatus::Confirmed},
        {QStringLiteral("u-3"), OrderStatus::Pending},
        {QStringLiteral("u-4"), OrderStatus::Cancelled},
        {QStringLiteral("u-5"), OrderStatus::Waiting},
        {QStringLiteral("u-6"), OrderStatus::Failed},
        {QStringLiteral("u-7"), OrderStatus::Routing},
        {QStringLiteral("u-8"), OrderStatus::Expired},
    };
    qint64 offset = 0;
    for (const auto &[id, status] : specs) {
        Order order = newOrder(id, offset += 100);
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
        if (status != OrderStatus::Pending)
            QCOMPARE(m_store->applyTransition(order, advance(order, status)), WriteResult::Applied);
    }

    QCOMPARE(idsOf(m_store->unfinishedOrders()),
             (QStringList{QStringLiteral("u-1"), QStringLiteral("u-3"), QStringLiteral("u-5"),
                          QStringLiteral("u-7")}));

    const QHash<OrderStatus, qint64> counts = m_store->countByStatus();
    QCOMPARE(counts.value(OrderStatus::Pending), 1);
    QCOMPARE(counts.value(OrderStatus::Waiting), 1);
    QCOMPARE(counts.value(OrderStatus::Routing), 1);
    QCOMPARE(counts.value(OrderStatus::Building), 0);
    QVERIFY(counts.contains(OrderStatus::Building));
    QCOMPARE(counts.value(OrderStatus::Submitted), 1);
    QCOMPARE(counts.value(OrderStatus::Confirmed), 1);
    QCOMPARE(counts.value(OrderStatus::Failed), 1);
    QCOMPARE(counts.value(OrderStatus::Cancelled), 1);
    QCOMPARE(counts.value(OrderStatus::Expired), 1);
}

void TestOrderStore::reopenKeepsEverything()
{
    Order order = newOrder(QStringLiteral("durable"), 0, QStringLiteral("client-durable"));
    order.amountIn = units("1000000000000", 9);
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    order.attempt = 1;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
             WriteResult::Applied);
    const FailureRecord failure{order.id, 1,    QStringLiteral("network"), QStringLiteral("down"),
                                at(10),   false};
    order.lastError = OrderError{failure.code, failure.message, false};
    order.retryAt = at(1010);
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Retrying), failure),
             WriteResult::Applied);

    m_store.reset();
    dropRawDatabase();
    m_store = openStore();
    QVERIFY(m_store);

    const std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    compareOrders(*stored, order);
    QCOMPARE(m_store->history(order.id).size(), 3);
    QCOMPARE(m_store->failures(order.id).size(), 1);
    QCOMPARE(m_store->unfinishedOrders().size(), 1);
    // The schema was found, not created again.
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM schema_version")),
             SqlOrderStore::latestSchemaVersion());
    QCOMPARE(rawCount(QStringLiteral("SELECT MAX(version) FROM schema_version")),
             SqlOrderStore::latestSchemaVersion());
    if (!isPostgres()) {
        QSqlQuery mode(rawDatabase());
        QVERIFY(mode.exec(QStringLiteral("PRAGMA journal_mode")) && mode.next());
        QCOMPARE(mode.value(0).toString(), QStringLiteral("wal"));
    } else {
        // Every JSON document column compresses with lz4 (this PostgreSQL has it).
        QCOMPARE(rawCount(QStringLiteral(
                     "SELECT COUNT(*) FROM pg_attribute WHERE attcompression = 'l' AND"
                     " ((attrelid = 'orders'::regclass AND attname IN ('result_json', 'tx_json'))"
                     " OR (attrelid = 'order_routes'::regclass AND attname = 'route_json')"
                     " OR (attrelid = 'order_status_history'::regclass AND attname = 'details_json'))")),
                 4);
    }
}

void TestOrderStore::refusesNewerSchema()
{
    m_store.reset();
    const int newer = SqlOrderStore::latestSchemaVersion() + 1;
    QString error;
    QVERIFY2(rawExec({QStringLiteral("INSERT INTO schema_version (version, applied_at) "
                                     "VALUES (%1, 0)")
                          .arg(newer)},
                     &error),
             qPrintable(error));
    dropRawDatabase();

    std::unique_ptr<OrderStore> store = SqlOrderStore::fromUrl(m_url, &error);
    QVERIFY(store);
    error.clear();
    QVERIFY(!store->open(&error));
    QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
    QVERIFY2(error.contains(QString::number(newer)), qPrintable(error));
    // Nothing was touched.
    QCOMPARE(rawCount(QStringLiteral("SELECT MAX(version) FROM schema_version")), newer);
}

void TestOrderStore::swapModeMigratesFromSchemaTwo()
{
    // A database as the builds of schema 2 left it: the swap mode was kept in the side (a market
    // buy was ExactOut, its amount of tokenOut). Its unfinished orders must run the same way
    // after the upgrade, and the side reads back as it was given.
    m_store.reset();
    dropRawDatabase();
    const SqlBackend backend = isPostgres() ? SqlBackend::Postgres : SqlBackend::Sqlite;
    QStringList build = {QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY,"
                                        " applied_at BIGINT NOT NULL)")};
    if (isPostgres()) {
        build.prepend(QStringLiteral("CREATE SCHEMA %1").arg(m_schema));
        build.prepend(QStringLiteral("DROP SCHEMA %1 CASCADE").arg(m_schema));
    } else {
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(m_dir->filePath(QStringLiteral("orders.db") + QLatin1String(suffix)));
    }
    for (int version : {1, 2}) {
        build << SqlSchema::stepStatements(version, backend)
              << QStringLiteral("INSERT INTO schema_version VALUES (%1, 0)").arg(version);
    }
    // id, type, side, token out, amount_in as stored, status, limit price.
    const auto row = [](const char *id, const char *type, const char *side, const Token &out,
                        const char *amount, const char *status, const char *limit) {
        return QStringLiteral(
                   "INSERT INTO orders (id, type, side, token_in, token_in_mint, token_in_decimals,"
                   " token_out, token_out_mint, token_out_decimals, amount_in, slippage_bps, limit_price,"
                   " status, attempt, seq, created_at, updated_at)"
                   " VALUES ('%1', '%2', %3, 'USDC', '%4', 6, '%5', '%6', %7, %8, 50, %9, '%10', 0, 1,"
                   " 1767225600123, 1767225600123)")
            .arg(QLatin1String(id), QLatin1String(type),
                 side ? QStringLiteral("'%1'").arg(QLatin1String(side)) : QStringLiteral("NULL"),
                 TokenRegistry::usdc().mint, out.symbol, out.mint)
            .arg(out.decimals)
            .arg(QLatin1String(amount), limit ? QLatin1String(limit) : QLatin1String("NULL"),
                 QLatin1String(status));
    };
    const Token sol = TokenRegistry::sol();
    const Token bonk = *TokenRegistry().find(QStringLiteral("BONK"));
    build << row("exact-out-buy", "market", "buy", sol, "2000000000", "pending", nullptr)   // 2 SOL wanted
          << row("exact-in-sell", "market", "sell", sol, "150000000", "routing", nullptr)  // 150 USDC spent
          << row("exact-in-plain", "market", nullptr, bonk, "5000000", "pending", nullptr) // 5 USDC spent
          << row("limit-buy", "limit", "buy", sol, "300000000", "waiting", "2000000000000000");
    // A route stored in the orders row, as schemas 1 to 5 kept it: schema 6 moves it.
    const RouteDecision route = sampleRoute();
    const QString routeText =
        QString::fromUtf8(route.toJsonText(TokenRegistry::usdc(), sol)).replace(QLatin1Char('\''), QStringLiteral("''"));
    build << QStringLiteral("UPDATE orders SET route_json = '%1' WHERE id = 'exact-in-sell'").arg(routeText);
    QString error;
    QVERIFY2(rawExec(build, &error), qPrintable(error));
    dropRawDatabase();

    m_store = openStore();
    QVERIFY(m_store);
    QCOMPARE(rawCount(QStringLiteral("SELECT MAX(version) FROM schema_version")),
             SqlOrderStore::latestSchemaVersion());
    struct Expected
    {
        const char *id;
        const char *swapMode;
        const char *side;
        const char *amount;
    };
    for (const Expected &expected : {Expected{"exact-out-buy", "ExactOut", "buy", "2"},
                                     Expected{"exact-in-sell", "ExactIn", "sell", "150"},
                                     Expected{"exact-in-plain", "ExactIn", "", "5"},
                                     Expected{"limit-buy", "ExactIn", "buy", "300"}}) {
        const std::optional<Order> order = m_store->order(QLatin1String(expected.id));
        QVERIFY2(order, expected.id);
        QCOMPARE(toString(order->swapMode), QLatin1String(expected.swapMode));
        QCOMPARE(toString(order->side), QLatin1String(expected.side));
        // The API shows the amount in the token it is counted in: SOL for the buy, USDC else.
        QCOMPARE(order->toJson().value(QStringLiteral("amount")).toString(), QLatin1String(expected.amount));
    }
    QCOMPARE(m_store->unfinishedOrders().size(), 4);
    const std::optional<Order> routed = m_store->order(QStringLiteral("exact-in-sell"));
    QVERIFY(routed && routed->route);
    QCOMPARE(routed->route->toJson(TokenRegistry::usdc(), sol), route.toJson(TokenRegistry::usdc(), sol));
    QVERIFY(!m_store->order(QStringLiteral("exact-out-buy"))->route);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM order_routes")), 1);

    // From now on the column decides, whatever the side says: a buy that spends its amount.
    Order buyExactIn = newOrder(QStringLiteral("buy-exact-in"), 10);
    buyExactIn.side = OrderSide::Buy;
    Order sellExactOut = newOrder(QStringLiteral("exact-out-no-side"), 20);
    sellExactOut.swapMode = SwapMode::ExactOut;
    for (const Order &order : {buyExactIn, sellExactOut}) {
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
        const std::optional<Order> stored = m_store->order(order.id);
        QVERIFY(stored);
        compareOrders(*stored, order);
    }
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE swap_mode IS NULL")), 0);

    // A build of schema 2 still running on the upgraded database writes no swap mode: its rows
    // read as it meant them.
    QVERIFY2(rawExec({row("old-build-buy", "market", "buy", sol, "1000000000", "pending", nullptr)}, &error),
             qPrintable(error));
    const std::optional<Order> oldBuild = m_store->order(QStringLiteral("old-build-buy"));
    QVERIFY(oldBuild);
    QCOMPARE(toString(oldBuild->swapMode), QStringLiteral("ExactOut"));
    QCOMPARE(Decimal::toString(oldBuild->amountIn), QStringLiteral("1000000000"));
    // A mode the store does not know is refused by the column itself.
    QVERIFY(!rawExec({QStringLiteral("UPDATE orders SET swap_mode = 'ExactBoth' WHERE id = 'old-build-buy'")}));
}

void TestOrderStore::concurrentOpenMigratesOnce()
{
    // Several processes (here: threads with their own stores) starting on an empty database at
    // once: each step is applied once, and every one of them opens.
    m_store.reset();
    dropRawDatabase();
    if (isPostgres()) {
        QVERIFY(rawExec({QStringLiteral("DROP SCHEMA %1 CASCADE").arg(m_schema)}));
        dropRawDatabase();
    } else {
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(m_dir->filePath(QStringLiteral("orders.db") + QLatin1String(suffix)));
    }

    constexpr int Openers = 4;
    QSemaphore go;
    QString errors[Openers];
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < Openers; ++i) {
        threads.emplace_back(QThread::create([this, i, &go, &errors] {
            go.acquire();
            QString error;
            std::unique_ptr<OrderStore> store = SqlOrderStore::fromUrl(m_url, &error);
            if (store && store->open(&error) && !store->isHealthy())
                error = QStringLiteral("not healthy after open");
            errors[i] = error;
        }));
        threads.back()->start();
    }
    go.release(Openers);
    for (const auto &thread : threads)
        thread->wait();
    for (const QString &error : errors)
        QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM schema_version")),
             SqlOrderStore::latestSchemaVersion());
}

void TestOrderStore::reconnectsAfterLostConnection()
{
    if (!isPostgres())
        QSKIP("a SQLite file has no server to lose");

    Order order = newOrder(QStringLiteral("survivor"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    // With a timeout, pg_terminate_backend waits until the backend has exited: the next count
    // sees only the connection the store made since, however slowly a busy machine reaps it.
    const QString terminate = QStringLiteral("SELECT COUNT(pg_terminate_backend(pid, 30000)) FROM "
                                             "pg_stat_activity WHERE application_name LIKE "
                                             "'%1 pid %'")
                                  .arg(m_schema);

    // As after a server restart or an idle timeout: reads, writes and the health check each
    // replace the dead connection instead of failing.
    QCOMPARE(rawCount(terminate), 1);
    QVERIFY(m_store->order(order.id));
    QCOMPARE(rawCount(terminate), 1);
    order.attempt = 1;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
             WriteResult::Applied);
    QCOMPARE(rawCount(terminate), 1);
    QVERIFY(m_store->isHealthy());
    QCOMPARE(m_store->history(order.id).size(), 2);
}

void TestOrderStore::concurrentWritersAllLand()
{
    constexpr int Threads = 8;
    constexpr int OrdersPerThread = 25;
    OrderStore *store = m_store.get();
    std::atomic<int> failures{0};
    QStringList errors[Threads];
    QSemaphore go;

    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back(QThread::create([store, t, &failures, &errors, &go] {
            go.acquire();
            for (int i = 0; i < OrdersPerThread; ++i) {
                Order order = newOrder(QStringLiteral("w%1-%2").arg(t).arg(i), t * 1000 + i,
                                       QStringLiteral("client-w%1-%2").arg(t).arg(i));
                QList<WriteResult> results;
                results << store->insertOrder(order, firstEvent(order));
                order.attempt = 1;
                results << store->applyTransition(order, advance(order, OrderStatus::Routing));
                results << store->applyTransition(order, advance(order, OrderStatus::Building));
                for (WriteResult result : std::as_const(results)) {
                    if (result != WriteResult::Applied) {
                        ++failures;
                        errors[t] << store->lastError();
                    }
                }
                store->order(order.id); // readers interleave with the writers
            }
        }));
        threads.back()->start();
    }
    go.release(Threads);
    for (const auto &thread : threads)
        thread->wait();

    for (const QStringList &threadErrors : errors)
        QVERIFY2(threadErrors.isEmpty(), qPrintable(threadErrors.join(QLatin1Char('\n'))));
    QCOMPARE(failures.load(), 0);
    QCOMPARE(m_store->countByStatus().value(OrderStatus::Building), Threads * OrdersPerThread);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM order_status_history")),
             Threads * OrdersPerThread * 3);
}

void TestOrderStore::connectionsFollowThreads()
{
    const int before = QSqlDatabase::connectionNames().size();
    int during = -1;
    bool found = true;
    runInThread([&] {
        found = m_store->order(QStringLiteral("nothing")).has_value();
        during = QSqlDatabase::connectionNames().size();
    });
    QVERIFY(!found);
    QCOMPARE(during, before + 1);
    // Removed when the thread finished, not left for a later thread with a recycled id.
    QCOMPARE(QSqlDatabase::connectionNames().size(), before);

    // A thread that outlives the store: the store takes its connection along.
    QSemaphore used;
    QSemaphore release;
    std::unique_ptr<QThread> lingering(QThread::create([&] {
        m_store->order(QStringLiteral("nothing"));
        used.release();
        release.acquire();
    }));
    lingering->start();
    used.acquire();
    QCOMPARE(QSqlDatabase::connectionNames().size(), before + 1);
    const int withStore = QSqlDatabase::connectionNames().size();
    m_store.reset();
    // The template and this thread's connection went with the store as well.
    QCOMPARE(QSqlDatabase::connectionNames().size(), withStore - 3);
    release.release();
    lingering->wait();
    QCOMPARE(QSqlDatabase::connectionNames().size(), withStore - 3);
}

void TestOrderStore::healthAndDescription()
{
    QVERIFY(m_store->isHealthy());
    bool healthyElsewhere = false;
    runInThread([&] { healthyElsewhere = m_store->isHealthy(); });
    QVERIFY(healthyElsewhere);
    const QString description = m_store->describe();
    if (isPostgres()) {
        QVERIFY2(description.startsWith(QLatin1String("postgresql://")), qPrintable(description));
        QVERIFY2(description.endsWith(QStringLiteral("?schema=") + m_schema),
                 qPrintable(description));
        QVERIFY(static_cast<SqlOrderStore *>(m_store.get())->backend() ==
                SqlOrderStore::Backend::Postgres);
    } else {
        QCOMPARE(description,
                 QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("orders.db")));
        QVERIFY(static_cast<SqlOrderStore *>(m_store.get())->backend() ==
                SqlOrderStore::Backend::Sqlite);
    }
}

void TestOrderStore::waitingOrderIsInsertedAsWaiting()
{
    // Limit and sniper orders are stored directly as waiting, in the insert's own transaction.
    Order order = newOrder(QStringLiteral("limit-waiting"));
    order.type = OrderType::Limit;
    order.limitPrice = units("190", PriceScale);
    order.status = OrderStatus::Waiting;
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);

    const std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    compareOrders(*stored, order);
    QCOMPARE(stored->leaseToken, 0);
    QVERIFY(stored->leaseOwner.isEmpty());
    QVERIFY(!stored->leaseExpiresAt);
    const QList<OrderEvent> history = m_store->history(order.id);
    QCOMPARE(statusesOf(history), QStringList{QStringLiteral("waiting")});
    QCOMPARE(history.at(0).seq, 1);
    QCOMPARE(m_store->countByStatus().value(OrderStatus::Waiting), 1);
}

void TestOrderStore::transactionRoundTrips()
{
    // A token launched at run time, unknown to any registry: the transaction resolves its mints
    // from the order's own tokens.
    Order order = newOrder(QStringLiteral("with-tx"));
    order.tokenOut = Token{QStringLiteral("NEWCOIN"),
                           QStringLiteral("NewCoin1111111111111111111111111111111111"), 6};
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    order.attempt = 1;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
             WriteResult::Applied);

    SwapTransaction tx;
    tx.orderId = order.id;
    tx.attempt = 1;
    tx.venue = Venue::Meteora;
    tx.tokenIn = order.tokenIn;
    tx.tokenOut = order.tokenOut;
    tx.amountIn = order.amountIn;
    tx.minAmountOut = units("123456.654321", 6);
    tx.wrapSol = true;
    tx.blockhash = QStringLiteral("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin");
    tx.lastValidBlockHeight = 281'474'976'710'655; // beyond 32 bits
    tx.sign();
    order.transaction = tx;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Building)),
             WriteResult::Applied);

    std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    QVERIFY(stored->transaction);
    QCOMPARE(stored->transaction->toJson(), tx.toJson());
    QCOMPARE(stored->transaction->signature, tx.signature);
    QCOMPARE(stored->transaction->tokenOut.symbol, QStringLiteral("NEWCOIN"));
    QCOMPARE(stored->transaction->tokenOut.decimals, 6);
    QVERIFY(stored->transaction->hasValidSignature());
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE tx_signature = '%1'")
                          .arg(tx.signature)),
             1);

    // A new attempt without a transaction yet clears it.
    order.transaction.reset();
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Retrying)),
             WriteResult::Applied);
    stored = m_store->order(order.id);
    QVERIFY(stored);
    QVERIFY(!stored->transaction);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE tx_signature IS NULL")), 1);
}

void TestOrderStore::failureIsStoredOncePerAttempt()
{
    Order order = newOrder(QStringLiteral("one-failure"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    order.attempt = 1;
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Routing)),
             WriteResult::Applied);

    const FailureRecord first{order.id, 1,    QStringLiteral("network"), QStringLiteral("timeout"),
                              at(100),  false};
    order.lastError = OrderError{first.code, first.message, false};
    order.retryAt = at(1100);
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Retrying), first),
             WriteResult::Applied);

    // The same attempt's failure again (a retried write, a second worker): the transition is
    // stored, the failure row is not.
    const FailureRecord again{order.id, 1,    QStringLiteral("expired"), QStringLiteral("gone"),
                              at(200),  true};
    order.lastError = OrderError{again.code, again.message, true};
    order.retryAt.reset();
    QCOMPARE(m_store->applyTransition(order, advance(order, OrderStatus::Failed), again),
             WriteResult::Applied);
    QVERIFY(m_store->lastError().isEmpty());

    const QList<FailureRecord> failures = m_store->failures(order.id);
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.at(0).code, QStringLiteral("network"));
    QCOMPARE(toString(m_store->order(order.id)->status), QStringLiteral("failed"));
    QCOMPARE(m_store->history(order.id).size(), 4);
}

void TestOrderStore::claimIncrementsTokenAndRefusesLiveLease()
{
    Order order = newOrder(QStringLiteral("claimed"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);

    Order mine;
    QCOMPARE(m_store->claim(order.id, QStringLiteral("node-a"), 60'000, &mine),
             WriteResult::Applied);
    QCOMPARE(mine.id, order.id);
    QCOMPARE(mine.leaseOwner, QStringLiteral("node-a"));
    QCOMPARE(mine.leaseToken, 1);
    QVERIFY(mine.leaseExpiresAt);
    // The database's clock: within a generous margin of this machine's.
    const qint64 inFuture =
        QDateTime::currentDateTimeUtc().msecsTo(*mine.leaseExpiresAt);
    QVERIFY2(inFuture > 30'000 && inFuture <= 90'000, qPrintable(QString::number(inFuture)));

    // A live lease is never stolen, not even by its own owner.
    Order other;
    QCOMPARE(m_store->claim(order.id, QStringLiteral("node-b"), 60'000, &other),
             WriteResult::Conflict);
    QCOMPARE(m_store->claim(order.id, QStringLiteral("node-a"), 60'000, &other),
             WriteResult::Conflict);
    QVERIFY(m_store->lastError().isEmpty());
    QCOMPARE(m_store->claim(QStringLiteral("no-such-order"), QStringLiteral("node-a"), 60'000,
                            &other),
             WriteResult::Conflict);
    const std::optional<Order> stored = m_store->order(order.id);
    QVERIFY(stored);
    QCOMPARE(stored->leaseOwner, QStringLiteral("node-a"));
    QCOMPARE(stored->leaseToken, 1);
    QCOMPARE(stored->leaseExpiresAt, mine.leaseExpiresAt);

    // A write with the token the caller read before the claim is refused.
    Order unfenced = order;
    unfenced.attempt = 1;
    QCOMPARE(m_store->applyTransition(unfenced, advance(unfenced, OrderStatus::Routing)),
             WriteResult::Conflict);

    // The holder moves it, keeping its lease; then finishes it, releasing the lease.
    mine.attempt = 1;
    QCOMPARE(m_store->applyTransition(mine, advance(mine, OrderStatus::Routing)),
             WriteResult::Applied);
    QCOMPARE(m_store->order(order.id)->leaseOwner, QStringLiteral("node-a"));
    mine.leaseOwner.clear();
    QCOMPARE(m_store->applyTransition(mine, advance(mine, OrderStatus::Failed)),
             WriteResult::Applied);
    const std::optional<Order> finished = m_store->order(order.id);
    QVERIFY(finished);
    QVERIFY(finished->leaseOwner.isEmpty());
    QVERIFY(!finished->leaseExpiresAt);
    QCOMPARE(finished->leaseToken, 1);

    // A finished order cannot be claimed.
    QCOMPARE(m_store->claim(order.id, QStringLiteral("node-b"), 60'000, &other),
             WriteResult::Conflict);
}

void TestOrderStore::expiredLeaseIsTakenOverAndFencesOldHolder()
{
    Order order = newOrder(QStringLiteral("taken-over"));
    QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    Order oldHolder;
    QCOMPARE(m_store->claim(order.id, QStringLiteral("node-a"), 50, &oldHolder),
             WriteResult::Applied);

    Order newHolder;
    // QTRY_VERIFY evaluates its condition once more after it held: claim only until it worked.
    WriteResult taken = WriteResult::Conflict;
    QTRY_VERIFY(taken == WriteResult::Applied ||
                (taken = m_store->claim(order.id, QStringLiteral("node-b"), 60'000,
                                        &newHolder)) == WriteResult::Applied);
    QCOMPARE(newHolder.leaseOwner, QStringLiteral("node-b"));
    QCOMPARE(newHolder.leaseToken, oldHolder.leaseToken + 1);

    // The old holder wakes up and writes with its token: refused, nothing stored.
    oldHolder.attempt = 1;
    QCOMPARE(m_store->applyTransition(oldHolder, advance(oldHolder, OrderStatus::Routing)),
             WriteResult::Conflict);
    QCOMPARE(m_store->history(order.id).size(), 1);
    // Its renewal does not bring the lease back either.
    QCOMPARE(m_store->renewLeases(QStringLiteral("node-a"), {order.id}, 60'000), std::optional<int>(0));

    newHolder.attempt = 1;
    QCOMPARE(m_store->applyTransition(newHolder, advance(newHolder, OrderStatus::Routing)),
             WriteResult::Applied);
    QCOMPARE(m_store->order(order.id)->leaseOwner, QStringLiteral("node-b"));
}

void TestOrderStore::renewAndReleaseLeases()
{
    for (int i = 0; i < 4; ++i) {
        const Order order = newOrder(QStringLiteral("lease-%1").arg(i), i);
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    }
    Order a0, a1, b2, a3;
    QCOMPARE(m_store->claim(QStringLiteral("lease-0"), QStringLiteral("node-a"), 1000, &a0),
             WriteResult::Applied);
    QCOMPARE(m_store->claim(QStringLiteral("lease-1"), QStringLiteral("node-a"), 1000, &a1),
             WriteResult::Applied);
    QCOMPARE(m_store->claim(QStringLiteral("lease-2"), QStringLiteral("node-b"), 1000, &b2),
             WriteResult::Applied);
    QCOMPARE(m_store->claim(QStringLiteral("lease-3"), QStringLiteral("node-a"), 1000, &a3),
             WriteResult::Applied);
    // A finished order whose owner kept its lease is not counted as held.
    QCOMPARE(m_store->applyTransition(a3, advance(a3, OrderStatus::Cancelled)),
             WriteResult::Applied);

    const QStringList all{QStringLiteral("lease-0"), QStringLiteral("lease-1"),
                          QStringLiteral("lease-2"), QStringLiteral("lease-3")};
    // Only the orders a worker is on are renewed: the others lapse and get swept.
    QCOMPARE(m_store->renewLeases(QStringLiteral("node-a"), {QStringLiteral("lease-0")}, 120'000),
             std::optional<int>(1));
    QCOMPARE(m_store->order(QStringLiteral("lease-1"))->leaseExpiresAt, a1.leaseExpiresAt);
    QCOMPARE(m_store->renewLeases(QStringLiteral("node-a"), all, 120'000), std::optional<int>(2));
    QVERIFY(m_store->order(QStringLiteral("lease-0"))->leaseExpiresAt >
            a0.leaseExpiresAt->addMSecs(60'000));
    QVERIFY(m_store->order(QStringLiteral("lease-1"))->leaseExpiresAt >
            a1.leaseExpiresAt->addMSecs(60'000));
    QCOMPARE(m_store->order(QStringLiteral("lease-2"))->leaseExpiresAt, b2.leaseExpiresAt);
    QCOMPARE(m_store->renewLeases(QStringLiteral("node-c"), all, 120'000), std::optional<int>(0));
    QCOMPARE(m_store->renewLeases(QStringLiteral("node-a"), {}, 120'000), std::optional<int>(0));

    QCOMPARE(m_store->releaseLeases(QStringLiteral("node-a")), WriteResult::Applied);
    for (const char *id : {"lease-0", "lease-1"}) {
        const std::optional<Order> released = m_store->order(QLatin1String(id));
        QVERIFY(released);
        QVERIFY(released->leaseOwner.isEmpty());
        QVERIFY(!released->leaseExpiresAt);
        QCOMPARE(released->leaseToken, 1); // kept: the next claim moves it on
    }
    QCOMPARE(m_store->renewLeases(QStringLiteral("node-a"), all, 120'000), std::optional<int>(0));
    QCOMPARE(m_store->order(QStringLiteral("lease-2"))->leaseOwner, QStringLiteral("node-b"));
    // Released orders can be claimed at once.
    Order again;
    QCOMPARE(m_store->claim(QStringLiteral("lease-0"), QStringLiteral("node-c"), 1000, &again),
             WriteResult::Applied);
    QCOMPARE(again.leaseToken, 2);

    QCOMPARE(m_store->releaseAllLeases(), WriteResult::Applied);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE lease_owner IS NOT NULL"
                                     " OR lease_expires_at IS NOT NULL")),
             0);
}

void TestOrderStore::orphanedOrdersNeedAWorker()
{
    // Timestamps the engine writes come from this machine's clock, here "now" and an hour ago;
    // "overdue" is measured by the database's clock, which is the same machine's in the tests.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime hourAgo = now.addSecs(-3600);
    struct Spec
    {
        const char *id;
        OrderStatus status;
        QDateTime created;
        std::optional<QDateTime> retryAt;
        qint64 leaseMs; // 0: no lease
    };
    const QList<Spec> specs = {
        {"o-routing-free", OrderStatus::Routing, hourAgo.addMSecs(1), {}, 0},
        {"o-submitted-live", OrderStatus::Submitted, hourAgo.addMSecs(2), {}, 60'000},
        {"o-building-lapsed", OrderStatus::Building, hourAgo.addMSecs(3), {}, 50},
        {"o-waiting", OrderStatus::Waiting, hourAgo.addMSecs(4), {}, 0},
        {"o-confirmed", OrderStatus::Confirmed, hourAgo.addMSecs(5), {}, 0},
        {"o-pending-old", OrderStatus::Pending, hourAgo.addMSecs(6), {}, 0},
        {"o-pending-new", OrderStatus::Pending, now, {}, 0},
        {"o-retrying-due", OrderStatus::Retrying, hourAgo.addMSecs(7), hourAgo.addSecs(1), 0},
        {"o-retrying-later", OrderStatus::Retrying, hourAgo.addMSecs(8), now.addSecs(3600), 0},
        {"o-pending-old-live", OrderStatus::Pending, hourAgo.addMSecs(9), {}, 60'000},
    };
    for (const Spec &spec : specs) {
        Order order = newOrder(QLatin1String(spec.id));
        order.createdAt = spec.created;
        order.updatedAt = spec.created;
        if (spec.status == OrderStatus::Waiting)
            order.status = OrderStatus::Waiting;
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
        if (spec.leaseMs > 0) {
            QCOMPARE(m_store->claim(order.id, QStringLiteral("node-a"), spec.leaseMs, &order),
                     WriteResult::Applied);
        }
        if (spec.status != OrderStatus::Pending && spec.status != OrderStatus::Waiting) {
            order.attempt = 1;
            order.retryAt = spec.retryAt;
            QCOMPARE(m_store->applyTransition(order, advance(order, spec.status)),
                     WriteResult::Applied);
        }
    }

    const QStringList expected = {QStringLiteral("o-routing-free"),
                                  QStringLiteral("o-building-lapsed"),
                                  QStringLiteral("o-pending-old"),
                                  QStringLiteral("o-retrying-due")};
    QTRY_COMPARE(idsOf(m_store->orphanedOrders(60'000, 100)), expected);
    QCOMPARE(idsOf(m_store->orphanedOrders(60'000, 2)), expected.mid(0, 2));
    QVERIFY(m_store->lastError().isEmpty());
    // Overdue by more than two hours: only the in-flight ones, which need no grace period.
    QCOMPARE(idsOf(m_store->orphanedOrders(2 * 3600 * 1000, 100)), expected.mid(0, 2));
}

void TestOrderStore::exclusiveUseNamesTheHolder()
{
    QString holder;
    QVERIFY2(m_store->lockExclusive(&holder), qPrintable(holder));
    QVERIFY(m_store->lockExclusive(&holder)); // held already: still true

    std::unique_ptr<OrderStore> second = openStore();
    QVERIFY(second);
    holder.clear();
    QVERIFY(!second->lockExclusive(&holder));
    qInfo().noquote() << "the second store finds it held by" << holder;
    QVERIFY2(holder.contains(QStringLiteral("pid %1").arg(QCoreApplication::applicationPid())),
             qPrintable(holder));
    if (!isPostgres())
        QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("orders.db.lock"))));

    // A store that is not open cannot hold anything.
    QString error;
    std::unique_ptr<OrderStore> closed = SqlOrderStore::fromUrl(m_url, &error);
    QVERIFY(closed);
    QVERIFY(!closed->lockExclusive(&holder));
    QVERIFY2(holder.contains(QLatin1String("not open")), qPrintable(holder));

    // The holder goes away: the other one can take it. On PostgreSQL the lock goes with the
    // holder's backend, which exits a moment after its client has closed the connection.
    m_store.reset();
    holder.clear();
    QTRY_VERIFY2_WITH_TIMEOUT(second->lockExclusive(&holder), qPrintable(holder), 30000);
    m_store = std::move(second);
    QVERIFY(m_store->isHealthy());
}

void TestOrderStore::parsesUrls()
{
    if (isPostgres())
        QSKIP("URL parsing does not depend on the backend");

    QString error;
    std::unique_ptr<OrderStore> store = SqlOrderStore::fromUrl(
        QStringLiteral("postgresql://alice:s3cr%40t@db.example:6543/orders"), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->describe(), QStringLiteral("postgresql://db.example:6543/orders"));

    store = SqlOrderStore::fromUrl(QStringLiteral("postgres://db.example/orders?schema=Node_1"
                                                  "&sslmode=require&connect_timeout=3"),
                                   &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->describe(),
             QStringLiteral("postgresql://db.example:5432/orders?schema=node_1"));

    store = SqlOrderStore::fromUrl(QStringLiteral("sqlite:///var/lib/orderdesk/orders.db"), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->describe(), QStringLiteral("sqlite:/var/lib/orderdesk/orders.db"));
    store = SqlOrderStore::fromUrl(QStringLiteral("sqlite:relative/orders.db"), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->describe(),
             QStringLiteral("sqlite:") +
                 QDir::current().absoluteFilePath(QStringLiteral("relative/orders.db")));

    const QList<QPair<QString, QString>> bad = {
        {QString(), QStringLiteral("empty")},
        {QStringLiteral("mysql://u@h/db"), QStringLiteral("mysql")},
        {QStringLiteral("just-a-word"), QStringLiteral("scheme")},
        {QStringLiteral("postgresql://u:pw@host"), QStringLiteral("database")},
        {QStringLiteral("postgresql:///orders"), QStringLiteral("host")},
        {QStringLiteral("postgresql://u:pw@host:99999/db"), QStringLiteral("PostgreSQL URL")},
        {QStringLiteral("postgresql://u:pw@host/db?pool=4"), QStringLiteral("pool")},
        {QStringLiteral("postgresql://u:pw@host/db?schema=a-b"), QStringLiteral("schema")},
        {QStringLiteral("postgresql://u:pw@host/db?sslmode=sometimes"), QStringLiteral("sslmode")},
        {QStringLiteral("sqlite:"), QStringLiteral("path")},
        {QStringLiteral("sqlite::memory:"), QStringLiteral("in-memory")},
        {QStringLiteral("sqlite://otherhost/x.db"), QStringLiteral("host")},
    };
    for (const auto &[url, expected] : bad) {
        error.clear();
        QVERIFY2(!SqlOrderStore::fromUrl(url, &error), qPrintable(url));
        QVERIFY2(error.contains(expected, Qt::CaseInsensitive),
                 qPrintable(url + QStringLiteral(" -> ") + error));
        QVERIFY2(!error.contains(QLatin1String("pw")), qPrintable(error));
    }
}

void TestOrderStore::reportsUnusableDatabase()
{
    if (isPostgres())
        QSKIP("covered by the sqlite row; it starts no server either way");

    // A loopback port that was free a moment ago: refused at once, no timeout to wait for.
    quint16 closedPort = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        closedPort = server.serverPort();
    }
    QString error;
    std::unique_ptr<OrderStore> store = SqlOrderStore::fromUrl(
        QStringLiteral("postgresql://nobody:secret@127.0.0.1:%1/nothing?connect_timeout=2")
            .arg(closedPort),
        &error);
    QVERIFY(store);
    QVERIFY(!store->open(&error));
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1/nothing").arg(closedPort)),
             qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("secret")), qPrintable(error));
    QVERIFY(!store->isHealthy());
    QCOMPARE(store->insertOrder(newOrder(QStringLiteral("x")),
                                firstEvent(newOrder(QStringLiteral("x")))),
             WriteResult::Error);
    QVERIFY(!store->lastError().isEmpty());

    // A file where the directory should be.
    QFile blocker(m_dir->filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    store = SqlOrderStore::fromUrl(
        QStringLiteral("sqlite:") + blocker.fileName() + QStringLiteral("/sub/orders.db"), &error);
    QVERIFY(store);
    QVERIFY(!store->open(&error));
    QVERIFY2(error.contains(blocker.fileName()), qPrintable(error));

    // A file that is not a database.
    QFile garbage(m_dir->filePath(QStringLiteral("garbage.db")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(4096, 'x'));
    garbage.close();
    store = SqlOrderStore::fromUrl(QStringLiteral("sqlite:") + garbage.fileName(), &error);
    QVERIFY(store);
    QVERIFY(!store->open(&error));
    QVERIFY2(error.contains(garbage.fileName()), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestOrderStore)
#include "tst_orderstore.moc"
