// SIGKILL in the middle of a run, then a restart on the same store (and queue): every order that
// was accepted reaches exactly one terminal status and executes at most once.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUuid>

#include <memory>

class TestCrash : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_http;

    // Starts orderdesk and returns its base URL once it says where it listens.
    QString launch(QProcess &process, const QStringList &arguments)
    {
        process.setProgram(QStringLiteral(ORDERDESK_BINARY));
        process.setArguments(arguments);
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start();
        if (!process.waitForStarted(10000))
            return {};
        static const QRegularExpression listening(QStringLiteral("listening on (http://\\S+)"));
        QByteArray out;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 30000 && process.state() == QProcess::Running) {
            process.waitForReadyRead(1000);
            out += process.readAllStandardOutput();
            const auto match = listening.match(QString::fromUtf8(out));
            if (match.hasMatch())
                return match.captured(1);
        }
        qWarning().noquote() << "orderdesk did not start:" << process.readAllStandardError();
        return {};
    }

    QJsonObject request(const QString &method, const QString &url, const QJsonObject &body = {},
                        int *status = nullptr)
    {
        QNetworkRequest request{QUrl(url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(
            method == QLatin1String("POST")
                ? m_http.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact))
                : m_http.get(request));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(30000))
            return {};
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    int countWithStatus(const QString &base, const QString &status)
    {
        const QJsonObject list = request(QStringLiteral("GET"), base + QStringLiteral("/api/orders?limit=500&status=") + status);
        return int(list.value(QStringLiteral("orders")).toArray().size());
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QStringList>("backend");
        QTest::newRow("sqlite + in-process") << QStringList();
        const QString redis = qEnvironmentVariable("ORDERDESK_TEST_REDIS_URL");
        const QString database = qEnvironmentVariable("ORDERDESK_TEST_DATABASE_URL");
        if (!redis.isEmpty() && !database.isEmpty()) {
            const QString run = QUuid::createUuid().toString(QUuid::Id128).left(12);
            QTest::newRow("redis + postgresql")
                << QStringList{QStringLiteral("--redis"), redis, QStringLiteral("--database"),
                               database + QStringLiteral("?schema=crash_") + run};
        } else {
            qWarning("ORDERDESK_TEST_REDIS_URL / ORDERDESK_TEST_DATABASE_URL unset: "
                     "only the embedded backends are crashed");
        }
    }

    void everyAcceptedOrderFinishesOnceAfterSigkill()
    {
        QFETCH_GLOBAL(QStringList, backend);
        QTemporaryDir dataDir;
        const QStringList arguments = QStringList{QStringLiteral("--no-gui"),
                                                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                                  QStringLiteral("--data-dir"), dataDir.path(),
                                                  QStringLiteral("--latency-scale"), QStringLiteral("0.1"),
                                                  QStringLiteral("--dex-failure-rate"), QStringLiteral("0.2"),
                                                  QStringLiteral("--backoff-ms"), QStringLiteral("100"),
                                                  QStringLiteral("--rate-limit"), QStringLiteral("0"),
                                                  QStringLiteral("--workers"), QStringLiteral("4"),
                                                  QStringLiteral("--seed"), QStringLiteral("5")}
                                      + backend;
        QProcess first;
        const QString base = launch(first, arguments);
        QVERIFY(!base.isEmpty());

        QStringList ids;
        for (int i = 0; i < 24; ++i) {
            int status = 0;
            const QJsonObject accepted = request(QStringLiteral("POST"), base + QStringLiteral("/api/orders/execute"),
                                                 {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                                  {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                                  {QStringLiteral("amount"), QStringLiteral("0.3")},
                                                  {QStringLiteral("slippageBps"), 300}},
                                                 &status);
            QCOMPARE(status, 201);
            ids << accepted.value(QStringLiteral("orderId")).toString();
        }
        // Kill it while some orders are done and others are in the middle of an attempt.
        QTRY_VERIFY_WITH_TIMEOUT(countWithStatus(base, QStringLiteral("confirmed")) >= 3, 30000);
        first.kill(); // SIGKILL: no shutdown of any kind
        QVERIFY(first.waitForFinished(10000));
        QCOMPARE(first.exitStatus(), QProcess::CrashExit);

        QProcess second;
        const QString restarted = launch(second, arguments);
        QVERIFY(!restarted.isEmpty());
        const auto terminal = [&](const QString &id) {
            const QString status = request(QStringLiteral("GET"), restarted + QStringLiteral("/api/orders/") + id)
                                       .value(QStringLiteral("status")).toString();
            return status == QLatin1String("confirmed") || status == QLatin1String("failed");
        };
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(ids.cbegin(), ids.cend(), terminal), 90000);

        for (const QString &id : ids) {
            const QJsonArray history = request(QStringLiteral("GET"), restarted + QStringLiteral("/api/orders/") + id
                                                                         + QStringLiteral("/history"))
                                           .value(QStringLiteral("history")).toArray();
            int terminals = 0;
            int confirmed = 0;
            qint64 lastSeq = 0;
            for (const QJsonValue &value : history) {
                const QJsonObject event = value.toObject();
                const QString status = event.value(QStringLiteral("status")).toString();
                terminals += status == QLatin1String("confirmed") || status == QLatin1String("failed");
                confirmed += status == QLatin1String("confirmed");
                // The history has no gaps and no repeats.
                QCOMPARE(event.value(QStringLiteral("seq")).toInteger(), lastSeq + 1);
                lastSeq = event.value(QStringLiteral("seq")).toInteger();
            }
            QVERIFY2(terminals == 1, qPrintable(id));
            QVERIFY2(confirmed <= 1, qPrintable(id));
        }
        second.terminate();
        QVERIFY(second.waitForFinished(30000));
        QCOMPARE(second.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
