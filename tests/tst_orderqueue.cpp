// The queue contract: every OrderQueue implementation must pass these. The Redis queue joins the
// data rows when ORDERDESK_TEST_REDIS_URL names a Redis (scripts/test.sh starts one;
// tst_rediscluster runs this against a node of a Redis Cluster); each test
// function then gets its own key prefix, so runs and functions never see each other's keys.
#include "InProcessQueue.h"
#include "RedisConnection.h"
#include "RedisQueue.h"
#include "RedisQueueScripts.h"
#include "RedisUrl.h"

#include <QtTest>

#include <QSet>
#include <QThread>
#include <QUuid>

#include <hiredis/hiredis.h>

#include <atomic>
#include <memory>

using namespace OrderDesk;

class TestOrderQueue : public QObject
{
    Q_OBJECT

    // Unique per run, so a Redis shared with other runs (or left over from a crash) is no issue.
    const QString m_run = QUuid::createUuid().toString(QUuid::Id128).left(12);

    static QString redisUrl() { return qEnvironmentVariable("ORDERDESK_TEST_REDIS_URL"); }

    QString keyPrefix() const
    {
        return QStringLiteral("odtest:%1:%2")
            .arg(m_run, QString::fromLatin1(QTest::currentTestFunction()));
    }

    // Consumer names are unique too: the connection-kill test finds our clients by them.
    QString consumerName(const QString &node) const { return node + QLatin1Char('-') + m_run; }

    std::unique_ptr<OrderQueue> makeQueue(const QString &node = QStringLiteral("node-a"),
                                          qint64 visibilityTimeoutMs =
                                              RedisQueue::DefaultVisibilityTimeoutMs)
    {
        QFETCH_GLOBAL(QString, backend);
        std::unique_ptr<OrderQueue> queue;
        if (backend == QLatin1String("in-process")) {
            queue = std::make_unique<InProcessQueue>();
        } else if (backend == QLatin1String("redis")) {
            queue = std::make_unique<RedisQueue>(redisUrl(), consumerName(node), keyPrefix(),
                                                 visibilityTimeoutMs);
        }
        QString error;
        if (!queue || !queue->open(&error))
            qFatal("cannot open queue %s: %s", qPrintable(backend), qPrintable(error));
        return queue;
    }

    // A plain connection of the test's own, for what no queue does (inspect, kill clients).
    RedisReplyPtr redisAdmin(const QByteArrayList &args)
    {
        if (!m_admin) {
            QString error;
            const auto url = RedisUrl::parse(redisUrl(), &error);
            if (!url)
                qFatal("%s", qPrintable(error));
            m_admin = std::make_unique<RedisConnection>(*url, QStringLiteral("odtest-admin"));
        }
        return m_admin->command(args);
    }

    static bool isRedis()
    {
        QFETCH_GLOBAL(QString, backend);
        return backend == QLatin1String("redis");
    }

    std::unique_ptr<RedisConnection> m_admin;

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("in-process") << QStringLiteral("in-process");
        if (!redisUrl().isEmpty())
            QTest::newRow("redis") << QStringLiteral("redis");
    }

    void initTestCase()
    {
        if (redisUrl().isEmpty())
            qWarning("ORDERDESK_TEST_REDIS_URL is not set: the Redis queue is not tested");
    }

    void cleanup()
    {
        if (!isRedis())
            return;
        // Whatever a test left behind goes, whether it passed or not (one slot on a cluster,
        // so one DEL).
        const RedisQueueScripts::Keys keys(keyPrefix());
        redisAdmin({"DEL", keys.priority, keys.orders, keys.delayed, keys.ratelimit, keys.queued});
    }

    void takesInArrivalOrder()
    {
        auto queue = makeQueue();
        for (const char *id : {"a", "b", "c"})
            QVERIFY(queue->enqueue({QString::fromLatin1(id)}));
        QStringList taken;
        while (auto lease = queue->take(0)) {
            taken << lease->item.orderId;
            queue->acknowledge(*lease);
        }
        QCOMPARE(taken, QStringList({"a", "b", "c"}));
    }

    void priorityItemsGoFirst()
    {
        auto queue = makeQueue();
        queue->enqueue({QStringLiteral("market-1")});
        queue->enqueue({QStringLiteral("market-2")});
        queue->enqueue({QStringLiteral("sniper"), true});
        auto lease = queue->take(0);
        QVERIFY(lease);
        QCOMPARE(lease->item.orderId, QStringLiteral("sniper"));
        QVERIFY(lease->item.priority);
    }

    void delayedItemWaitsForItsDueTime()
    {
        auto queue = makeQueue();
        const QDateTime due = QDateTime::currentDateTimeUtc().addMSecs(300);
        queue->enqueueDelayed({QStringLiteral("retry")}, due);
        QCOMPARE(queue->counts().delayed, 1);
        QVERIFY(!queue->take(0)); // not yet due
        auto lease = queue->take(5000);
        QVERIFY(lease);
        QVERIFY(QDateTime::currentDateTimeUtc() >= due);
        QCOMPARE(queue->counts().delayed, 0);
    }

    void acknowledgedItemsLeaveReleasedOnesReturn()
    {
        auto queue = makeQueue();
        queue->enqueue({QStringLiteral("a")});
        queue->enqueue({QStringLiteral("b")});
        auto first = queue->take(0);
        QVERIFY(first);
        QCOMPARE(queue->counts().active, 1);
        QCOMPARE(queue->contains(QStringLiteral("a")), std::optional<bool>(true));
        queue->release(*first);
        auto again = queue->take(0);
        QVERIFY(again);
        QCOMPARE(again->item.orderId, QStringLiteral("a")); // handed back to the front
        queue->acknowledge(*again);
        QCOMPARE(queue->contains(QStringLiteral("a")), std::optional<bool>(false));
        QCOMPARE(queue->counts().active, 0);
        QCOMPARE(queue->counts().waiting, 1);
    }

    // contains() follows each entry through the queue: ready, delayed, taken, handed back,
    // acknowledged.
    void containsFollowsEveryEntry()
    {
        auto queue = makeQueue();
        QCOMPARE(queue->contains(QStringLiteral("later")), std::optional<bool>(false));
        queue->enqueueDelayed({QStringLiteral("later")}, QDateTime::currentDateTimeUtc().addMSecs(200));
        QCOMPARE(queue->contains(QStringLiteral("later")), std::optional<bool>(true));
        for (int i = 0; i < 200; ++i)
            QVERIFY(queue->enqueue({QStringLiteral("o%1").arg(i), i % 10 == 0}));
        QList<QueueLease> taken;
        for (int i = 0; i < 100; ++i) {
            auto lease = queue->take(0);
            QVERIFY(lease);
            taken << *lease;
        }
        for (int i = 0; i < taken.size(); ++i) {
            if (i % 4 == 0)
                queue->release(taken.at(i));
            else
                queue->acknowledge(taken.at(i));
        }
        QSet<QString> gone;
        for (int i = 0; i < taken.size(); ++i) {
            if (i % 4 != 0)
                gone.insert(taken.at(i).item.orderId);
        }
        for (int i = 0; i < 200; ++i) {
            const QString id = QStringLiteral("o%1").arg(i);
            QCOMPARE(queue->contains(id), std::optional<bool>(!gone.contains(id)));
        }
        // The delayed one comes due, is taken and acknowledged like any other.
        std::optional<QueueLease> later;
        while (!later) {
            auto lease = queue->take(5000);
            QVERIFY(lease);
            if (lease->item.orderId == QLatin1String("later"))
                later = lease;
            queue->acknowledge(*lease);
        }
        QCOMPARE(queue->contains(QStringLiteral("later")), std::optional<bool>(false));
    }

    void releasedItemCountsAsWaitingAgain()
    {
        auto queue = makeQueue();
        queue->enqueue({QStringLiteral("market")});
        queue->enqueue({QStringLiteral("sniper"), true});
        auto sniper = queue->take(0);
        QVERIFY(sniper);
        QVERIFY(sniper->item.priority);
        QCOMPARE(queue->counts().active, 1);
        QCOMPARE(queue->counts().waiting, 1);
        queue->release(*sniper);
        QCOMPARE(queue->counts().active, 0);
        QCOMPARE(queue->counts().waiting, 2);
        QCOMPARE(queue->contains(QStringLiteral("sniper")), std::optional<bool>(true));
        queue->release(*sniper); // a second hand-back of the same lease changes nothing
        QCOMPARE(queue->counts().waiting, 2);
        auto again = queue->take(0);
        QVERIFY(again);
        QCOMPARE(again->item.orderId, QStringLiteral("sniper"));
        QVERIFY(again->item.priority); // still ahead of the market order
    }

    void interruptWakesABlockedTake()
    {
        auto queue = makeQueue();
        std::unique_ptr<QThread> waker(QThread::create([&] {
            QThread::msleep(50); // lets take() block first; the test holds no timing assertion
            queue->interrupt();
        }));
        waker->start();
        // Without the interrupt this would block past the CTest timeout and fail the test.
        QVERIFY(!queue->take(30 * 60 * 1000));
        waker->wait();
    }

    void everyItemIsTakenExactlyOnceByConcurrentConsumers()
    {
        auto queue = makeQueue();
        constexpr int Items = 2000;
        for (int i = 0; i < Items; ++i)
            queue->enqueue({QString::number(i)});
        QMutex mutex;
        QList<QString> taken;
        std::vector<std::unique_ptr<QThread>> consumers;
        for (int c = 0; c < 4; ++c) {
            consumers.emplace_back(QThread::create([&] {
                while (auto lease = queue->take(0)) {
                    queue->acknowledge(*lease);
                    QMutexLocker locker(&mutex);
                    taken << lease->item.orderId;
                }
            }));
            consumers.back()->start();
        }
        for (auto &consumer : consumers)
            consumer->wait();
        QCOMPARE(taken.size(), Items);
        QCOMPARE(QSet<QString>(taken.begin(), taken.end()).size(), Items);
    }

    void rateLimitGrantsAtMostNPerWindow()
    {
        auto queue = makeQueue();
        constexpr int Limit = 5;
        constexpr qint64 WindowMs = 400;
        for (int i = 0; i < Limit; ++i)
            QCOMPARE(queue->tryAcquireStart(Limit, WindowMs), 0);
        const qint64 wait = queue->tryAcquireStart(Limit, WindowMs);
        QVERIFY(wait > 0);
        QVERIFY(wait <= WindowMs);
        QCOMPARE(queue->startsInWindow(WindowMs), Limit);
        // Once the oldest start has left the window, one more is granted.
        QTRY_COMPARE_WITH_TIMEOUT(queue->tryAcquireStart(Limit, WindowMs), 0, 5000);
        QVERIFY(queue->startsInWindow(WindowMs) <= Limit);
    }

    void rateLimitZeroMeansUnlimited()
    {
        auto queue = makeQueue();
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(queue->tryAcquireStart(0, 1000), 0);
    }

    // --- Redis only: several nodes on one Redis ------------------------------------------

    void redisUrlIsParsedAndItsPasswordHidden()
    {
        if (!isRedis())
            QSKIP("Redis only");
        QString error;
        const auto url =
            RedisUrl::parse(QStringLiteral("redis://:s3cret@example.org:6390/4"), &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->host(), QStringLiteral("example.org"));
        QCOMPARE(url->port(), 6390);
        QCOMPARE(url->password(), QStringLiteral("s3cret"));
        QCOMPARE(url->db(), 4);
        QCOMPARE(url->describe(), QStringLiteral("redis://example.org:6390/4"));
        QCOMPARE(RedisUrl::parse(QStringLiteral("redis://localhost"), &error)->describe(),
                 QStringLiteral("redis://localhost:6379/0"));
        for (const char *bad : {"http://localhost:6379", "redis://user:pw@localhost:6379",
                                "redis://localhost:6379/x", "redis://localhost:6379/-1",
                                "redis://:6379", "redis://localhost:6379/0?x=1"}) {
            QVERIFY2(!RedisUrl::parse(QString::fromLatin1(bad), &error), bad);
            QVERIFY(error.contains(QLatin1String("redis://[:password@]host:port[/db]")));
        }
        const RedisQueue queue(QStringLiteral("redis://:s3cret@127.0.0.1:1/2"),
                               QStringLiteral("node"));
        QCOMPARE(queue.describe(), QStringLiteral("redis://127.0.0.1:1/2"));
    }

    void redisUnreachableFailsToOpenNamingIt()
    {
        if (!isRedis())
            QSKIP("Redis only");
        RedisQueue queue(QStringLiteral("redis://:s3cret@127.0.0.1:1/0"), QStringLiteral("node"));
        QString error;
        QVERIFY(!queue.open(&error));
        QVERIFY2(error.contains(QLatin1String("redis")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("127.0.0.1:1")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("s3cret")), qPrintable(error));
        // Still a queue that fails politely, not one that crashes or blocks.
        QVERIFY(!queue.isHealthy());
        QVERIFY(!queue.enqueue({QStringLiteral("a")}));
        QVERIFY(!queue.take(0));
    }

    void redisReclaimsTheEntryOfADeadConsumer()
    {
        if (!isRedis())
            QSKIP("Redis only");
        constexpr qint64 VisibilityMs = 200;
        auto nodeA = makeQueue(QStringLiteral("node-a"), VisibilityMs);
        auto nodeB = makeQueue(QStringLiteral("node-b"), VisibilityMs);
        QVERIFY(nodeA->enqueue({QStringLiteral("orphan")}));
        const auto leaseA = nodeA->take(0);
        QVERIFY(leaseA);
        // node A "dies" here: it never acknowledges.
        QVERIFY(!nodeB->take(0)); // still within A's visibility timeout
        QElapsedTimer waited;
        waited.start();
        const auto leaseB = nodeB->take(5000);
        QVERIFY(leaseB);
        QVERIFY(waited.elapsed() < 5000);
        QCOMPARE(leaseB->item.orderId, QStringLiteral("orphan"));
        QCOMPARE(nodeB->counts().active, 1);

        // A's late hand-back must not take the entry from B.
        nodeA->release(*leaseA);
        QCOMPARE(nodeB->counts().active, 1);
        QCOMPARE(nodeB->counts().waiting, 0);
        QVERIFY(!nodeA->take(0));

        nodeB->acknowledge(*leaseB);
        nodeA->acknowledge(*leaseA); // too late, and harmless
        QCOMPARE(nodeB->counts().active, 0);
        QCOMPARE(nodeB->contains(QStringLiteral("orphan")), std::optional<bool>(false));
        QVERIFY(!nodeA->take(0));
    }

    void redisNodesShareTheRateLimit()
    {
        if (!isRedis())
            QSKIP("Redis only");
        constexpr int Limit = 6;
        constexpr qint64 WindowMs = 60'000;
        auto nodeA = makeQueue(QStringLiteral("node-a"));
        auto nodeB = makeQueue(QStringLiteral("node-b"));
        int granted = 0;
        for (int i = 0; i < 2 * Limit; ++i) {
            if (nodeA->tryAcquireStart(Limit, WindowMs) == 0)
                ++granted;
            if (nodeB->tryAcquireStart(Limit, WindowMs) == 0)
                ++granted;
        }
        QCOMPARE(granted, Limit);
        QCOMPARE(nodeA->startsInWindow(WindowMs), Limit);
        QCOMPARE(nodeB->startsInWindow(WindowMs), Limit);
        const qint64 wait = nodeB->tryAcquireStart(Limit, WindowMs);
        QVERIFY(wait > WindowMs - 5000 && wait <= WindowMs);
    }

    void redisRacingPromotersMoveEachRetryOnce()
    {
        if (!isRedis())
            QSKIP("Redis only");
        constexpr int Items = 500;
        auto nodeA = makeQueue(QStringLiteral("node-a"));
        auto nodeB = makeQueue(QStringLiteral("node-b"));
        auto observer = makeQueue(QStringLiteral("node-c")); // counts() promotes as well
        // Due shortly, so both nodes are already waiting in take() when they fall due.
        const QDateTime due = QDateTime::currentDateTimeUtc().addMSecs(300);
        for (int i = 0; i < Items; ++i) {
            OrderQueue &queue = i % 2 ? *nodeA : *nodeB;
            QVERIFY(queue.enqueueDelayed({QString::number(i), i % 5 == 0}, due));
        }
        QCOMPARE(observer->counts().delayed, Items);

        QMutex mutex;
        QList<QString> taken;
        std::atomic<bool> done{false};
        std::vector<std::unique_ptr<QThread>> threads;
        for (OrderQueue *queue : {nodeA.get(), nodeB.get()}) {
            threads.emplace_back(QThread::create([&, queue] {
                QElapsedTimer idle; // ends the consumer once nothing came for a while
                idle.start();
                while (idle.elapsed() < 1500) {
                    if (auto lease = queue->take(250)) {
                        queue->acknowledge(*lease);
                        QMutexLocker locker(&mutex);
                        taken << lease->item.orderId;
                        idle.restart();
                    }
                }
            }));
        }
        threads.emplace_back(QThread::create([&] {
            while (!done)
                observer->counts();
        }));
        for (auto &thread : threads)
            thread->start();
        threads[0]->wait();
        threads[1]->wait();
        done = true;
        threads[2]->wait();

        QCOMPARE(taken.size(), Items);
        QCOMPARE(QSet<QString>(taken.begin(), taken.end()).size(), Items);
        const QueueCounts counts = observer->counts();
        QCOMPARE(counts.waiting, 0);
        QCOMPARE(counts.active, 0);
        QCOMPARE(counts.delayed, 0);
    }

    void redisSurvivesAKilledConnection()
    {
        if (!isRedis())
            QSKIP("Redis only");
        auto queue = makeQueue();
        QVERIFY(queue->enqueue({QStringLiteral("before")}));
        // Kills this test's queue connections only (by their client names): other tests may
        // be using the same Redis.
        const auto killOurClients = [&] {
            // On a cluster our connections are on the node that owns the queue's slot: a
            // command on one of its keys takes the admin connection there.
            redisAdmin({"EXISTS", RedisQueueScripts::Keys(keyPrefix()).orders});
            const RedisReplyPtr list = redisAdmin({"CLIENT", "LIST", "TYPE", "normal"});
            QVERIFY(list && list->type == REDIS_REPLY_STRING);
            int killed = 0;
            const QByteArray needle =
                "name=orderdesk:" + consumerName(QStringLiteral("node-a")).toUtf8();
            for (const QByteArray &line : QByteArray(list->str, list->len).split('\n')) {
                if (!line.contains(needle))
                    continue;
                const QByteArray id = line.mid(3, line.indexOf(' ') - 3); // "id=NN addr=…"
                const RedisReplyPtr reply = redisAdmin({"CLIENT", "KILL", "ID", id});
                QVERIFY(reply && reply->type == REDIS_REPLY_INTEGER);
                killed += int(reply->integer);
            }
            QCOMPARE(killed, 2); // the take() connection and the shared one
        };
        killOurClients();
        if (QTest::currentTestFailed())
            return;

        QVERIFY(queue->enqueue({QStringLiteral("after")}));
        QVERIFY(queue->isHealthy());
        auto lease = queue->take(2000);
        QVERIFY(lease);
        QCOMPARE(lease->item.orderId, QStringLiteral("before"));
        queue->acknowledge(*lease);
        lease = queue->take(2000);
        QVERIFY(lease);
        QCOMPARE(lease->item.orderId, QStringLiteral("after"));
        queue->acknowledge(*lease);

        // Killed while blocked in take(): the take reconnects and still gets the next entry.
        std::optional<QueueLease> blocked;
        std::atomic<bool> finished{false};
        std::unique_ptr<QThread> taker(QThread::create([&] {
            blocked = queue->take(10'000);
            finished = true;
        }));
        taker->start();
        killOurClients();
        QVERIFY(queue->enqueue({QStringLiteral("during")}));
        QTRY_VERIFY_WITH_TIMEOUT(finished, 10'000);
        taker->wait();
        QVERIFY(blocked);
        QCOMPARE(blocked->item.orderId, QStringLiteral("during"));
        queue->acknowledge(*blocked);
        QCOMPARE(queue->counts().active, 0);
        QCOMPARE(queue->counts().waiting, 0);
    }
};

QTEST_GUILESS_MAIN(TestOrderQueue)
#include "tst_orderqueue.moc"
