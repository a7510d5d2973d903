// The WebSocket API of SPEC §5 over real sockets: per-order streams and their aliases, the
// submission flow, the all-orders stream with subscriptions, and slow clients.
#include "ApiTestSupport.h"

#include <QtTest>

using namespace OrderDesk;
using namespace ApiTest;

namespace {

QStringList statusesIn(const QJsonArray &events)
{
    QStringList statuses;
    for (const QJsonValue &event : events)
        statuses.append(event.toObject().value(QStringLiteral("status")).toString());
    return statuses;
}

QStringList statusesIn(const QList<QJsonObject> &events)
{
    QStringList statuses;
    for (const QJsonObject &event : events)
        statuses.append(event.value(QStringLiteral("status")).toString());
    return statuses;
}

} // namespace

class TestWebSocket : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Backend> m_backend;
    HttpClient m_client;

    QString submit(const Backend &backend, const QJsonObject &order)
    {
        const HttpResult result =
            m_client.postJson(backend.http(QStringLiteral("/api/orders/execute")), order);
        if (result.status != 201)
            qWarning() << "submission answered" << result.status << result.body;
        return result.json.value(QStringLiteral("orderId")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Real (scaled) venue latency, so a client that connects right after submitting sees
        // the order move live rather than finding it finished.
        EngineConfig config = engineConfig(m_dir.path() + QStringLiteral("/main"));
        config.latencyScale = 0.5;
        m_backend = std::make_unique<Backend>(serverConfig(), config);
    }

    void cleanupTestCase() { m_backend.reset(); }

    void orderStreamEndToEnd()
    {
        const QString id = submit(*m_backend, marketOrder());
        QVERIFY(!id.isEmpty());

        WsClient ws;
        ws.open(m_backend->ws(QStringLiteral("/api/orders/execute?orderId=") + id));
        QVERIFY(ws.waitConnected());
        QTRY_VERIFY_WITH_TIMEOUT(ws.closed, WaitMs);
        QCOMPARE(ws.closeCode, int(QWebSocketProtocol::CloseCodeNormal));

        QVERIFY(ws.messages.size() >= 2);
        const QJsonObject snapshot = ws.messages.first();
        QCOMPARE(snapshot.value(QStringLiteral("type")).toString(), QStringLiteral("snapshot"));
        QCOMPARE(snapshot.value(QStringLiteral("orderId")).toString(), id);
        QCOMPARE(snapshot.value(QStringLiteral("order"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
                 id);
        const QJsonArray history = snapshot.value(QStringLiteral("history")).toArray();
        QVERIFY(!history.isEmpty());
        QCOMPARE(snapshot.value(QStringLiteral("status")).toString(),
                 history.last().toObject().value(QStringLiteral("status")).toString());

        // Snapshot plus live events: the whole lifecycle, once each, seq without gaps.
        const QList<QJsonObject> live = ws.messages.mid(1);
        QVERIFY2(!live.isEmpty(), "the order finished before the stream could show it live");
        QCOMPARE(statusesIn(history) + statusesIn(live),
                 (QStringList{"pending", "routing", "building", "submitted", "confirmed"}));
        qint64 seq = 0;
        for (const QJsonValue &event : history)
            QCOMPARE(event.toObject().value(QStringLiteral("seq")).toInteger(), ++seq);
        QCOMPARE(snapshot.value(QStringLiteral("seq")).toInteger(), seq);
        for (const QJsonObject &event : live) {
            QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("status"));
            QCOMPARE(event.value(QStringLiteral("orderId")).toString(), id);
            QCOMPARE(event.value(QStringLiteral("seq")).toInteger(), ++seq);
            QVERIFY(!event.value(QStringLiteral("ts")).toString().isEmpty());
        }

        // The details of each step, wherever (snapshot or live) it was seen.
        QHash<QString, QJsonObject> byStatus;
        for (const QJsonValue &event : history)
            byStatus.insert(event.toObject().value(QStringLiteral("status")).toString(),
                            event.toObject());
        for (const QJsonObject &event : live)
            byStatus.insert(event.value(QStringLiteral("status")).toString(), event);
        const QJsonObject route =
            byStatus.value(QStringLiteral("building")).value(QStringLiteral("route")).toObject();
        QCOMPARE(route.value(QStringLiteral("quotes")).toArray().size(), 2);
        QVERIFY(!route.value(QStringLiteral("venue")).toString().isEmpty());
        const QString signature = byStatus.value(QStringLiteral("submitted"))
                                      .value(QStringLiteral("signature"))
                                      .toString();
        QVERIFY(signature.size() >= 80);
        QCOMPARE(live.last().value(QStringLiteral("status")).toString(),
                 QStringLiteral("confirmed"));
        QVERIFY(live.last().contains(QStringLiteral("result")));
        // Clients of this API read the fill flat off the confirmed event.
        const QJsonObject confirmed = live.last();
        const QJsonObject result = confirmed.value(QStringLiteral("result")).toObject();
        QCOMPARE(confirmed.value(QStringLiteral("txHash")).toString(), signature);
        QCOMPARE(confirmed.value(QStringLiteral("signature")).toString(), signature);
        for (const char *key : {"venue", "executedPrice", "amountOut"}) {
            QVERIFY2(!confirmed.value(QLatin1String(key)).toString().isEmpty(), key);
            QCOMPARE(confirmed.value(QLatin1String(key)), result.value(QLatin1String(key)));
        }
    }

    // /api/orders/status is the all-orders stream of some clients, and a bare {"orderId"} their
    // subscribe message.
    void bareSubscribeOnTheStatusPath()
    {
        WsClient client;
        client.open(m_backend->ws(QStringLiteral("/api/orders/status")));
        QVERIFY(client.waitConnected());
        const QString resting = submit(*m_backend, restingLimitOrder());
        client.send({{QStringLiteral("orderId"), resting}});
        QTRY_COMPARE_WITH_TIMEOUT(client.ofType(QStringLiteral("snapshot")).size(), 1, WaitMs);
        QCOMPARE(client.ofType(QStringLiteral("snapshot")).first().value(QStringLiteral("orderId")).toString(),
                 resting);
        const QString other = submit(*m_backend, marketOrder());
        QCOMPARE(m_client.send("DELETE", m_backend->http(QStringLiteral("/api/orders/") + resting)).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(client.hasStatus(resting, QStringLiteral("cancelled")), WaitMs);
        QVERIFY(client.statusesOf(other).isEmpty());
    }

    void aliasPathsStreamTheOrder_data()
    {
        QTest::addColumn<QString>("pattern"); // %1 is the order id
        QTest::newRow("execute") << "/api/orders/execute?orderId=%1";
        QTest::newRow("orders ws") << "/api/orders/%1/ws";
        QTest::newRow("orders status") << "/api/orders/%1/status";
        QTest::newRow("ws orders path") << "/ws/orders/%1";
        QTest::newRow("ws orders query") << "/ws/orders?orderId=%1";
        // Paths existing clients of this API use (SPEC §5).
        QTest::newRow("orders stream") << "/api/orders/%1/stream";
        QTest::newRow("ws query") << "/ws?orderId=%1";
        QTest::newRow("orders status query") << "/api/orders/status?orderId=%1";
    }

    void aliasPathsStreamTheOrder()
    {
        QFETCH(QString, pattern);
        const QString id = submit(*m_backend, restingLimitOrder());
        QVERIFY(!id.isEmpty());

        WsClient ws;
        ws.open(m_backend->ws(pattern.arg(id)));
        QVERIFY(ws.waitConnected());
        QTRY_COMPARE_WITH_TIMEOUT(ws.messages.size(), 1, WaitMs);
        QCOMPARE(ws.messages.first().value(QStringLiteral("type")).toString(),
                 QStringLiteral("snapshot"));
        QCOMPARE(ws.messages.first().value(QStringLiteral("status")).toString(),
                 QStringLiteral("waiting"));

        // A waiting order keeps its stream open; cancelling it ends the stream normally.
        const HttpResult cancel =
            m_client.send("DELETE", m_backend->http(QStringLiteral("/api/orders/") + id));
        QCOMPARE(cancel.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(ws.closed, WaitMs);
        QCOMPARE(ws.closeCode, int(QWebSocketProtocol::CloseCodeNormal));
        QCOMPARE(ws.messages.size(), 2);
        QCOMPARE(ws.messages.last().value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
        QCOMPARE(ws.messages.last().value(QStringLiteral("seq")).toInteger(),
                 ws.messages.first().value(QStringLiteral("seq")).toInteger() + 1);
    }

    void unknownOrderCloses4404()
    {
        // A NUL in the id is never looked up (PostgreSQL would log a syntax error for it).
        for (const QString &path : {QStringLiteral("/api/orders/execute?orderId=no-such-order"),
                                    QStringLiteral("/ws/orders/no-such-order"),
                                    QStringLiteral("/ws?orderId=a%00b")}) {
            WsClient ws;
            ws.open(m_backend->ws(path));
            QTRY_VERIFY_WITH_TIMEOUT(ws.closed, WaitMs);
            QCOMPARE(ws.closeCode, 4404);
            QCOMPARE(ws.messages.size(), 1);
            QCOMPARE(ws.messages.first().value(QStringLiteral("type")).toString(),
                     QStringLiteral("error"));
            QCOMPARE(ws.messages.first()
                         .value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("code"))
                         .toString(),
                     QStringLiteral("order_not_found"));
        }
    }

    void submissionOverTheSocket()
    {
        WsClient ws;
        ws.open(m_backend->ws(QStringLiteral("/api/orders/execute")));
        QVERIFY(ws.waitConnected());

        ws.send(marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(ws.ofType(QStringLiteral("accepted")).size(), 1, WaitMs);
        const QJsonObject accepted = ws.ofType(QStringLiteral("accepted")).first();
        const QString first = accepted.value(QStringLiteral("orderId")).toString();
        QVERIFY(!first.isEmpty());
        QCOMPARE(accepted.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QCOMPARE(accepted.value(QStringLiteral("ws")).toString(),
                 QStringLiteral("/api/orders/execute?orderId=") + first);

        // Bad input is answered on the connection, which stays usable.
        QJsonObject bad = marketOrder();
        bad.insert(QStringLiteral("amount"), QStringLiteral("-3"));
        ws.send(bad);
        ws.socket.sendTextMessage(QStringLiteral("this is not json"));
        ws.socket.sendTextMessage(QStringLiteral("[1, 2, 3]"));
        QTRY_COMPARE_WITH_TIMEOUT(ws.ofType(QStringLiteral("error")).size(), 3, WaitMs);
        const QList<QJsonObject> errors = ws.ofType(QStringLiteral("error"));
        QCOMPARE(errors.at(0)
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
                 QStringLiteral("amount"));
        QCOMPARE(errors.at(1)
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("invalid_json"));
        QCOMPARE(errors.at(2)
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("invalid_json"));

        ws.send(marketOrder(QStringLiteral("0.25")));
        QTRY_COMPARE_WITH_TIMEOUT(ws.ofType(QStringLiteral("accepted")).size(), 2, WaitMs);
        const QString second = ws.ofType(QStringLiteral("accepted"))
                                   .last()
                                   .value(QStringLiteral("orderId"))
                                   .toString();
        QVERIFY(second != first);

        // Both orders' events follow on this connection, each from seq 2 on without gaps.
        for (const QString &id : {first, second}) {
            QTRY_VERIFY_WITH_TIMEOUT(ws.hasStatus(id, QStringLiteral("confirmed")), WaitMs);
            const QList<QJsonObject> events = ws.statusesOf(id);
            QCOMPARE(statusesIn(events),
                     (QStringList{"routing", "building", "submitted", "confirmed"}));
            for (int i = 0; i < events.size(); ++i)
                QCOMPARE(events.at(i).value(QStringLiteral("seq")).toInteger(), qint64(i + 2));
        }
        QVERIFY(!ws.closed);
        QCOMPARE(ws.socket.state(), QAbstractSocket::ConnectedState);
    }

    void submissionNeedsTheToken()
    {
        ServerConfig config = serverConfig();
        config.apiToken = QStringLiteral("s3cret");
        Backend backend(config, engineConfig(m_dir.path() + QStringLiteral("/token")));

        WsClient anonymous;
        anonymous.open(backend.ws(QStringLiteral("/api/orders/execute")));
        QVERIFY(anonymous.waitConnected());
        anonymous.send(marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(anonymous.messages.size(), 1, WaitMs);
        QCOMPARE(anonymous.messages.first()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("unauthorized"));

        WsClient trusted;
        trusted.open(backend.ws(QStringLiteral("/api/orders/execute")), "Bearer s3cret");
        QVERIFY(trusted.waitConnected());
        trusted.send(marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(trusted.ofType(QStringLiteral("accepted")).size(), 1, WaitMs);

        // Watching needs no token.
        const QString id = trusted.ofType(QStringLiteral("accepted"))
                               .first()
                               .value(QStringLiteral("orderId"))
                               .toString();
        WsClient watcher;
        watcher.open(backend.ws(QStringLiteral("/ws/orders/") + id));
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.ofType(QStringLiteral("snapshot")).isEmpty(), WaitMs);

        // A browser cannot set Authorization on a handshake: it trades the token for a ticket.
        QCOMPARE(m_client.postJson(backend.http(QStringLiteral("/api/ws-ticket")), {}).status, 401);
        const HttpResult issued = m_client.postJson(backend.http(QStringLiteral("/api/ws-ticket")), {},
                                                    {{"Authorization", "Bearer s3cret"}});
        QCOMPARE(issued.status, 201);
        const QString ticket = issued.json.value(QStringLiteral("ticket")).toString();
        QVERIFY(ticket.size() >= 32);
        WsClient browser;
        browser.open(backend.ws(QStringLiteral("/api/orders/execute?ticket=") + ticket));
        QVERIFY(browser.waitConnected());
        browser.send(marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(browser.ofType(QStringLiteral("accepted")).size(), 1, WaitMs);
        // Once only.
        WsClient replay;
        replay.open(backend.ws(QStringLiteral("/api/orders/execute?ticket=") + ticket));
        QVERIFY(replay.waitConnected());
        replay.send(marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(replay.ofType(QStringLiteral("error")).size(), 1, WaitMs);
        QCOMPARE(replay.ofType(QStringLiteral("error")).first().value(QStringLiteral("error")).toObject()
                     .value(QStringLiteral("code")).toString(),
                 QStringLiteral("unauthorized"));
    }

    void allOrdersStreamAndSubscriptions()
    {
        WsClient all;
        all.open(m_backend->ws(QStringLiteral("/ws")));
        QVERIFY(all.waitConnected());
        WsClient narrowed;
        narrowed.open(m_backend->ws(QStringLiteral("/ws")));
        QVERIFY(narrowed.waitConnected());

        const QString resting = submit(*m_backend, restingLimitOrder());
        narrowed.send({{QStringLiteral("type"), QStringLiteral("subscribe")},
                       {QStringLiteral("orderId"), resting}});
        QTRY_COMPARE_WITH_TIMEOUT(narrowed.ofType(QStringLiteral("snapshot")).size(), 1, WaitMs);
        const QJsonObject snapshot = narrowed.ofType(QStringLiteral("snapshot")).first();
        QCOMPARE(snapshot.value(QStringLiteral("orderId")).toString(), resting);
        const qsizetype narrowedWallets = narrowed.ofType(QStringLiteral("wallet")).size();
        const qsizetype allWallets = all.ofType(QStringLiteral("wallet")).size();
        QCOMPARE(snapshot.value(QStringLiteral("status")).toString(), QStringLiteral("waiting"));

        const QString market = submit(*m_backend, marketOrder());
        QTRY_VERIFY_WITH_TIMEOUT(all.hasStatus(market, QStringLiteral("confirmed")), WaitMs);
        QCOMPARE(statusesIn(all.statusesOf(market)),
                 (QStringList{"pending", "routing", "building", "submitted", "confirmed"}));
        QVERIFY(all.hasStatus(resting, QStringLiteral("waiting")));

        QCOMPARE(m_client.send("DELETE", m_backend->http(QStringLiteral("/api/orders/") + resting))
                     .status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(narrowed.hasStatus(resting, QStringLiteral("cancelled")), WaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(all.hasStatus(resting, QStringLiteral("cancelled")), WaitMs);
        // The subscribed client saw nothing of the other order, and stays connected.
        QVERIFY(narrowed.statusesOf(market).isEmpty());
        QVERIFY(!narrowed.closed);
        // The all-orders client also follows the wallet: the orders moved it.
        QTRY_VERIFY_WITH_TIMEOUT(all.ofType(QStringLiteral("wallet")).size() > allWallets, WaitMs);
        const QJsonObject wallet = all.ofType(QStringLiteral("wallet")).last();
        QVERIFY(wallet.value(QStringLiteral("balances")).isArray());
        QVERIFY(wallet.value(QStringLiteral("totals")).isObject());
        QVERIFY(!wallet.contains(QStringLiteral("reservations")));

        narrowed.send({{QStringLiteral("type"), QStringLiteral("unsubscribe")},
                       {QStringLiteral("orderId"), resting}});
        narrowed.send({{QStringLiteral("type"), QStringLiteral("subscribe")},
                       {QStringLiteral("orderId"), QStringLiteral("missing")}});
        narrowed.send({{QStringLiteral("type"), QStringLiteral("dance")}});
        narrowed.socket.sendTextMessage(QStringLiteral("{{{"));
        narrowed.socket.sendBinaryMessage(QByteArray("\x00\x01", 2));
        QTRY_COMPARE_WITH_TIMEOUT(narrowed.ofType(QStringLiteral("error")).size(), 4, WaitMs);
        QCOMPARE(narrowed.ofType(QStringLiteral("unsubscribed")).size(), 1);
        // The unknown order's answer comes from a store read, so it may follow the others.
        QStringList codes;
        for (const QJsonObject &error : narrowed.ofType(QStringLiteral("error")))
            codes << error.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
        QCOMPARE(codes.count(QStringLiteral("order_not_found")), 1);
        QVERIFY(!narrowed.closed);
        // A client that subscribed to particular orders gets only those: no wallet messages
        // since it subscribed (the server answered its later messages after any it sent).
        QCOMPARE(narrowed.ofType(QStringLiteral("wallet")).size(), narrowedWallets);
    }

    void lateConnectGetsTheWholeStory()
    {
        const QString id = submit(*m_backend, marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_client, *m_backend, id), QStringLiteral("confirmed"),
                                  WaitMs);

        WsClient ws;
        ws.open(m_backend->ws(QStringLiteral("/api/orders/execute?orderId=") + id));
        QTRY_VERIFY_WITH_TIMEOUT(ws.closed, WaitMs);
        QCOMPARE(ws.closeCode, int(QWebSocketProtocol::CloseCodeNormal));
        QCOMPARE(ws.messages.size(), 1);
        const QJsonObject snapshot = ws.messages.first();
        QCOMPARE(snapshot.value(QStringLiteral("type")).toString(), QStringLiteral("snapshot"));
        QCOMPARE(snapshot.value(QStringLiteral("status")).toString(), QStringLiteral("confirmed"));
        QCOMPARE(statusesIn(snapshot.value(QStringLiteral("history")).toArray()),
                 (QStringList{"pending", "routing", "building", "submitted", "confirmed"}));
        QVERIFY(
            snapshot.value(QStringLiteral("order")).toObject().contains(QStringLiteral("result")));
    }

    void slowClientsAreDropped()
    {
        // A bound smaller than one snapshot stands in for a client that stopped reading: the
        // check is the same (unsent bytes past the bound), it just trips on the first message.
        ServerConfig config = serverConfig();
        config.maxWebSocketBufferBytes = 256;
        Backend backend(config, engineConfig(m_dir.path() + QStringLiteral("/slow")));
        const QString id = submit(backend, restingLimitOrder());

        WsClient ws;
        ws.open(backend.ws(QStringLiteral("/ws/orders/") + id));
        QTRY_VERIFY_WITH_TIMEOUT(ws.closed, WaitMs);
        QCOMPARE(ws.closeCode, int(QWebSocketProtocol::CloseCodePolicyViolated));
        QTRY_COMPARE(backend.server->webSocketClientCount(), 0);
    }

    void clientCountIsTracked()
    {
        QSignalSpy changes(m_backend->server.get(), &ApiServer::webSocketClientCountChanged);
        const int before = m_backend->server->webSocketClientCount();
        {
            WsClient a;
            WsClient b;
            a.open(m_backend->ws(QStringLiteral("/ws")));
            b.open(m_backend->ws(QStringLiteral("/api/orders/execute")));
            QVERIFY(a.waitConnected() && b.waitConnected());
            QTRY_COMPARE(m_backend->server->webSocketClientCount(), before + 2);
            a.socket.close();
            b.socket.close();
            QTRY_COMPARE(m_backend->server->webSocketClientCount(), before);
        }
        QVERIFY(changes.size() >= 4);
        QCOMPARE(changes.last().first().toInt(), before);

        // Paths without a stream are not upgraded into one.
        WsClient stray;
        stray.open(m_backend->ws(QStringLiteral("/api/queue/metrics")));
        QTRY_VERIFY_WITH_TIMEOUT(stray.closed, WaitMs);
        QVERIFY(stray.closeCode != int(QWebSocketProtocol::CloseCodeNormal));
    }
};

QTEST_GUILESS_MAIN(TestWebSocket)
#include "tst_websocket.moc"
