// The cross-node event channel: the batch message (what a receiver rebuilds from it) and, when
// ORDERDESK_TEST_REDIS_URL names a Redis (scripts/test.sh starts one; tst_rediscluster runs
// this against a cluster node), events of many orders sent in batches arriving complete and in
// order, with the active-order snapshots beside them.
#include "EventBatch.h"
#include "RedisConnection.h"
#include "RedisEventChannel.h"
#include "RedisKeys.h"
#include "RedisUrl.h"
#include "Token.h"

#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QUuid>

#include <hiredis/hiredis.h>

#include <memory>

using namespace OrderDesk;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 21), QTime(10, 0, 0, 123), Qt::UTC);

Int128 units(const char *text)
{
    return *Decimal::fromString(QString::fromLatin1(text));
}

RouteDecision route()
{
    VenueQuote raydium;
    raydium.venue = Venue::Raydium;
    raydium.available = true;
    raydium.amountIn = units("1500000000");
    raydium.amountOut = units("224437500");
    raydium.feeAmount = units("3750000");
    raydium.feePpm = 2500;
    raydium.priceImpactPpm = 1370;
    raydium.spotPrice = units("150000000000000000000");
    raydium.executionPrice = units("149625000000000000000");
    raydium.quotedAt = T0;
    VenueQuote meteora = raydium;
    meteora.venue = Venue::Meteora;
    meteora.amountOut = units("224000000");
    RouteDecision decision;
    decision.quotes = {raydium, meteora};
    decision.venue = Venue::Raydium;
    decision.reason = QStringLiteral("raydium returns more");
    decision.minAmountOut = units("223315312");
    decision.wrapSol = true;
    return decision;
}

// The five events of a market order's life, each with the order it leaves behind, built the
// way the processor builds them (details the order carries too).
QList<EventBatch::Entry> lifeOf(const QString &id, const Token &tokenOut = TokenRegistry::usdc())
{
    Order order;
    order.id = id;
    order.tokenIn = TokenRegistry::sol();
    order.tokenOut = tokenOut;
    order.amountIn = units("1500000000");
    order.createdAt = T0;
    order.updatedAt = T0;
    order.leaseOwner = QStringLiteral("node-a");
    order.leaseToken = 3;
    order.retryAt = T0; // set at first and dropped later: a field that disappears
    QList<EventBatch::Entry> life;
    const auto step = [&](OrderStatus status, const QJsonObject &details) {
        order.status = status;
        order.seq += 1;
        order.updatedAt = order.updatedAt.addMSecs(10);
        life.append({OrderEvent{id, order.seq, status, order.attempt, order.updatedAt, details}, order});
    };
    step(OrderStatus::Pending, {});
    order.attempt = 1;
    order.retryAt.reset();
    step(OrderStatus::Routing, {});
    order.route = route();
    step(OrderStatus::Building, {});
    // As the engine makes it: the route as its text, beside the details.
    life.last().event.routeText = order.route->toJsonText(order.tokenIn, order.tokenOut);
    const QString signature = QStringLiteral("5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8u");
    step(OrderStatus::Submitted, {{QStringLiteral("signature"), signature}});
    order.execution = ExecutionResult{signature, Venue::Raydium, units("224000001"),
                                      units("149333334000000000001"), T0.addSecs(3)};
    order.leaseOwner.clear();
    step(OrderStatus::Confirmed,
         {{QStringLiteral("result"), order.execution->toJson(order.tokenOut)},
          {QStringLiteral("signature"), signature}});
    return life;
}

QByteArray naiveSize(const QList<EventBatch::Entry> &entries)
{
    QByteArray all;
    for (const EventBatch::Entry &entry : entries) {
        all += QJsonDocument(QJsonObject{{QStringLiteral("event"), entry.event.toJson()},
                                         {QStringLiteral("order"), entry.order.toJson()}})
                   .toJson(QJsonDocument::Compact);
    }
    return all;
}

// What the receiver should get: the event as sent, the order as Order::fromJson reads what
// toJson wrote (which leaves out the lease, as it always did between nodes).
void compareEntries(const QList<EventBatch::Entry> &actual, const QList<EventBatch::Entry> &expected,
                    const TokenRegistry &tokens)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual[i].event.toJson(), expected[i].event.toJson());
        const std::optional<Order> sent = Order::fromJson(expected[i].order.toJson(), tokens);
        QVERIFY(sent);
        QCOMPARE(actual[i].order.toJson(), sent->toJson());
    }
}

} // namespace

class TestEventChannel : public QObject
{
    Q_OBJECT

    const QString m_run = QUuid::createUuid().toString(QUuid::Id128).left(12);
    TokenRegistry m_tokens;

    static QString redisUrl() { return qEnvironmentVariable("ORDERDESK_TEST_REDIS_URL"); }
    QString keyPrefix() const
    {
        return QStringLiteral("odevents:%1:%2").arg(m_run, QString::fromLatin1(QTest::currentTestFunction()));
    }

    std::unique_ptr<RedisEventChannel> channel(const QString &node)
    {
        return std::make_unique<RedisEventChannel>(*RedisUrl::parse(redisUrl(), nullptr), keyPrefix(),
                                                   node, m_tokens);
    }

private Q_SLOTS:
    void batchCarriesEveryEventAndOrderOnce()
    {
        // Two orders interleaved, as a busy node sends them.
        const QList<EventBatch::Entry> a = lifeOf(QStringLiteral("order-a"));
        const QList<EventBatch::Entry> b = lifeOf(QStringLiteral("order-b"));
        EventBatch batch{QStringLiteral("node-a"), {}};
        for (int i = 0; i < a.size(); ++i)
            batch.entries << a[i] << b[i];

        const QByteArray message = batch.encode();
        int skipped = -1;
        const EventBatch back = EventBatch::decode(message, m_tokens, &skipped);
        QCOMPARE(skipped, 0);
        QCOMPARE(back.node, QStringLiteral("node-a"));
        compareEntries(back.entries, batch.entries, m_tokens);
        // Each order whole once, later only what changed; shared details named, not repeated.
        QVERIFY2(message.size() * 2 < naiveSize(batch.entries).size(),
                 qPrintable(QStringLiteral("%1 bytes against %2 for one event and order each")
                                .arg(message.size())
                                .arg(naiveSize(batch.entries).size())));
    }

    void aRouteTravelsOncePerOrderAndMessage()
    {
        const QList<EventBatch::Entry> a = lifeOf(QStringLiteral("order-a"));
        const QList<EventBatch::Entry> b = lifeOf(QStringLiteral("order-b"));
        EventBatch batch{QStringLiteral("node-a"), a + b};
        QHash<QString, QByteArray> latest;
        const QByteArray message = batch.encode(&latest);
        QCOMPARE(message.count("raydium returns more"), 2);
        compareEntries(EventBatch::decode(message, m_tokens).entries, batch.entries, m_tokens);
        // Each order's newest JSON, its route included, as the active-order snapshots store it.
        QCOMPARE(latest.size(), 2);
        const std::optional<Order> newest =
            Order::fromJson(QJsonDocument::fromJson(latest.value(QStringLiteral("order-b"))).object(), m_tokens);
        QVERIFY(newest);
        QVERIFY(newest->route);
        QCOMPARE(newest->toJson(), Order::fromJson(b.last().order.toJson(), m_tokens)->toJson());
    }

    void aMessageOfTheFormerLayoutStillReads()
    {
        // Before routes stood beside their orders, each entry carried its order whole.
        const QList<EventBatch::Entry> a = lifeOf(QStringLiteral("order-a"));
        QJsonArray events;
        for (const EventBatch::Entry &entry : a) {
            events.append(QJsonObject{{QStringLiteral("event"), entry.event.toJson()},
                                      {QStringLiteral("order"), entry.order.toJson()}});
        }
        const QByteArray message =
            "node-old\n" + QJsonDocument(QJsonObject{{QStringLiteral("events"), events}}).toJson();
        int skipped = -1;
        const EventBatch back = EventBatch::decode(message, m_tokens, &skipped);
        QCOMPARE(skipped, 0);
        compareEntries(back.entries, a, m_tokens);
        QVERIFY(back.entries.last().order.route);
    }

    void unreadableMemberIsLeftOutAndTheOthersKept()
    {
        // A token launched on the sending node that this one has not registered (yet).
        TokenRegistry sender;
        const Token launched{QStringLiteral("NEWT"), QStringLiteral("NewT1111111111111111111111111111111111111111"), 6};
        QVERIFY(sender.add(launched));
        const QList<EventBatch::Entry> known = lifeOf(QStringLiteral("known"));
        const QList<EventBatch::Entry> unknown = lifeOf(QStringLiteral("unknown"), launched);
        EventBatch batch{QStringLiteral("node-a"), {}};
        for (int i = 0; i < known.size(); ++i)
            batch.entries << known[i] << unknown[i];
        int skipped = 0;
        const EventBatch back = EventBatch::decode(batch.encode(), m_tokens, &skipped);
        QCOMPARE(skipped, unknown.size());
        compareEntries(back.entries, known, m_tokens);
        // The sender itself reads all of it.
        compareEntries(EventBatch::decode(batch.encode(), sender).entries, batch.entries, sender);
    }

    void garbageIsNotABatch()
    {
        QVERIFY(EventBatch::decode("not json", m_tokens).node.isEmpty());
        QVERIFY(EventBatch::decode(R"({"node":"x","events":[{"event":{}}]})", m_tokens).entries.isEmpty());
    }

    void eventsOfManyOrdersArriveInOrderThroughBatches()
    {
        if (redisUrl().isEmpty())
            QSKIP("needs ORDERDESK_TEST_REDIS_URL: run through scripts/test.sh");
        auto sender = channel(QStringLiteral("sender"));
        auto receiver = channel(QStringLiteral("receiver"));
        QMutex mutex;
        QHash<QString, QList<qint64>> seen;
        QHash<QString, Order> lastOrder;
        int total = 0;
        connect(receiver.get(), &RedisEventChannel::received, this,
                [&](const OrderEvent &event, const Order &order) {
                    QMutexLocker locker(&mutex);
                    seen[event.orderId] << event.seq;
                    lastOrder.insert(order.id, order);
                    ++total;
                },
                Qt::DirectConnection);
        QString error;
        QVERIFY2(receiver->open(&error), qPrintable(error));

        // Queued before the publisher runs, so they certainly go out in batches; 60 orders, all
        // interleaved, the last ten left before their terminal event.
        constexpr int Orders = 60;
        QList<QList<EventBatch::Entry>> lives;
        for (int o = 0; o < Orders; ++o)
            lives << lifeOf(QStringLiteral("order-%1").arg(o));
        int published = 0;
        for (int step = 0; step < 5; ++step) {
            for (int o = 0; o < Orders; ++o) {
                if (step == 4 && o >= Orders - 10)
                    continue;
                sender->publish(lives[o][step].event, lives[o][step].order);
                ++published;
            }
        }
        QTRY_VERIFY_WITH_TIMEOUT(receiver->isSubscribed(), 10000);
        QVERIFY2(sender->open(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT([&] { QMutexLocker l(&mutex); return total; }(), published, 20000);
        QVERIFY(sender->batchesSent() < quint64(published) / 10);

        QMutexLocker locker(&mutex);
        for (int o = 0; o < Orders; ++o) {
            const QString id = QStringLiteral("order-%1").arg(o);
            const QList<qint64> expected = o >= Orders - 10 ? QList<qint64>{1, 2, 3, 4}
                                                            : QList<qint64>{1, 2, 3, 4, 5};
            QCOMPARE(seen.value(id), expected);
        }
        locker.unlock();

        // Snapshots: the newest state of the active ones, none of the finished ones.
        RedisConnection admin(*RedisUrl::parse(redisUrl(), nullptr), QStringLiteral("odtest-admin"));
        const QByteArray base = redisKeyBase(keyPrefix());
        for (int o = 0; o < Orders; ++o) {
            const QByteArray key = base + ":active:order-" + QByteArray::number(o);
            const RedisReplyPtr reply = admin.command({"GET", key});
            QVERIFY(reply);
            if (o >= Orders - 10) {
                QCOMPARE(reply->type, REDIS_REPLY_STRING);
                const QJsonObject snapshot =
                    QJsonDocument::fromJson(RedisConnection::string(reply.get())).object();
                QCOMPARE(snapshot, lives[o][3].order.toJson());
            } else {
                QCOMPARE(reply->type, REDIS_REPLY_NIL);
            }
            admin.command({"DEL", key});
        }
        sender->close();
        receiver->close();
    }

    void ownEventsAreNotEchoed()
    {
        if (redisUrl().isEmpty())
            QSKIP("needs ORDERDESK_TEST_REDIS_URL: run through scripts/test.sh");
        auto a = channel(QStringLiteral("node-a"));
        auto b = channel(QStringLiteral("node-b"));
        std::atomic<int> onA{0}, onB{0};
        connect(a.get(), &RedisEventChannel::received, this, [&] { ++onA; }, Qt::DirectConnection);
        connect(b.get(), &RedisEventChannel::received, this, [&] { ++onB; }, Qt::DirectConnection);
        QString error;
        QVERIFY2(a->open(&error), qPrintable(error));
        QVERIFY2(b->open(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(a->isSubscribed() && b->isSubscribed(), 10000);
        const QList<EventBatch::Entry> life = lifeOf(QStringLiteral("echo"));
        for (const EventBatch::Entry &entry : life)
            a->publish(entry.event, entry.order);
        QTRY_COMPARE_WITH_TIMEOUT(onB.load(), int(life.size()), 10000);
        QCOMPARE(onA.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEventChannel)
#include "tst_eventchannel.moc"
