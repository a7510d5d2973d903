// RedisQueue beyond the queue contract (tst_orderqueue): calls of several workers sent
// together, batches in which one member fails, entries read ahead of the takes and handed back
// when taking stops, and a Redis that lost the scripts and keys. Needs ORDERDESK_TEST_REDIS_URL
// (scripts/test.sh starts a Redis; tst_rediscluster runs this against a node of a Redis
// Cluster); each test function gets its own key prefix.
#include "RedisConnection.h"
#include "RedisQueue.h"
#include "RedisQueueScripts.h"
#include "RedisUrl.h"

#include <QtTest>

#include <QRegularExpression>
#include <QSet>
#include <QThread>
#include <QUuid>

#include <hiredis/hiredis.h>

#include <atomic>
#include <memory>

using namespace OrderDesk;

class TestRedisQueue : public QObject
{
    Q_OBJECT

    const QString m_run = QUuid::createUuid().toString(QUuid::Id128).left(12);
    std::unique_ptr<RedisConnection> m_admin;

    static QString redisUrl() { return qEnvironmentVariable("ORDERDESK_TEST_REDIS_URL"); }

    QString keyPrefix() const
    {
        return QStringLiteral("odtest:%1:%2")
            .arg(m_run, QString::fromLatin1(QTest::currentTestFunction()));
    }

    QString consumerName(const QString &node) const { return node + QLatin1Char('-') + m_run; }

    std::unique_ptr<RedisQueue> makeQueue(const QString &node = QStringLiteral("node-a"))
    {
        auto queue = std::make_unique<RedisQueue>(redisUrl(), consumerName(node), keyPrefix());
        QString error;
        if (!queue->open(&error))
            qFatal("cannot open the queue: %s", qPrintable(error));
        return queue;
    }

    // A plain connection of the test's own, for what no queue does (inspect, break things).
    RedisReplyPtr redisAdmin(const QByteArrayList &args)
    {
        if (!m_admin) {
            m_admin = std::make_unique<RedisConnection>(*RedisUrl::parse(redisUrl(), nullptr),
                                                        QStringLiteral("odtest-admin"));
        }
        return m_admin->command(args);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (redisUrl().isEmpty())
            QSKIP("needs ORDERDESK_TEST_REDIS_URL: run through scripts/test.sh");
        QString error;
        QVERIFY2(RedisUrl::parse(redisUrl(), &error), qPrintable(error));
    }

    void cleanup()
    {
        const RedisQueueScripts::Keys keys(keyPrefix());
        redisAdmin({"DEL", keys.priority, keys.orders, keys.delayed, keys.ratelimit, keys.queued});
    }

    void redisEnqueueBatchWithAFailingMemberKeepsTheOthers()
    {
        auto queue = makeQueue();
        RedisQueue &redis = *queue;
        // The priority stream is something else now: that member fails, the others do not.
        redisAdmin({"DEL", redis.keys().priority});
        redisAdmin({"SET", redis.keys().priority, "not a stream"});
        const QList<bool> added = redis.enqueueAll(
            {{QStringLiteral("a")}, {QStringLiteral("b"), true}, {QStringLiteral("c")}});
        QCOMPARE(added, QList<bool>({true, false, true}));
        QCOMPARE(queue->contains(QStringLiteral("a")), std::optional<bool>(true));
        QCOMPARE(queue->contains(QStringLiteral("b")), std::optional<bool>(false));
        QCOMPARE(queue->contains(QStringLiteral("c")), std::optional<bool>(true));

        redisAdmin({"DEL", redis.keys().priority}); // the group comes back with the stream
        QStringList taken;
        while (auto lease = queue->take(0)) {
            taken << lease->item.orderId;
            queue->acknowledge(*lease);
        }
        QCOMPARE(taken, QStringList({"a", "c"}));
    }

    void redisAcknowledgementBatchWithAStaleMemberKeepsTheOthers()
    {
        auto queue = makeQueue();
        RedisQueue &redis = *queue;
        QVERIFY(redis.enqueueAll({{QStringLiteral("a")}, {QStringLiteral("b")}, {QStringLiteral("c")}})
                == QList<bool>({true, true, true}));
        QList<QueueLease> leases;
        for (int i = 0; i < 3; ++i) {
            auto lease = queue->take(0);
            QVERIFY(lease);
            leases << *lease;
        }
        QCOMPARE(leases[1].item.orderId, QStringLiteral("b"));
        queue->acknowledge(leases[1]);
        // b is queued again: the stale second acknowledgement of its old entry must not count
        // against the new one.
        QVERIFY(queue->enqueue({QStringLiteral("b")}));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("lease receipt this queue did not issue")));
        redis.acknowledgeAll({leases[0], leases[1], QueueLease{{QStringLiteral("x")}, QStringLiteral("bogus")},
                              leases[2]});
        QCOMPARE(queue->contains(QStringLiteral("a")), std::optional<bool>(false));
        QCOMPARE(queue->contains(QStringLiteral("b")), std::optional<bool>(true));
        QCOMPARE(queue->contains(QStringLiteral("c")), std::optional<bool>(false));
        QCOMPARE(queue->counts().active, 0);
        auto again = queue->take(0);
        QVERIFY(again);
        QCOMPARE(again->item.orderId, QStringLiteral("b"));
        queue->acknowledge(*again);
        QCOMPARE(queue->contains(QStringLiteral("b")), std::optional<bool>(false));
        const QueueCounts counts = queue->counts();
        QCOMPARE(counts.waiting + counts.active + counts.delayed, 0);
    }

    void redisConcurrentCallsShareRoundTrips()
    {
        // Workers enqueue and acknowledge at once: each call returns done, whoever sent it.
        auto queue = makeQueue();
        constexpr int Threads = 8;
        constexpr int PerThread = 100;
        std::vector<std::unique_ptr<QThread>> threads;
        std::atomic<int> failures{0};
        for (int t = 0; t < Threads; ++t) {
            threads.emplace_back(QThread::create([&, t] {
                for (int i = 0; i < PerThread; ++i) {
                    const QString id = QStringLiteral("%1-%2").arg(t).arg(i);
                    if (!queue->enqueue({id}) || queue->contains(id) != std::optional<bool>(true))
                        ++failures;
                }
            }));
            threads.back()->start();
        }
        for (auto &thread : threads)
            thread->wait();
        QCOMPARE(failures.load(), 0);
        QList<QueueLease> leases;
        while (auto lease = queue->take(0))
            leases << *lease;
        QCOMPARE(leases.size(), Threads * PerThread);
        threads.clear();
        for (int t = 0; t < Threads; ++t) {
            threads.emplace_back(QThread::create([&, t] {
                for (int i = t; i < leases.size(); i += Threads) {
                    queue->acknowledge(leases[i]);
                    if (queue->contains(leases[i].item.orderId) != std::optional<bool>(false))
                        ++failures;
                }
            }));
            threads.back()->start();
        }
        for (auto &thread : threads)
            thread->wait();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(queue->counts().active, 0);
    }

    void redisReadAheadGoesBackWhenTakingStops()
    {
        auto nodeA = makeQueue(QStringLiteral("node-a"));
        auto nodeB = makeQueue(QStringLiteral("node-b"));
        constexpr int Items = 80;
        for (int i = 0; i < Items; ++i)
            QVERIFY(nodeA->enqueue({QString::number(i)}));
        const QByteArray consumerA = consumerName(QStringLiteral("node-a")).toUtf8();
        const QByteArray stream = nodeA->keys().orders;
        // Delivered to A and not handed back (a hand-back leaves the entry with A, delivered
        // at the epoch, for anyone to claim).
        const auto pendingOnA = [&] {
            const auto count = [&](const QByteArray &minIdle) {
                const RedisReplyPtr reply = redisAdmin(
                    {"XPENDING", stream, "workers", "IDLE", minIdle, "-", "+", "1000", consumerA});
                return reply && reply->type == REDIS_REPLY_ARRAY ? int(reply->elements) : -1000;
            };
            return count("0") - count(QByteArray::number(RedisQueueScripts::ReleasedIdleMs));
        };
        // Taken as fast as they come: node A reads ahead of what it hands out.
        QSet<QString> taken;
        std::optional<QueueLease> held;
        for (int i = 0; i < Items - 10 && !held; ++i) {
            auto lease = nodeA->take(0);
            QVERIFY(lease);
            taken << lease->item.orderId;
            if (pendingOnA() > 1)
                held = lease; // this one stays taken; the others are read ahead
            else
                nodeA->acknowledge(*lease);
        }
        QVERIFY2(held, "node A never read ahead");
        QCOMPARE(nodeA->counts().active, 1); // read ahead is waiting, as far as anyone knows

        nodeA->interrupt(); // taking stops: what A read ahead goes back to the queue
        QCOMPARE(pendingOnA(), 1);
        QCOMPARE(nodeA->counts().active, 1);
        QDeadlineTimer deadline(20000);
        while (taken.size() < Items && !deadline.hasExpired()) {
            if (auto lease = nodeB->take(250)) {
                QVERIFY(!taken.contains(lease->item.orderId));
                taken << lease->item.orderId;
                nodeB->acknowledge(*lease);
            }
        }
        QCOMPARE(taken.size(), Items);
        nodeA->acknowledge(*held);
        const QueueCounts counts = nodeB->counts();
        QCOMPARE(counts.waiting + counts.active, 0);
    }

    void redisScriptCacheFlushedAndKeysGoneMeanARestart()
    {
        auto queue = makeQueue();
        RedisQueue &redis = *queue;
        QVERIFY(queue->enqueue({QStringLiteral("a")}));
        auto lease = queue->take(0);
        QVERIFY(lease);
        queue->acknowledge(*lease);
        QCOMPARE(queue->tryAcquireStart(10, 1000), 0);
        // What a restart without persistence leaves for this queue: no scripts, no streams,
        // no groups (the connection survives here; tst_rediscluster restarts a real one).
        const RedisQueueScripts::Keys &keys = redis.keys();
        redisAdmin({"DEL", keys.priority, keys.orders, keys.queued, keys.delayed, keys.ratelimit});
        const RedisReplyPtr flushed = redisAdmin({"SCRIPT", "FLUSH"});
        QCOMPARE(RedisConnection::string(flushed.get()), QByteArray("OK"));

        QVERIFY(queue->enqueue({QStringLiteral("b")}));
        QVERIFY(queue->enqueueDelayed({QStringLiteral("c")}, QDateTime::currentDateTimeUtc()));
        QCOMPARE(queue->contains(QStringLiteral("b")), std::optional<bool>(true));
        QStringList taken;
        QDeadlineTimer deadline(5000);
        while (taken.size() < 2 && !deadline.hasExpired()) {
            if (auto next = queue->take(250)) {
                taken << next->item.orderId;
                queue->acknowledge(*next);
            }
        }
        taken.sort();
        QCOMPARE(taken, QStringList({"b", "c"}));
        QCOMPARE(queue->tryAcquireStart(10, 1000), 0);
        QCOMPARE(queue->startsInWindow(1000), 1);
        const QueueCounts counts = queue->counts();
        QCOMPARE(counts.waiting + counts.active + counts.delayed, 0);
    }
};

QTEST_GUILESS_MAIN(TestRedisQueue)
#include "tst_redisqueue.moc"
