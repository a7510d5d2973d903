// Drives the real `orderdesk` binary: exit codes, the one-line errors, the start-up line, the
// HTTP port, and a clean exit on SIGINT/SIGTERM. The child never gets a display, which is the
// point of --no-gui.
#include "TestFiles.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <utility>

namespace {

constexpr int StartTimeoutMs = 30'000;
constexpr int StopTimeoutMs = 30'000;

const QString &binary()
{
    static const QString path = QStringLiteral(ORDERDESK_BINARY);
    return path;
}

QStringList stderrLines(QProcess &process)
{
    return QString::fromUtf8(process.readAllStandardError())
        .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// Status and JSON body of one request to a running server; status 0 when it did not answer.
std::pair<int, QJsonObject> request(const QByteArray &method, const QString &url,
                                    const QJsonObject &body = {})
{
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QByteArray payload = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson();
    std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(request, method, payload));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(StartTimeoutMs))
        return {0, {}};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object()};
}

// The program's own verdict comes last, after whatever the engine logged on the way.
QString lastLine(const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.constLast();
}

} // namespace

class tst_Program : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void badOptionsExit2_data();
    void badOptionsExit2();
    void helpAndVersionExit0();
    void noDisplayExits1();
    void unreachableBackendExits1_data();
    void unreachableBackendExits1();
    void busyPortExits1();
    void servesAndStopsOnSignal_data();
    void servesAndStopsOnSignal();
    void signalLetsInFlightOrderFinish();
    void badConfigFileExit2_data();
    void badConfigFileExit2();
    void configFileIsRead();
    void logLines_data();
    void logLines();

private:
    // A child environment without a display and without settings leaking in from the shell.
    void prepare(QProcess &process) const;
    // Starts the server and waits for its "listening on" line; check currentTestFailed().
    // `fresh`: prepare() the process first; false when the caller did and changed its
    // environment.
    void startServer(QProcess &process, const QStringList &arguments, QByteArray *errors,
                     int *port, bool fresh = true);
    bool run(QProcess &process, const QStringList &arguments, int timeoutMs = StartTimeoutMs);

    QTemporaryDir m_dir;
};

void tst_Program::initTestCase()
{
    QVERIFY2(QFileInfo(binary()).isExecutable(), qPrintable(binary()));
    QVERIFY(m_dir.isValid());
}

void tst_Program::prepare(QProcess &process) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "REDIS_URL",
                             "DATABASE_URL", "ORDERDESK_MARKET_URL", "ORDERDESK_LISTEN",
                             "ORDERDESK_API_TOKEN", "ORDERDESK_CONFIG", "ORDERDESK_MARKET_CONFIG",
                             "QT_LOGGING_RULES"}) {
        environment.remove(QString::fromLatin1(name));
    }
    // The default data directory must not be the developer's.
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                       m_dir.filePath(QStringLiteral("xdg-config")));
    process.setProcessEnvironment(environment);
    process.setProgram(binary());
}

bool tst_Program::run(QProcess &process, const QStringList &arguments, int timeoutMs)
{
    prepare(process);
    process.setArguments(arguments);
    process.start();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return false;
    }
    return true;
}

void tst_Program::badOptionsExit2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");

    QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "--frobnicate";
    QTest::newRow("unknown option, gui mode") << QStringList{"--no-such-thing"}
                                              << "--no-such-thing";
    QTest::newRow("workers") << QStringList{"--no-gui", "--workers", "abc"} << "--workers";
    QTest::newRow("redis url") << QStringList{"--no-gui", "--redis", "http://127.0.0.1:6379"}
                               << "--redis";
    QTest::newRow("database url") << QStringList{"--no-gui", "--database", "mysql://h/db"}
                                  << "--database";
    QTest::newRow("listen") << QStringList{"--no-gui", "--listen", "127.0.0.1:99999"}
                            << "--listen";
    QTest::newRow("rate limit") << QStringList{"--no-gui", "--rate-limit", "100"}
                                << "--rate-limit";
    QTest::newRow("positional") << QStringList{"--no-gui", "start"} << "'start'";
}

void tst_Program::badOptionsExit2()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);

    QProcess process;
    QVERIFY(run(process, arguments));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    const QStringList lines = stderrLines(process);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().startsWith(QLatin1String("orderdesk: ")),
             qPrintable(lines.constFirst()));
    QVERIFY2(lines.constFirst().contains(named), qPrintable(lines.constFirst()));
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
}

void tst_Program::helpAndVersionExit0()
{
    // Neither needs a display, even without --no-gui.
    QProcess help;
    QVERIFY(run(help, {QStringLiteral("--help")}));
    QCOMPARE(help.exitStatus(), QProcess::NormalExit);
    QCOMPARE(help.exitCode(), 0);
    const QString text = QString::fromUtf8(help.readAllStandardOutput());
    QVERIFY2(text.startsWith(QLatin1String("Usage: orderdesk [options]")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("--no-gui")));
    QVERIFY(text.contains(QLatin1String("--rate-limit <N/SECONDS>")));

    QProcess version;
    QVERIFY(run(version, {QStringLiteral("--version")}));
    QCOMPARE(version.exitCode(), 0);
    QVERIFY(version.readAllStandardOutput().startsWith("OrderDesk "));
}

void tst_Program::noDisplayExits1()
{
    // The window needs a display; the message says how to run without one.
    QProcess process;
    QVERIFY(run(process,
                {QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("nodisplay"))}));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QStringList lines = stderrLines(process);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.constFirst().startsWith(QLatin1String("orderdesk: no display")),
             qPrintable(lines.constFirst()));
    QVERIFY(lines.constFirst().contains(QLatin1String("--no-gui")));
}

void tst_Program::unreachableBackendExits1_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("which");

    // Port 1 (tcpmux) has no listener on any machine we test on, and connecting fails at once.
    QTest::newRow("redis") << QStringList{"--redis", "redis://127.0.0.1:1", "--market", "http://127.0.0.1:1"} << "redis";
    QTest::newRow("market") << QStringList{"--market", "http://127.0.0.1:1"} << "market";
    QTest::newRow("postgresql") << QStringList{"--database", "postgresql://od@127.0.0.1:1/od"}
                                << "postgresql";
}

void tst_Program::unreachableBackendExits1()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, which);

    QProcess process;
    QVERIFY(run(process, QStringList{QStringLiteral("--no-gui"), QStringLiteral("--data-dir"),
                                     m_dir.filePath(QStringLiteral("unreachable"))}
                             + arguments));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    const QString errors = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitCode() == 1, qPrintable(errors));
    const QString last = lastLine(errors);
    // Exit 1 naming redis would pass for the wrong reason while the engine has no Redis queue.
    if (last.contains(QLatin1String("not available in this build")))
        QSKIP(qPrintable(QStringLiteral("engine without Redis support: ") + last));
    QVERIFY2(last.startsWith(QLatin1String("orderdesk: ")), qPrintable(errors));
    QVERIFY2(last.contains(which, Qt::CaseInsensitive), qPrintable(errors));
    QVERIFY2(last.contains(QLatin1String("127.0.0.1:1")), qPrintable(errors));
    QVERIFY(!process.readAllStandardOutput().contains("listening on"));
}

void tst_Program::busyPortExits1()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort());

    QProcess process;
    QVERIFY(run(process, {QStringLiteral("--no-gui"), QStringLiteral("--listen"), address,
                          QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("busy")),
                          QStringLiteral("--latency-scale"), QStringLiteral("0")}));
    const QString errors = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 1, qPrintable(errors));
    const QString last = lastLine(errors);
    QVERIFY2(last.startsWith(QLatin1String("orderdesk: cannot listen on ") + address),
             qPrintable(errors));
}

void tst_Program::servesAndStopsOnSignal_data()
{
    QTest::addColumn<QStringList>("mode");
    QTest::addColumn<int>("signalNumber");

    QTest::newRow("headless, SIGTERM") << QStringList{"--no-gui"} << int(SIGTERM);
    QTest::newRow("headless, SIGINT") << QStringList{"--no-gui"} << int(SIGINT);
    // The window on Qt's offscreen platform, chosen with Qt's own option: QApplication takes
    // -platform out of argv before our parser sees the rest.
    QTest::newRow("window, SIGTERM") << QStringList{"-platform", "offscreen"} << int(SIGTERM);
}

void tst_Program::servesAndStopsOnSignal()
{
    QFETCH(QStringList, mode);
    QFETCH(int, signalNumber);

    const QString dataDir = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag())
                                               .replace(QRegularExpression(QStringLiteral("\\W+")),
                                                        QStringLiteral("-")));
    QProcess process;
    QByteArray errors;
    int port = 0;
    startServer(process,
                mode + QStringList{QStringLiteral("--data-dir"), dataDir,
                                   QStringLiteral("--latency-scale"), QStringLiteral("0")},
                &errors, &port);
    if (QTest::currentTestFailed())
        return;

    const auto [status, health] =
        request("GET", QStringLiteral("http://127.0.0.1:%1/health").arg(port));
    QCOMPARE(status, 200);
    QVERIFY(!health.isEmpty());

    QSignalSpy finished(&process, &QProcess::finished);
    QVERIFY(::kill(pid_t(process.processId()), signalNumber) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), StopTimeoutMs);
    errors += process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 0, errors.constData());
    const QString notice = QStringLiteral(
        "no --redis / --database: using the in-process queue and SQLite at %1").arg(dataDir);
    QVERIFY2(QString::fromUtf8(errors).contains(notice), errors.constData());
}

void tst_Program::signalLetsInFlightOrderFinish()
{
    // Real latencies (a submission takes 2-3 s) and no random failures: SIGTERM arrives while
    // the order is with the venue, and the order must still end confirmed exactly once,
    // either before the exit or after the restart picks it up again.
    const QStringList arguments{QStringLiteral("--no-gui"), QStringLiteral("--data-dir"),
                                m_dir.filePath(QStringLiteral("in-flight")),
                                QStringLiteral("--dex-failure-rate"), QStringLiteral("0")};
    QProcess first;
    QByteArray errors;
    int port = 0;
    startServer(first, arguments, &errors, &port);
    if (QTest::currentTestFailed())
        return;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);

    const auto [created, submitted] =
        request("POST", base + QStringLiteral("/api/orders/execute"),
                {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                 {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                 {QStringLiteral("amount"), QStringLiteral("1")}});
    QCOMPARE(created, 201);
    const QString orderId = submitted.value(QStringLiteral("orderId")).toString();
    QVERIFY(!orderId.isEmpty());
    const QString orderUrl = base + QStringLiteral("/api/orders/") + orderId;
    QTRY_COMPARE_WITH_TIMEOUT(
        request("GET", orderUrl).second.value(QStringLiteral("status")).toString(),
        QStringLiteral("submitted"), StartTimeoutMs);

    QSignalSpy finished(&first, &QProcess::finished);
    first.terminate();
    // While the engine drains, a new order is answered 503 (nothing accepted), not dropped with
    // its connection.
    QTRY_VERIFY_WITH_TIMEOUT(errors.contains("stopping"), StopTimeoutMs);
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, quint16(port));
    QVERIFY(late.waitForConnected(StopTimeoutMs));
    const QByteArray order = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":"1"})";
    late.write("POST /api/orders/execute HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               "Content-Length: " + QByteArray::number(order.size()) + "\r\n\r\n" + order);
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += late.readAll()).contains("\r\n\r\n") ||
                                 late.state() == QAbstractSocket::UnconnectedState,
                             StopTimeoutMs);
    answer += late.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 503"), answer.constData());
    QVERIFY(answer.contains("shutting_down"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), StopTimeoutMs);
    errors += first.readAllStandardError();
    QCOMPARE(first.exitStatus(), QProcess::NormalExit);
    QVERIFY2(first.exitCode() == 0, errors.constData());

    QProcess second;
    startServer(second, arguments, &errors, &port);
    if (QTest::currentTestFailed())
        return;
    const QString restartedUrl =
        QStringLiteral("http://127.0.0.1:%1/api/orders/%2").arg(port).arg(orderId);
    QTRY_COMPARE_WITH_TIMEOUT(
        request("GET", restartedUrl).second.value(QStringLiteral("status")).toString(),
        QStringLiteral("confirmed"), StartTimeoutMs);
    const QJsonObject history = request("GET", restartedUrl + QStringLiteral("/history")).second;
    int confirmations = 0;
    for (const QJsonValue event : history.value(QStringLiteral("history")).toArray())
        confirmations += event[QLatin1String("status")] == QLatin1String("confirmed");
    QCOMPARE(confirmations, 1);
    second.terminate();
    QVERIFY(second.waitForFinished(StopTimeoutMs));
    QCOMPARE(second.exitCode(), 0);
}

void tst_Program::badConfigFileExit2_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("contents");
    QTest::addColumn<QString>("expected"); // with FILE for the file's path

    const QString orderdesk = binary();
    const QString market = QStringLiteral(ORDERDESK_MARKET_BINARY);
    QTest::newRow("orderdesk bad value")
        << orderdesk << "; settings\nworkers = lots\n"
        << "orderdesk: FILE:2: workers: expected a whole number from 1 to 10000, got 'lots'";
    QTest::newRow("orderdesk unknown key")
        << orderdesk << "listen = 0\nmax-attempt = 3\n" << "orderdesk: FILE:2: unknown key 'max-attempt'";
    QTest::newRow("market bad value")
        << market << "\n\nlatency-scale = fast\n"
        << "orderdesk-market: FILE:3: latency-scale: expected a number from 0 to 100, got 'fast'";
    QTest::newRow("market unknown key")
        << market << "workers = 3\n" << "orderdesk-market: FILE:1: unknown key 'workers'";
}

void tst_Program::badConfigFileExit2()
{
    QFETCH(QString, program);
    QFETCH(QString, contents);
    QFETCH(QString, expected);

    const QString path =
        TestFiles::write(TestFiles::forDataTag(m_dir, QStringLiteral(".conf")), contents.toUtf8());
    QVERIFY(!path.isEmpty());

    QProcess process;
    prepare(process);
    process.setProgram(program);
    process.setArguments({QStringLiteral("--config"), path, QStringLiteral("--data-dir"),
                          m_dir.filePath(QStringLiteral("bad-config"))});
    process.start();
    QVERIFY(process.waitForFinished(StartTimeoutMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    const QStringList lines = stderrLines(process);
    QCOMPARE(lines, QStringList{QString(expected).replace(QLatin1String("FILE"), path)});
}

void tst_Program::configFileIsRead()
{
    // ORDERDESK_CONFIG names the file; the environment beats it, the command line beats both.
    const QString path =
        TestFiles::write(m_dir.filePath(QStringLiteral("served.conf")),
                         "no-gui = true\nworkers = 3\nlatency-scale = 0\nlisten = 127.0.0.1:1\n");
    QVERIFY(!path.isEmpty());

    QProcess process;
    prepare(process);
    QProcessEnvironment environment = process.processEnvironment();
    environment.insert(QStringLiteral("ORDERDESK_CONFIG"), path);
    environment.insert(QStringLiteral("ORDERDESK_LISTEN"), QStringLiteral("127.0.0.1:2"));
    process.setProcessEnvironment(environment);
    QByteArray errors;
    int port = 0;
    // startServer adds --listen 127.0.0.1:0, which wins over both.
    startServer(process, {QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("served"))},
                &errors, &port, false);
    if (QTest::currentTestFailed())
        return;
    const auto [status, metrics] =
        request("GET", QStringLiteral("http://127.0.0.1:%1/api/queue/metrics").arg(port));
    QCOMPARE(status, 200);
    QCOMPARE(metrics.value(QStringLiteral("workers")).toInt(), 3);
    process.terminate();
    QVERIFY(process.waitForFinished(StopTimeoutMs));
    errors += process.readAllStandardError();
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(errors.contains("config file " + path.toUtf8()), errors.constData());
}

void tst_Program::logLines_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("requestLogging");
    QTest::newRow("text") << "text" << false;
    QTest::newRow("text with request logging") << "text" << true;
    QTest::newRow("json") << "json" << false;
    QTest::newRow("json with request logging") << "json" << true;
}

void tst_Program::logLines()
{
    QFETCH(QString, format);
    QFETCH(bool, requestLogging);

    QProcess process;
    prepare(process);
    if (requestLogging) {
        QProcessEnvironment environment = process.processEnvironment();
        environment.insert(QStringLiteral("QT_LOGGING_RULES"),
                           QStringLiteral("orderdesk.server.debug=true"));
        process.setProcessEnvironment(environment);
    }
    QByteArray errors;
    int port = 0;
    startServer(process,
                {QStringLiteral("--no-gui"), QStringLiteral("--log-format"), format,
                 QStringLiteral("--latency-scale"), QStringLiteral("0"), QStringLiteral("--data-dir"),
                 m_dir.filePath(QStringLiteral("logs-") + format)},
                &errors, &port, false);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(request("GET", QStringLiteral("http://127.0.0.1:%1/health").arg(port)).first, 200);
    process.terminate();
    QVERIFY(process.waitForFinished(StopTimeoutMs));
    QCOMPARE(process.exitCode(), 0);
    errors += process.readAllStandardError();

    // One line per event, each with its time, level and category.
    static const QRegularExpression textLine(QStringLiteral(
        "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (debug|info|warning|error) "
        "[a-z.]+: \\S"));
    const QStringList lines =
        QString::fromUtf8(errors).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 3);
    bool requestLine = false;
    for (const QString &line : lines) {
        QString category;
        QString message;
        if (format == QLatin1String("json")) {
            QJsonParseError parseError;
            const QJsonObject object =
                QJsonDocument::fromJson(line.toUtf8(), &parseError).object();
            QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(line));
            QVERIFY2(QDateTime::fromString(object.value(QStringLiteral("time")).toString(),
                                           Qt::ISODateWithMs)
                         .isValid(),
                     qPrintable(line));
            QVERIFY2(QStringList({"debug", "info", "warning", "error"})
                         .contains(object.value(QStringLiteral("level")).toString()),
                     qPrintable(line));
            category = object.value(QStringLiteral("category")).toString();
            message = object.value(QStringLiteral("message")).toString();
        } else {
            const auto match = textLine.match(line);
            QVERIFY2(match.hasMatch(), qPrintable(line));
            category = line.section(QLatin1Char(' '), 2, 2).chopped(1);
            message = line.section(QLatin1Char(' '), 3);
        }
        QVERIFY2(category.startsWith(QLatin1String("orderdesk.")) || category == QLatin1String("default"),
                 qPrintable(line));
        requestLine = requestLine
                      || (category == QLatin1String("orderdesk.server")
                          && message.startsWith(QLatin1String("GET /health 200")));
    }
    // Request logging is off unless QT_LOGGING_RULES asks for it.
    QCOMPARE(requestLine, requestLogging);
}

void tst_Program::startServer(QProcess &process, const QStringList &arguments,
                              QByteArray *errors, int *port, bool fresh)
{
    if (fresh)
        prepare(process);
    process.setArguments(arguments
                         + QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    auto output = std::make_shared<QByteArray>();
    connect(&process, &QProcess::readyReadStandardOutput, this,
            [&process, output] { *output += process.readAllStandardOutput(); });
    connect(&process, &QProcess::readyReadStandardError, this,
            [&process, errors] { *errors += process.readAllStandardError(); });
    QSignalSpy finished(&process, &QProcess::finished);
    process.start();
    QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));

    QTRY_VERIFY_WITH_TIMEOUT(output->contains('\n') || !finished.isEmpty(), StartTimeoutMs);
    QVERIFY2(finished.isEmpty(), errors->constData());
    static const QRegularExpression listening(
        QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)\\n"));
    const auto match = listening.match(QString::fromUtf8(*output));
    QVERIFY2(match.hasMatch(), output->constData());
    *port = match.captured(1).toInt();
    QVERIFY(*port > 0 && *port < 65536);
}

QTEST_GUILESS_MAIN(tst_Program)
#include "tst_program.moc"
