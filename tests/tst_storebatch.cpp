#include "StoreTestSupport.h"
#include "StoreWriter.h"

#include <QThread>
#include <functional>
#include <memory>
#include <vector>

using namespace OrderDesk;
using namespace StoreTest;

// Group commit: OrderStore::applyBatch on every backend, and the StoreWriter that feeds it.

namespace {

QList<int> seqsOf(const QList<OrderEvent> &events)
{
    QList<int> seqs;
    for (const OrderEvent &event : events)
        seqs << int(event.seq);
    return seqs;
}

// A trigger that makes every history row of `orderId` fail, as a broken row would.
QStringList refuseHistoryOf(bool postgres, const QString &orderId)
{
    if (postgres) {
        return {QStringLiteral("CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS "
                               "$$ BEGIN RAISE EXCEPTION 'refused by test'; END $$"),
                QStringLiteral("CREATE TRIGGER refuse_history BEFORE INSERT ON "
                               "order_status_history FOR EACH ROW WHEN (NEW.order_id = '%1') "
                               "EXECUTE FUNCTION refuse_row()")
                    .arg(orderId)};
    }
    return {QStringLiteral("CREATE TRIGGER refuse_history BEFORE INSERT ON order_status_history "
                           "WHEN NEW.order_id = '%1' BEGIN SELECT RAISE(ABORT, 'refused by "
                           "test'); END")
                .arg(orderId)};
}

// Takes the database's write lock from outside and holds it until `lock` runs COMMIT, so that
// whatever a writer is handed meanwhile queues behind its first commit.
bool holdWriteLock(QSqlQuery &lock, bool postgres)
{
    if (!lock.exec(postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")))
        return false;
    return !postgres || lock.exec(QStringLiteral("LOCK TABLE orders IN EXCLUSIVE MODE"));
}

// Starts `writer` with a first insert whose commit waits for the write lock held by
// holdWriteLock: whatever the writer is handed until that lock's COMMIT queues into its next batch.
QFuture<WriteResult> startBehindLock(StoreWriter &writer, qint64 createdOffsetMs)
{
    writer.start();
    const Order first = newOrder(QStringLiteral("first"), createdOffsetMs);
    return writer.write(StoreWrite::insert(first, firstEvent(first)));
}

// A claimed order's first write as the engine makes it: the move to routing, from the order as
// claimed (with the token the claim gave it).
std::optional<StoreWrite> startRouting(const Order &claimed)
{
    Order next = claimed;
    next.attempt = 1;
    const OrderEvent event = advance(next, OrderStatus::Routing);
    return StoreWrite::transition(next, event, std::nullopt, claimed.status);
}

} // namespace

class TestStoreBatch : public StoreFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addBackendRows(); }
    void init() { initBackend("tst_storebatch"); }
    void cleanup() { cleanupBackend(); }

    void membersGetTheirOwnResults();
    void writesOfOneOrderKeepTheirSequence();
    void documentsReadBackAsWrittenAndTheRouteStays();
    void failingTransactionWritesNothing();
    void writerFailsABadMemberAlone();
    void writerCommitsWhatQueuedAsOneBatch();
    void failedCommitWritesNothingAndIsRetriedAlone();
    void claimsAreCommittedAfterTheWrites();
    void writerClaimsAloneWhenItsBatchFails();
    void claimAppliesItsFirstWriteInItsTransaction();
    void writerClaimsWithoutAFirstWriteThatBreaksIt();
    void writesHandedOverTogetherShareACommit();
    void stoppedWriterRefuses();
};

void TestStoreBatch::membersGetTheirOwnResults()
{
    Order moving = newOrder(QStringLiteral("moving"));
    Order stale = newOrder(QStringLiteral("stale"), 1);
    const Order taken = newOrder(QStringLiteral("taken"), 2, QStringLiteral("client-taken"));
    QCOMPARE(m_store->applyBatch({StoreWrite::insert(moving, firstEvent(moving)),
                                  StoreWrite::insert(stale, firstEvent(stale)),
                                  StoreWrite::insert(taken, firstEvent(taken))}),
             (QList<WriteResult>{WriteResult::Applied, WriteResult::Applied, WriteResult::Applied}));

    moving.attempt = 1;
    const OrderEvent routing = advance(moving, OrderStatus::Routing);
    Order ahead = stale;
    ahead.seq += 2; // skipped ahead: the compare-and-set refuses it
    const OrderEvent skipped = advance(ahead, OrderStatus::Building);
    const Order duplicate = newOrder(QStringLiteral("duplicate"), 3, QStringLiteral("client-taken"));
    const Order fresh = newOrder(QStringLiteral("fresh"), 4, QStringLiteral("client-fresh"));
    Order malformed = newOrder(QStringLiteral("malformed"), 5);
    malformed.seq = 4; // an insert starts at seq 1

    const QList<WriteResult> results = m_store->applyBatch(
        {StoreWrite::transition(moving, routing), StoreWrite::transition(ahead, skipped),
         StoreWrite::insert(duplicate, firstEvent(duplicate)), StoreWrite::insert(malformed, firstEvent(malformed)),
         StoreWrite::insert(fresh, firstEvent(fresh))});
    QCOMPARE(results, (QList<WriteResult>{WriteResult::Applied, WriteResult::Conflict,
                                          WriteResult::Duplicate, WriteResult::Error,
                                          WriteResult::Applied}));

    QCOMPARE(toString(m_store->order(moving.id)->status), toString(OrderStatus::Routing));
    QCOMPARE(seqsOf(m_store->history(moving.id)), (QList<int>{1, 2}));
    QCOMPARE(m_store->order(stale.id)->seq, 1);
    QCOMPARE(m_store->history(stale.id).size(), 1);
    QVERIFY(!m_store->order(duplicate.id));
    QVERIFY(!m_store->order(malformed.id));
    QCOMPARE(m_store->orderByClientId(QStringLiteral("client-taken"))->id, taken.id);
    QCOMPARE(m_store->history(fresh.id).size(), 1);
}

void TestStoreBatch::writesOfOneOrderKeepTheirSequence()
{
    Order order = newOrder(QStringLiteral("sequence"));
    QList<StoreWrite> writes{StoreWrite::insert(order, firstEvent(order))};
    order.attempt = 1;
    for (OrderStatus status : {OrderStatus::Routing, OrderStatus::Building, OrderStatus::Submitted}) {
        const OrderEvent event = advance(order, status);
        writes << StoreWrite::transition(order, event);
    }
    // The same transition again: by the time it runs, the one before moved the order on.
    writes << writes.last();

    QCOMPARE(m_store->applyBatch(writes),
             (QList<WriteResult>{WriteResult::Applied, WriteResult::Applied, WriteResult::Applied,
                                 WriteResult::Applied, WriteResult::Conflict}));
    QCOMPARE(seqsOf(m_store->history(order.id)), (QList<int>{1, 2, 3, 4}));
    QCOMPARE(toString(m_store->order(order.id)->status), toString(OrderStatus::Submitted));
}

// A batch's JSON documents (route, transaction, result, history details) travel beside its
// rows on PostgreSQL, and the route is written by the transition to building only: each order
// of a batch must read back with its own documents, escapes and non-ASCII text intact, its
// route kept by the later transitions and replaced by the next attempt's.
void TestStoreBatch::documentsReadBackAsWrittenAndTheRouteStays()
{
    // Four orders a batch: PostgreSQL takes its set-based statements from four writes on.
    QList<Order> orders;
    QList<StoreWrite> writes;
    for (int i = 0; i < 4; ++i) {
        orders << newOrder(QStringLiteral("documents-%1").arg(i), i);
        writes << StoreWrite::insert(orders.last(), firstEvent(orders.last()));
    }
    const QList<WriteResult> allApplied(orders.size(), WriteResult::Applied);
    QCOMPARE(m_store->applyBatch(writes), allApplied);

    const auto routeOf = [](int i, const QString &attempt) {
        RouteDecision route = sampleRoute();
        route.reason =
            QStringLiteral("order %1, %2: \"best\" net output → raydium").arg(i).arg(attempt);
        return route;
    };
    const auto step = [&](OrderStatus status,
                          const std::function<QJsonObject(Order &, int)> &change) {
        QList<StoreWrite> batch;
        for (int i = 0; i < orders.size(); ++i) {
            const QJsonObject details = change(orders[i], i);
            batch << StoreWrite::transition(orders[i], advance(orders[i], status, details));
        }
        return m_store->applyBatch(batch);
    };
    const auto routeDetails = [](const Order &order) {
        return QJsonObject{
            {QStringLiteral("route"), order.route->toJson(order.tokenIn, order.tokenOut)}};
    };

    QCOMPARE(step(OrderStatus::Routing,
                  [](Order &order, int) {
                      order.attempt = 1;
                      return QJsonObject{};
                  }),
             allApplied);
    QCOMPARE(step(OrderStatus::Building,
                  [&](Order &order, int i) {
                      order.route = routeOf(i, QStringLiteral("first attempt"));
                      return routeDetails(order);
                  }),
             allApplied);
    QCOMPARE(step(OrderStatus::Submitted,
                  [](Order &order, int) {
                      SwapTransaction tx;
                      tx.orderId = order.id;
                      tx.attempt = order.attempt;
                      tx.tokenIn = order.tokenIn;
                      tx.tokenOut = order.tokenOut;
                      tx.amountIn = order.amountIn;
                      tx.minAmountOut = order.route->minAmountOut;
                      tx.blockhash = QStringLiteral("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin");
                      tx.lastValidBlockHeight = 300;
                      tx.sign();
                      order.transaction = tx;
                      return QJsonObject{{QStringLiteral("signature"), tx.signature}};
                  }),
             allApplied);
    for (const Order &order : std::as_const(orders)) {
        const std::optional<Order> stored = m_store->order(order.id);
        QVERIFY(stored && stored->route && stored->transaction);
        QCOMPARE(stored->route->toJson(order.tokenIn, order.tokenOut),
                 order.route->toJson(order.tokenIn, order.tokenOut));
        QCOMPARE(stored->transaction->toJson(), order.transaction->toJson());
    }

    // Orders 0 and 1 retry with a new route; 2 and 3 confirm.
    QCOMPARE(step(OrderStatus::Retrying, [](Order &, int) { return QJsonObject{}; }), allApplied);
    QCOMPARE(step(OrderStatus::Routing,
                  [](Order &order, int) {
                      ++order.attempt;
                      return QJsonObject{};
                  }),
             allApplied);
    QCOMPARE(step(OrderStatus::Building,
                  [&](Order &order, int i) {
                      if (i < 2)
                          order.route = routeOf(i, QStringLiteral("second attempt"));
                      return routeDetails(order);
                  }),
             allApplied);
    QCOMPARE(step(OrderStatus::Confirmed,
                  [](Order &order, int) {
                      order.execution = sampleExecution();
                      return QJsonObject{
                          {QStringLiteral("result"), order.execution->toJson(order.tokenOut)}};
                  }),
             allApplied);
    for (int i = 0; i < orders.size(); ++i) {
        const Order &order = orders.at(i);
        const std::optional<Order> stored = m_store->order(order.id);
        QVERIFY(stored && stored->route && stored->execution);
        QCOMPARE(stored->route->reason, routeOf(i, i < 2 ? QStringLiteral("second attempt")
                                                         : QStringLiteral("first attempt"))
                                            .reason);
        QCOMPARE(stored->route->toJson(order.tokenIn, order.tokenOut),
                 order.route->toJson(order.tokenIn, order.tokenOut));
        QCOMPARE(stored->execution->toJson(order.tokenOut),
                 order.execution->toJson(order.tokenOut));
        const QList<OrderEvent> history = m_store->history(order.id);
        QCOMPARE(history.size(), 8);
        const auto reasonIn = [](const OrderEvent &event) {
            return event.details.value(QStringLiteral("route"))
                .toObject()
                .value(QStringLiteral("reason"))
                .toString();
        };
        QCOMPARE(toString(history.at(2).status), toString(OrderStatus::Building));
        QCOMPARE(reasonIn(history.at(2)), routeOf(i, QStringLiteral("first attempt")).reason);
        QCOMPARE(toString(history.at(6).status), toString(OrderStatus::Building));
        QCOMPARE(reasonIn(history.at(6)), stored->route->reason);
        QCOMPARE(history.last().details.value(QStringLiteral("result")).toObject(),
                 order.execution->toJson(order.tokenOut));
    }
}

void TestStoreBatch::failingTransactionWritesNothing()
{
    QString error;
    QVERIFY2(rawExec(refuseHistoryOf(isPostgres(), QStringLiteral("bad")), &error), qPrintable(error));
    const Order good = newOrder(QStringLiteral("good"));
    const Order bad = newOrder(QStringLiteral("bad"), 1);
    QCOMPARE(m_store->applyBatch({StoreWrite::insert(good, firstEvent(good)),
                                  StoreWrite::insert(bad, firstEvent(bad))}),
             (QList<WriteResult>{WriteResult::Error, WriteResult::Error}));
    QVERIFY(m_store->lastError().contains(QLatin1String("refused by test")));
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders")), 0);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM order_status_history")), 0);
}

void TestStoreBatch::writerFailsABadMemberAlone()
{
    QString error;
    QVERIFY2(rawExec(refuseHistoryOf(isPostgres(), QStringLiteral("bad")), &error), qPrintable(error));
    StoreWriter writer(*m_store);
    writer.start();
    QList<QFuture<WriteResult>> futures;
    for (int i = 0; i < 40; ++i) {
        const Order order = newOrder(i == 20 ? QStringLiteral("bad") : QStringLiteral("good-%1").arg(i), i);
        futures << writer.write(StoreWrite::insert(order, firstEvent(order)));
    }
    for (int i = 0; i < futures.size(); ++i)
        QCOMPARE(futures[i].result(), i == 20 ? WriteResult::Error : WriteResult::Applied);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders")), 39);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM order_status_history")), 39);
}

void TestStoreBatch::writerCommitsWhatQueuedAsOneBatch()
{
    QSqlDatabase raw = rawDatabase();
    QSqlQuery lock(raw);
    QVERIFY(holdWriteLock(lock, isPostgres()));

    StoreWriter writer(*m_store);
    QFuture<WriteResult> blocked = startBehindLock(writer, 0);

    // Several threads hand over writes, as workers do.
    constexpr int Threads = 4;
    constexpr int PerThread = 25;
    std::vector<QList<QFuture<WriteResult>>> futures(Threads);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back(QThread::create([&writer, &futures, t] {
            for (int i = 0; i < PerThread; ++i) {
                const Order order = newOrder(QStringLiteral("t%1-%2").arg(t).arg(i), t * 100 + i);
                futures[std::size_t(t)] << writer.write(StoreWrite::insert(order, firstEvent(order)));
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        thread->wait();
    QVERIFY(lock.exec(QStringLiteral("COMMIT")));

    QCOMPARE(blocked.result(), WriteResult::Applied);
    for (const auto &list : futures) {
        for (const QFuture<WriteResult> &future : list)
            QCOMPARE(future.result(), WriteResult::Applied);
    }
    QCOMPARE(writer.writes(), 1 + Threads * PerThread);
    // The blocked one, then the hundred that queued behind it in at most a few more commits.
    QVERIFY2(writer.batches() <= 3, qPrintable(QString::number(writer.batches())));
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM order_status_history")), 1 + Threads * PerThread);
}

void TestStoreBatch::failedCommitWritesNothingAndIsRetriedAlone()
{
    // The statements succeed; the commit refuses, as a lost serialization or a full disk would:
    // on PostgreSQL a deferred constraint trigger, on SQLite a deferred foreign key that the
    // insert of "bad" leaves dangling until COMMIT checks it.
    const QStringList refuseAtCommit =
        isPostgres()
            ? QStringList{QStringLiteral("CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE "
                                         "plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; "
                                         "END $$"),
                          QStringLiteral("CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT "
                                         "ON orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN "
                                         "(NEW.id = 'bad') EXECUTE FUNCTION refuse_row()")}
            : QStringList{QStringLiteral("CREATE TABLE commit_parent (id TEXT PRIMARY KEY)"),
                          QStringLiteral("CREATE TABLE commit_guard (parent TEXT REFERENCES "
                                         "commit_parent (id) DEFERRABLE INITIALLY DEFERRED)"),
                          QStringLiteral("CREATE TRIGGER refuse_at_commit AFTER INSERT ON orders "
                                         "WHEN NEW.id = 'bad' BEGIN INSERT INTO commit_guard "
                                         "VALUES ('missing'); END")};
    QString error;
    QVERIFY2(rawExec(refuseAtCommit, &error), qPrintable(error));
    const Order good = newOrder(QStringLiteral("good"));
    const Order bad = newOrder(QStringLiteral("bad"), 1);
    QCOMPARE(m_store->applyBatch({StoreWrite::insert(good, firstEvent(good)),
                                  StoreWrite::insert(bad, firstEvent(bad))}),
             (QList<WriteResult>{WriteResult::Error, WriteResult::Error}));
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders")), 0);

    StoreWriter writer(*m_store);
    writer.start();
    QFuture<WriteResult> first = writer.write(StoreWrite::insert(good, firstEvent(good)));
    QFuture<WriteResult> second = writer.write(StoreWrite::insert(bad, firstEvent(bad)));
    QCOMPARE(first.result(), WriteResult::Applied);
    QCOMPARE(second.result(), WriteResult::Error);
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders")), 1);
}

void TestStoreBatch::claimsAreCommittedAfterTheWrites()
{
    const Order a = newOrder(QStringLiteral("a"));
    const Order b = newOrder(QStringLiteral("b"), 1);
    QCOMPARE(m_store->applyBatch({StoreWrite::insert(a, firstEvent(a)), StoreWrite::insert(b, firstEvent(b))}),
             (QList<WriteResult>{WriteResult::Applied, WriteResult::Applied}));
    QString error;
    QVERIFY2(rawExec(refuseHistoryOf(isPostgres(), QStringLiteral("bad")), &error), qPrintable(error));

    // SQLite runs both in one transaction, so a write that breaks it takes the claims with it;
    // PostgreSQL gives the claims their own (its row locks are taken in id order), and they land.
    const Order bad = newOrder(QStringLiteral("bad"), 2);
    OrderStore::LeaseClaims claims{{a.id, b.id}, QStringLiteral("node-a"), 30000, {}, {}, {}, {}};
    QCOMPARE(m_store->applyBatchAndClaim({StoreWrite::insert(bad, firstEvent(bad))}, claims),
             (QList<WriteResult>{WriteResult::Error}));
    const WriteResult claimed = isPostgres() ? WriteResult::Applied : WriteResult::Error;
    QCOMPARE(claims.results, (QList<WriteResult>{claimed, claimed}));
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE lease_owner IS NOT NULL")),
             isPostgres() ? 2 : 0);

    // The writes come first: an order inserted by the batch can be claimed by it.
    const Order good = newOrder(QStringLiteral("good"), 3);
    claims = {{good.id}, QStringLiteral("node-a"), 30000, {}, {}, {}, {}};
    QCOMPARE(m_store->applyBatchAndClaim({StoreWrite::insert(good, firstEvent(good))}, claims),
             (QList<WriteResult>{WriteResult::Applied}));
    QCOMPARE(claims.results, (QList<WriteResult>{WriteResult::Applied}));
    QCOMPARE(claims.claimed.constFirst().id, good.id);
    QCOMPARE(claims.claimed.constFirst().leaseOwner, QStringLiteral("node-a"));
    QCOMPARE(claims.claimed.constFirst().leaseToken, 1);
}

void TestStoreBatch::writerClaimsAloneWhenItsBatchFails()
{
    const Order a = newOrder(QStringLiteral("a"));
    QCOMPARE(m_store->insertOrder(a, firstEvent(a)), WriteResult::Applied);
    QString error;
    QVERIFY2(rawExec(refuseHistoryOf(isPostgres(), QStringLiteral("bad")), &error), qPrintable(error));

    // The claim and the bad insert queue into one transaction behind the writer's first commit.
    QSqlDatabase raw = rawDatabase();
    QSqlQuery lock(raw);
    QVERIFY(holdWriteLock(lock, isPostgres()));
    StoreWriter writer(*m_store);
    QFuture<WriteResult> blocked = startBehindLock(writer, 1);
    const Order bad = newOrder(QStringLiteral("bad"), 2);
    QFuture<StoreWriter::Claimed> claim = writer.claim(a.id, QStringLiteral("node-a"), 30000);
    QFuture<WriteResult> refused = writer.write(StoreWrite::insert(bad, firstEvent(bad)));
    QVERIFY(lock.exec(QStringLiteral("COMMIT")));

    QCOMPARE(blocked.result(), WriteResult::Applied);
    QCOMPARE(refused.result(), WriteResult::Error);
    QCOMPARE(claim.result().result, WriteResult::Applied);
    QCOMPARE(claim.result().order.leaseOwner, QStringLiteral("node-a"));
    QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE lease_owner = 'node-a'")), 1);
}

void TestStoreBatch::claimAppliesItsFirstWriteInItsTransaction()
{
    const Order started = newOrder(QStringLiteral("started"));
    const Order refused = newOrder(QStringLiteral("refused"), 1);
    const Order plain = newOrder(QStringLiteral("plain"), 2);
    const Order bad = newOrder(QStringLiteral("bad"), 3);
    for (const Order &order : {started, refused, plain, bad})
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    QString error;
    QVERIFY2(rawExec(refuseHistoryOf(isPostgres(), bad.id), &error), qPrintable(error));

    const auto stale = [](const Order &claimed) -> std::optional<StoreWrite> {
        Order next = claimed;
        next.seq += 5; // not the seq the claim left: refused
        const OrderEvent event = advance(next, OrderStatus::Routing);
        return StoreWrite::transition(next, event, std::nullopt, claimed.status);
    };
    OrderStore::LeaseClaims claims{{started.id, refused.id, plain.id},
                                   QStringLiteral("node-a"), 30000, {startRouting, stale, {}},
                                   {}, {}, {}};
    QCOMPARE(m_store->applyBatchAndClaim({}, claims), QList<WriteResult>{});
    QCOMPARE(claims.results,
             (QList<WriteResult>{WriteResult::Applied, WriteResult::Applied, WriteResult::Applied}));
    // The first write moved the claimed order on, and says so with its event.
    QCOMPARE(toString(claims.claimed.at(0).status), toString(OrderStatus::Routing));
    QCOMPARE(claims.claimed.at(0).leaseToken, 1);
    QVERIFY(claims.firstEvents.at(0));
    QCOMPARE(claims.firstEvents.at(0)->seq, 2);
    QCOMPARE(seqsOf(m_store->history(started.id)), (QList<int>{1, 2}));
    QCOMPARE(toString(m_store->order(started.id)->status), toString(OrderStatus::Routing));
    // A refused first write leaves the claim standing, and nothing else.
    QCOMPARE(toString(claims.claimed.at(1).status), toString(OrderStatus::Pending));
    QCOMPARE(claims.claimed.at(1).leaseOwner, QStringLiteral("node-a"));
    QVERIFY(!claims.firstEvents.at(1));
    QCOMPARE(seqsOf(m_store->history(refused.id)), (QList<int>{1}));
    QVERIFY(!claims.firstEvents.at(2));
    QCOMPARE(toString(claims.claimed.at(2).status), toString(OrderStatus::Pending));

    // A first write that breaks the transaction takes its claim with it: never half-done.
    OrderStore::LeaseClaims broken{{bad.id}, QStringLiteral("node-a"), 30000, {startRouting},
                                   {}, {}, {}};
    m_store->applyBatchAndClaim({}, broken);
    QCOMPARE(broken.results, QList<WriteResult>{WriteResult::Error});
    QCOMPARE(m_store->order(bad.id)->leaseOwner, QString());
    QCOMPARE(toString(m_store->order(bad.id)->status), toString(OrderStatus::Pending));

    // Through the writer, the claim answers with the first write's event.
    const Order queued = newOrder(QStringLiteral("queued"), 4);
    QCOMPARE(m_store->insertOrder(queued, firstEvent(queued)), WriteResult::Applied);
    StoreWriter writer(*m_store);
    writer.start();
    const StoreWriter::Claimed claimed =
        writer.claim(queued.id, QStringLiteral("node-a"), 30000, startRouting).result();
    QCOMPARE(claimed.result, WriteResult::Applied);
    QCOMPARE(toString(claimed.order.status), toString(OrderStatus::Routing));
    QVERIFY(claimed.firstEvent);
    QCOMPARE(toString(claimed.firstEvent->status), toString(OrderStatus::Routing));
}

void TestStoreBatch::writerClaimsWithoutAFirstWriteThatBreaksIt()
{
    const Order good = newOrder(QStringLiteral("good"));
    const Order bad = newOrder(QStringLiteral("bad"), 1);
    for (const Order &order : {good, bad})
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
    QString error;
    QVERIFY2(rawExec(refuseHistoryOf(isPostgres(), bad.id), &error), qPrintable(error));

    // Both claims queue into one transaction behind the writer's first commit; the bad one's
    // first write breaks it. Each order is still claimed: the good one started, the bad one not
    // (its worker makes the move itself, and fails alone).
    QSqlDatabase raw = rawDatabase();
    QSqlQuery lock(raw);
    QVERIFY(holdWriteLock(lock, isPostgres()));
    StoreWriter writer(*m_store);
    QFuture<WriteResult> blocked = startBehindLock(writer, 2);
    QFuture<StoreWriter::Claimed> goodClaim = writer.claim(good.id, QStringLiteral("node-a"), 30000, startRouting);
    QFuture<StoreWriter::Claimed> badClaim = writer.claim(bad.id, QStringLiteral("node-a"), 30000, startRouting);
    QVERIFY(lock.exec(QStringLiteral("COMMIT")));

    QCOMPARE(blocked.result(), WriteResult::Applied);
    QCOMPARE(goodClaim.result().result, WriteResult::Applied);
    QVERIFY(goodClaim.result().firstEvent);
    QCOMPARE(toString(m_store->order(good.id)->status), toString(OrderStatus::Routing));
    QCOMPARE(badClaim.result().result, WriteResult::Applied);
    QVERIFY(!badClaim.result().firstEvent);
    QCOMPARE(toString(m_store->order(bad.id)->status), toString(OrderStatus::Pending));
    QCOMPARE(m_store->order(bad.id)->leaseOwner, QStringLiteral("node-a"));
}

void TestStoreBatch::writesHandedOverTogetherShareACommit()
{
    StoreWriter writer(*m_store);
    writer.start();
    Order order = newOrder(QStringLiteral("together"));
    const StoreWrite insert = StoreWrite::insert(order, firstEvent(order));
    const OrderStatus from = order.status;
    const OrderEvent routing = advance(order, OrderStatus::Routing);
    const QList<QFuture<WriteResult>> results =
        writer.write({insert, StoreWrite::transition(order, routing, std::nullopt, from)});
    QCOMPARE(results.size(), 2);
    QCOMPARE(results.at(0).result(), WriteResult::Applied);
    QCOMPARE(results.at(1).result(), WriteResult::Applied);
    QCOMPARE(writer.batches(), 1);
    QCOMPARE(seqsOf(m_store->history(order.id)), (QList<int>{1, 2}));
}

void TestStoreBatch::stoppedWriterRefuses()
{
    StoreWriter writer(*m_store);
    writer.start();
    const Order before = newOrder(QStringLiteral("before"));
    QFuture<WriteResult> handedOver = writer.write(StoreWrite::insert(before, firstEvent(before)));
    writer.stop(); // writes what it was given first
    QVERIFY(handedOver.isFinished());
    QCOMPARE(handedOver.result(), WriteResult::Applied);

    const Order after = newOrder(QStringLiteral("after"), 1);
    QFuture<WriteResult> late = writer.write(StoreWrite::insert(after, firstEvent(after)));
    QVERIFY(late.isFinished());
    QCOMPARE(late.result(), WriteResult::Error);
    QVERIFY(!m_store->order(after.id));
}

QTEST_GUILESS_MAIN(TestStoreBatch)
#include "tst_storebatch.moc"
