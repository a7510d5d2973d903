// The HTTP API of SPEC §4 over real sockets: every endpoint and every error status.
#include "ApiTestSupport.h"
#include "LocalMarket.h"
#include "PrometheusText.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QtTest>

using namespace OrderDesk;
using namespace ApiTest;

class TestHttpApi : public QObject
{
    Q_OBJECT

private:
    // An engine whose every submission fails, twice: orders end failed after one retry.
    EngineConfig failingEngine(const QString &name) const
    {
        EngineConfig failing = engineConfig(m_backend->m_dir.path() + QLatin1Char('/') + name);
        failing.dexFailureRate = 1;
        failing.maxAttempts = 2;
        return failing;
    }

    // Submits a market order to `backend` and waits for it to fail; its id.
    QString submitAndFail(Backend &backend)
    {
        const HttpResult post =
            m_client.postJson(backend.http(QStringLiteral("/api/orders/execute")), marketOrder());
        const QString id = post.json.value(QStringLiteral("orderId")).toString();
        [&] {
            QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_client, backend, id), QStringLiteral("failed"),
                                      WaitMs);
        }();
        return id;
    }

    std::unique_ptr<Backend> m_backend; // the default one: no token, no sim control
    HttpClient m_client;

    QUrl url(const QString &pathAndQuery) const { return m_backend->http(pathAndQuery); }

    QString submitted(const QJsonObject &order)
    {
        const HttpResult result =
            m_client.postJson(url(QStringLiteral("/api/orders/execute")), order);
        if (result.status != 201)
            qWarning() << "submission answered" << result.status << result.body;
        return result.json.value(QStringLiteral("orderId")).toString();
    }

private Q_SLOTS:
    void initTestCase() { m_backend = std::make_unique<Backend>(); }
    void cleanupTestCase() { m_backend.reset(); }

    void submitAnswers201WithTheStream()
    {
        const HttpResult result =
            m_client.postJson(url(QStringLiteral("/api/orders/execute")), marketOrder());
        QCOMPARE(result.status, 201);
        QCOMPARE(result.contentType, QByteArray("application/json"));
        const QString id = result.json.value(QStringLiteral("orderId")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(result.json.value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        const QJsonObject order = result.json.value(QStringLiteral("order")).toObject();
        QCOMPARE(order.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(order.value(QStringLiteral("tokenIn")).toString(), QStringLiteral("SOL"));
        QCOMPARE(result.json.value(QStringLiteral("ws")).toString(),
                 QStringLiteral("/api/orders/execute?orderId=") + id);
        QCOMPARE(result.header("Location"), QByteArray("/api/orders/") + id.toUtf8());

        // Durable before the 201: readable right away.
        QCOMPARE(m_client.get(url(QStringLiteral("/api/orders/") + id)).status, 200);
    }

    void clientOrderIdIsIdempotent()
    {
        QJsonObject order = marketOrder();
        order.insert(QStringLiteral("clientOrderId"), QStringLiteral("idem-1"));
        const HttpResult first =
            m_client.postJson(url(QStringLiteral("/api/orders/execute")), order);
        QCOMPARE(first.status, 201);
        const HttpResult second =
            m_client.postJson(url(QStringLiteral("/api/orders/execute")), order);
        QCOMPARE(second.status, 200);
        QCOMPARE(second.json.value(QStringLiteral("orderId")),
                 first.json.value(QStringLiteral("orderId")));
        QCOMPARE(second.json.keys(), first.json.keys());
        QCOMPARE(second.json.value(QStringLiteral("ws")), first.json.value(QStringLiteral("ws")));
    }

    void badRequestsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");  // empty: any
        QTest::addColumn<QString>("field"); // empty: no field

        auto order = [](const QString &key, const QJsonValue &value) {
            QJsonObject json = marketOrder();
            if (value.isUndefined())
                json.remove(key);
            else
                json.insert(key, value);
            return QJsonDocument(json).toJson(QJsonDocument::Compact);
        };
        const QString submit = QStringLiteral("/api/orders/execute");
        QTest::newRow("amount zero")
            << QByteArray("POST") << submit << order("amount", "0") << QString() << "amount";
        QTest::newRow("amount missing")
            << QByteArray("POST") << submit << order("amount", QJsonValue::Undefined) << QString()
            << "amount";
        QTest::newRow("unknown tokenIn")
            << QByteArray("POST") << submit << order("tokenIn", "NOPE") << QString() << "tokenIn";
        QTest::newRow("same tokens")
            << QByteArray("POST") << submit << order("tokenOut", "SOL") << QString() << "tokenOut";
        QTest::newRow("slippage too high")
            << QByteArray("POST") << submit << order("slippageBps", 9000) << QString()
            << "slippageBps";
        QTest::newRow("bad type") << QByteArray("POST") << submit << order("type", "stop")
                                  << QString() << "type";
        QTest::newRow("limit without price")
            << QByteArray("POST") << submit << order("type", "limit") << QString() << "limitPrice";
        QTest::newRow("malformed json")
            << QByteArray("POST") << submit << QByteArray("{\"tokenIn\": ") << "invalid_json"
            << QString();
        QTest::newRow("json array")
            << QByteArray("POST") << submit << QByteArray("[1,2]") << "invalid_json" << QString();
        // RFC 8259: control characters inside strings must be escaped (Qt's parser lets them by).
        QTest::newRow("raw NUL in a string")
            << QByteArray("POST") << submit
            << QByteArray("{\"tokenIn\":\"SOL\",\"tokenOut\":\"USDC\",\"amount\":\"1\",\"clientOrderId\":\"a\0b\"}", 70)
            << "invalid_json" << QString();
        QTest::newRow("raw TAB in a string")
            << QByteArray("POST") << submit
            << QByteArray("{\"tokenIn\":\"SOL\t\",\"tokenOut\":\"USDC\",\"amount\":1}") << "invalid_json"
            << QString();
        QTest::newRow("slippage fraction 0.5")
            << QByteArray("POST") << submit << order("slippage", 0.5) << "invalid_slippage" << "slippage";
        QTest::newRow("quote without tokenIn")
            << QByteArray("GET") << "/api/quotes?tokenOut=USDC&amount=1" << QByteArray()
            << "missing_parameter"
            << "tokenIn";
        QTest::newRow("quote without amount")
            << QByteArray("GET") << "/api/quotes?tokenIn=SOL&tokenOut=USDC" << QByteArray()
            << "missing_parameter"
            << "amount";
        QTest::newRow("quote with bad amount")
            << QByteArray("GET") << "/api/quotes?tokenIn=SOL&tokenOut=USDC&amount=-1"
            << QByteArray() << QString() << "amount";
        QTest::newRow("list with bad status") << QByteArray("GET") << "/api/orders?status=sleeping"
                                              << QByteArray() << "invalid_status"
                                              << "status";
        QTest::newRow("list with limit 0")
            << QByteArray("GET") << "/api/orders?limit=0" << QByteArray() << "invalid_limit"
            << "limit";
        QTest::newRow("list with limit 501")
            << QByteArray("GET") << "/api/orders?limit=501" << QByteArray() << "invalid_limit"
            << "limit";
        QTest::newRow("list with bad cursor") << QByteArray("GET") << "/api/orders?before=yesterday"
                                              << QByteArray() << "invalid_before"
                                              << "before";
    }

    void badRequestsNameTheField()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        QFETCH(QString, field);

        const HttpResult result =
            method == "POST"
                ? m_client.send(method, url(path), body, {{"Content-Type", "application/json"}})
                : m_client.send(method, url(path));
        QCOMPARE(result.status, 400);
        QCOMPARE(result.contentType, QByteArray("application/json"));
        QVERIFY2(!result.errorCode().isEmpty(), result.body.constData());
        QVERIFY2(!result.errorObject().value(QStringLiteral("message")).toString().isEmpty(),
                 result.body.constData());
        if (!code.isEmpty())
            QCOMPARE(result.errorCode(), code);
        QCOMPARE(result.errorField(), field);
        if (!field.isEmpty()) {
            QVERIFY2(result.errorObject()
                         .value(QStringLiteral("message"))
                         .toString()
                         .contains(field, Qt::CaseInsensitive),
                     result.body.constData());
        }
    }

    void unauthorizedWithoutTheToken()
    {
        ServerConfig config = serverConfig();
        config.apiToken = QStringLiteral("s3cret");
        Backend backend(config);
        const QUrl submit = backend.http(QStringLiteral("/api/orders/execute"));

        HttpResult result = m_client.postJson(submit, marketOrder());
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), QStringLiteral("unauthorized"));
        QCOMPARE(result.header("WWW-Authenticate"), QByteArray("Bearer"));

        result = m_client.postJson(submit, marketOrder(), {{"Authorization", "Bearer wrong"}});
        QCOMPARE(result.status, 401);
        result = m_client.postJson(submit, marketOrder(), {{"Authorization", "s3cret"}});
        QCOMPARE(result.status, 401);

        result = m_client.postJson(submit, marketOrder(), {{"Authorization", "Bearer s3cret"}});
        QCOMPARE(result.status, 201);
        const QString id = result.json.value(QStringLiteral("orderId")).toString();

        // Reads stay open.
        QCOMPARE(m_client.get(backend.http(QStringLiteral("/api/orders/") + id)).status, 200);
        QCOMPARE(m_client.get(backend.http(QStringLiteral("/api/orders"))).status, 200);

        // DELETE is mutating too.
        result = m_client.send("DELETE", backend.http(QStringLiteral("/api/orders/") + id));
        QCOMPARE(result.status, 401);
    }

    void notFound()
    {
        HttpResult result = m_client.get(url(QStringLiteral("/api/nothing")));
        QCOMPARE(result.status, 404);
        QCOMPARE(result.contentType, QByteArray("application/json"));
        QCOMPARE(result.errorCode(), QStringLiteral("not_found"));

        result = m_client.send("DELETE", url(QStringLiteral("/no/such/path")));
        QCOMPARE(result.status, 404);

        const QString unknown = QStringLiteral("00000000-0000-0000-0000-000000000000");
        for (const QString &path :
             {QStringLiteral("/api/orders/") + unknown,
              QStringLiteral("/api/orders/") + unknown + QStringLiteral("/history")}) {
            result = m_client.get(url(path));
            QCOMPARE(result.status, 404);
            QCOMPARE(result.errorCode(), QStringLiteral("order_not_found"));
        }
        result = m_client.send("DELETE", url(QStringLiteral("/api/orders/") + unknown));
        QCOMPARE(result.status, 404);
        QCOMPARE(result.errorCode(), QStringLiteral("order_not_found"));

        // Ids the engine never issues are not looked up at all (a NUL is a syntax error to
        // PostgreSQL), and their bytes are not echoed back.
        for (const QString &path : {QStringLiteral("/api/orders/a%00b"), QStringLiteral("/api/orders/a%00b/history"),
                                    QStringLiteral("/api/orders/%09x")}) {
            result = m_client.get(url(path));
            QCOMPARE(result.status, 404);
            QCOMPARE(result.errorCode(), QStringLiteral("order_not_found"));
            QVERIFY(!result.body.contains("\\u0000"));
        }
        result = m_client.send("DELETE", url(QStringLiteral("/api/orders/a%00b")));
        QCOMPARE(result.status, 404);
    }

    void methodNotAllowed_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("allow");

        QTest::newRow("PUT orders")
            << QByteArray("PUT") << "/api/orders" << QByteArray("GET, HEAD, OPTIONS");
        QTest::newRow("DELETE execute") << QByteArray("DELETE") << "/api/orders/execute"
                                        << QByteArray("POST, GET, HEAD, OPTIONS");
        QTest::newRow("PATCH order")
            << QByteArray("PATCH") << "/api/orders/abc" << QByteArray("GET, HEAD, DELETE, OPTIONS");
        QTest::newRow("POST health")
            << QByteArray("POST") << "/health" << QByteArray("GET, HEAD, OPTIONS");
        QTest::newRow("DELETE quotes")
            << QByteArray("DELETE") << "/api/quotes" << QByteArray("GET, HEAD, OPTIONS");
        QTest::newRow("POST history")
            << QByteArray("POST") << "/api/orders/abc/history" << QByteArray("GET, HEAD, OPTIONS");
    }

    void methodNotAllowed()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, allow);

        const HttpResult result = m_client.send(method, url(path), QByteArray("{}"),
                                                {{"Content-Type", "application/json"}});
        QCOMPARE(result.status, 405);
        QCOMPARE(result.header("Allow"), allow);
        QCOMPARE(result.contentType, QByteArray("application/json"));
        QCOMPARE(result.errorCode(), QStringLiteral("method_not_allowed"));

        const HttpResult options = m_client.send("OPTIONS", url(path));
        QCOMPARE(options.status, 204);
        QCOMPARE(options.header("Allow"), allow);
    }

    void cancelWhileWaitingThenConflictOnceRouted()
    {
        const QString waiting = submitted(restingLimitOrder());
        QVERIFY(!waiting.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_client, *m_backend, waiting),
                                  QStringLiteral("waiting"), WaitMs);

        HttpResult result = m_client.send("DELETE", url(QStringLiteral("/api/orders/") + waiting));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value(QStringLiteral("id")).toString(), waiting);
        QCOMPARE(result.json.value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
        QCOMPARE(statusOf(m_client, *m_backend, waiting), QStringLiteral("cancelled"));

        const QString market = submitted(marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_client, *m_backend, market),
                                  QStringLiteral("confirmed"), WaitMs);
        result = m_client.send("DELETE", url(QStringLiteral("/api/orders/") + market));
        QCOMPARE(result.status, 409);
        QCOMPARE(result.errorCode(), QStringLiteral("cannot_cancel"));
        QCOMPARE(statusOf(m_client, *m_backend, market), QStringLiteral("confirmed"));
    }

    void payloadTooLarge()
    {
        const qint64 limit = ServerConfig().maxBodyBytes;
        auto padded = [](qint64 size) {
            QJsonObject order = marketOrder();
            order.insert(QStringLiteral("note"), QString());
            const qint64 base = QJsonDocument(order).toJson(QJsonDocument::Compact).size();
            order.insert(QStringLiteral("note"), QString(int(size - base), QLatin1Char('x')));
            const QByteArray body = QJsonDocument(order).toJson(QJsonDocument::Compact);
            Q_ASSERT(body.size() == size);
            return body;
        };

        HttpResult result =
            m_client.send("POST", url(QStringLiteral("/api/orders/execute")), padded(limit + 1),
                          {{"Content-Type", "application/json"}});
        QCOMPARE(result.status, 413);
        QCOMPARE(result.errorCode(), QStringLiteral("payload_too_large"));

        // Exactly the limit is still read.
        result = m_client.send("POST", url(QStringLiteral("/api/orders/execute")), padded(limit),
                               {{"Content-Type", "application/json"}});
        QVERIFY2(result.status != 413, result.body.constData());

        // A body far past the limit is refused while it is still arriving, not buffered whole.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_backend->server->port());
        QVERIFY(socket.waitForConnected(WaitMs));
        socket.write("POST /api/orders/execute HTTP/1.1\r\nHost: localhost\r\n"
                     "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n");
        socket.write(QByteArray(512 * 1024, 'x'));
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n{"), WaitMs);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        QVERIFY(answer.contains("payload_too_large"));
    }

    void unsupportedMediaType()
    {
        const QByteArray body = QJsonDocument(marketOrder()).toJson();
        HttpResult result = m_client.send("POST", url(QStringLiteral("/api/orders/execute")), body,
                                          {{"Content-Type", "text/plain"}});
        QCOMPARE(result.status, 415);
        QCOMPARE(result.errorCode(), QStringLiteral("unsupported_media_type"));
        result = m_client.send("POST", url(QStringLiteral("/api/orders/execute")), body,
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(result.status, 415);

        // A charset parameter is still JSON.
        result = m_client.send("POST", url(QStringLiteral("/api/orders/execute")), body,
                               {{"Content-Type", "application/json; charset=utf-8"}});
        QCOMPARE(result.status, 201);
    }

    void rateLimitedPerClient()
    {
        ServerConfig config = serverConfig();
        config.clientRequestsPerSecond = 1; // bursts of 2
        Backend backend(config);
        QList<HttpResult> results;
        for (int i = 0; i < 4; ++i)
            results.append(m_client.get(backend.http(QStringLiteral("/api/queue/metrics"))));
        QCOMPARE(results.at(0).status, 200);
        QCOMPARE(results.at(1).status, 200);
        const HttpResult &limited = results.at(3);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.errorCode(), QStringLiteral("rate_limited"));
        bool ok = false;
        const int retryAfter = limited.header("Retry-After").toInt(&ok);
        QVERIFY(ok);
        QVERIFY(retryAfter >= 1);
        // Unknown paths count too: a client cannot probe around the limit.
        QCOMPARE(m_client.get(backend.http(QStringLiteral("/nope"))).status, 429);
    }

    void unavailableWhenTheEngineStopped()
    {
        // Stopping the engine is the one backing-service outage this test can cause for real;
        // an SQLite file cannot be made to fail from outside while the engine holds it open.
        Backend backend;
        backend.engine->stop();
        HttpResult result =
            m_client.postJson(backend.http(QStringLiteral("/api/orders/execute")), marketOrder());
        QCOMPARE(result.status, 503);
        QVERIFY(!result.errorCode().isEmpty());
        // Reads cannot be answered either: 503, never a made-up empty list.
        result = m_client.get(backend.http(QStringLiteral("/api/orders")));
        QCOMPARE(result.status, 503);
        QCOMPARE(result.errorCode(), QStringLiteral("service_unavailable"));
        QCOMPARE(m_client.get(backend.http(QStringLiteral("/api/orders/x"))).status, 503);

        result = m_client.get(
            backend.http(QStringLiteral("/api/quotes?tokenIn=SOL&tokenOut=USDC&amount=1")));
        QCOMPARE(result.status, 503);
    }

    void listPagesNewestFirstAndFilters()
    {
        Backend backend;
        QStringList ids; // oldest first
        for (int i = 0; i < 5; ++i) {
            const HttpResult result = m_client.postJson(
                backend.http(QStringLiteral("/api/orders/execute")), restingLimitOrder());
            QCOMPARE(result.status, 201);
            ids.append(result.json.value(QStringLiteral("orderId")).toString());
        }
        const HttpResult market =
            m_client.postJson(backend.http(QStringLiteral("/api/orders/execute")), marketOrder());
        const QString marketId = market.json.value(QStringLiteral("orderId")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_client, backend, marketId),
                                  QStringLiteral("confirmed"), WaitMs);

        auto idsOf = [](const HttpResult &result) {
            QStringList list;
            for (const QJsonValue &order : result.json.value(QStringLiteral("orders")).toArray())
                list.append(order.toObject().value(QStringLiteral("id")).toString());
            return list;
        };

        HttpResult page =
            m_client.get(backend.http(QStringLiteral("/api/orders?status=waiting&limit=2")));
        QCOMPARE(page.status, 200);
        QCOMPARE(idsOf(page), (QStringList{ids[4], ids[3]}));
        QCOMPARE(page.json.value(QStringLiteral("nextBefore")).toString(), ids[3]);

        page = m_client.get(
            backend.http(QStringLiteral("/api/orders?status=waiting&limit=2&before=") + ids[3]));
        QCOMPARE(idsOf(page), (QStringList{ids[2], ids[1]}));
        page = m_client.get(
            backend.http(QStringLiteral("/api/orders?status=waiting&limit=2&before=") + ids[1]));
        QCOMPARE(idsOf(page), (QStringList{ids[0]}));
        QVERIFY(page.json.value(QStringLiteral("nextBefore")).isNull());

        page = m_client.get(backend.http(QStringLiteral("/api/orders?status=confirmed")));
        QCOMPARE(idsOf(page), QStringList{marketId});

        page = m_client.get(backend.http(QStringLiteral("/api/orders")));
        QCOMPARE(idsOf(page).size(), 6);
        QCOMPARE(idsOf(page).first(), marketId);

        // An ISO time as the cursor: orders created before it.
        const QString createdAt =
            m_client.get(backend.http(QStringLiteral("/api/orders/") + ids[2]))
                .json.value(QStringLiteral("createdAt"))
                .toString();
        page = m_client.get(backend.http(QStringLiteral("/api/orders?before=") +
                                         QString::fromLatin1(QUrl::toPercentEncoding(createdAt))));
        QCOMPARE(page.status, 200);
        const QStringList older = idsOf(page);
        QVERIFY(!older.contains(ids[2]) && !older.contains(ids[3]) && !older.contains(marketId));
    }

    void historyHasEveryTransition()
    {
        const QString id = submitted(marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_client, *m_backend, id), QStringLiteral("confirmed"),
                                  WaitMs);

        const HttpResult result =
            m_client.get(url(QStringLiteral("/api/orders/") + id + QStringLiteral("/history")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value(QStringLiteral("orderId")).toString(), id);
        const QJsonArray history = result.json.value(QStringLiteral("history")).toArray();
        QStringList statuses;
        for (int i = 0; i < history.size(); ++i) {
            const QJsonObject event = history.at(i).toObject();
            statuses.append(event.value(QStringLiteral("status")).toString());
            QCOMPARE(event.value(QStringLiteral("seq")).toInteger(), qint64(i + 1));
            QVERIFY(!event.value(QStringLiteral("ts")).toString().isEmpty());
        }
        QCOMPARE(statuses,
                 (QStringList{"pending", "routing", "building", "submitted", "confirmed"}));
        QVERIFY(history.at(2).toObject().contains(QStringLiteral("route")));
        QVERIFY(history.at(3).toObject().contains(QStringLiteral("signature")));
        QVERIFY(result.json.value(QStringLiteral("failures")).toArray().isEmpty());

        // Every failed attempt's reason, when attempts fail.
        Backend backend(serverConfig(), failingEngine(QStringLiteral("failing")));
        const QString failed = submitAndFail(backend);
        if (QTest::currentTestFailed())
            return;
        const HttpResult failedHistory = m_client.get(
            backend.http(QStringLiteral("/api/orders/") + failed + QStringLiteral("/history")));
        const QJsonArray failures = failedHistory.json.value(QStringLiteral("failures")).toArray();
        QCOMPARE(failures.size(), 2);
        for (const QJsonValue &failure : failures)
            QVERIFY(!failure.toObject().value(QStringLiteral("code")).toString().isEmpty());
        QCOMPARE(failedHistory.json.value(QStringLiteral("history"))
                     .toArray()
                     .last()
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("failed"));
    }

    void quotesShowBothVenuesAndTheWinner()
    {
        const HttpResult result =
            m_client.get(url(QStringLiteral("/api/quotes?tokenIn=SOL&tokenOut=USDC&amount=1.5")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.contentType, QByteArray("application/json"));
        const QJsonArray quotes = result.json.value(QStringLiteral("quotes")).toArray();
        QCOMPARE(quotes.size(), 2);
        QStringList venues;
        for (const QJsonValue &quote : quotes) {
            venues.append(quote.toObject().value(QStringLiteral("venue")).toString());
            QVERIFY(quote.toObject().value(QStringLiteral("available")).toBool());
        }
        venues.sort();
        QCOMPARE(venues, (QStringList{"meteora", "raydium"}));
        QVERIFY(venues.contains(result.json.value(QStringLiteral("best")).toString()));
        QVERIFY(!result.json.value(QStringLiteral("reason")).toString().isEmpty());

        // The aliases of the order fields work here too.
        QCOMPARE(
            m_client
                .get(url(QStringLiteral("/api/quotes?inputToken=USDC&outputToken=SOL&amountIn=10")))
                .status,
            200);
        // The quote is answered asynchronously; the server keeps serving meanwhile.
        QCOMPARE(m_client.get(url(QStringLiteral("/health"))).status, 200);
    }

    void quotesListEveryCandidateRoute()
    {
        // BONK for USDC: each venue, the split, and two hops through SOL and USDT, each with its
        // output, fee and impact; exactly one of them wins.
        const HttpResult result = m_client.get(
            url(QStringLiteral("/api/quotes?tokenIn=BONK&tokenOut=USDC&amount=50000000")));
        QCOMPARE(result.status, 200);
        const QJsonArray candidates = result.json.value(QStringLiteral("candidates")).toArray();
        QStringList paths;
        int winners = 0;
        for (const QJsonValue &value : candidates) {
            const QJsonObject candidate = value.toObject();
            paths << candidate.value(QStringLiteral("kind")).toString() + QLatin1Char(' ')
                         + candidate.value(QStringLiteral("path")).toString();
            winners += candidate.value(QStringLiteral("wins")).toBool();
            if (candidate.value(QStringLiteral("available")).toBool()) {
                QVERIFY(candidate.value(QStringLiteral("feeBps")).isString());
                QVERIFY(candidate.value(QStringLiteral("priceImpactBps")).isString());
                QVERIFY(!candidate.value(QStringLiteral("legs")).toArray().isEmpty());
            }
        }
        QVERIFY2(paths.contains(QStringLiteral("two-hop BONK→SOL→USDC")), qPrintable(paths.join(", ")));
        QVERIFY2(paths.contains(QStringLiteral("single BONK→USDC")), qPrintable(paths.join(", ")));
        QCOMPARE(winners, 1);
        QVERIFY(!result.json.value(QStringLiteral("route")).toObject().value(QStringLiteral("legs")).toArray().isEmpty());

        // ExactOut: the amount is the output wanted, and the winner delivers at least that.
        const HttpResult buy = m_client.get(
            url(QStringLiteral("/api/quotes?tokenIn=USDC&tokenOut=SOL&amount=2&swapMode=ExactOut")));
        QCOMPARE(buy.status, 200);
        const QJsonObject route = buy.json.value(QStringLiteral("route")).toObject();
        QCOMPARE(route.value(QStringLiteral("swapMode")).toString(), QStringLiteral("ExactOut"));
        QVERIFY(*Decimal::parse(route.value(QStringLiteral("amountOut")).toString(), 9)
                >= *Decimal::parse(QStringLiteral("2"), 9));
        QVERIFY(route.contains(QStringLiteral("maxAmountIn")));

        // 1e12 SOL: every route is past the guard; the answer says so and names the code.
        const HttpResult huge = m_client.get(
            url(QStringLiteral("/api/quotes?tokenIn=SOL&tokenOut=USDC&amount=1000000000000")));
        QCOMPARE(huge.status, 200);
        QCOMPARE(huge.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("price_impact_too_high"));
        // ... and still shows every candidate with the impact that got it refused.
        const QJsonArray refused = huge.json.value(QStringLiteral("candidates")).toArray();
        QVERIFY(!refused.isEmpty());
        for (const QJsonValue &value : refused) {
            const QJsonObject candidate = value.toObject();
            QVERIFY(!candidate.value(QStringLiteral("wins")).toBool());
            if (candidate.value(QStringLiteral("available")).toBool())
                QVERIFY(candidate.value(QStringLiteral("refused")).toBool());
        }
    }

    void quoteOutlivesItsClient()
    {
        // Venue latency on, so the quote is still running when the client hangs up.
        EngineConfig slow = engineConfig(m_backend->m_dir.path() + QStringLiteral("/slow-quotes"));
        slow.latencyScale = 1;
        Backend backend(serverConfig(), slow);

        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, backend.server->port());
        QVERIFY(socket.waitForConnected(WaitMs));
        socket.write("GET /api/quotes?tokenIn=SOL&tokenOut=USDC&amount=1 HTTP/1.1\r\nHost: "
                     "localhost\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(static_cast<LocalMarket &>(backend.engine->market()).simulator().venueCallsInFlight() > 0, WaitMs);
        socket.abort();
        QTRY_COMPARE_WITH_TIMEOUT(static_cast<LocalMarket &>(backend.engine->market()).simulator().venueCallsInFlight(), 0, WaitMs);

        // The late answer found no connection and was dropped; the server goes on.
        QCOMPARE(m_client.get(backend.http(QStringLiteral("/health"))).status, 200);
        QCOMPARE(
            m_client
                .get(backend.http(QStringLiteral("/api/quotes?tokenIn=SOL&tokenOut=USDC&amount=1")))
                .status,
            200);
    }

    void walletShowsBalancesAndRefusesWhatItCannotCover()
    {
        const HttpResult before = m_client.get(url(QStringLiteral("/api/wallet")));
        QCOMPARE(before.status, 200);
        QCOMPARE(before.contentType, QByteArray("application/json"));
        QJsonObject sol;
        for (const QJsonValue &line : before.json.value(QStringLiteral("balances")).toArray()) {
            if (line.toObject().value(QStringLiteral("token")).toString() == QLatin1String("SOL"))
                sol = line.toObject();
        }
        QVERIFY2(!sol.isEmpty(), before.body.constData());
        for (const char *key : {"total", "reserved", "available", "price", "valueUsdc"})
            QVERIFY2(sol.value(QLatin1String(key)).isString(), key);
        const QJsonObject totals = before.json.value(QStringLiteral("totals")).toObject();
        for (const char *key : {"valueUsdc", "costUsdc", "realisedPnlUsdc", "unrealisedPnlUsdc", "pnlUsdc"})
            QVERIFY2(totals.value(QLatin1String(key)).isString(), key);
        QVERIFY(before.json.value(QStringLiteral("reservations")).isArray());

        // More SOL than the wallet holds: 400 naming the amount, and no order stored.
        const int orders = m_client.get(url(QStringLiteral("/api/orders?limit=500")))
                               .json.value(QStringLiteral("orders")).toArray().size();
        const QString tooMuch = QString::number(sol.value(QStringLiteral("total")).toString().toDouble() * 2, 'f', 0);
        const HttpResult refused = m_client.postJson(
            url(QStringLiteral("/api/orders/execute")),
            QJsonObject{{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                        {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                        {QStringLiteral("amount"), tooMuch}});
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.errorCode(), QStringLiteral("insufficient_funds"));
        QCOMPARE(refused.errorField(), QStringLiteral("amount"));
        QCOMPARE(m_client.get(url(QStringLiteral("/api/orders?limit=500")))
                     .json.value(QStringLiteral("orders")).toArray().size(),
                 orders);
    }

    void queueMetrics()
    {
        // Earlier tests confirmed orders; the store's count of them is read in the background.
        HttpResult result;
        QTRY_VERIFY((result = m_client.get(url(QStringLiteral("/api/queue/metrics"))))
                        .json.value(QStringLiteral("completed"))
                        .toInt()
                    >= 1);
        QCOMPARE(result.status, 200);
        for (const char *key : {"waiting", "active", "delayed", "completed", "failed", "cancelled",
                                "expired", "workers", "workersBusy"}) {
            QVERIFY2(result.json.value(QLatin1String(key)).isDouble(), key);
        }
        QCOMPARE(result.json.value(QStringLiteral("workers")).toInt(), 10);
        const QJsonObject rate = result.json.value(QStringLiteral("rateLimit")).toObject();
        QVERIFY(rate.value(QStringLiteral("limit")).isDouble());
        QCOMPARE(rate.value(QStringLiteral("windowSeconds")).toDouble(), 60.0);
        QVERIFY(rate.value(QStringLiteral("used")).isDouble());
        // How old the figures are: read about once a second.
        const QJsonObject age = result.json.value(QStringLiteral("figuresMsAgo")).toObject();
        QVERIFY(age.value(QStringLiteral("queue")).toDouble(-1) >= 0);
        QVERIFY(age.value(QStringLiteral("orders")).toDouble(-1) >= 0);
    }

    // An engine that cannot read its backends (here: stopped) answers from what it has: the
    // figures it lacks are refused with 503, never made up, and nothing waits for a backend.
    void figuresNobodyReadAreRefused()
    {
        Backend backend;
        backend.engine->stop();

        HttpResult result = m_client.get(backend.http(QStringLiteral("/api/queue/metrics")));
        QCOMPARE(result.status, 503);
        QCOMPARE(result.errorCode(), QStringLiteral("service_unavailable"));
        const QString message = result.errorObject().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QLatin1String("queue")), qPrintable(message));
        QVERIFY2(!message.contains(backend.m_dir.path()), qPrintable(message)); // no internals

        result = m_client.get(backend.http(QStringLiteral("/health")));
        QCOMPARE(result.status, 503);
        QCOMPARE(result.json.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
        const QJsonObject queue = result.json.value(QStringLiteral("components"))
                                      .toObject()
                                      .value(QStringLiteral("queue"))
                                      .toObject();
        QCOMPARE(queue.value(QStringLiteral("state")).toString(), QStringLiteral("down"));
        QCOMPARE(queue.value(QStringLiteral("backend")).toString(), QStringLiteral("in-process"));

        // Prometheus gets what is known, and which component is down; no invented counts.
        result = m_client.get(backend.http(QStringLiteral("/metrics")));
        QCOMPARE(result.status, 200);
        QVERIFY(result.body.contains("orderdesk_component_up{component=\"queue\"} 0\n"));
        QVERIFY(result.body.contains("orderdesk_workers 10\n"));
        QVERIFY(!result.body.contains("orderdesk_orders{"));
        QVERIFY(!result.body.contains("orderdesk_queue_jobs{"));
    }

    void health()
    {
        WsClient ws;
        ws.open(m_backend->ws(QStringLiteral("/ws")));
        QVERIFY(ws.waitConnected());
        QTRY_COMPARE(m_backend->server->webSocketClientCount(), 1);

        const HttpResult result = m_client.get(url(QStringLiteral("/health")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        const QJsonObject components = result.json.value(QStringLiteral("components")).toObject();
        for (const char *name : {"queue", "database", "market", "websocket"}) {
            QCOMPARE(components.value(QLatin1String(name))
                         .toObject()
                         .value(QStringLiteral("state"))
                         .toString(),
                     QStringLiteral("up"));
        }
        // Read from the engine's last background check, which says how old it is.
        const QJsonValue checked =
            components.value(QStringLiteral("database")).toObject().value(QStringLiteral("checkedMsAgo"));
        QVERIFY(checked.isDouble() && checked.toDouble() >= 0);
        // The kind of backend, never where it is (a health answer is public).
        QCOMPARE(components.value(QStringLiteral("database")).toObject().value(QStringLiteral("backend")).toString(),
                 QStringLiteral("sqlite"));
        QVERIFY2(!result.body.contains(m_backend->m_dir.path().toUtf8()), result.body.constData());
        QCOMPARE(components.value(QStringLiteral("websocket"))
                     .toObject()
                     .value(QStringLiteral("clients"))
                     .toInt(),
                 1);

        ws.socket.close();
        QTRY_COMPARE(m_backend->server->webSocketClientCount(), 0);
    }

    void prometheusMetrics()
    {
        m_client.get(url(QStringLiteral("/health")));
        QCOMPARE(m_client.get(url(QStringLiteral("/no-such-thing"))).status, 404);
        const QString id = submitted(marketOrder());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_client, *m_backend, id), QStringLiteral("confirmed"),
                                  WaitMs);
        HttpResult result;
        PrometheusText metrics;
        // The store-wide counts are the engine's background reading, a second behind at most.
        QTRY_VERIFY_WITH_TIMEOUT(
            (result = m_client.get(url(QStringLiteral("/metrics"))), metrics = PrometheusText(),
             metrics.parse(result.body)
                 && metrics.value("orderdesk_orders{status=\"confirmed\"}") >= 1),
            WaitMs);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        // Prometheus's own linter, when scripts/test.sh could fetch it.
        if (const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
            !promtool.isEmpty()) {
            QProcess lint;
            lint.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
            lint.write(result.body);
            lint.closeWriteChannel();
            QVERIFY(lint.waitForFinished(WaitMs));
            const QByteArray said = lint.readAllStandardOutput() + lint.readAllStandardError();
            QVERIFY2(lint.exitCode() == 0 && said.trimmed().isEmpty(), said.constData());
        } else {
            qInfo("promtool not on the PATH: /metrics not linted");
        }

        // Every metric docs/METRICS.md documents, after a few orders.
        QFile documentation(QStringLiteral(ORDERDESK_SOURCE_DIR "/docs/METRICS.md"));
        QVERIFY(documentation.open(QIODevice::ReadOnly | QIODevice::Text));
        static const QRegularExpression documented(
            QStringLiteral("^\\| `((?:orderdesk|process)_[a-z_]+)`"),
            QRegularExpression::MultilineOption);
        QStringList names;
        for (auto it = documented.globalMatch(QString::fromUtf8(documentation.readAll()));
             it.hasNext();) {
            names << it.next().captured(1);
        }
        QVERIFY2(names.size() >= 25, qPrintable(names.join(QLatin1Char(' '))));
        for (const QString &name : std::as_const(names))
            QVERIFY2(metrics.types.contains(name.toUtf8()), qPrintable(name));
        // ...and nothing undocumented.
        for (auto it = metrics.types.cbegin(); it != metrics.types.cend(); ++it)
            QVERIFY2(names.contains(QString::fromUtf8(it.key())), it.key().constData());
        // The dashboard queries only metrics there are.
        QFile dashboard(QStringLiteral(ORDERDESK_SOURCE_DIR "/docs/grafana/orderdesk.json"));
        QVERIFY(dashboard.open(QIODevice::ReadOnly));
        static const QRegularExpression queried(
            QStringLiteral("\\b((?:orderdesk|process)_[a-z_]+?)(?:_bucket|_sum|_count)?\\b"));
        int queries = 0;
        for (auto it = queried.globalMatch(QString::fromUtf8(dashboard.readAll())); it.hasNext();) {
            const QString name = it.next().captured(1);
            QVERIFY2(names.contains(name), qPrintable(name));
            ++queries;
        }
        QVERIFY(queries >= 20);

        QVERIFY(metrics.value("orderdesk_http_requests_total{code=\"200\"}") >= 1);
        QVERIFY(metrics.value("orderdesk_http_requests_total{code=\"404\"}") >= 1);
        QVERIFY(metrics.value("orderdesk_orders{status=\"confirmed\"}") >= 1);
        QVERIFY(metrics.samples.contains("orderdesk_queue_jobs{state=\"waiting\"}"));
        // This node's own outcomes, and each component's state from its last background check.
        QVERIFY(metrics.value("orderdesk_node_orders_total{status=\"confirmed\"}") >= 1);
        for (const char *component : {"queue", "database", "market"}) {
            const QByteArray labels = QByteArray("{component=\"") + component + "\"}";
            QCOMPARE(metrics.value("orderdesk_component_up" + labels), 1.0);
            QVERIFY(metrics.samples.contains("orderdesk_component_check_age_seconds" + labels));
        }

        // The latencies of what just happened.
        QVERIFY(metrics.value("orderdesk_order_submit_response_seconds_count") >= 1);
        QVERIFY(metrics.value("orderdesk_order_status_latency_seconds_count{status=\"confirmed\"}")
                >= 1);
        QVERIFY(metrics.value("orderdesk_order_status_latency_seconds_count{status=\"routing\"}")
                >= 1);
        QVERIFY(metrics.value("orderdesk_market_quote_duration_seconds_count{venue=\"raydium\"}")
                >= 1);
        QVERIFY(metrics.value("orderdesk_market_send_duration_seconds_count") >= 1);
        QCOMPARE(metrics.value("orderdesk_build_info{version=\"" ORDERDESK_VERSION "\",commit=\""
                               ORDERDESK_COMMIT "\"}"),
                 1.0);
        QVERIFY(metrics.value("process_resident_memory_bytes") > 0);
        QVERIFY(metrics.value("process_open_fds") > 0);

        // Failures by error code, and retries, from an engine whose every submission fails.
        Backend backend(serverConfig(), failingEngine(QStringLiteral("metrics-failing")));
        submitAndFail(backend);
        if (QTest::currentTestFailed())
            return;
        PrometheusText after;
        QVERIFY(after.parse(m_client.get(backend.http(QStringLiteral("/metrics"))).body));
        double failures = 0;
        double attempts = 0;
        for (auto it = after.samples.cbegin(); it != after.samples.cend(); ++it) {
            if (it.key().startsWith("orderdesk_order_failures_total{code=\""))
                failures += it.value();
            if (it.key().startsWith("orderdesk_order_attempt_failures_total{code=\""))
                attempts += it.value();
        }
        QVERIFY(failures >= 1);
        QVERIFY(attempts >= 2);
        QVERIFY(after.value("orderdesk_order_retries_total") >= 1);
    }

    void simEndpointsOnlyWithSimControl()
    {
        const QJsonObject launch{{QStringLiteral("symbol"), QStringLiteral("PEPE")}};
        HttpResult result = m_client.postJson(url(QStringLiteral("/api/sim/launch")), launch);
        QCOMPARE(result.status, 404);
        QCOMPARE(result.errorCode(), QStringLiteral("not_found"));
        result = m_client.postJson(url(QStringLiteral("/api/sim/price")), {});
        QCOMPARE(result.status, 404);

        ServerConfig config = serverConfig();
        config.simControl = true;
        Backend backend(config);
        result = m_client.postJson(backend.http(QStringLiteral("/api/sim/launch")), launch);
        QCOMPARE(result.status, 201);
        QCOMPARE(result.json.value(QStringLiteral("token"))
                     .toObject()
                     .value(QStringLiteral("symbol"))
                     .toString(),
                 QStringLiteral("PEPE"));
        // The launched token can be quoted right away.
        result = m_client.get(
            backend.http(QStringLiteral("/api/quotes?tokenIn=USDC&tokenOut=PEPE&amount=10")));
        QCOMPARE(result.status, 200);
        // Launching it again creates nothing.
        QCOMPARE(m_client.postJson(backend.http(QStringLiteral("/api/sim/launch")), launch).status,
                 409);

        const QJsonObject price{{QStringLiteral("venue"), QStringLiteral("raydium")},
                                {QStringLiteral("base"), QStringLiteral("SOL")},
                                {QStringLiteral("quote"), QStringLiteral("USDC")},
                                {QStringLiteral("price"), QStringLiteral("123.5")}};
        result = m_client.postJson(backend.http(QStringLiteral("/api/sim/price")), price);
        QCOMPARE(result.status, 200);
        QVERIFY2(result.json.value(QStringLiteral("price"))
                     .toString()
                     .startsWith(QStringLiteral("123.")),
                 result.body.constData());

        QJsonObject badVenue = price;
        badVenue.insert(QStringLiteral("venue"), QStringLiteral("orca"));
        result = m_client.postJson(backend.http(QStringLiteral("/api/sim/price")), badVenue);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.errorField(), QStringLiteral("venue"));
    }

    // A browser front end on another origin (--cors-origin): its preflight is answered and every
    // answer, errors too, lets the page read it.
    void corsForABrowserFrontEnd()
    {
        ServerConfig config = serverConfig();
        config.corsOrigin = QStringLiteral("http://localhost:5173");
        Backend backend(config);
        const QList<QPair<QByteArray, QByteArray>> origin{{"Origin", "http://localhost:5173"}};
        const HttpResult preflight =
            m_client.send("OPTIONS", backend.http(QStringLiteral("/api/orders/execute")), {},
                          {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "POST"},
                           {"Access-Control-Request-Headers", "content-type,authorization"}});
        QCOMPARE(preflight.status, 204);
        QCOMPARE(preflight.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:5173"));
        QVERIFY(preflight.header("Access-Control-Allow-Methods").contains("POST"));
        QVERIFY(preflight.header("Access-Control-Allow-Headers").toLower().contains("authorization"));

        const HttpResult submitted = m_client.postJson(backend.http(QStringLiteral("/api/orders/execute")),
                                                       marketOrder(), origin);
        QCOMPARE(submitted.status, 201);
        QCOMPARE(submitted.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:5173"));
        QVERIFY(submitted.header("Access-Control-Expose-Headers").contains("Location"));
        const HttpResult missing = m_client.send("GET", backend.http(QStringLiteral("/api/orders/nope")), {}, origin);
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:5173"));

        // Without the option nothing is allowed.
        QVERIFY(m_client.get(url(QStringLiteral("/health"))).header("Access-Control-Allow-Origin").isEmpty());
    }

    void indexNamesTheApiAndItsDocumentation()
    {
        const HttpResult index = m_client.get(url(QStringLiteral("/")));
        QCOMPARE(index.status, 200);
        QCOMPARE(index.json.value(QStringLiteral("documentation")).toObject().value(QStringLiteral("openapi")).toString(),
                 QStringLiteral("/api/openapi.json"));
        QCOMPARE(m_client.get(url(QStringLiteral("/api/queue/stats"))).status, 200);
    }

    void headAndUpgradeOnlyPaths()
    {
        const HttpResult head = m_client.send("HEAD", url(QStringLiteral("/health")));
        QCOMPARE(head.status, 200);
        QVERIFY(head.body.isEmpty());
        QCOMPARE(head.contentType, QByteArray("application/json"));

        // WebSocket-only paths tell a plain GET how to connect.
        for (const QString &path : {QStringLiteral("/ws"), QStringLiteral("/api/orders/execute")}) {
            const HttpResult result = m_client.get(url(path));
            QCOMPARE(result.status, 426);
            QCOMPARE(result.errorCode(), QStringLiteral("upgrade_required"));
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_http_api.moc"
