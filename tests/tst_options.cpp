#include "AppOptions.h"
#include "TestFiles.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace OrderDesk;

namespace {

QStringList argv(const QStringList &arguments)
{
    return QStringList{QStringLiteral("orderdesk")} + arguments;
}

QProcessEnvironment environmentOf(const QStringList &assignments)
{
    QProcessEnvironment environment;
    for (const QString &assignment : assignments)
        environment.insert(assignment.section(QLatin1Char('='), 0, 0),
                           assignment.section(QLatin1Char('='), 1));
    return environment;
}

// One field of AppOptions by name, so a table row can say which setting it expects.
QVariant field(const AppOptions &options, const QString &name)
{
    const EngineConfig &e = options.engine;
    const ServerConfig &s = options.server;
    if (name == QLatin1String("noGui"))
        return options.noGui;
    if (name == QLatin1String("listen"))
        return QStringLiteral("%1 %2").arg(s.address.toString()).arg(s.port);
    if (name == QLatin1String("redis"))
        return e.redisUrl;
    if (name == QLatin1String("database"))
        return e.databaseUrl;
    if (name == QLatin1String("market"))
        return e.marketUrl;
    if (name == QLatin1String("dataDir"))
        return e.dataDir;
    if (name == QLatin1String("workers"))
        return e.workers;
    if (name == QLatin1String("rateLimit"))
        return QStringLiteral("%1/%2ms").arg(e.rateLimit).arg(e.rateWindowMs);
    if (name == QLatin1String("maxPriceImpactBps"))
        return e.maxPriceImpactBps;
    if (name == QLatin1String("maxAttempts"))
        return e.maxAttempts;
    if (name == QLatin1String("backoffMs"))
        return e.backoffMs;
    if (name == QLatin1String("latencyScale"))
        return e.latencyScale;
    if (name == QLatin1String("dexFailureRate"))
        return e.dexFailureRate;
    if (name == QLatin1String("seed"))
        return e.seed ? QVariant(*e.seed) : QVariant();
    if (name == QLatin1String("apiToken"))
        return s.apiToken;
    if (name == QLatin1String("clientRateLimit"))
        return s.clientRequestsPerSecond;
    if (name == QLatin1String("maxConnections"))
        return s.maxConnections;
    if (name == QLatin1String("corsOrigin"))
        return s.corsOrigin;
    if (name == QLatin1String("simControl"))
        return QStringLiteral("engine=%1 server=%2").arg(e.simControl).arg(s.simControl);
    if (name == QLatin1String("lang"))
        return options.lang;
    if (name == QLatin1String("logFormat"))
        return options.logFormat == LogFormat::Json ? QStringLiteral("json") : QStringLiteral("text");
    qFatal("unknown field %s", qPrintable(name));
}

} // namespace

class tst_Options : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void defaultsMatchSpec();
    void validValues_data();
    void validValues();
    void invalidValues_data();
    void invalidValues();
    void listenForms_data();
    void listenForms();
    void rateLimitForms_data();
    void rateLimitForms();
    void backendUrls_data();
    void backendUrls();
    void environment_data();
    void environment();
    void commandLineErrors_data();
    void commandLineErrors();
    void dataDirectory();
    void helpAndVersion();
    void qtGuiOptions_data();
    void qtGuiOptions();
    void withoutPassword_data();
    void withoutPassword();
    void configFile_data();
    void configFile();
    void configFileLocation();
    void exampleConfigFile();

private:
    std::optional<AppOptions> parse(const QStringList &arguments,
                                    const QProcessEnvironment &environment = {},
                                    QString *error = nullptr);

    QTemporaryDir m_dir;
};

void tst_Options::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setApplicationName(QStringLiteral("OrderDesk"));
    // The default data directory is created by parse(): keep it out of the real home.
    QStandardPaths::setTestModeEnabled(true);
}

std::optional<AppOptions> tst_Options::parse(const QStringList &arguments,
                                             const QProcessEnvironment &environment,
                                             QString *error)
{
    QString message;
    // No config file unless a test names one: the machine's /etc/orderdesk must not leak in.
    auto options = AppOptions::parse(argv(arguments), environment, &message, {});
    if (error)
        *error = message;
    else if (!options)
        qWarning("unexpected parse error: %s", qPrintable(message));
    return options;
}

void tst_Options::defaultsMatchSpec()
{
    QString error;
    const auto options = parse({}, {}, &error);
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->action, AppOptions::Action::Run);
    QCOMPARE(options->noGui, false);
    QCOMPARE(options->server.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(options->server.port, quint16(3000));
    QCOMPARE(options->engine.redisUrl, QString());
    QCOMPARE(options->engine.databaseUrl, QString());
    const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QVERIFY(appData.endsWith(QLatin1String("/OrderDesk")));
    QCOMPARE(options->engine.dataDir, appData);
    QVERIFY(QFileInfo(appData).isDir());
    QCOMPARE(options->engine.workers, 10);
    QCOMPARE(options->engine.rateLimit, 100);
    QCOMPARE(options->engine.rateWindowMs, 60'000);
    QCOMPARE(options->engine.maxAttempts, 3);
    QCOMPARE(options->engine.backoffMs, 1000);
    QCOMPARE(options->engine.latencyScale, 1.0);
    QCOMPARE(options->engine.dexFailureRate, 0.05);
    QVERIFY(!options->engine.seed.has_value());
    QCOMPARE(options->server.apiToken, QString());
    QCOMPARE(options->server.clientRequestsPerSecond, 200);
    QCOMPARE(options->server.maxConnections, 10000);
    QCOMPARE(options->server.corsOrigin, QString());
    QCOMPARE(options->engine.simControl, false);
    QCOMPARE(options->server.simControl, false);
    QCOMPARE(options->lang, QString());
    QCOMPARE(options->logFormat, LogFormat::Text);
    QCOMPARE(options->configFile, QString());
}

void tst_Options::validValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("expected");

    auto row = [](const char *name, const QStringList &arguments, const char *field,
                  const QVariant &expected) {
        QTest::newRow(name) << arguments << QString::fromLatin1(field) << expected;
    };
    row("no-gui", {"--no-gui"}, "noGui", true);
    row("single-dash long option", {"-no-gui"}, "noGui", true);
    row("workers min", {"--workers", "1"}, "workers", 1);
    row("workers max", {"--workers=256"}, "workers", 256);
    row("max-attempts min", {"--max-attempts", "1"}, "maxAttempts", 1);
    row("max-attempts max", {"--max-attempts", "20"}, "maxAttempts", 20);
    row("max price impact", {"--max-price-impact-bps", "250"}, "maxPriceImpactBps", 250);
    row("backoff 0", {"--backoff-ms", "0"}, "backoffMs", qint64(0));
    row("backoff max", {"--backoff-ms", "3600000"}, "backoffMs", qint64(3'600'000));
    row("latency 0", {"--latency-scale", "0"}, "latencyScale", 0.0);
    row("latency fraction", {"--latency-scale", "0.25"}, "latencyScale", 0.25);
    row("latency max", {"--latency-scale", "100"}, "latencyScale", 100.0);
    row("failure 0", {"--dex-failure-rate", "0"}, "dexFailureRate", 0.0);
    row("failure 1", {"--dex-failure-rate", "1"}, "dexFailureRate", 1.0);
    row("failure half", {"--dex-failure-rate", "0.5"}, "dexFailureRate", 0.5);
    row("seed 0", {"--seed", "0"}, "seed", quint64(0));
    row("seed max", {"--seed", "18446744073709551615"}, "seed",
        std::numeric_limits<quint64>::max());
    row("api token", {"--api-token", "s3cret-Token_1"}, "apiToken", "s3cret-Token_1");
    row("sim control", {"--sim-control"}, "simControl", "engine=1 server=1");
    row("client rate limit off", {"--client-rate-limit", "0"}, "clientRateLimit", 0);
    row("client rate limit", {"--client-rate-limit", "50"}, "clientRateLimit", 50);
    row("max connections", {"--max-connections", "500"}, "maxConnections", 500);
    row("cors any", {"--cors-origin", "*"}, "corsOrigin", "*");
    row("cors origin", {"--cors-origin", "http://localhost:5173"}, "corsOrigin",
        "http://localhost:5173");
    row("lang en", {"--lang", "en"}, "lang", "en");
    row("lang de", {"--lang", "de"}, "lang", "de");
    row("lang zh_CN", {"--lang", "zh_CN"}, "lang", "zh_CN");
    row("lang zh-cn spelling", {"--lang", "zh-cn"}, "lang", "zh_CN");
    row("later value wins", {"--workers", "4", "--workers", "5"}, "workers", 5);
    row("log format json", {"--log-format", "json"}, "logFormat", "json");
    row("log format text", {"--log-format", "TEXT"}, "logFormat", "text");
}

void tst_Options::validValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, field);
    QFETCH(QVariant, expected);

    QString error;
    const auto options = parse(arguments, {}, &error);
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(::field(*options, field), expected);
}

void tst_Options::invalidValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expectedError");

    auto row = [](const char *name, const QStringList &arguments, const char *error) {
        QTest::newRow(name) << arguments << QString::fromUtf8(error);
    };
    row("workers text", {"--workers", "abc"},
        "orderdesk: --workers: expected a whole number from 1 to 10000, got 'abc'");
    row("workers 0", {"--workers", "0"},
        "orderdesk: --workers: expected a whole number from 1 to 10000, got '0'");
    row("workers 10001", {"--workers", "10001"},
        "orderdesk: --workers: expected a whole number from 1 to 10000, got '10001'");
    row("workers fraction", {"--workers", "2.5"},
        "orderdesk: --workers: expected a whole number from 1 to 10000, got '2.5'");
    row("max price impact 0", {"--max-price-impact-bps", "0"},
        "orderdesk: --max-price-impact-bps: expected a whole number of basis points from 1 to "
        "10000, got '0'");
    row("max-attempts 0", {"--max-attempts", "0"},
        "orderdesk: --max-attempts: expected a whole number from 1 to 20, got '0'");
    row("max-attempts 21", {"--max-attempts", "21"},
        "orderdesk: --max-attempts: expected a whole number from 1 to 20, got '21'");
    row("backoff negative", {"--backoff-ms", "-1"},
        "orderdesk: --backoff-ms: expected a whole number of milliseconds from 0 to 3600000, "
        "got '-1'");
    row("backoff too long", {"--backoff-ms", "3600001"},
        "orderdesk: --backoff-ms: expected a whole number of milliseconds from 0 to 3600000, "
        "got '3600001'");
    row("latency negative", {"--latency-scale", "-0.1"},
        "orderdesk: --latency-scale: expected a number from 0 to 100, got '-0.1'");
    row("latency too big", {"--latency-scale", "100.5"},
        "orderdesk: --latency-scale: expected a number from 0 to 100, got '100.5'");
    row("latency nan", {"--latency-scale", "nan"},
        "orderdesk: --latency-scale: expected a number from 0 to 100, got 'nan'");
    row("failure above 1", {"--dex-failure-rate", "1.5"},
        "orderdesk: --dex-failure-rate: expected a probability from 0 to 1, got '1.5'");
    row("failure percent", {"--dex-failure-rate", "5%"},
        "orderdesk: --dex-failure-rate: expected a probability from 0 to 1, got '5%'");
    row("seed negative", {"--seed", "-1"},
        "orderdesk: --seed: expected a whole number from 0 to 18446744073709551615, got '-1'");
    row("seed overflow", {"--seed", "18446744073709551616"},
        "orderdesk: --seed: expected a whole number from 0 to 18446744073709551615, "
        "got '18446744073709551616'");
    row("seed hex", {"--seed", "0x10"},
        "orderdesk: --seed: expected a whole number from 0 to 18446744073709551615, got '0x10'");
    row("lang unknown", {"--lang", "fr"},
        "orderdesk: --lang: expected one of en, de, zh_CN, got 'fr'");
    row("token with space", {"--api-token", "two words"},
        "orderdesk: --api-token: expected a non-empty token of visible ASCII characters without "
        "spaces");
    row("token empty", {"--api-token", ""},
        "orderdesk: --api-token: expected a non-empty token of visible ASCII characters without "
        "spaces");
    row("log format unknown", {"--log-format", "xml"},
        "orderdesk: --log-format: expected text or json, got 'xml'");
    row("max connections 0", {"--max-connections", "0"},
        "orderdesk: --max-connections: expected a whole number from 1 to 1000000, got '0'");
    row("client rate limit negative", {"--client-rate-limit", "-1"},
        "orderdesk: --client-rate-limit: expected a whole number from 0 to 1000000, got '-1'");
    row("cors with a path", {"--cors-origin", "http://localhost:5173/app"},
        "orderdesk: --cors-origin: expected * or an origin like https://app.example.com:8080, "
        "got 'http://localhost:5173/app'");
    row("newline stays on one line", {"--workers", "1\n2"},
        "orderdesk: --workers: expected a whole number from 1 to 10000, got '1\\x0a2'");
}

void tst_Options::invalidValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expectedError);

    QString error;
    QVERIFY(!parse(arguments, {}, &error));
    QCOMPARE(error, expectedError);
}

void tst_Options::listenForms_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected"); // "address port", or empty when invalid

    QTest::newRow("host and port") << "127.0.0.1:8080" << "127.0.0.1 8080";
    QTest::newRow("all interfaces") << "0.0.0.0:3000" << "0.0.0.0 3000";
    QTest::newRow("port alone") << "4000" << "127.0.0.1 4000";
    QTest::newRow("port 0") << "0" << "127.0.0.1 0";
    QTest::newRow("host:0") << "127.0.0.1:0" << "127.0.0.1 0";
    QTest::newRow("colon port") << ":4001" << "127.0.0.1 4001";
    QTest::newRow("host alone") << "0.0.0.0" << "0.0.0.0 3000";
    QTest::newRow("localhost") << "localhost:5000" << "127.0.0.1 5000";
    QTest::newRow("ipv6 loopback") << "[::1]:3000" << "::1 3000";
    QTest::newRow("ipv6 any") << "[::]:0" << ":: 0";
    QTest::newRow("ipv6 without port") << "[::1]" << "::1 3000";
    QTest::newRow("max port") << "127.0.0.1:65535" << "127.0.0.1 65535";

    QTest::newRow("port too big") << "127.0.0.1:65536" << "";
    QTest::newRow("port alone too big") << "70000" << "";
    QTest::newRow("negative port") << "127.0.0.1:-1" << "";
    QTest::newRow("empty port") << "127.0.0.1:" << "";
    QTest::newRow("port text") << "127.0.0.1:http" << "";
    QTest::newRow("host name") << "example.com:80" << "";
    QTest::newRow("bad ipv4") << "300.1.1.1:80" << "";
    QTest::newRow("ipv6 without brackets") << "::1:3000" << "";
    QTest::newRow("ipv4 in brackets") << "[127.0.0.1]:80" << "";
    QTest::newRow("unclosed bracket") << "[::1:3000" << "";
    QTest::newRow("junk after bracket") << "[::1]3000" << "";
    QTest::newRow("empty") << "" << "";
}

void tst_Options::listenForms()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);

    QString error;
    const auto options = parse({QStringLiteral("--listen"), value}, {}, &error);
    if (expected.isEmpty()) {
        QVERIFY(!options);
        QVERIFY2(error.startsWith(QLatin1String("orderdesk: --listen: expected HOST:PORT")),
                 qPrintable(error));
        QVERIFY(error.endsWith(QStringLiteral("got '%1'").arg(value)));
    } else {
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(field(*options, QStringLiteral("listen")).toString(), expected);
    }
}

void tst_Options::rateLimitForms_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected"); // "N/WINDOWms", or empty when invalid

    QTest::newRow("default form") << "100/60" << "100/60000ms";
    QTest::newRow("off") << "0" << "0/60000ms";
    QTest::newRow("off with window") << "0/10" << "0/10000ms";
    QTest::newRow("per second") << "5/1" << "5/1000ms";
    QTest::newRow("fractional window") << "10/0.5" << "10/500ms";
    QTest::newRow("a day") << "1000/86400" << "1000/86400000ms";

    QTest::newRow("count without window") << "100" << "";
    QTest::newRow("zero window") << "100/0" << "";
    QTest::newRow("negative window") << "100/-1" << "";
    QTest::newRow("negative count") << "-1/60" << "";
    QTest::newRow("missing count") << "/60" << "";
    QTest::newRow("missing window") << "100/" << "";
    QTest::newRow("text") << "fast" << "";
    QTest::newRow("window too long") << "1/86401" << "";
}

void tst_Options::rateLimitForms()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);

    QString error;
    const auto options = parse({QStringLiteral("--rate-limit"), value}, {}, &error);
    if (expected.isEmpty()) {
        QVERIFY(!options);
        QVERIFY2(error.startsWith(QLatin1String("orderdesk: --rate-limit: expected N/SECONDS")),
                 qPrintable(error));
        QVERIFY(error.endsWith(QStringLiteral("got '%1'").arg(value)));
    } else {
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(field(*options, QStringLiteral("rateLimit")).toString(), expected);
    }
}

void tst_Options::backendUrls_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected"); // the URL the engine gets, or empty when invalid

    const QString db = QDir(m_dir.path()).filePath(QStringLiteral("orders.db"));

    QTest::newRow("redis") << "--redis" << "redis://127.0.0.1:6379" << "redis://127.0.0.1:6379";
    QTest::newRow("redis db") << "--redis" << "redis://cache:6380/2" << "redis://cache:6380/2";
    QTest::newRow("redis password")
        << "--redis" << "redis://:s3cret@127.0.0.1:6379/0" << "redis://:s3cret@127.0.0.1:6379/0";
    QTest::newRow("redis default port") << "--redis" << "redis://localhost"
                                        << "redis://localhost";
    QTest::newRow("postgresql") << "--database" << "postgresql://od:pw@db.local:5433/orders"
                                << "postgresql://od:pw@db.local:5433/orders";
    QTest::newRow("postgres alias") << "--database" << "postgres://od:pw@127.0.0.1:5432/orders"
                                    << "postgres://od:pw@127.0.0.1:5432/orders";
    QTest::newRow("postgresql no password") << "--database" << "postgresql://od@127.0.0.1/orders"
                                            << "postgresql://od@127.0.0.1/orders";
    QTest::newRow("postgresql schema") << "--database" << "postgresql://od@127.0.0.1/orders?schema=desk"
                                       << "postgresql://od@127.0.0.1/orders?schema=desk";
    QTest::newRow("sqlite") << "--database" << "sqlite:" + db << "sqlite:" + db;
    QTest::newRow("sqlite triple slash") << "--database" << "sqlite://" + db << "sqlite:" + db;

    QTest::newRow("redis wrong scheme") << "--redis" << "http://127.0.0.1:6379" << "";
    QTest::newRow("redis no host") << "--redis" << "redis://:6379" << "";
    QTest::newRow("redis port 0") << "--redis" << "redis://127.0.0.1:0" << "";
    QTest::newRow("redis port too big") << "--redis" << "redis://127.0.0.1:70000" << "";
    QTest::newRow("redis db text") << "--redis" << "redis://127.0.0.1:6379/cache" << "";
    QTest::newRow("redis user name") << "--redis" << "redis://admin:pw@127.0.0.1:6379" << "";
    QTest::newRow("redis query") << "--redis" << "redis://127.0.0.1:6379?timeout=1" << "";
    QTest::newRow("redis bare host") << "--redis" << "127.0.0.1:6379" << "";
    QTest::newRow("redis empty") << "--redis" << "" << "";
    QTest::newRow("market") << "--market" << "http://127.0.0.1:8899" << "http://127.0.0.1:8899";
    QTest::newRow("market host name") << "--market" << "http://market.lan:8899/" << "http://market.lan:8899";
    QTest::newRow("market https") << "--market" << "https://127.0.0.1:8899" << "";
    QTest::newRow("market no port") << "--market" << "http://127.0.0.1" << "";
    QTest::newRow("market bare") << "--market" << "127.0.0.1:8899" << "";
    QTest::newRow("market path") << "--market" << "http://127.0.0.1:8899/rpc" << "";
    QTest::newRow("database mysql") << "--database" << "mysql://u:p@h:3306/db" << "";
    QTest::newRow("database no name") << "--database" << "postgresql://u:p@h:5432/" << "";
    QTest::newRow("database no host") << "--database" << "postgresql:///orders" << "";
    QTest::newRow("database two segments") << "--database" << "postgresql://u@h/a/b" << "";
    QTest::newRow("database unknown option") << "--database" << "postgresql://u@h/db?frobnicate=1"
                                    << "";
    QTest::newRow("database bad port") << "--database" << "postgresql://u@h:99999/db" << "";
    QTest::newRow("sqlite empty") << "--database" << "sqlite:" << "";
    QTest::newRow("sqlite memory") << "--database" << "sqlite::memory:" << "";
    QTest::newRow("sqlite directory") << "--database" << "sqlite:" + m_dir.path() << "";
    QTest::newRow("sqlite with host") << "--database" << "sqlite://host/x.db" << "";
    QTest::newRow("database empty") << "--database" << "" << "";
}

void tst_Options::backendUrls()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    QFETCH(QString, expected);

    QString error;
    QStringList arguments{option, value};
    if (option == QLatin1String("--redis")) // nodes sharing a queue must share a market
        arguments << QStringLiteral("--market") << QStringLiteral("http://127.0.0.1:8899");
    const auto options = parse(arguments, {}, &error);
    if (expected.isEmpty()) {
        QVERIFY(!options);
        QVERIFY2(error.startsWith(QStringLiteral("orderdesk: %1: ").arg(option)),
                 qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
        // The rejected URL is shown to help fix it, but never its password.
        QVERIFY2(!error.contains(QLatin1String(":pw@")) && !error.contains(QLatin1String(":p@")),
                 qPrintable(error));
    } else {
        QVERIFY2(options, qPrintable(error));
        const QString field = option.mid(2);
        QCOMPARE(::field(*options, field).toString(), expected);
    }
}

void tst_Options::environment_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected"); // starts with "error:" when parsing must fail

    QTest::newRow("REDIS_URL") << QStringList() << QStringList{"REDIS_URL=redis://r:6379/1", "ORDERDESK_MARKET_URL=http://m:8899"}
                               << "redis" << "redis://r:6379/1";
    QTest::newRow("--redis wins over REDIS_URL")
        << QStringList{"--redis", "redis://cli:6379"} << QStringList{"REDIS_URL=redis://env:6379", "ORDERDESK_MARKET_URL=http://m:8899"}
        << "redis" << "redis://cli:6379";
    QTest::newRow("DATABASE_URL")
        << QStringList() << QStringList{"DATABASE_URL=postgresql://u:p@pg:5432/od"} << "database"
        << "postgresql://u:p@pg:5432/od";
    QTest::newRow("--database wins over DATABASE_URL")
        << QStringList{"--database", "postgresql://u@cli:5432/od"}
        << QStringList{"DATABASE_URL=postgresql://u@env:5432/od"} << "database"
        << "postgresql://u@cli:5432/od";
    QTest::newRow("ORDERDESK_LISTEN")
        << QStringList() << QStringList{"ORDERDESK_LISTEN=0.0.0.0:9000"} << "listen"
        << "0.0.0.0 9000";
    QTest::newRow("ORDERDESK_LISTEN port alone")
        << QStringList() << QStringList{"ORDERDESK_LISTEN=9001"} << "listen" << "127.0.0.1 9001";
    QTest::newRow("--listen wins over ORDERDESK_LISTEN")
        << QStringList{"--listen", "4000"} << QStringList{"ORDERDESK_LISTEN=0.0.0.0:9000"}
        << "listen" << "127.0.0.1 4000";
    QTest::newRow("ORDERDESK_API_TOKEN") << QStringList()
                                         << QStringList{"ORDERDESK_API_TOKEN=from-env"}
                                         << "apiToken" << "from-env";
    QTest::newRow("--api-token wins over ORDERDESK_API_TOKEN")
        << QStringList{"--api-token", "from-cli"} << QStringList{"ORDERDESK_API_TOKEN=from-env"}
        << "apiToken" << "from-cli";
    QTest::newRow("empty variable is unset") << QStringList() << QStringList{"REDIS_URL="}
                                             << "redis" << "";
    QTest::newRow("bad REDIS_URL is named")
        << QStringList() << QStringList{"REDIS_URL=localhost:6379"} << "redis"
        << "error:orderdesk: --redis (from REDIS_URL): invalid Redis URL (expected "
           "redis://[:password@]host:port[/db]): the scheme must be redis://";
    QTest::newRow("bad DATABASE_URL hides the password")
        << QStringList() << QStringList{"DATABASE_URL=mysql://u:hunter2@h/db"} << "database"
        << "error:orderdesk: --database (from DATABASE_URL): unsupported database URL scheme "
           "\"mysql\" (expected sqlite:/path/file.db or postgresql://user:pass@host:port/db)";
    QTest::newRow("bad ORDERDESK_LISTEN is named")
        << QStringList() << QStringList{"ORDERDESK_LISTEN=nowhere"} << "listen"
        << "error:orderdesk: --listen (from ORDERDESK_LISTEN): expected HOST:PORT";
    QTest::newRow("valid --redis overrides a bad REDIS_URL")
        << QStringList{"--redis", "redis://cli:6379"} << QStringList{"REDIS_URL=junk", "ORDERDESK_MARKET_URL=http://m:8899"} << "redis"
        << "redis://cli:6379";
    QTest::newRow("other variables are not read")
        << QStringList() << QStringList{"ORDERDESK_WORKERS=3"} << "workers" << "10";
}

void tst_Options::environment()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(QString, field);
    QFETCH(QString, expected);

    QString error;
    const auto options = parse(arguments, environmentOf(environment), &error);
    if (expected.startsWith(QLatin1String("error:"))) {
        QVERIFY(!options);
        QVERIFY2(error.startsWith(expected.mid(6)), qPrintable(error));
    } else {
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(::field(*options, field).toString(), expected);
    }
}

void tst_Options::commandLineErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("unknown long option")
        << QStringList{"--frobnicate"} << "orderdesk: unknown option --frobnicate (see --help)";
    QTest::newRow("redis without a market")
        << QStringList{"--redis", "redis://127.0.0.1:6379"}
        << "orderdesk: --redis needs --market (ORDERDESK_MARKET_URL): nodes sharing a queue must "
           "share one orderdesk-market";
    QTest::newRow("unknown short option") << QStringList{"-x"}
                                          << "orderdesk: unknown option -x (see --help)";
    QTest::newRow("two unknown options")
        << QStringList{"--foo", "--workers", "3", "--bar=1"}
        << "orderdesk: unknown options --foo, --bar (see --help)";
    QTest::newRow("unknown wins over a bad value")
        << QStringList{"--workers", "x", "--nope"}
        << "orderdesk: unknown option --nope (see --help)";
    QTest::newRow("positional argument") << QStringList{"serve"}
                                         << "orderdesk: unexpected argument 'serve' (see --help)";
    QTest::newRow("missing value") << QStringList{"--workers"}
                                   << "orderdesk: Missing value after '--workers'";
    QTest::newRow("value for a flag") << QStringList{"--no-gui=yes"}
                                      << "orderdesk: Unexpected value after '--no-gui'";
}

void tst_Options::commandLineErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expectedError);

    QString error;
    QVERIFY(!parse(arguments, {}, &error));
    QCOMPARE(error, expectedError);
}

void tst_Options::dataDirectory()
{
    const QString nested = QDir(m_dir.path()).filePath(QStringLiteral("a/b/state"));
    QString error;
    auto options = parse({QStringLiteral("--data-dir"), nested}, {}, &error);
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->engine.dataDir, nested);
    QVERIFY(QFileInfo(nested).isDir());

    // Relative directories are resolved now, not wherever the engine happens to run.
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir.path()));
    options = parse({QStringLiteral("--data-dir"), QStringLiteral("rel/../relative")}, {}, &error);
    QDir::setCurrent(previous);
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->engine.dataDir, QDir(m_dir.path()).filePath(QStringLiteral("relative")));

    QFile file(QDir(m_dir.path()).filePath(QStringLiteral("plain-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(!parse({QStringLiteral("--data-dir"), file.fileName()}, {}, &error));
    QCOMPARE(error, QStringLiteral("orderdesk: --data-dir: cannot create directory '%1'")
                        .arg(file.fileName()));

    QVERIFY(!parse({QStringLiteral("--data-dir"), QString()}, {}, &error));
    QCOMPARE(error, QStringLiteral("orderdesk: --data-dir: expected a directory, got ''"));
}

void tst_Options::helpAndVersion()
{
    for (const char *option : {"--help", "-h"}) {
        const auto options = parse({QString::fromLatin1(option), QStringLiteral("--workers"),
                                    QStringLiteral("nonsense")});
        QVERIFY(options);
        QCOMPARE(options->action, AppOptions::Action::ShowHelp);
    }
    for (const char *option : {"--version", "-v"}) {
        const auto options = parse({QString::fromLatin1(option)});
        QVERIFY(options);
        QCOMPARE(options->action, AppOptions::Action::ShowVersion);
    }

    const QString help = AppOptions::helpText();
    QVERIFY2(help.startsWith(QLatin1String("Usage: orderdesk [options]\n")), qPrintable(help));
    for (const char *option :
         {"--no-gui", "--listen", "--redis", "--database", "--market", "--data-dir", "--workers",
          "--rate-limit", "--max-attempts", "--backoff-ms", "--latency-scale",
          "--dex-failure-rate", "--seed", "--api-token", "--sim-control", "--lang", "--help",
          "--version", "--config", "--log-format", "ORDERDESK_CONFIG", "REDIS_URL", "DATABASE_URL", "ORDERDESK_MARKET_URL", "ORDERDESK_LISTEN", "ORDERDESK_API_TOKEN"}) {
        QVERIFY2(help.contains(QLatin1String(option)), option);
    }
    QCOMPARE(AppOptions::versionText(), QStringLiteral("OrderDesk " ORDERDESK_VERSION));
}

void tst_Options::qtGuiOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("expected");

    QTest::newRow("none") << QStringList{"--workers", "2"} << false;
    QTest::newRow("-platform") << QStringList{"-platform", "offscreen"} << true;
    QTest::newRow("--style=") << QStringList{"--style=fusion"} << true;
    QTest::newRow("-reverse") << QStringList{"-reverse", "--workers", "2"} << true;
    QTest::newRow("with --no-gui") << QStringList{"-platform", "offscreen", "--no-gui"} << false;
    QTest::newRow("after --") << QStringList{"--", "-platform"} << false;
    QTest::newRow("unknown") << QStringList{"--frobnicate"} << false;
}

void tst_Options::qtGuiOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, expected);
    QCOMPARE(AppOptions::hasQtGuiOptions(argv(arguments)), expected);
}

void tst_Options::withoutPassword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("redis") << "redis://:s3cret@127.0.0.1:6379/0" << "redis://:***@127.0.0.1:6379/0";
    QTest::newRow("postgresql") << "postgresql://od:hunter2@db:5432/od"
                                << "postgresql://od:***@db:5432/od";
    QTest::newRow("no password") << "postgresql://od@db:5432/od" << "postgresql://od@db:5432/od";
    QTest::newRow("port only") << "redis://127.0.0.1:6379" << "redis://127.0.0.1:6379";
    QTest::newRow("inside a message")
        << "database postgresql://od:pw@127.0.0.1:1/od: connection refused"
        << "database postgresql://od:***@127.0.0.1:1/od: connection refused";
    QTest::newRow("two URLs") << "redis://:a@r:1 and postgres://u:b@p/d"
                              << "redis://:***@r:1 and postgres://u:***@p/d";
    QTest::newRow("sqlite") << "sqlite:/var/lib/od/orderdesk.db"
                            << "sqlite:/var/lib/od/orderdesk.db";
}

void tst_Options::withoutPassword()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(AppOptions::withoutPassword(text), expected);
}

void tst_Options::configFile_data()
{
    QTest::addColumn<QString>("contents");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("field");
    // The value, or "error:" and the message with FILE for the config file's path.
    QTest::addColumn<QString>("expected");

    auto row = [](const char *name, const char *contents, const QStringList &arguments,
                  const QStringList &environment, const char *field, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(contents) << arguments << environment
                            << QString::fromLatin1(field) << QString::fromUtf8(expected);
    };
    // Precedence: command line > environment > file > default.
    row("file beats default", "workers = 7\n", {}, {}, "workers", "7");
    row("command line beats file", "workers = 7\n", {"--workers", "8"}, {}, "workers", "8");
    row("environment beats file", "listen = 0.0.0.0:9000\n", {}, {"ORDERDESK_LISTEN=9100"},
        "listen", "127.0.0.1 9100");
    row("command line beats environment and file", "listen = 0.0.0.0:9000\n",
        {"--listen", "9200"}, {"ORDERDESK_LISTEN=9100"}, "listen", "127.0.0.1 9200");
    row("url from the file", "redis = redis://file:6379/1\nmarket = http://m:8899\n", {}, {},
        "redis", "redis://file:6379/1");
    row("option without a variable", "rate-limit = 5/1\n", {}, {}, "rateLimit", "5/1000ms");
    row("comments and blank lines", "; a comment\n# another\n\nmax-attempts = 5\n", {}, {},
        "maxAttempts", "5");
    row("General section", "[General]\nbackoff-ms = 250\n", {}, {}, "backoffMs", "250");
    row("flag yes", "sim-control = yes\n", {}, {}, "simControl", "engine=1 server=1");
    row("flag false", "no-gui = false\n", {}, {}, "noGui", "false");
    row("flag on the command line wins", "no-gui = false\n", {"--no-gui"}, {}, "noGui", "true");
    row("quoted value", "api-token = \"abc-123\"\n", {}, {}, "apiToken", "abc-123");
    row("last assignment wins", "workers = 2\nworkers = 3\n", {}, {}, "workers", "3");

    // Refusals name the file, the line and the key.
    row("bad value", "; workers\n\nworkers = abc\n", {}, {}, "workers",
        "error:orderdesk: FILE:3: workers: expected a whole number from 1 to 10000, got 'abc'");
    row("bad url hides the password", "database = mysql://u:hunter2@h/db\n", {}, {}, "database",
        "error:orderdesk: FILE:1: database: unsupported database URL scheme");
    row("unknown key", "workers = 2\nwrokers = 3\n", {}, {}, "workers",
        "error:orderdesk: FILE:2: unknown key 'wrokers'");
    row("key in a section", "workers = 2\n[server]\nlisten = 3000\n", {}, {}, "workers",
        "error:orderdesk: FILE:3: unknown key 'server/listen'");
    row("config is not a key", "config = /etc/other.conf\n", {}, {}, "workers",
        "error:orderdesk: FILE:1: unknown key 'config'");
    row("help is not a key", "help = true\n", {}, {}, "workers",
        "error:orderdesk: FILE:1: unknown key 'help'");
    row("flag not a boolean", "sim-control = maybe\n", {}, {}, "simControl",
        "error:orderdesk: FILE:1: sim-control: expected true or false, got 'maybe'");
    row("redis without market", "redis = redis://r:6379\n", {}, {}, "redis",
        "error:orderdesk: --redis needs --market");
}

void tst_Options::configFile()
{
    QFETCH(QString, contents);
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(QString, field);
    QFETCH(QString, expected);

    const QString path =
        TestFiles::write(TestFiles::forDataTag(m_dir, QStringLiteral(".conf")), contents.toUtf8());
    QVERIFY(!path.isEmpty());

    QString error;
    const auto options =
        parse(QStringList{QStringLiteral("--config"), path} + arguments, environmentOf(environment),
              &error);
    if (expected.startsWith(QLatin1String("error:"))) {
        QVERIFY(!options);
        const QString message = expected.mid(6).replace(QLatin1String("FILE"), path);
        QVERIFY2(error.startsWith(message), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("hunter2")), qPrintable(error));
    } else {
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(::field(*options, field).toString(), expected);
        QCOMPARE(options->configFile, path);
    }
}

void tst_Options::configFileLocation()
{
    const QString present = m_dir.filePath(QStringLiteral("present.conf"));
    const QString other = m_dir.filePath(QStringLiteral("other.conf"));
    const QString missing = m_dir.filePath(QStringLiteral("missing.conf"));
    QVERIFY(!TestFiles::write(present, "workers = 4\n").isEmpty());
    QVERIFY(!TestFiles::write(other, "workers = 6\n").isEmpty());
    QString error;

    // Without --config: the first of the defaults that exists (the system's, then the user's).
    auto options = AppOptions::parse(argv({}), {}, &error, {missing, present, other});
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->configFile, present);
    QCOMPARE(options->engine.workers, 4);
    options = AppOptions::parse(argv({}), {}, &error, {missing});
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->configFile, QString());

    // ORDERDESK_CONFIG and --config replace the defaults; --config wins.
    options = AppOptions::parse(argv({}), environmentOf({"ORDERDESK_CONFIG=" + other}), &error,
                                {present});
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->engine.workers, 6);
    options = AppOptions::parse(argv({QStringLiteral("--config"), present}),
                                environmentOf({"ORDERDESK_CONFIG=" + other}), &error, {});
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->engine.workers, 4);

    // A file named on purpose must be there.
    QVERIFY(!AppOptions::parse(argv({QStringLiteral("--config"), missing}), {}, &error, {}));
    QCOMPARE(error, QStringLiteral("orderdesk: %1: no such file").arg(missing));
    QVERIFY(!AppOptions::parse(argv({QStringLiteral("--config"), m_dir.path()}), {}, &error, {}));
    QCOMPARE(error, QStringLiteral("orderdesk: %1: not a readable file").arg(m_dir.path()));
}

void tst_Options::exampleConfigFile()
{
    // packaging/orderdesk.conf as installed (every setting commented out) changes nothing...
    const QString example = QStringLiteral(ORDERDESK_SOURCE_DIR "/packaging/orderdesk.conf");
    QString error;
    auto options = parse({QStringLiteral("--config"), example}, {}, &error);
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->engine.workers, 10);

    // ...and with every setting uncommented, each example value is one the program takes.
    QFile file(example);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    QStringList keys;
    QByteArray uncommented;
    static const QRegularExpression setting(QStringLiteral("^;([a-z-]+) = (.*)$"));
    for (const QByteArray &line : file.readAll().split('\n')) {
        const auto match = setting.match(QString::fromUtf8(line));
        if (!match.hasMatch()) {
            uncommented += line + '\n';
            continue;
        }
        keys << match.captured(1);
        const QString value = match.captured(1) == QLatin1String("data-dir")
                                  ? m_dir.filePath(QStringLiteral("example-data"))
                                  : match.captured(2);
        uncommented += (match.captured(1) + QStringLiteral(" = ") + value).toUtf8() + '\n';
    }
    const QString path =
        TestFiles::write(m_dir.filePath(QStringLiteral("example-uncommented.conf")), uncommented);
    QVERIFY(!path.isEmpty());
    options = parse({QStringLiteral("--config"), path}, {}, &error);
    QVERIFY2(options, qPrintable(error));
    QCOMPARE(options->engine.redisUrl, QStringLiteral("redis://127.0.0.1:6379/0"));

    // The example documents every key the program reads from a file.
    for (const OptionSpec &spec : AppOptions::table().options()) {
        if (spec.inConfigFile)
            QVERIFY2(keys.contains(spec.name), qPrintable(spec.name));
    }
}

QTEST_GUILESS_MAIN(tst_Options)
#include "tst_options.moc"
