// Several nodes on one Redis, one PostgreSQL and one orderdesk-market act as one engine: work is
// shared, every node sees every order's events, and each order executes once. Needs the servers
// scripts/test.sh starts (ORDERDESK_TEST_REDIS_URL, ORDERDESK_TEST_DATABASE_URL); the market is
// the test's own process.
#include "Engine.h"
#include "EngineTestSupport.h"
#include "FaultHarness.h"
#include "Market.h"
#include "Token.h"

#include <QtTest>

#include <QTemporaryDir>
#include <QUuid>

#include <memory>

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;

class TestCluster : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<FaultHarness::ServiceProcess> m_market;
    QString m_redis;
    QString m_database;
    QString m_prefix;

    EngineConfig nodeConfig(const QString &node)
    {
        EngineConfig c;
        c.nodeId = node;
        c.redisUrl = m_redis;
        c.redisKeyPrefix = m_prefix;
        c.databaseUrl = m_database;
        c.marketUrl = m_market->url();
        c.dataDir = m_dir.filePath(node);
        c.rateLimit = 0;
        c.workers = 2;
        c.sweepIntervalMs = 100;
        return c;
    }

    std::unique_ptr<Engine> node(const QString &name)
    {
        EngineConfig c = nodeConfig(name);
        auto engine = std::make_unique<Engine>(c);
        QString error;
        if (!engine->start(&error))
            qFatal("node %s did not start: %s", qPrintable(name), qPrintable(error));
        return engine;
    }

    static QJsonObject marketOrder()
    {
        return {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                {QStringLiteral("amount"), QStringLiteral("0.2")},
                {QStringLiteral("slippageBps"), 500}};
    }


    static int count(const QList<OrderEvent> &events, OrderStatus status)
    {
        return int(std::count_if(events.cbegin(), events.cend(),
                                 [&](const OrderEvent &e) { return e.status == status; }));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_redis = qEnvironmentVariable("ORDERDESK_TEST_REDIS_URL");
        m_database = qEnvironmentVariable("ORDERDESK_TEST_DATABASE_URL");
        if (m_redis.isEmpty() || m_database.isEmpty())
            QSKIP("needs Redis and PostgreSQL: run through scripts/test.sh");
        m_market = std::make_unique<FaultHarness::ServiceProcess>(
            QStringLiteral(ORDERDESK_MARKET_BINARY),
            QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"),
                        m_dir.filePath(QStringLiteral("market")), QStringLiteral("--latency-scale"), QStringLiteral("0"),
                        QStringLiteral("--dex-failure-rate"), QStringLiteral("0"), QStringLiteral("--seed"),
                        QStringLiteral("11"), QStringLiteral("--sim-control")});
        QVERIFY(m_market->start());
    }

    void init()
    {
        // Every test gets its own Redis keys and its own PostgreSQL schema.
        const QString run = QUuid::createUuid().toString(QUuid::Id128).left(12);
        m_prefix = QStringLiteral("odcluster:") + run;
        m_database = qEnvironmentVariable("ORDERDESK_TEST_DATABASE_URL")
                     + QStringLiteral("?schema=cluster_") + run;
    }

    void eventsFromOneNodeReachTheOther()
    {
        auto a = node(QStringLiteral("a"));
        auto b = node(QStringLiteral("b"));
        QStringList seenOnB;
        connect(b.get(), &Engine::orderEvent, this, [&](const OrderEvent &e, const Order &) {
            seenOnB << toString(e.status);
        });
        const QString id = submitOrder(*a, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(seenOnB.size(), 5, 15000);
        QCOMPARE(seenOnB, QStringList({"pending", "routing", "building", "submitted", "confirmed"}));
        QCOMPARE(toString(b->order(id)->status), QStringLiteral("confirmed"));
    }

    void nodesShareTheWorkAndExecuteEachOrderOnce()
    {
        auto a = node(QStringLiteral("a"));
        auto b = node(QStringLiteral("b"));
        QSet<QString> terminal;
        connect(a.get(), &Engine::orderEvent, this, [&](const OrderEvent &e, const Order &) {
            if (isTerminal(e.status))
                terminal << e.orderId;
        });
        QStringList ids;
        for (int i = 0; i < 24; ++i)
            ids << submitOrder(i % 2 ? *a : *b, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(terminal.size(), ids.size(), 30000);
        for (const QString &id : ids) {
            const QList<OrderEvent> history = a->history(id);
            QCOMPARE(count(history, OrderStatus::Confirmed), 1);
            QCOMPARE(count(history, OrderStatus::Submitted), 1);
        }
    }

    void waitingOrderIsTriggeredOnceAcrossNodes()
    {
        auto a = node(QStringLiteral("a"));
        auto b = node(QStringLiteral("b"));
        const Token sol = *a->tokens().find(QStringLiteral("SOL"));
        const Token usdc = *a->tokens().find(QStringLiteral("USDC"));
        const Int128 spot = std::max(*a->market().spotPrice(Venue::Raydium, sol, usdc),
                                     *a->market().spotPrice(Venue::Meteora, sol, usdc));
        const QString id = submitOrder(*a, {{QStringLiteral("type"), QStringLiteral("limit")},
                                       {QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                       {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                       {QStringLiteral("amount"), QStringLiteral("0.2")},
                                       {QStringLiteral("slippageBps"), 500},
                                       {QStringLiteral("limitPrice"), Decimal::format(spot * 103 / 100, PriceScale)}});
        // Node b learns of the waiting order from the store and arms it too.
        QTRY_COMPARE_WITH_TIMEOUT(b->metrics().waitingArmed, 1, 15000);
        // The shared market crosses the limit: both nodes see it and fire.
        QVERIFY(a->market().setSpotPrice(Venue::Raydium, sol, usdc, spot * 110 / 100));
        QTRY_COMPARE_WITH_TIMEOUT(toString(a->order(id)->status), QStringLiteral("confirmed"), 15000);
        const QList<OrderEvent> history = a->history(id);
        QCOMPARE(count(history, OrderStatus::Routing), 1);
        QCOMPARE(count(history, OrderStatus::Confirmed), 1);
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
