// "Executed at most once, never lost" under real faults: SIGKILL of nodes mid-submission, a
// PostgreSQL outage, a Redis outage and wipe, a node frozen past its leases, and a second
// process on an embedded store. Every check counts executions in the market's ledger.
//
// The test runs its own Redis, PostgreSQL and orderdesk-market (it stops and restarts them), so
// it needs nothing from scripts/test.sh but the installed servers.
#include "FaultHarness.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QUuid>
#include <QWebSocket>

#include <algorithm>

using namespace OrderDesk::FaultHarness;

class TestFaults : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    PrivateRedis m_redis;
    PrivatePostgres m_postgres;
    std::unique_ptr<ServiceProcess> m_market;
    Http m_http;
    QString m_auditMarket; // the market the next audit counts in, when not the shared one
    static constexpr qint64 LeaseMs = 3000; // the engine's default

    QStringList nodeArguments(const QString &schema, const QString &prefixDir,
                              const QString &market = {}) const
    {
        return {QStringLiteral("--no-gui"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                QStringLiteral("--redis"), m_redis.url(), QStringLiteral("--database"), m_postgres.url(schema),
                QStringLiteral("--market"), market.isEmpty() ? m_market->url() : market,
                QStringLiteral("--data-dir"), prefixDir,
                QStringLiteral("--workers"), QStringLiteral("4"),
                QStringLiteral("--rate-limit"), QStringLiteral("0"),
                QStringLiteral("--client-rate-limit"), QStringLiteral("0"), // the audit asks a lot
                QStringLiteral("--backoff-ms"), QStringLiteral("100"), QStringLiteral("--max-attempts"), QStringLiteral("5")};
    }

    std::vector<std::unique_ptr<ServiceProcess>> startNodes(int count, const QString &schema,
                                                            const QString &market = {})
    {
        std::vector<std::unique_ptr<ServiceProcess>> nodes;
        for (int i = 0; i < count; ++i) {
            nodes.push_back(std::make_unique<ServiceProcess>(
                QStringLiteral(ORDERDESK_BINARY),
                nodeArguments(schema, m_dir.filePath(schema + QString::number(i)), market)));
            if (!nodes.back()->start())
                qFatal("node %d did not start", i);
        }
        return nodes;
    }

    // Submits to `node`; the id when it was accepted (201), empty otherwise.
    QString submit(const QString &node)
    {
        const HttpReply reply = m_http.post(node + QStringLiteral("/api/orders/execute"), marketOrder());
        return reply.status == 201 ? reply.body.value(QStringLiteral("orderId")).toString() : QString();
    }

    void expectNoDefects(const QString &node, const QStringList &ids, const char *fault)
    {
        QElapsedTimer waited;
        waited.start();
        while (!allTerminal(m_http, node, ids) && waited.elapsed() < 120000)
            QTest::qWait(250);
        for (const QString &id : ids) {
            const HttpReply reply = m_http.get(node + QStringLiteral("/api/orders/") + id);
            if (!isTerminalStatus(reply.body.value(QStringLiteral("status")).toString())) {
                const QJsonArray history = m_http.get(node + QStringLiteral("/api/orders/") + id + QStringLiteral("/history"))
                                               .body.value(QStringLiteral("history")).toArray();
                qWarning().noquote() << "unfinished:" << id << reply.status
                                     << QJsonDocument(history).toJson(QJsonDocument::Compact).left(1500);
            }
        }
        QVERIFY2(allTerminal(m_http, node, ids), "accepted orders did not all finish within 120 s");
        const Audit result = audit(m_http, node, m_auditMarket.isEmpty() ? m_market->url() : m_auditMarket, ids);
        m_auditMarket.clear();
        qInfo().noquote() << fault << ':' << result.summary();
        for (const QString &problem : result.problems)
            qWarning().noquote() << problem;
        QVERIFY(result.accepted > 0);
        QCOMPARE(result.defects(), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("redis"))));
        QVERIFY2(m_redis.start(m_dir.filePath(QStringLiteral("redis"))), "redis-server did not start");
        QVERIFY2(m_postgres.start(m_dir.path()), "postgresql did not start");
        // Submissions take 0.4–0.6 s and blocks 80 ms: long enough to be caught mid-flight.
        m_market = std::make_unique<ServiceProcess>(
            QStringLiteral(ORDERDESK_MARKET_BINARY),
            QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"),
                        m_dir.filePath(QStringLiteral("market")), QStringLiteral("--latency-scale"),
                        QStringLiteral("0.2"), QStringLiteral("--dex-failure-rate"), QStringLiteral("0"),
                        QStringLiteral("--seed"), QStringLiteral("7")});
        QVERIFY2(m_market->start(), "orderdesk-market did not start");
    }

    void secondProcessOnEmbeddedStoreExits()
    {
        const QString dataDir = m_dir.filePath(QStringLiteral("embedded"));
        const QStringList arguments{QStringLiteral("--no-gui"), QStringLiteral("--listen"),
                                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"), dataDir};
        ServiceProcess first(QStringLiteral(ORDERDESK_BINARY), arguments);
        QVERIFY(first.start());
        ServiceProcess second(QStringLiteral(ORDERDESK_BINARY), arguments);
        QVERIFY(!second.start());
        QVERIFY(second.process().state() == QProcess::NotRunning || second.process().waitForFinished(30000));
        QCOMPARE(second.process().exitCode(), 1);
        const QString log = second.log();
        QVERIFY2(log.contains(QStringLiteral("pid %1").arg(first.process().processId())), qPrintable(log));
        QVERIFY(first.terminate());
        // Once the first is gone the store is free again.
        ServiceProcess third(QStringLiteral(ORDERDESK_BINARY), arguments);
        QVERIFY(third.start());
        QVERIFY(third.terminate());
    }

    void sigkillOfNodesMidSubmission()
    {
        // A market that drops one transaction in ten: kills also land while attempts wait for
        // their blockhash to expire (150 blocks of 80 ms) and on orders about to be retried.
        ServiceProcess market(QStringLiteral(ORDERDESK_MARKET_BINARY),
                              {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"),
                               m_dir.filePath(QStringLiteral("market-drops")), QStringLiteral("--latency-scale"),
                               QStringLiteral("0.2"), QStringLiteral("--dex-failure-rate"), QStringLiteral("0.1"),
                               QStringLiteral("--seed"), QStringLiteral("8")});
        QVERIFY(market.start());
        m_auditMarket = market.url();
        auto nodes = startNodes(3, QStringLiteral("kill"), market.url());
        QRandomGenerator random(42);
        QStringList ids;
        struct Kill
        {
            QDateTime at;
            QStringList inFlight;
        };
        QList<Kill> kills;
        constexpr int Rounds = 20;
        for (int round = 0; round < Rounds; ++round) {
            for (int i = 0; i < 9; ++i) {
                const QString id = submit(nodes[std::size_t(i % 3)]->url());
                QVERIFY2(!id.isEmpty(), "a live node refused an order");
                ids << id;
            }
            // The fault lands at a random point of the orders' lives.
            QTest::qWait(100 + int(random.bounded(500)));
            ServiceProcess &victim = *nodes[std::size_t(round % 3)];
            const QString witness = nodes[std::size_t((round + 1) % 3)]->url();
            Kill kill;
            // The victim's orders in flight: the leases it holds (its node id names its pid).
            const QString victimOwner = QStringLiteral("-%1-").arg(victim.process().processId());
            for (const QJsonValue &value :
                 m_http.get(witness + QStringLiteral("/api/orders?limit=500")).body.value(QStringLiteral("orders")).toArray()) {
                const QJsonObject order = value.toObject();
                const QString status = order.value(QStringLiteral("status")).toString();
                const QString owner = order.value(QStringLiteral("lease")).toObject().value(QStringLiteral("owner")).toString();
                if ((status == QLatin1String("routing") || status == QLatin1String("building")
                     || status == QLatin1String("submitted"))
                    && owner.contains(victimOwner)) {
                    kill.inFlight << order.value(QStringLiteral("orderId")).toString();
                }
            }
            kill.at = QDateTime::currentDateTimeUtc(); // UTC, as the nodes' log lines
            victim.kill();
            QVERIFY(victim.start());
            kills << kill;
        }
        const QString node = nodes.front()->url();
        expectNoDefects(node, ids, "SIGKILL x20");

        // Resumption: when a sweeper took over each order the killed node had in flight (its
        // lease had up to 3 s to run at the kill). The nodes log every takeover.
        QString logs;
        for (const auto &n : nodes)
            logs += n->log();
        QList<qint64> delays;
        static const QRegularExpression takeover(
            QStringLiteral("^(\\S+) info orderdesk\\.engine: taking over order (\\S+)"), QRegularExpression::MultilineOption);
        QMultiHash<QString, QDateTime> takenOver;
        for (auto it = takeover.globalMatch(logs); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            takenOver.insert(match.captured(2), QDateTime::fromString(match.captured(1), Qt::ISODateWithMs));
        }
        int notTakenOver = 0;
        for (const Kill &kill : kills) {
            for (const QString &id : kill.inFlight) {
                std::optional<qint64> first;
                for (const QDateTime &at : takenOver.values(id)) {
                    if (at >= kill.at && (!first || kill.at.msecsTo(at) < *first))
                        first = kill.at.msecsTo(at);
                }
                if (first)
                    delays << *first;
                else
                    ++notTakenOver; // finished by the restarted node's recovery, or by a worker before the kill landed
            }
        }
        QVERIFY(!delays.isEmpty());
        std::sort(delays.begin(), delays.end());
        qInfo() << "orders the killed nodes had in flight:" << delays.size() + notTakenOver << "taken over:"
                << delays.size() << "after the kill: median" << delays.at(delays.size() / 2) << "ms, max"
                << delays.last() << "ms (lease" << LeaseMs << "ms)";
        // An orphan resumes within 5 s of its lease's expiry, which is at most LeaseMs after the kill.
        QVERIFY2(delays.last() <= LeaseMs + 5000, qPrintable(QString::number(delays.last())));
    }

    void postgresOutageUnderLoad()
    {
        auto nodes = startNodes(2, QStringLiteral("pgdown"));
        QStringList ids;
        QElapsedTimer clock;
        clock.start();
        bool down = false;
        bool restarted = false;
        int refused = 0;
        for (int i = 0; clock.elapsed() < 18000; ++i) {
            if (!down && clock.elapsed() > 4000) {
                QVERIFY(m_postgres.stopServer()); // for 10 s, under load
                down = true;
            }
            if (down && !restarted && clock.elapsed() > 14000) {
                QVERIFY(m_postgres.startServer());
                restarted = true;
            }
            const QString id = submit(nodes[std::size_t(i % 2)]->url());
            if (id.isEmpty())
                ++refused; // 503 while the database is down: nothing was accepted
            else
                ids << id;
            QTest::qWait(40);
        }
        qInfo() << "refused while PostgreSQL was down:" << refused;
        QVERIFY(refused > 0);
        expectNoDefects(nodes.front()->url(), ids, "PostgreSQL stopped 10 s");
    }

    // SPEC §4: nothing read is made up. With the database stopped, reads of an order that exists
    // answer 503 (not 404, not an empty list, not zeros), and no answer names the database's
    // address or repeats what the driver said.
    void readsAnswer503WhileTheDatabaseIsDown()
    {
        auto nodes = startNodes(1, QStringLiteral("honestreads"));
        const QString node = nodes.front()->url();
        const QString id = submit(node);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_http.get(node + QStringLiteral("/api/queue/metrics")).status == 200, 15000);

        QVERIFY(m_postgres.stopServer());
        const QString port = QString::number(QUrl(m_postgres.url(QStringLiteral("x"))).port());
        auto expectUnavailable = [&](const QString &path) {
            const HttpReply reply = m_http.get(node + path);
            const QString body = QString::fromUtf8(QJsonDocument(reply.body).toJson());
            if (reply.status != 503)
                qWarning().noquote() << path << reply.status << body;
            const QString code = reply.body.value(QStringLiteral("error")).toObject()
                                     .value(QStringLiteral("code")).toString();
            const bool honest = reply.status == 503 && code == QLatin1String("service_unavailable");
            const bool leaks = body.contains(port) || body.contains(QLatin1String("127.0.0.1")) ||
                               body.contains(QLatin1String("postgres"), Qt::CaseInsensitive) ||
                               body.contains(QLatin1String("QPSQL")) ||
                               body.contains(QLatin1String("server closed"), Qt::CaseInsensitive);
            if (leaks)
                qWarning().noquote() << path << "leaks:" << body;
            return honest && !leaks;
        };
        QVERIFY(expectUnavailable(QStringLiteral("/api/orders/") + id));
        QVERIFY(expectUnavailable(QStringLiteral("/api/orders/") + id + QStringLiteral("/history")));
        QVERIFY(expectUnavailable(QStringLiteral("/api/orders/") + id + QStringLiteral("/status")));
        QVERIFY(expectUnavailable(QStringLiteral("/api/orders")));
        // The figures come from a background reading: 503 once it is stale, never zeros.
        QTRY_VERIFY_WITH_TIMEOUT(expectUnavailable(QStringLiteral("/api/queue/metrics")), 20000);
        const HttpReply health = m_http.get(node + QStringLiteral("/health"));
        QCOMPARE(health.status, 503);
        QVERIFY(!QJsonDocument(health.body).toJson().contains(port.toUtf8()));
        // So does a cancel: nothing could be decided without the store.
        const HttpReply cancel = m_http.request("DELETE", node + QStringLiteral("/api/orders/") + id);
        QCOMPARE(cancel.status, 503);
        QVERIFY(!QJsonDocument(cancel.body).toJson().contains(port.toUtf8()));
        // A submission refused meanwhile says so plainly too.
        const HttpReply refused = m_http.post(node + QStringLiteral("/api/orders/execute"), marketOrder());
        QCOMPARE(refused.status, 503);
        QVERIFY(!QJsonDocument(refused.body).toJson().contains(port.toUtf8()));

        QVERIFY(m_postgres.startServer());
        QTRY_COMPARE_WITH_TIMEOUT(m_http.get(node + QStringLiteral("/api/orders/") + id).status, 200, 30000);
        QVERIFY(nodes.front()->terminate());
    }

    // A cancel racing the worker that takes the order ends one way only: cancelled (200) and never
    // executed, or refused (409) because routing began, and then executed at most once. Orders go
    // to one node and their cancels, sent the moment each 201 arrives, to either node, while both
    // nodes' workers take orders off the shared queue: the first orders of each batch are taken
    // as their cancels arrive, the later ones wait in the queue.
    void cancelRacingTheWorkers()
    {
        auto nodes = startNodes(2, QStringLiteral("cancelrace"));
        const QStringList urls{nodes[0]->url(), nodes[1]->url()};
        QNetworkAccessManager manager;
        const auto send = [&](const QByteArray &method, const QString &url, const QJsonObject &body) {
            QNetworkRequest request{QUrl(url)};
            request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            request.setTransferTimeout(30000);
            return manager.sendCustomRequest(request, method,
                                             body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
        };
        QStringList ids;
        QHash<QString, int> cancelAnswer; // order id → the DELETE's status
        int unanswered = 0;
        constexpr int Rounds = 10;
        constexpr int PerRound = 20;
        for (int round = 0; round < Rounds; ++round) {
            for (int i = 0; i < PerRound; ++i) {
                ++unanswered;
                QNetworkReply *submitted = send("POST", urls[0] + QStringLiteral("/api/orders/execute"), marketOrder());
                QObject::connect(submitted, &QNetworkReply::finished, submitted, [&, submitted, i] {
                    submitted->deleteLater();
                    const QString id = QJsonDocument::fromJson(submitted->readAll()).object()
                                           .value(QStringLiteral("orderId")).toString();
                    if (submitted->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 201 || id.isEmpty()) {
                        --unanswered; // counted below: every submission must be accepted
                        return;
                    }
                    ids << id;
                    QNetworkReply *cancelled = send("DELETE", urls[i % 2] + QStringLiteral("/api/orders/") + id, {});
                    QObject::connect(cancelled, &QNetworkReply::finished, cancelled, [&, cancelled, id] {
                        cancelled->deleteLater();
                        cancelAnswer.insert(id, cancelled->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
                        --unanswered;
                    });
                });
            }
            QTRY_VERIFY_WITH_TIMEOUT(unanswered == 0, 60000);
        }
        QCOMPARE(ids.size(), Rounds * PerRound);
        QCOMPARE(cancelAnswer.size(), ids.size());

        QTRY_VERIFY_WITH_TIMEOUT(allTerminal(m_http, urls[0], ids), 120000);
        const QHash<QString, QList<QJsonObject>> ledger = ledgerByOrder(m_http, m_market->url());
        int cancelled = 0;
        int refused = 0;
        for (const QString &id : std::as_const(ids)) {
            const QString status = m_http.get(urls[0] + QStringLiteral("/api/orders/") + id)
                                       .body.value(QStringLiteral("status")).toString();
            const int answer = cancelAnswer.value(id);
            const qsizetype executions = ledger.value(id).size();
            if (answer == 200) {
                ++cancelled;
                QVERIFY2(status == QLatin1String("cancelled") && executions == 0,
                         qPrintable(QStringLiteral("%1: cancel answered 200, now %2, executed %3 times")
                                        .arg(id, status).arg(executions)));
            } else {
                ++refused;
                QVERIFY2(answer == 409, qPrintable(QStringLiteral("%1: cancel answered %2").arg(id).arg(answer)));
                QVERIFY2(status != QLatin1String("cancelled") && executions == (status == QLatin1String("confirmed") ? 1 : 0),
                         qPrintable(QStringLiteral("%1: cancel refused, now %2, executed %3 times")
                                        .arg(id, status).arg(executions)));
            }
        }
        // Each write the store refused because the other side got there first: a cancel that found
        // the order claimed meanwhile, or a worker whose order was cancelled under it.
        const qsizetype fenced = nodes[0]->log().count(QLatin1String("moved or taken over by someone else"))
                                 + nodes[1]->log().count(QLatin1String("moved or taken over by someone else"));
        qInfo() << "cancel race:" << cancelled << "cancelled," << refused << "refused (routing had begun),"
                << fenced << "writes refused by the compare-and-set";
        // Both ends of the race were reached, so the race itself was run.
        QVERIFY(cancelled > 0);
        QVERIFY(refused > 0);
        expectNoDefects(urls[0], ids, "cancels racing the workers");
    }

    // SIGTERM with orders in flight (the market frozen, so that they stay in flight): while the
    // node drains, a new order is answered 503 shutting_down and nothing is accepted, reads still
    // answer, /health says stopping; the in-flight orders finish once the market answers again.
    void drainingNodeRefusesNewOrdersAndFinishesItsOwn()
    {
        auto nodes = startNodes(1, QStringLiteral("drain"));
        ServiceProcess &node = *nodes[0];
        // Frozen first: accepting needs only the store, and no order can finish without the market.
        m_market->pause();
        const auto thaw = qScopeGuard([&] { m_market->resume(); }); // also when a check fails
        QStringList ids;
        for (int i = 0; i < 4; ++i) { // as many as it has workers
            const QString id = submit(node.url());
            QVERIFY(!id.isEmpty());
            ids << id;
        }
        const auto statusOf = [&](const QString &id) {
            return m_http.get(node.url() + QStringLiteral("/api/orders/") + id).body.value(QStringLiteral("status")).toString();
        };
        // Every one taken by a worker: in flight, waiting for the market's quotes.
        QTRY_VERIFY_WITH_TIMEOUT(std::none_of(ids.cbegin(), ids.cend(),
                                              [&](const QString &id) { return statusOf(id) == QLatin1String("pending"); }),
                                 10000);
        const QString inFlight = ids.first();
        node.process().terminate();
        QTRY_VERIFY_WITH_TIMEOUT(node.log().contains(QLatin1String("stopping: no new orders")), 10000);

        const HttpReply refused = m_http.post(node.url() + QStringLiteral("/api/orders/execute"), marketOrder());
        const QString ordersAfter = QString::number(m_http.get(node.url() + QStringLiteral("/api/orders?limit=500"))
                                                        .body.value(QStringLiteral("orders")).toArray().size());
        const HttpReply read = m_http.get(node.url() + QStringLiteral("/api/orders/") + inFlight);
        const HttpReply health = m_http.get(node.url() + QStringLiteral("/health"));
        const bool stillDraining = node.isRunning();
        m_market->resume();

        QCOMPARE(refused.status, 503);
        QCOMPARE(refused.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("shutting_down"));
        QCOMPARE(ordersAfter, QString::number(ids.size())); // nothing accepted
        QCOMPARE(read.status, 200);
        QVERIFY2(!isTerminalStatus(read.body.value(QStringLiteral("status")).toString()),
                 "the order read during the drain was still in flight");
        QCOMPARE(health.status, 503);
        QCOMPARE(health.body.value(QStringLiteral("status")).toString(), QStringLiteral("stopping"));
        QVERIFY(stillDraining);

        QVERIFY(node.process().waitForFinished(60000));
        QCOMPARE(node.process().exitStatus(), QProcess::NormalExit);
        QVERIFY2(node.process().exitCode() == 0, qPrintable(node.log()));
        // What the drain finished is on record; anything it handed back, a new node finishes.
        auto successors = startNodes(1, QStringLiteral("drain"));
        expectNoDefects(successors.front()->url(), ids, "SIGTERM while orders were in flight");
    }

    void redisOutageAndWipeUnderLoad()
    {
        auto nodes = startNodes(2, QStringLiteral("redisdown"));
        QStringList ids;
        QElapsedTimer clock;
        clock.start();
        int phase = 0;
        for (int i = 0; clock.elapsed() < 16000; ++i) {
            if (phase == 0 && clock.elapsed() > 3000) {
                QVERIFY(m_redis.wipe()); // every queue entry, delayed retry and window gone
                phase = 1;
            } else if (phase == 1 && clock.elapsed() > 6000) {
                m_redis.stop(); // down for 5 s; it comes back empty
                phase = 2;
            } else if (phase == 2 && clock.elapsed() > 11000) {
                QVERIFY(m_redis.restart());
                phase = 3;
            }
            const QString id = submit(nodes[std::size_t(i % 2)]->url());
            if (!id.isEmpty())
                ids << id;
            QTest::qWait(40);
        }
        QCOMPARE(phase, 3);
        expectNoDefects(nodes.front()->url(), ids, "Redis wiped, then stopped 5 s");
    }

    // Per-order streams on one node for orders worked on the other, while Redis (which carries
    // the events between nodes) is down: every stream still ends with its order's terminal
    // status and a normal close.
    void streamsEndAcrossARedisOutage()
    {
        auto nodes = startNodes(2, QStringLiteral("streams"));
        const QString worker = nodes[0]->url();
        QString watcher = nodes[1]->url();
        watcher.replace(QLatin1String("http://"), QLatin1String("ws://"));
        struct Stream
        {
            std::unique_ptr<QWebSocket> socket;
            QString lastStatus;
            int closeCode = -1;
        };
        std::vector<std::unique_ptr<Stream>> streams;
        QStringList ids;
        for (int i = 0; i < 16; ++i) {
            const QString id = submit(worker);
            QVERIFY(!id.isEmpty());
            ids << id;
            auto stream = std::make_unique<Stream>();
            Stream *raw = stream.get();
            stream->socket = std::make_unique<QWebSocket>();
            connect(raw->socket.get(), &QWebSocket::textMessageReceived, this, [raw](const QString &text) {
                const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
                if (message.contains(QStringLiteral("status")))
                    raw->lastStatus = message.value(QStringLiteral("status")).toString();
            });
            connect(raw->socket.get(), &QWebSocket::disconnected, this,
                    [raw] { raw->closeCode = raw->socket->closeCode(); });
            stream->socket->open(QUrl(watcher + QStringLiteral("/api/orders/execute?orderId=") + id));
            streams.push_back(std::move(stream));
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(streams.cbegin(), streams.cend(), [](const auto &s) {
                                     return !s->lastStatus.isEmpty() || s->closeCode >= 0;
                                 }),
                                 10000);
        m_redis.stop(); // the status changes made now cannot reach the watching node
        // The orders already in the workers' hands finish meanwhile (the rest wait for the queue).
        QTRY_VERIFY_WITH_TIMEOUT(std::count_if(ids.cbegin(), ids.cend(), [&](const QString &id) {
                                     return isTerminalStatus(m_http.get(worker + QStringLiteral("/api/orders/") + id)
                                                                 .body.value(QStringLiteral("status")).toString());
                                 }) >= 2,
                                 30000);
        QVERIFY(m_redis.restart());
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(streams.cbegin(), streams.cend(),
                                             [](const auto &s) { return s->closeCode >= 0; }),
                                 60000);
        for (std::size_t i = 0; i < streams.size(); ++i) {
            QVERIFY2(isTerminalStatus(streams[i]->lastStatus),
                     qPrintable(ids.at(int(i)) + QStringLiteral(" ended at ") + streams[i]->lastStatus));
            QCOMPARE(streams[i]->closeCode, int(QWebSocketProtocol::CloseCodeNormal));
        }
        expectNoDefects(worker, ids, "per-order streams across a Redis outage");
    }

    // A hung Redis (SIGSTOP: its connections stay open, nothing answers) never holds up /health,
    // /metrics or /api/queue/metrics: they answer at once from the engine's last readings, 503
    // for what the queue could not give, and come back when it answers again.
    void hungRedisLeavesHealthAndMetricsAnswering()
    {
        auto nodes = startNodes(1, QStringLiteral("hungredis"));
        const QString node = nodes[0]->url();
        // Far below the time a call to the hung Redis takes to give up.
        const auto quickly = [&](const char *path) {
            return m_http.request("GET", node + QLatin1String(path), {}, 3000);
        };
        QTRY_COMPARE_WITH_TIMEOUT(quickly("/health").status, 200, 15000);
        QCOMPARE(quickly("/api/queue/metrics").status, 200);

        m_redis.pause();
        QTRY_COMPARE_WITH_TIMEOUT(quickly("/health").status, 503, 20000);
        const QJsonObject components = quickly("/health").body.value(QStringLiteral("components")).toObject();
        const auto state = [&](const char *component) {
            return components.value(QLatin1String(component)).toObject().value(QStringLiteral("state")).toString();
        };
        QCOMPARE(state("queue"), QStringLiteral("down"));
        QCOMPARE(state("database"), QStringLiteral("up"));
        QCOMPARE(state("market"), QStringLiteral("up"));
        const HttpReply metrics = quickly("/api/queue/metrics");
        QCOMPARE(metrics.status, 503);
        QCOMPARE(metrics.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("service_unavailable"));
        QCOMPARE(quickly("/metrics").status, 200);
        // However long Redis stays silent.
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(quickly("/health").status, 503);
            QTest::qWait(300);
        }

        m_redis.resume();
        QTRY_COMPARE_WITH_TIMEOUT(quickly("/health").status, 200, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(quickly("/api/queue/metrics").status, 200, 30000);
        QVERIFY(nodes[0]->terminate());
    }

    void frozenNodeCannotWriteOrSend()
    {
        // One node alone takes the orders, so that every order in flight is its own.
        auto nodes = startNodes(1, QStringLiteral("frozen"));
        ServiceProcess &frozen = *nodes[0];
        QStringList ids;
        for (int i = 0; i < 12; ++i) {
            const QString id = submit(frozen.url());
            QVERIFY(!id.isEmpty());
            ids << id;
        }
        const auto inFlight = [&] {
            return !m_http.get(frozen.url() + QStringLiteral("/api/orders?status=submitted"))
                        .body.value(QStringLiteral("orders")).toArray().isEmpty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(inFlight(), 10000);
        frozen.pause(); // SIGSTOP: its leases stop being renewed, its workers stop mid-step

        // A second node takes the orders over once their leases lapse, and finishes them all
        // while the first is still frozen.
        ServiceProcess other(QStringLiteral(ORDERDESK_BINARY),
                             nodeArguments(QStringLiteral("frozen"), m_dir.filePath(QStringLiteral("frozen-other"))));
        QVERIFY(other.start());
        QTRY_VERIFY_WITH_TIMEOUT(allTerminal(m_http, other.url(), ids), 60000);

        // The frozen node wakes up holding stale leases: the writes its workers try are refused.
        frozen.resume();
        QTRY_VERIFY_WITH_TIMEOUT(frozen.log().contains(QLatin1String("taken over by someone else")), 30000);
        expectNoDefects(other.url(), ids, "node frozen past its leases");
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
