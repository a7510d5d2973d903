// OrderDesk on a real Redis Cluster: three masters on free 127.0.0.1 ports, started and torn
// down by this test (redis-server and redis-cli must be on PATH; scripts/test.sh installs
// them). The queue contract and the event channel tests run against a node, whichever owns the
// slot; two engines on nodes that do not own it execute orders to confirmed and see each
// other's events. Also here, because it needs a Redis of its own to restart: a single Redis
// restarted empty between script calls.
#include "Engine.h"
#include "EngineTestSupport.h"
#include "FaultHarness.h"
#include "RedisConnection.h"
#include "RedisKeys.h"
#include "RedisQueue.h"
#include "RedisQueueScripts.h"

#include <QtTest>

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUuid>

#include <hiredis/hiredis.h>

#include <memory>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;

namespace {

// A port whose cluster bus port (port + 10000) is free as well.
quint16 clusterPort(const QList<quint16> &taken)
{
    for (;;) {
        const quint16 port = FaultHarness::freePort();
        if (port == 0 || port > 55000 || taken.contains(port))
            continue;
        QTcpServer bus;
        if (bus.listen(QHostAddress::LocalHost, quint16(port + 10000)))
            return port;
    }
}

QString cli(quint16 port, const QStringList &arguments)
{
    QString output;
    FaultHarness::runCommand(QStringLiteral("redis-cli"),
                             QStringList{QStringLiteral("-p"), QString::number(port)} + arguments,
                             &output);
    return output;
}

// The error a node answers a command on `key` with, when it is not simply served there.
QString errorOn(quint16 port, const QByteArray &key)
{
    redisContext *context = redisConnect("127.0.0.1", port);
    if (!context || context->err) {
        redisFree(context);
        return QStringLiteral("unreachable");
    }
    RedisReplyPtr reply(static_cast<redisReply *>(
        redisCommand(context, "GET %b", key.constData(), size_t(key.size()))));
    const QString error = RedisConnection::errorText(reply.get());
    redisFree(context);
    return error;
}

bool redirects(quint16 port, const QByteArray &key)
{
    return errorOn(port, key).startsWith(QLatin1String("MOVED"));
}

class LocalCluster
{
public:
    ~LocalCluster()
    {
        for (auto &node : m_nodes) {
            node->terminate();
            node->waitForFinished(10000);
        }
    }

    bool start(const QString &dir)
    {
        QStringList endpoints;
        for (int i = 0; i < 3; ++i) {
            const quint16 port = clusterPort(m_ports);
            const QString nodeDir = dir + QStringLiteral("/node%1").arg(i);
            QDir().mkpath(nodeDir);
            auto node = std::make_unique<QProcess>();
            node->setProcessChannelMode(QProcess::MergedChannels);
            node->start(QStringLiteral("redis-server"),
                        {QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"),
                         QStringLiteral("127.0.0.1"), QStringLiteral("--cluster-enabled"), QStringLiteral("yes"),
                         QStringLiteral("--cluster-config-file"), QStringLiteral("nodes.conf"),
                         QStringLiteral("--cluster-node-timeout"), QStringLiteral("5000"),
                         QStringLiteral("--dir"), nodeDir, QStringLiteral("--save"), QString(),
                         QStringLiteral("--appendonly"), QStringLiteral("no")});
            if (!node->waitForStarted(10000))
                return false;
            m_nodes.push_back(std::move(node));
            m_ports << port;
            endpoints << QStringLiteral("127.0.0.1:%1").arg(port);
        }
        QDeadlineTimer deadline(20000);
        for (const quint16 port : std::as_const(m_ports)) {
            while (cli(port, {QStringLiteral("ping")}).trimmed() != QLatin1String("PONG")) {
                if (deadline.hasExpired())
                    return false;
                QTest::qWait(50);
            }
        }
        QString output;
        if (!FaultHarness::runCommand(QStringLiteral("redis-cli"),
                                      QStringList{QStringLiteral("--cluster"), QStringLiteral("create")} + endpoints
                                          + QStringList{QStringLiteral("--cluster-replicas"), QStringLiteral("0"),
                                                        QStringLiteral("--cluster-yes")},
                                      &output)) {
            qWarning().noquote() << "redis-cli --cluster create failed:" << output;
            return false;
        }
        return true;
    }

    bool isOk() const
    {
        for (const quint16 port : m_ports) {
            if (!cli(port, {QStringLiteral("cluster"), QStringLiteral("info")})
                     .contains(QLatin1String("cluster_state:ok"))) {
                return false;
            }
        }
        return true;
    }

    const QList<quint16> &ports() const { return m_ports; }
    static QString url(quint16 port) { return QStringLiteral("redis://127.0.0.1:%1/0").arg(port); }
    // Nodes that answer a command on `key` with MOVED.
    QList<quint16> notOwning(const QByteArray &key) const
    {
        QList<quint16> result;
        for (const quint16 port : m_ports) {
            if (redirects(port, key))
                result << port;
        }
        return result;
    }

private:
    std::vector<std::unique_ptr<QProcess>> m_nodes;
    QList<quint16> m_ports;
};

} // namespace

class TestRedisCluster : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<LocalCluster> m_cluster;
    const QString m_run = QUuid::createUuid().toString(QUuid::Id128).left(12);

    // Runs another test binary of this suite against a cluster node.
    static void runSuiteAgainst(const QString &binary, quint16 port)
    {
        QProcess suite;
        suite.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("ORDERDESK_TEST_REDIS_URL"), LocalCluster::url(port));
        suite.setProcessEnvironment(environment);
        suite.start(binary, {});
        QVERIFY(suite.waitForStarted(10000));
        QVERIFY(suite.waitForFinished(240'000));
        const QString output = QString::fromUtf8(suite.readAll());
        QVERIFY2(suite.exitStatus() == QProcess::NormalExit && suite.exitCode() == 0,
                 qPrintable(output.right(6000)));
        QVERIFY2(output.contains(QLatin1String(" 0 failed")), qPrintable(output.right(2000)));
        // Its Redis tests ran: none skipped for want of a Redis.
        QVERIFY2(!output.contains(QLatin1String("ORDERDESK_TEST_REDIS_URL")), qPrintable(output.right(2000)));
        static const QRegularExpression totals(QStringLiteral("Totals: [^\n]*"));
        qInfo().noquote() << QFileInfo(binary).fileName() << "against a cluster node:"
                          << totals.match(output).captured(0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("redis-server")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("redis-cli")).isEmpty()) {
            QSKIP("redis-server and redis-cli are not on PATH: no cluster to test on "
                  "(scripts/test.sh installs them)");
        }
        QVERIFY(m_dir.isValid());
        m_cluster = std::make_unique<LocalCluster>();
        QVERIFY(m_cluster->start(m_dir.filePath(QStringLiteral("cluster"))));
        QTRY_VERIFY_WITH_TIMEOUT(m_cluster->isOk(), 30000);
    }

    void everyKeyOfADeploymentSharesOneSlot()
    {
        const RedisQueueScripts::Keys keys(QStringLiteral("orderdesk"));
        const quint16 port = m_cluster->ports().first();
        const QString slot =
            cli(port, {QStringLiteral("cluster"), QStringLiteral("keyslot"), QStringLiteral("orderdesk")}).trimmed();
        for (const QByteArray &key : {keys.priority, keys.orders, keys.queued, keys.delayed, keys.ratelimit,
                                      redisKeyBase(QStringLiteral("orderdesk")) + ":active:some-order"}) {
            QCOMPARE(cli(port, {QStringLiteral("cluster"), QStringLiteral("keyslot"), QString::fromUtf8(key)})
                         .trimmed(),
                     slot);
        }
        // A prefix with a tag of its own keeps it.
        QCOMPARE(redisKeyBase(QStringLiteral("{od}:eu")), QByteArray("{od}:eu"));
    }

    void connectionFollowsRedirections()
    {
        const QByteArray key = redisKeyBase(QStringLiteral("odrc:") + m_run) + ":probe";
        const QList<quint16> others = m_cluster->notOwning(key);
        QCOMPARE(others.size(), 2);
        RedisConnection connection(*RedisUrl::parse(LocalCluster::url(others.first()), nullptr),
                                   QStringLiteral("odtest-redirect"));
        QString error;
        QVERIFY2(connection.connect(&error), qPrintable(error));
        RedisReplyPtr reply = connection.command({"SET", key, "here"});
        QVERIFY(reply);
        QCOMPARE(RedisConnection::string(reply.get()), QByteArray("OK"));
        QVERIFY(connection.nodeHostPort() != QStringLiteral("127.0.0.1:%1").arg(others.first()));
        // A pipeline from a node that does not own the slot ends up there too.
        RedisConnection piped(*RedisUrl::parse(LocalCluster::url(others.last()), nullptr),
                              QStringLiteral("odtest-redirect"));
        QVERIFY2(piped.connect(&error), qPrintable(error));
        const std::vector<RedisReplyPtr> replies =
            piped.pipeline({{"GET", key}, {"APPEND", key, "!"}, {"GET", key}});
        QCOMPARE(RedisConnection::string(replies[0].get()), QByteArray("here"));
        QCOMPARE(replies[1]->integer, 5);
        QCOMPARE(RedisConnection::string(replies[2].get()), QByteArray("here!"));
        connection.command({"DEL", key});
    }

    void connectionFollowsAskDuringASlotMigration()
    {
        // The slot of a key of ours is being moved to another node: a key not on the old
        // owner any more is answered with ASK, and that one command goes to the new owner.
        const QByteArray tag = redisKeyBase(QStringLiteral("odask:") + m_run);
        const QString slot = cli(m_cluster->ports().first(),
                                 {QStringLiteral("cluster"), QStringLiteral("keyslot"), QString::fromUtf8(tag)})
                                 .trimmed();
        const QList<quint16> others = m_cluster->notOwning(tag + ":a");
        QCOMPARE(others.size(), 2);
        quint16 owner = 0;
        for (const quint16 port : m_cluster->ports()) {
            if (!others.contains(port))
                owner = port;
        }
        const quint16 importing = others.first();
        const QString ownerId = cli(owner, {QStringLiteral("cluster"), QStringLiteral("myid")}).trimmed();
        const QString importingId = cli(importing, {QStringLiteral("cluster"), QStringLiteral("myid")}).trimmed();
        const auto setSlot = [&](quint16 port, const QStringList &state) {
            return cli(port, QStringList{QStringLiteral("cluster"), QStringLiteral("setslot"), slot} + state).trimmed();
        };
        QCOMPARE(setSlot(importing, {QStringLiteral("importing"), ownerId}), QStringLiteral("OK"));
        QCOMPARE(setSlot(owner, {QStringLiteral("migrating"), importingId}), QStringLiteral("OK"));

        RedisConnection connection(*RedisUrl::parse(LocalCluster::url(others.last()), nullptr),
                                   QStringLiteral("odtest-ask"));
        QString error;
        QVERIFY2(connection.connect(&error), qPrintable(error));
        const QByteArray key = tag + ":moved-already";
        RedisReplyPtr reply = connection.command({"SET", key, "there"});
        QCOMPARE(RedisConnection::string(reply.get()), QByteArray("OK"));
        QCOMPARE(connection.nodeHostPort(), QStringLiteral("127.0.0.1:%1").arg(owner)); // ASK moves nothing
        QVERIFY2(errorOn(owner, key).startsWith(QLatin1String("ASK")), qPrintable(errorOn(owner, key)));
        reply = connection.command({"GET", key});
        QCOMPARE(RedisConnection::string(reply.get()), QByteArray("there"));
        const std::vector<RedisReplyPtr> replies = connection.pipeline({{"GET", key}, {"DEL", key}});
        QCOMPARE(RedisConnection::string(replies[0].get()), QByteArray("there"));
        QCOMPARE(replies[1]->integer, 1);

        QCOMPARE(setSlot(owner, {QStringLiteral("stable")}), QStringLiteral("OK"));
        QCOMPARE(setSlot(importing, {QStringLiteral("stable")}), QStringLiteral("OK"));
    }

    void queueContractPassesOnTheCluster()
    {
        // Every test function there has a key prefix of its own, so most of them start on a
        // node that does not own their slot.
        runSuiteAgainst(QStringLiteral(ORDERDESK_ORDERQUEUE_TEST), m_cluster->ports().first());
        runSuiteAgainst(QStringLiteral(ORDERDESK_REDISQUEUE_TEST), m_cluster->ports().at(1));
    }

    void eventChannelWorksOnTheCluster()
    {
        // The subscriber stays on the node it was given; PUBLISH on the owner reaches it.
        runSuiteAgainst(QStringLiteral(ORDERDESK_EVENTCHANNEL_TEST), m_cluster->ports().last());
    }

    void enginesOnNodesThatDoNotOwnTheSlotExecuteOrders()
    {
        const QString database = qEnvironmentVariable("ORDERDESK_TEST_DATABASE_URL");
        if (database.isEmpty())
            QSKIP("needs ORDERDESK_TEST_DATABASE_URL for two engines: run through scripts/test.sh");
        FaultHarness::ServiceProcess market(
            QStringLiteral(ORDERDESK_MARKET_BINARY),
            {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"),
             m_dir.filePath(QStringLiteral("market")), QStringLiteral("--latency-scale"), QStringLiteral("0"),
             QStringLiteral("--dex-failure-rate"), QStringLiteral("0"), QStringLiteral("--seed"),
             QStringLiteral("7")});
        QVERIFY(market.start());

        const QString prefix = QStringLiteral("odrc:") + m_run;
        const QList<quint16> others =
            m_cluster->notOwning(RedisQueueScripts::Keys(prefix).orders);
        QCOMPARE(others.size(), 2);
        const auto config = [&](const QString &node, quint16 port) {
            EngineConfig c;
            c.nodeId = node;
            c.redisUrl = LocalCluster::url(port);
            c.redisKeyPrefix = prefix;
            c.databaseUrl = database + QStringLiteral("?schema=rcluster_") + m_run;
            c.marketUrl = market.url();
            c.dataDir = m_dir.filePath(node);
            c.rateLimit = 0;
            c.workers = 4;
            c.sweepIntervalMs = 100;
            return c;
        };
        auto a = startedEngine(config(QStringLiteral("a"), others.first()));
        auto b = startedEngine(config(QStringLiteral("b"), others.last()));

        QHash<QString, QList<OrderStatus>> seenOnB;
        connect(b.get(), &Engine::orderEvent, this,
                [&](const OrderEvent &e, const Order &) { seenOnB[e.orderId] << e.status; });
        QStringList ids;
        for (int i = 0; i < 16; ++i) {
            ids << submitOrder(*a, {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                    {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                    {QStringLiteral("amount"), QStringLiteral("0.1")},
                                    {QStringLiteral("slippageBps"), 500}});
        }
        const auto allConfirmed = [&] {
            for (const QString &id : std::as_const(ids)) {
                const std::optional<Order> order = a->order(id);
                if (!order || order->status != OrderStatus::Confirmed)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allConfirmed(), 60000);
        for (const QString &id : std::as_const(ids)) {
            // "pending" is published by a, the submitting node: b has it only through the
            // cluster's pub/sub, whichever node worked on the order (when b did, its own
            // "routing" may come before a's "pending" arrives).
            QTRY_VERIFY_WITH_TIMEOUT(seenOnB.value(id).contains(OrderStatus::Confirmed), 15000);
            QTRY_VERIFY_WITH_TIMEOUT(seenOnB.value(id).contains(OrderStatus::Pending), 15000);
            const QList<OrderEvent> history = a->history(id);
            QCOMPARE(int(std::count_if(history.cbegin(), history.cend(),
                                       [](const OrderEvent &e) { return e.status == OrderStatus::Confirmed; })),
                     1);
        }
        QTRY_COMPARE_WITH_TIMEOUT(a->metrics().queue.active + b->metrics().queue.active, 0, 10000);
    }

    void singleRedisRestartedEmptyBetweenScriptCalls()
    {
        FaultHarness::PrivateRedis redis;
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("single"))));
        QVERIFY(redis.start(m_dir.filePath(QStringLiteral("single"))));
        RedisQueue queue(redis.url(), QStringLiteral("node-") + m_run, QStringLiteral("odrestart"));
        QString error;
        QVERIFY2(queue.open(&error), qPrintable(error));
        QVERIFY(queue.enqueue({QStringLiteral("before")}));
        auto lease = queue.take(2000);
        QVERIFY(lease);
        queue.acknowledge(*lease);

        // Empty and without scripts, groups or our connections: every script call after this
        // meets NOSCRIPT once, every stream command NOGROUP once.
        redis.stop();
        QVERIFY(redis.restart());
        // (Not QTRY_VERIFY: it evaluates its expression once more at the end.)
        bool queued = false;
        for (QDeadlineTimer deadline(10000); !queued && !deadline.hasExpired();)
            queued = queue.enqueue({QStringLiteral("after")});
        QVERIFY(queued);
        lease = queue.take(5000);
        QVERIFY(lease);
        QCOMPARE(lease->item.orderId, QStringLiteral("after"));
        QCOMPARE(queue.contains(QStringLiteral("after")), std::optional<bool>(true));
        queue.acknowledge(*lease);
        QCOMPARE(queue.contains(QStringLiteral("after")), std::optional<bool>(false));
        QCOMPARE(queue.tryAcquireStart(5, 1000), 0);

        // The text went once per script; everything after is EVALSHA.
        for (int i = 0; i < 50; ++i) {
            QVERIFY(queue.enqueue({QString::number(i)}));
            lease = queue.take(2000);
            QVERIFY(lease);
            queue.acknowledge(*lease);
            queue.counts();
        }
        const QString stats = cli(quint16(QUrl(redis.url()).port()), {QStringLiteral("info"), QStringLiteral("commandstats")});
        static const QRegularExpression eval(QStringLiteral("cmdstat_eval:calls=(\\d+)"));
        const QRegularExpressionMatch match = eval.match(stats);
        QVERIFY2(match.hasMatch(), qPrintable(stats));
        QVERIFY2(match.captured(1).toInt() <= 9, qPrintable(stats)); // one per script at most
        const QByteArray sha = RedisQueueScripts::EnqueueMany.sha();
        QVERIFY(cli(quint16(QUrl(redis.url()).port()),
                    {QStringLiteral("script"), QStringLiteral("exists"), QString::fromLatin1(sha)})
                    .trimmed()
                == QLatin1String("1"));
    }
};

QTEST_GUILESS_MAIN(TestRedisCluster)
#include "tst_rediscluster.moc"
