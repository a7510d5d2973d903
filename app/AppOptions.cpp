#include "AppOptions.h"

#include "RedisUrl.h"
#include "SqlOrderStore.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>
#include <cmath>
#include <limits>

namespace OrderDesk {

namespace {

QString program()
{
    return QStringLiteral("orderdesk");
}

// Declared once so that parse() and helpText() can never describe different command lines.
class OptionTable
{
public:
    OptionTable()
    {
        parser.setApplicationDescription(QStringLiteral(
            "OrderDesk: a trading console with an embedded order execution engine for Solana DEX "
            "swaps (simulated Raydium and Meteora venues)."));
        // "-workers 4" reads as the long option instead of six unknown short ones; Qt's own GUI
        // options (-platform, -style) are spelled that way too.
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        parser.addOptions({help, version, noGui, listen, redis, database, market, dataDir, workers,
                           rateLimit, clientRateLimit, maxAttempts, backoff, maxPriceImpact, latencyScale,
                           dexFailureRate, seed, apiToken, simControl, lang});
    }

    QCommandLineParser parser;
    const QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit.")};
    const QCommandLineOption version{{QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit.")};
    const QCommandLineOption noGui{
        QStringLiteral("no-gui"),
        QStringLiteral("Run headless: engine and API server only, no display needed.")};
    const QCommandLineOption listen{
        QStringLiteral("listen"),
        QStringLiteral("HTTP + WebSocket address (env ORDERDESK_LISTEN; default "
                       "127.0.0.1:3000). PORT alone sets the port; 0 picks a free one; IPv6 as "
                       "[::1]:3000."),
        QStringLiteral("HOST:PORT")};
    const QCommandLineOption redis{
        QStringLiteral("redis"),
        QStringLiteral("Redis for the shared queue, redis://[:password@]host:port[/db] (env "
                       "REDIS_URL; default: in-process queue)."),
        QStringLiteral("URL")};
    const QCommandLineOption database{
        QStringLiteral("database"),
        QStringLiteral("Order database, postgresql://user:pass@host:port/db or "
                       "sqlite:/path/file.db (env DATABASE_URL; default: SQLite in the data "
                       "directory)."),
        QStringLiteral("URL")};
    const QCommandLineOption market{
        QStringLiteral("market"),
        QStringLiteral("The shared simulated market, http://host:port of an orderdesk-market (env "
                       "ORDERDESK_MARKET_URL; default: in-process market). Required with --redis."),
        QStringLiteral("URL")};
    const QCommandLineOption dataDir{
        QStringLiteral("data-dir"),
        QStringLiteral("Where the SQLite file and local state live (default: the platform's app "
                       "data directory)."),
        QStringLiteral("DIR")};
    const QCommandLineOption clientRateLimit{
        QStringLiteral("client-rate-limit"),
        QStringLiteral("HTTP requests and WebSocket messages per second from one client address, "
                       "bursts of twice that; 0 turns it off (default 200)."),
        QStringLiteral("N")};
    const QCommandLineOption workers{
        QStringLiteral("workers"),
        QStringLiteral("Orders in flight at once on this node, 1-10000 (default 10); an order "
                       "waiting for the chain holds no thread."),
        QStringLiteral("N")};
    const QCommandLineOption rateLimit{
        QStringLiteral("rate-limit"),
        QStringLiteral("At most N orders start processing in any window of SECONDS, across all "
                       "nodes sharing a Redis; 0 turns it off (default 100/60)."),
        QStringLiteral("N/SECONDS")};
    const QCommandLineOption maxAttempts{
        QStringLiteral("max-attempts"),
        QStringLiteral("Attempts per order before it fails, 1-20 (default 3)."),
        QStringLiteral("N")};
    const QCommandLineOption maxPriceImpact{
        QStringLiteral("max-price-impact-bps"),
        QStringLiteral("Refuse a route that would move a pool's price by more than N basis points, "
                       "1-10000 (default 1000)."),
        QStringLiteral("N")};
    const QCommandLineOption backoff{
        QStringLiteral("backoff-ms"),
        QStringLiteral("First retry delay in ms, doubled for each later retry, 0-3600000 "
                       "(default 1000)."),
        QStringLiteral("MS")};
    const QCommandLineOption latencyScale{
        QStringLiteral("latency-scale"),
        QStringLiteral("Multiplies every simulated DEX delay, 0-100; 0 removes them "
                       "(default 1.0)."),
        QStringLiteral("F")};
    const QCommandLineOption dexFailureRate{
        QStringLiteral("dex-failure-rate"),
        QStringLiteral("Probability that a simulated submission fails, 0-1 (default 0.05)."),
        QStringLiteral("P")};
    const QCommandLineOption seed{
        QStringLiteral("seed"),
        QStringLiteral("Seeds the simulated market so a run can be repeated exactly "
                       "(default: random)."),
        QStringLiteral("N")};
    const QCommandLineOption apiToken{
        QStringLiteral("api-token"),
        QStringLiteral("Require 'Authorization: Bearer TOKEN' on every mutating request (env "
                       "ORDERDESK_API_TOKEN; default: none)."),
        QStringLiteral("TOKEN")};
    const QCommandLineOption simControl{
        QStringLiteral("sim-control"),
        QStringLiteral("Enable the simulation-control endpoints (/api/sim/...).")};
    const QCommandLineOption lang{
        QStringLiteral("lang"),
        QStringLiteral("Console language: en, de or zh_CN (default: the system locale)."),
        QStringLiteral("CODE")};
};

// A value and where it came from, so that an error names what the user actually set.
struct Setting
{
    bool isSet = false;
    QString value;
    QString label; // "--redis", or "--redis (from REDIS_URL)"
};

Setting settingOf(const QCommandLineParser &parser, const QCommandLineOption &option,
                  const QProcessEnvironment &environment, const QString &variable = {})
{
    const QString name = QStringLiteral("--") + option.names().constLast();
    if (parser.isSet(option))
        return {true, parser.value(option), name};
    // An empty variable counts as unset: `export REDIS_URL=` is how shells clear one.
    if (!variable.isEmpty()) {
        const QString value = environment.value(variable);
        if (!value.isEmpty())
            return {true, value, QStringLiteral("%1 (from %2)").arg(name, variable)};
    }
    return {false, {}, name};
}

// Keeps an error message on one line and of readable length whatever the user typed.
QString printable(const QString &value)
{
    QString text;
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            text += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            text += c;
    }
    constexpr int MaxLength = 120;
    if (text.size() > MaxLength)
        text = text.left(MaxLength - 3) + QStringLiteral("...");
    return text;
}

QString invalid(const Setting &setting, const QString &expected, const QString &got)
{
    return QStringLiteral("%1: %2: expected %3, got '%4'")
        .arg(program(), setting.label, expected, printable(got));
}

// A parser's message may quote the URL: blank out its password, and nothing else.
QString withoutSecret(QString message, const QString &url)
{
    const QString password = QUrl(url.trimmed()).password();
    return password.isEmpty() ? message : message.replace(password, QStringLiteral("***"));
}

QString problem(const Setting &setting, const QString &message)
{
    return QStringLiteral("%1: %2: %3").arg(program(), setting.label, message);
}

bool isDigits(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

std::optional<qint64> wholeNumber(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok, 10);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

std::optional<double> realNumber(const QString &text, double min, double max)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max)
        return std::nullopt;
    return value;
}

const QString &listenForm()
{
    static const QString form = QStringLiteral(
        "HOST:PORT, PORT or [IPv6]:PORT (HOST an IP address or localhost, PORT 0-65535)");
    return form;
}

bool parseListen(const QString &input, ServerConfig *server)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return false;
    QString host;
    QString port;
    bool bracketed = false;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return false;
        bracketed = true;
        host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')) || rest.size() == 1)
                return false;
            port = rest.mid(1);
        }
    } else if (isDigits(text)) {
        port = text;
    } else {
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        // "::1:3000" is itself a valid IPv6 address, so without brackets the port is ambiguous.
        if (colon >= 0 && text.indexOf(QLatin1Char(':')) != colon)
            return false;
        host = colon < 0 ? text : text.left(colon);
        if (colon >= 0) {
            port = text.mid(colon + 1);
            if (port.isEmpty())
                return false;
        }
    }

    QHostAddress address = server->address;
    if (!host.isEmpty()) {
        if (!bracketed && host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
            address = QHostAddress(QHostAddress::LocalHost);
        } else {
            if (!address.setAddress(host))
                return false;
            const bool isIpv6 = address.protocol() == QAbstractSocket::IPv6Protocol;
            if (isIpv6 != bracketed)
                return false;
        }
    }
    quint16 portNumber = server->port;
    if (!port.isEmpty()) {
        const auto value = isDigits(port) ? wholeNumber(port, 0, 65535) : std::nullopt;
        if (!value)
            return false;
        portNumber = static_cast<quint16>(*value);
    }
    server->address = address;
    server->port = portNumber;
    return true;
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

// The queue's own parser decides what a Redis URL is: one rule for the option and the engine.
std::optional<QString> redisUrl(const QString &text, QString *why)
{
    if (!RedisUrl::parse(text.trimmed(), why))
        return std::nullopt;
    return text.trimmed();
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

QString optionName(const QString &name)
{
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

} // namespace

std::optional<AppOptions> AppOptions::parse(const QStringList &arguments,
                                            const QProcessEnvironment &environment, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    OptionTable table;
    QCommandLineParser &parser = table.parser;

    if (!parser.parse(arguments)) {
        const QStringList unknown = parser.unknownOptionNames();
        if (!unknown.isEmpty()) {
            QStringList names;
            for (const QString &name : unknown)
                names << optionName(printable(name));
            message = QStringLiteral("%1: unknown option%2 %3 (see --help)")
                          .arg(program(), unknown.size() == 1 ? QString() : QStringLiteral("s"),
                               names.join(QLatin1String(", ")));
        } else {
            QString text = parser.errorText().trimmed();
            if (text.endsWith(QLatin1Char('.')))
                text.chop(1);
            message = QStringLiteral("%1: %2").arg(program(), printable(text));
        }
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        message = QStringLiteral("%1: unexpected argument '%2' (see --help)")
                      .arg(program(), printable(parser.positionalArguments().constFirst()));
        return std::nullopt;
    }

    AppOptions options;
    if (parser.isSet(table.help)) {
        options.action = Action::ShowHelp;
        return options;
    }
    if (parser.isSet(table.version)) {
        options.action = Action::ShowVersion;
        return options;
    }

    options.noGui = parser.isSet(table.noGui);

    if (const Setting s =
            settingOf(parser, table.listen, environment, QStringLiteral("ORDERDESK_LISTEN"));
        s.isSet && !parseListen(s.value, &options.server)) {
        message = invalid(s, listenForm(), s.value);
        return std::nullopt;
    }

    if (const Setting s = settingOf(parser, table.redis, environment, QStringLiteral("REDIS_URL"));
        s.isSet) {
        QString why;
        const auto url = redisUrl(s.value, &why);
        if (!url) {
            message = problem(s, withoutSecret(why, s.value));
            return std::nullopt;
        }
        options.engine.redisUrl = *url;
    }

    if (const Setting s =
            settingOf(parser, table.market, environment, QStringLiteral("ORDERDESK_MARKET_URL"));
        s.isSet) {
        QString why;
        const auto url = marketUrl(s.value, &why);
        if (!url) {
            message = problem(s, why);
            return std::nullopt;
        }
        options.engine.marketUrl = *url;
    }
    if (!options.engine.redisUrl.isEmpty() && options.engine.marketUrl.isEmpty()) {
        // Nodes that share work must share the chain: on separate in-process markets, a node
        // taking over an order could not ask whether its swap landed.
        message = QStringLiteral("%1: --redis needs --market (ORDERDESK_MARKET_URL): nodes "
                                 "sharing a queue must share one orderdesk-market")
                      .arg(program());
        return std::nullopt;
    }

    if (const Setting s =
            settingOf(parser, table.database, environment, QStringLiteral("DATABASE_URL"));
        s.isSet) {
        QString why;
        const auto url = databaseUrl(s.value, &why);
        if (!url) {
            message = problem(s, withoutSecret(why, s.value));
            return std::nullopt;
        }
        options.engine.databaseUrl = *url;
    }

    {
        const Setting s = settingOf(parser, table.dataDir, environment);
        QString dir = s.isSet ? s.value.trimmed()
                              : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (dir.isEmpty()) {
            message = s.isSet ? invalid(s, QStringLiteral("a directory"), s.value)
                              : problem(s, QStringLiteral("this system has no default data "
                                                          "directory; give one"));
            return std::nullopt;
        }
        dir = QDir::cleanPath(QDir::current().absoluteFilePath(dir));
        if (!QDir().mkpath(dir)) {
            message =
                problem(s, QStringLiteral("cannot create directory '%1'").arg(printable(dir)));
            return std::nullopt;
        }
        if (!QFileInfo(dir).isWritable()) {
            message =
                problem(s, QStringLiteral("directory '%1' is not writable").arg(printable(dir)));
            return std::nullopt;
        }
        options.engine.dataDir = dir;
    }

    if (const Setting s = settingOf(parser, table.workers, environment); s.isSet) {
        const auto value = wholeNumber(s.value, 1, 10000);
        if (!value) {
            message = invalid(s, QStringLiteral("a whole number from 1 to 10000"), s.value);
            return std::nullopt;
        }
        options.engine.workers = int(*value);
    }

    if (const Setting s = settingOf(parser, table.clientRateLimit, environment); s.isSet) {
        const auto value = wholeNumber(s.value, 0, 1'000'000);
        if (!value) {
            message = invalid(s, QStringLiteral("a whole number from 0 to 1000000"), s.value);
            return std::nullopt;
        }
        options.server.clientRequestsPerSecond = int(*value);
    }

    if (const Setting s = settingOf(parser, table.rateLimit, environment); s.isSet) {
        const QString text = s.value.trimmed();
        const qsizetype slash = text.indexOf(QLatin1Char('/'));
        const auto count =
            wholeNumber(slash < 0 ? text : text.left(slash), 0, std::numeric_limits<int>::max());
        // A bare count has no window, so only "0" may stand alone.
        const auto seconds =
            slash < 0 ? std::optional<double>() : realNumber(text.mid(slash + 1), 0.001, 86400.0);
        const bool off = slash < 0 && count && *count == 0;
        if (!off && (!count || !seconds)) {
            message = invalid(s,
                              QStringLiteral("N/SECONDS (N a whole number >= 0, SECONDS from "
                                             "0.001 to 86400, e.g. 100/60) or 0 to turn it off"),
                              s.value);
            return std::nullopt;
        }
        options.engine.rateLimit = int(*count);
        if (seconds)
            options.engine.rateWindowMs = qMax<qint64>(1, qRound64(*seconds * 1000.0));
    }

    if (const Setting s = settingOf(parser, table.maxAttempts, environment); s.isSet) {
        const auto value = wholeNumber(s.value, 1, 20);
        if (!value) {
            message = invalid(s, QStringLiteral("a whole number from 1 to 20"), s.value);
            return std::nullopt;
        }
        options.engine.maxAttempts = int(*value);
    }

    if (const Setting s = settingOf(parser, table.maxPriceImpact, environment); s.isSet) {
        const auto value = wholeNumber(s.value, 1, 10'000);
        if (!value) {
            message = invalid(s, QStringLiteral("a whole number of basis points from 1 to 10000"), s.value);
            return std::nullopt;
        }
        options.engine.maxPriceImpactBps = int(*value);
    }

    if (const Setting s = settingOf(parser, table.backoff, environment); s.isSet) {
        const auto value = wholeNumber(s.value, 0, 3'600'000);
        if (!value) {
            message = invalid(s, QStringLiteral("a whole number of milliseconds from 0 to 3600000"),
                              s.value);
            return std::nullopt;
        }
        options.engine.backoffMs = *value;
    }

    if (const Setting s = settingOf(parser, table.latencyScale, environment); s.isSet) {
        const auto value = realNumber(s.value, 0.0, 100.0);
        if (!value) {
            message = invalid(s, QStringLiteral("a number from 0 to 100"), s.value);
            return std::nullopt;
        }
        options.engine.latencyScale = *value;
    }

    if (const Setting s = settingOf(parser, table.dexFailureRate, environment); s.isSet) {
        const auto value = realNumber(s.value, 0.0, 1.0);
        if (!value) {
            message = invalid(s, QStringLiteral("a probability from 0 to 1"), s.value);
            return std::nullopt;
        }
        options.engine.dexFailureRate = *value;
    }

    if (const Setting s = settingOf(parser, table.seed, environment); s.isSet) {
        bool ok = false;
        const QString text = s.value.trimmed();
        const quint64 value = isDigits(text) ? text.toULongLong(&ok, 10) : 0;
        if (!ok) {
            message = invalid(s, QStringLiteral("a whole number from 0 to 18446744073709551615"),
                              s.value);
            return std::nullopt;
        }
        options.engine.seed = value;
    }

    if (const Setting s =
            settingOf(parser, table.apiToken, environment, QStringLiteral("ORDERDESK_API_TOKEN"));
        s.isSet) {
        // Echoing a rejected token would put a near-secret into logs.
        if (!isUsableToken(s.value)) {
            message = problem(s, QStringLiteral("expected a non-empty token of visible ASCII "
                                                "characters without spaces"));
            return std::nullopt;
        }
        options.server.apiToken = s.value;
    }

    options.engine.simControl = options.server.simControl = parser.isSet(table.simControl);

    if (const Setting s = settingOf(parser, table.lang, environment); s.isSet) {
        const auto code = languageCode(s.value);
        if (!code) {
            message = invalid(s, QStringLiteral("one of en, de, zh_CN"), s.value);
            return std::nullopt;
        }
        options.lang = *code;
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
    OptionTable table;
    QString text = table.parser.helpText();
    // Qt puts argv[0] there, often a long build path.
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
    text.replace(0, lineEnd, QStringLiteral("Usage: %1 [options]").arg(program()));
    text += QStringLiteral(
        "\nExit status: 0 after a clean shutdown (SIGINT/SIGTERM or the window closed), "
        "1 when Redis, the database or the listen address cannot be used, 2 for bad options.\n");
    return text;
}

QString AppOptions::versionText()
{
    return QStringLiteral("OrderDesk %1").arg(QStringLiteral(ORDERDESK_VERSION));
}

} // namespace OrderDesk
