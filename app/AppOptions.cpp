#include "AppOptions.h"

#include "OptionResolver.h"
#include "OptionRows.h"
#include "OptionTable.h"
#include "OptionValues.h"
#include "RedisUrl.h"
#include "SqlOrderStore.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include <limits>

namespace OrderDesk {

namespace {

using namespace OptionValues;
using Row = OptionRow<AppOptions>;
using OptionRows::Why;

QString program()
{
    return QStringLiteral("orderdesk");
}

// A parser's message may quote the URL: blank out its password, and nothing else.
QString withoutSecret(QString message, const QString &url)
{
    const QString password = QUrl(url.trimmed()).password();
    return password.isEmpty() ? message : message.replace(password, QStringLiteral("***"));
}

// http://host:port of an orderdesk-market; nullopt with `why` set otherwise.
std::optional<QString> marketUrl(const QString &text, QString *why)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty()
        || url.port() < 1 || !url.userInfo().isEmpty()
        || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery()) {
        *why = QStringLiteral("expected http://host:port of an orderdesk-market, got '%1'")
                   .arg(text.trimmed().left(120));
        return std::nullopt;
    }
    return QStringLiteral("http://%1:%2").arg(url.host()).arg(url.port());
}

// The store's own parser decides what a database URL is (PostgreSQL options such as ?schema=
// included); a SQLite path is made absolute so the engine never depends on the working directory.
std::optional<QString> databaseUrl(const QString &input, QString *why)
{
    const QString text = input.trimmed();
    if (!SqlOrderStore::fromUrl(text, why))
        return std::nullopt;
    const QLatin1String sqlitePrefix("sqlite:");
    if (!text.startsWith(sqlitePrefix, Qt::CaseInsensitive))
        return text;
    QString path = text.mid(sqlitePrefix.size());
    if (path.startsWith(QLatin1String("///")))
        path = path.mid(2);
    if (QFileInfo(path).isDir()) {
        *why = QStringLiteral("%1 is a directory; name a database file (sqlite:/path/file.db)").arg(path);
        return std::nullopt;
    }
    return sqlitePrefix + QDir::cleanPath(QDir::current().absoluteFilePath(path));
}

std::optional<QString> languageCode(const QString &text)
{
    QString code = text.trimmed();
    code.replace(QLatin1Char('-'), QLatin1Char('_'));
    for (const auto known : {QLatin1String("en"), QLatin1String("de"), QLatin1String("zh_CN")}) {
        if (code.compare(known, Qt::CaseInsensitive) == 0)
            return QString(known);
    }
    return std::nullopt;
}

// Sent as an HTTP header: only visible ASCII survives every client and proxy unchanged.
bool isUsableToken(const QString &token)
{
    if (token.isEmpty())
        return false;
    for (const QChar c : token) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

const QString WholeNumber = QStringLiteral("a whole number from %1 to %2");

// Every option of orderdesk, in --help order. A new option is one row here.
const QList<Row> &rows()
{
    static const QList<Row> table{
        OptionRows::help<AppOptions>(),
        OptionRows::version<AppOptions>(),
        OptionRows::config<AppOptions>(QStringLiteral("ORDERDESK_CONFIG"),
                                       QStringLiteral("orderdesk.conf")),
        OptionRows::flag<AppOptions>(
            {QStringLiteral("no-gui"), {},
             QStringLiteral("Run headless: engine and API server only, no display needed.")},
            [](AppOptions &o, bool on) { o.noGui = on; }),
        OptionRows::listen<AppOptions>(
            {QStringLiteral("listen"), QStringLiteral("HOST:PORT"),
             QStringLiteral("HTTP + WebSocket address (env ORDERDESK_LISTEN; default "
                            "127.0.0.1:3000). PORT alone sets the port; 0 picks a free one; IPv6 "
                            "as [::1]:3000."),
             QStringLiteral("ORDERDESK_LISTEN")},
            [](AppOptions &o) { return std::pair{&o.server.address, &o.server.port}; }),
        {{QStringLiteral("redis"), QStringLiteral("URL"),
          QStringLiteral("Redis for the shared queue, redis://[:password@]host:port[/db] (env "
                         "REDIS_URL; default: in-process queue)."),
          QStringLiteral("REDIS_URL")},
         [](const QString &value, AppOptions &o) -> Why {
             // The queue's own parser decides what a Redis URL is: one rule for the option and
             // the engine.
             QString why;
             if (!RedisUrl::parse(value.trimmed(), &why))
                 return withoutSecret(why, value);
             o.engine.redisUrl = value.trimmed();
             return std::nullopt;
         }},
        {{QStringLiteral("database"), QStringLiteral("URL"),
          QStringLiteral("Order database, postgresql://user:pass@host:port/db or "
                         "sqlite:/path/file.db (env DATABASE_URL; default: SQLite in the data "
                         "directory)."),
          QStringLiteral("DATABASE_URL")},
         [](const QString &value, AppOptions &o) -> Why {
             QString why;
             const auto url = databaseUrl(value, &why);
             if (!url)
                 return withoutSecret(why, value);
             o.engine.databaseUrl = *url;
             return std::nullopt;
         }},
        {{QStringLiteral("market"), QStringLiteral("URL"),
          QStringLiteral("The shared simulated market, http://host:port of an orderdesk-market "
                         "(env ORDERDESK_MARKET_URL; default: in-process market). Required with "
                         "--redis."),
          QStringLiteral("ORDERDESK_MARKET_URL")},
         [](const QString &value, AppOptions &o) -> Why {
             QString why;
             const auto url = marketUrl(value, &why);
             if (!url)
                 return why;
             o.engine.marketUrl = *url;
             return std::nullopt;
         }},
        OptionRows::dataDir<AppOptions>(
            QStringLiteral("Where the SQLite file and local state live (default: the platform's "
                           "app data directory)."),
            [](AppOptions &o, const QString &dir) { o.engine.dataDir = dir; }),
        OptionRows::wholeNumber<AppOptions>({QStringLiteral("workers"), QStringLiteral("N"),
                        QStringLiteral("Orders in flight at once on this node, 1-10000 (default "
                                       "10); an order waiting for the chain holds no thread.")},
                       1, 10000, WholeNumber,
                       [](AppOptions &o, qint64 n) { o.engine.workers = int(n); }),
        {{QStringLiteral("rate-limit"), QStringLiteral("N/SECONDS"),
          QStringLiteral("At most N orders start processing in any window of SECONDS, across "
                         "all nodes sharing a Redis; 0 turns it off (default 100/60).")},
         [](const QString &value, AppOptions &o) -> Why {
             const QString text = value.trimmed();
             const qsizetype slash = text.indexOf(QLatin1Char('/'));
             const auto count = wholeNumber(slash < 0 ? text : text.left(slash), 0,
                                            std::numeric_limits<int>::max());
             // A bare count has no window, so only "0" may stand alone.
             const auto seconds = slash < 0 ? std::optional<double>()
                                            : realNumber(text.mid(slash + 1), 0.001, 86400.0);
             const bool off = slash < 0 && count && *count == 0;
             if (!off && (!count || !seconds)) {
                 return expected(QStringLiteral("N/SECONDS (N a whole number >= 0, SECONDS from "
                                                "0.001 to 86400, e.g. 100/60) or 0 to turn it off"),
                                 value);
             }
             o.engine.rateLimit = int(*count);
             if (seconds)
                 o.engine.rateWindowMs = qMax<qint64>(1, qRound64(*seconds * 1000.0));
             return std::nullopt;
         }},
        OptionRows::wholeNumber<AppOptions>({QStringLiteral("client-rate-limit"), QStringLiteral("N"),
                        QStringLiteral("HTTP requests and WebSocket messages per second from one "
                                       "client address, bursts of twice that; 0 turns it off "
                                       "(default 200).")},
                       0, 1'000'000, WholeNumber,
                       [](AppOptions &o, qint64 n) { o.server.clientRequestsPerSecond = int(n); }),
        OptionRows::wholeNumber<AppOptions>({QStringLiteral("max-connections"), QStringLiteral("N"),
                        QStringLiteral("Open HTTP + WebSocket connections at most, 1-1000000; past "
                                       "it new ones are refused with 503 (default 10000; kept "
                                       "below the open-file limit).")},
                       1, 1'000'000, WholeNumber,
                       [](AppOptions &o, qint64 n) { o.server.maxConnections = int(n); }),
        {{QStringLiteral("cors-origin"), QStringLiteral("ORIGIN"),
          QStringLiteral("Allow browser pages from ORIGIN (e.g. http://localhost:5173, or *) to "
                         "call the API (default: none).")},
         [](const QString &value, AppOptions &o) -> Why {
             const QString origin = value.trimmed();
             const QUrl url(origin, QUrl::StrictMode);
             const bool isOrigin =
                 origin == QLatin1String("*")
                 || (url.isValid() && !url.host().isEmpty()
                     && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
                     && url.path().isEmpty() && !url.hasQuery() && url.userInfo().isEmpty());
             if (!isOrigin)
                 return expected(QStringLiteral("* or an origin like https://app.example.com:8080"), value);
             o.server.corsOrigin = origin;
             return std::nullopt;
         }},
        OptionRows::wholeNumber<AppOptions>({QStringLiteral("max-price-impact-bps"), QStringLiteral("N"),
                        QStringLiteral("Refuse a route that would move a pool's price by more "
                                       "than N basis points, 1-10000 (default 1000).")},
                       1, 10000, QStringLiteral("a whole number of basis points from %1 to %2"),
                       [](AppOptions &o, qint64 n) { o.engine.maxPriceImpactBps = int(n); }),
        OptionRows::wholeNumber<AppOptions>({QStringLiteral("max-attempts"), QStringLiteral("N"),
                        QStringLiteral("Attempts per order before it fails, 1-20 (default 3).")},
                       1, 20, WholeNumber,
                       [](AppOptions &o, qint64 n) { o.engine.maxAttempts = int(n); }),
        OptionRows::wholeNumber<AppOptions>({QStringLiteral("backoff-ms"), QStringLiteral("MS"),
                        QStringLiteral("First retry delay in ms, doubled for each later retry, "
                                       "0-3600000 (default 1000).")},
                       0, 3'600'000, QStringLiteral("a whole number of milliseconds from %1 to %2"),
                       [](AppOptions &o, qint64 n) { o.engine.backoffMs = n; }),
        OptionRows::realNumber<AppOptions>({QStringLiteral("latency-scale"), QStringLiteral("F"),
                       QStringLiteral("Multiplies every simulated DEX delay, 0-100; 0 removes "
                                      "them (default 1.0).")},
                      0.0, 100.0, QStringLiteral("a number from 0 to 100"),
                      [](AppOptions &o, double f) { o.engine.latencyScale = f; }),
        OptionRows::realNumber<AppOptions>({QStringLiteral("dex-failure-rate"), QStringLiteral("P"),
                       QStringLiteral("Probability that a simulated submission fails, 0-1 "
                                      "(default 0.05).")},
                      0.0, 1.0, QStringLiteral("a probability from 0 to 1"),
                      [](AppOptions &o, double p) { o.engine.dexFailureRate = p; }),
        OptionRows::seed<AppOptions>(
            QStringLiteral("Seeds the simulated market so a run can be repeated exactly "
                           "(default: random)."),
            [](AppOptions &o, quint64 seed) { o.engine.seed = seed; }),
        {{QStringLiteral("api-token"), QStringLiteral("TOKEN"),
          QStringLiteral("Require 'Authorization: Bearer TOKEN' on every mutating request (env "
                         "ORDERDESK_API_TOKEN; default: none)."),
          QStringLiteral("ORDERDESK_API_TOKEN")},
         [](const QString &value, AppOptions &o) -> Why {
             // Echoing a rejected token would put a near-secret into logs.
             if (!isUsableToken(value))
                 return QStringLiteral("expected a non-empty token of visible ASCII characters "
                                       "without spaces");
             o.server.apiToken = value;
             return std::nullopt;
         }},
        OptionRows::flag<AppOptions>(
            {QStringLiteral("sim-control"), {},
             QStringLiteral("Enable the simulation-control endpoints (/api/sim/...).")},
            [](AppOptions &o, bool on) { o.engine.simControl = o.server.simControl = on; }),
        {{QStringLiteral("lang"), QStringLiteral("CODE"),
          QStringLiteral("Console language: en, de or zh_CN (default: the system locale)."), {},
          {}, true, {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")}},
         [](const QString &value, AppOptions &o) -> Why {
             const auto code = languageCode(value);
             if (!code)
                 return expected(QStringLiteral("one of en, de, zh_CN"), value);
             o.lang = *code;
             return std::nullopt;
         }},
        OptionRows::logFormat<AppOptions>(&AppOptions::logFormat),
    };
    return table;
}

const QString ExitStatus = QStringLiteral(
    "Exit status: 0 after a clean shutdown (SIGINT/SIGTERM or the window closed), 1 when Redis, "
    "the database or the listen address cannot be used, 2 for bad options or a bad config "
    "file.");

} // namespace

const OptionTable &AppOptions::table()
{
    static const OptionTable table(
        program(),
        QStringLiteral("OrderDesk: a trading console with an embedded order execution engine for "
                       "Solana DEX swaps (simulated Raydium and Meteora venues)."),
        specsOf(rows()));
    return table;
}

QStringList AppOptions::defaultConfigFiles()
{
    return OptionResolver::defaultConfigFiles(QStringLiteral("orderdesk.conf"));
}

std::optional<AppOptions> AppOptions::parse(const QStringList &arguments,
                                            const QProcessEnvironment &environment, QString *error,
                                            const QStringList &configFiles)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    std::optional<AppOptions> options = parseOptions<AppOptions>(
        table(), rows(), arguments, environment, configFiles, {},
        [](AppOptions &o) -> QString & { return o.engine.dataDir; }, &message);
    if (!options || options->action != Action::Run)
        return options;

    if (!options->engine.redisUrl.isEmpty() && options->engine.marketUrl.isEmpty()) {
        // Nodes that share work must share the chain: on separate in-process markets, a node
        // taking over an order could not ask whether its swap landed.
        message = QStringLiteral("%1: --redis needs --market (ORDERDESK_MARKET_URL): nodes "
                                 "sharing a queue must share one orderdesk-market")
                      .arg(program());
        return std::nullopt;
    }
    return options;
}

bool AppOptions::hasQtGuiOptions(const QStringList &arguments)
{
    // What QGuiApplication and QApplication take out of argv themselves.
    static const QStringList qtOptions{
        QStringLiteral("platform"),        QStringLiteral("platformpluginpath"),
        QStringLiteral("platformtheme"),   QStringLiteral("plugin"),
        QStringLiteral("qwindowgeometry"), QStringLiteral("geometry"),
        QStringLiteral("qwindowtitle"),    QStringLiteral("qwindowicon"),
        QStringLiteral("reverse"),         QStringLiteral("session"),
        QStringLiteral("display"),         QStringLiteral("style"),
        QStringLiteral("stylesheet"),      QStringLiteral("widgetcount"),
        QStringLiteral("nograb"),          QStringLiteral("dograb"),
        QStringLiteral("qmljsdebugger"),
    };
    bool found = false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--"))
            break;
        if (argument == QLatin1String("--no-gui") || argument == QLatin1String("-no-gui"))
            return false;
        if (!argument.startsWith(QLatin1Char('-')))
            continue;
        QString name = argument.mid(argument.startsWith(QLatin1String("--")) ? 2 : 1);
        name = name.section(QLatin1Char('='), 0, 0);
        if (qtOptions.contains(name))
            found = true;
    }
    return found;
}

QString AppOptions::withoutPassword(const QString &text)
{
    static const QRegularExpression userInfo(
        QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*:)[^/\\s]*@"));
    QString redacted = text;
    return redacted.replace(userInfo, QStringLiteral("\\1***@"));
}

QString AppOptions::helpText()
{
    return table().helpText(ExitStatus);
}

QString AppOptions::versionText()
{
    return QStringLiteral("OrderDesk %1").arg(QStringLiteral(ORDERDESK_VERSION));
}

QString AppOptions::manPage()
{
    ManPageText text;
    text.summary = QStringLiteral("trading console and headless order execution engine for "
                                  "Solana DEX swaps");
    text.description = QStringLiteral(
        "orderdesk opens a console window with an embedded order execution engine and its "
        "HTTP and WebSocket API. With --no-gui it runs the same engine and API headless, logs "
        "to stderr and stops gracefully on SIGINT or SIGTERM: it takes no new orders (answering "
        "503), lets in-flight steps finish or hands them back, and exits 0.\n\n"
        "Without --redis, --database and --market it runs on embedded defaults: an in-process "
        "queue, SQLite in the data directory and an in-process simulated market. Several "
        "headless nodes share one Redis, one PostgreSQL and one orderdesk-market.");
    text.configFile = QStringLiteral(
        "Every option except --help, --version and --config is also a key of an INI file "
        "(key = value, no section; flags take true or false). The file is the one --config "
        "or ORDERDESK_CONFIG names, else /etc/orderdesk/orderdesk.conf, else "
        "orderdesk/orderdesk.conf in the user's config directory. The command line beats the "
        "environment, which beats the file, which beats the default. An unknown key or a bad "
        "value is refused like a bad option, naming the file, the line and the key.");
    text.extraEnvironment = {
        {QStringLiteral("QT_LOGGING_RULES"),
         QStringLiteral("Turns log categories on or off; request logging is off unless "
                        "orderdesk.server.debug=true.")}};
    text.files = {
        {QStringLiteral("/etc/orderdesk/orderdesk.conf"), QStringLiteral("The config file.")},
        {QStringLiteral("/etc/default/orderdesk"),
         QStringLiteral("Environment of orderdesk.service (ORDERDESK_OPTS adds options).")},
        {QStringLiteral("/var/lib/orderdesk"),
         QStringLiteral("The data directory of orderdesk.service.")}};
    text.exitStatus = ExitStatus.mid(QStringLiteral("Exit status: ").size());
    text.seeAlso = {QStringLiteral("orderdesk-market(1)"), QStringLiteral("systemctl(1)")};
    return table().manPage(text, versionText());
}

} // namespace OrderDesk
