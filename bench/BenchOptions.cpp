#include "BenchOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <cstdio>
#include <limits>

namespace OrderDeskBench {

namespace {

std::optional<qint64> wholeNumber(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

QString invalid(const QString &option, const QString &expected, const QString &value)
{
    return QStringLiteral("orderdesk-bench: --%1: expected %2, got \"%3\"")
        .arg(option, expected, value);
}

} // namespace

std::optional<BenchOptions> BenchOptions::parse(const QStringList &arguments, QString *error,
                                                bool *exitNow)
{
    *exitNow = false;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load generator for the OrderDesk API: submits market orders through "
        "POST /api/orders/execute, follows each one on a WebSocket until its terminal status, "
        "and reports throughput, latencies, errors and the server's peak memory."));
    parser.addHelpOption();
    parser.addVersionOption();

    const QCommandLineOption url(
        QStringLiteral("url"),
        QStringLiteral("Server address, http://127.0.0.1:PORT (loopback only)."),
        QStringLiteral("URL"));
    const QCommandLineOption orders(QStringLiteral("orders"),
                                    QStringLiteral("Orders to submit (default 2000)."),
                                    QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption concurrency(
        QStringLiteral("concurrency"),
        QStringLiteral("Concurrent submitters, each with its own keep-alive HTTP connection "
                       "(default 50)."),
        QStringLiteral("M"), QStringLiteral("50"));
    const QCommandLineOption pair(QStringLiteral("pair"),
                                  QStringLiteral("TOKENIN/TOKENOUT (default SOL/USDC)."),
                                  QStringLiteral("PAIR"), QStringLiteral("SOL/USDC"));
    const QCommandLineOption amount(QStringLiteral("amount"),
                                    QStringLiteral("Amount of TOKENIN per order (default 0.1)."),
                                    QStringLiteral("AMOUNT"), QStringLiteral("0.1"));
    const QCommandLineOption token(QStringLiteral("token"),
                                   QStringLiteral("Bearer token (the server's --api-token)."),
                                   QStringLiteral("TOKEN"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the result as one JSON object."));
    const QCommandLineOption firehose(
        QStringLiteral("firehose"),
        QStringLiteral("Follow every order on one /ws connection instead of one "
                       "/api/orders/execute?orderId= stream per order."));
    const QCommandLineOption pipeline(
        QStringLiteral("pipeline"),
        QStringLiteral("A submitter sends its next order as soon as the previous one is accepted "
                       "(201), instead of after its terminal status: open loop, the engine's "
                       "queue fills up."));
    const QCommandLineOption watchers(
        QStringLiteral("watchers"),
        QStringLiteral("Open N more /ws firehose connections before the first order; each only "
                       "measures how late every event reaches it (default 0)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption rate(
        QStringLiteral("rate"),
        QStringLiteral("Submit at most R orders per second in all, evenly spaced (default 0: as "
                       "fast as the submitters go)."),
        QStringLiteral("R"), QStringLiteral("0"));
    const QCommandLineOption sources(
        QStringLiteral("source-addresses"),
        QStringLiteral("Spread the submitters' HTTP connections over the source addresses "
                       "127.0.0.1..127.0.0.N (1-254, default 1). The server limits requests per "
                       "client address; this measures the engine behind that limit."),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption serverPid(
        QStringLiteral("server-pid"),
        QStringLiteral("The server's process id: report its peak RSS (VmHWM) and CPU time."),
        QStringLiteral("PID"));
    const QCommandLineOption auxPid(
        QStringLiteral("aux-pid"),
        QStringLiteral("NAME=PID of another process on the machine (postgres, redis...): report "
                       "the CPU time it and its direct children spent during the run. Repeatable."),
        QStringLiteral("NAME=PID"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Stop after this many seconds (default 120)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("120"));
    const QCommandLineOption label(QStringLiteral("label"),
                                   QStringLiteral("Free text copied into the result."),
                                   QStringLiteral("TEXT"));
    const QCommandLineOption marketUrl(
        QStringLiteral("market-url"),
        QStringLiteral("After the run, count each order's executions in this orderdesk-market's "
                       "ledger (http://127.0.0.1:PORT)."),
        QStringLiteral("URL"));
    const QCommandLineOption ledgerFile(
        QStringLiteral("ledger-file"),
        QStringLiteral("After the run, count each order's executions in this ledger file of an "
                       "in-process market (<data-dir>/market-ledger.db)."),
        QStringLiteral("PATH"));
    parser.addOptions({url, orders, concurrency, pair, amount, token, json, firehose, pipeline,
                       sources, serverPid, auxPid, timeout, label, marketUrl, ledgerFile,
                       watchers, rate});

    if (!parser.parse(arguments)) {
        *error = QStringLiteral("orderdesk-bench: ") + parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        *exitNow = true;
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("orderdesk-bench %s\n", qUtf8Printable(QCoreApplication::applicationVersion()));
        *exitNow = true;
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("orderdesk-bench: unexpected argument \"%1\"")
                     .arg(parser.positionalArguments().constFirst());
        return std::nullopt;
    }

    BenchOptions options;
    if (!parser.isSet(url)) {
        *error = QStringLiteral("orderdesk-bench: --url is required (http://127.0.0.1:PORT)");
        return std::nullopt;
    }
    options.url = QUrl(parser.value(url), QUrl::StrictMode);
    const QHostAddress host(options.url.host());
    if (!options.url.isValid() || options.url.scheme() != QLatin1String("http") ||
        options.url.port() <= 0 || host != QHostAddress(QHostAddress::LocalHost)) {
        *error =
            invalid(QStringLiteral("url"),
                    QStringLiteral("http://127.0.0.1:PORT (this tool only talks to 127.0.0.1)"),
                    parser.value(url));
        return std::nullopt;
    }

    if (parser.isSet(marketUrl)) {
        options.marketUrl = QUrl(parser.value(marketUrl), QUrl::StrictMode);
        if (!options.marketUrl.isValid() || options.marketUrl.scheme() != QLatin1String("http")
            || options.marketUrl.port() <= 0) {
            *error = invalid(QStringLiteral("market-url"), QStringLiteral("http://HOST:PORT"),
                             parser.value(marketUrl));
            return std::nullopt;
        }
    }
    options.ledgerFile = parser.value(ledgerFile);

    struct Number
    {
        const QCommandLineOption &option;
        qint64 min, max;
        qint64 *target;
    };
    qint64 nOrders = 0, nConcurrency = 0, nSources = 0, nTimeout = 0, nPid = 0, nWatchers = 0,
           nRate = 0;
    const Number numbers[] = {
        {orders, 1, 10'000'000, &nOrders},
        {concurrency, 1, 10'000, &nConcurrency},
        {sources, 1, 254, &nSources},
        {timeout, 1, 86'400, &nTimeout},
        {watchers, 0, 1'000, &nWatchers},
        {rate, 0, 1'000'000, &nRate},
    };
    for (const Number &n : numbers) {
        const auto value = wholeNumber(parser.value(n.option), n.min, n.max);
        if (!value) {
            *error = invalid(n.option.names().constFirst(),
                             QStringLiteral("a whole number from %1 to %2").arg(n.min).arg(n.max),
                             parser.value(n.option));
            return std::nullopt;
        }
        *n.target = *value;
    }
    if (parser.isSet(serverPid)) {
        const auto value = wholeNumber(parser.value(serverPid), 1, std::numeric_limits<int>::max());
        if (!value) {
            *error = invalid(QStringLiteral("server-pid"), QStringLiteral("a process id"),
                             parser.value(serverPid));
            return std::nullopt;
        }
        nPid = *value;
    }
    for (const QString &value : parser.values(auxPid)) {
        const qsizetype eq = value.indexOf(QLatin1Char('='));
        const auto pid = eq > 0 ? wholeNumber(value.mid(eq + 1), 1, std::numeric_limits<int>::max())
                                : std::nullopt;
        if (!pid) {
            *error = invalid(QStringLiteral("aux-pid"), QStringLiteral("NAME=PID"), value);
            return std::nullopt;
        }
        options.auxPids.append({value.left(eq), *pid});
    }
    options.orders = int(nOrders);
    options.concurrency = int(nConcurrency);
    options.sourceAddresses = int(nSources);
    options.timeoutSec = int(nTimeout);
    options.watchers = int(nWatchers);
    options.rate = int(nRate);
    options.serverPid = nPid;

    const QStringList tokens = parser.value(pair).split(QLatin1Char('/'));
    if (tokens.size() != 2 || tokens[0].trimmed().isEmpty() || tokens[1].trimmed().isEmpty()) {
        *error = invalid(QStringLiteral("pair"), QStringLiteral("TOKENIN/TOKENOUT, e.g. SOL/USDC"),
                         parser.value(pair));
        return std::nullopt;
    }
    options.tokenIn = tokens[0].trimmed();
    options.tokenOut = tokens[1].trimmed();
    options.amount = parser.value(amount).trimmed();
    if (options.amount.isEmpty()) {
        *error = invalid(QStringLiteral("amount"), QStringLiteral("a decimal amount"), QString());
        return std::nullopt;
    }
    options.token = parser.value(token);
    options.json = parser.isSet(json);
    options.firehose = parser.isSet(firehose);
    options.pipeline = parser.isSet(pipeline);
    options.label = parser.value(label);
    return options;
}

} // namespace OrderDeskBench
