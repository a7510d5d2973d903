// orderdesk-market: the simulated Solana market (chain, venues, ledger) as a service that
// several engine nodes share (SPEC §2 and §8).
#include "AppLogging.h"
#include "LocalMarket.h"
#include "MarketService.h"
#include "SignalWatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QStandardPaths>

#include <cmath>
#include <cstdio>

using namespace OrderDesk;

namespace {

struct Options
{
    QHostAddress address{QHostAddress::LocalHost};
    quint16 port = 8899;
    QString dataDir;
    MarketConfig market;
    bool simControl = false;
};

int exitWith(const QString &message, int code)
{
    std::fprintf(stderr, "orderdesk-market: %s\n", qUtf8Printable(message));
    return code;
}

// HOST:PORT, PORT or [IPv6]:PORT.
bool parseListen(const QString &text, Options *options)
{
    QString host;
    QString port = text.trimmed();
    if (port.startsWith(QLatin1Char('['))) {
        const qsizetype close = port.indexOf(QLatin1String("]:"));
        if (close < 0)
            return false;
        host = port.mid(1, close - 1);
        port = port.mid(close + 2);
    } else if (const qsizetype colon = port.lastIndexOf(QLatin1Char(':')); colon >= 0) {
        host = port.left(colon);
        port = port.mid(colon + 1);
        if (host.contains(QLatin1Char(':')))
            return false;
    }
    bool ok = false;
    const uint number = port.toUInt(&ok);
    if (!ok || number > 65535)
        return false;
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        options->address = QHostAddress(QHostAddress::LocalHost);
    else if (!host.isEmpty() && !options->address.setAddress(host))
        return false;
    options->port = quint16(number);
    return true;
}

std::optional<Options> parse(const QStringList &arguments, QString *error, bool *help)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The simulated Solana market OrderDesk nodes share."));
    const QCommandLineOption helpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help."));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address to serve on (default 127.0.0.1:8899; port 0 picks one)."),
                                    QStringLiteral("HOST:PORT"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Where the ledger (market-ledger.db) lives."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption latency(QStringLiteral("latency-scale"),
                                     QStringLiteral("Multiplies every simulated delay; 0 removes them (default 1)."),
                                     QStringLiteral("F"));
    const QCommandLineOption failure(QStringLiteral("dex-failure-rate"),
                                     QStringLiteral("Probability that a transaction is dropped (default 0.05)."),
                                     QStringLiteral("P"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seeds the market's random walk and outcomes."),
                                  QStringLiteral("N"));
    const QCommandLineOption simControl(QStringLiteral("sim-control"),
                                        QStringLiteral("Enable POST /sim/launch and /sim/price."));
    parser.addOptions({helpOption, listen, dataDir, latency, failure, seed, simControl});
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(helpOption)) {
        *help = true;
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return std::nullopt;
    }

    Options options;
    options.market.failureRate = 0.05;
    if (parser.isSet(listen) && !parseListen(parser.value(listen), &options)) {
        *error = QStringLiteral("--listen: expected HOST:PORT, PORT or [IPv6]:PORT, got '%1'")
                     .arg(parser.value(listen));
        return std::nullopt;
    }
    bool ok = false;
    if (parser.isSet(latency)) {
        const double value = parser.value(latency).toDouble(&ok);
        if (!ok || !std::isfinite(value) || value < 0 || value > 100) {
            *error = QStringLiteral("--latency-scale: expected a number from 0 to 100, got '%1'")
                         .arg(parser.value(latency));
            return std::nullopt;
        }
        options.market.latencyScale = value;
    }
    if (parser.isSet(failure)) {
        const double value = parser.value(failure).toDouble(&ok);
        if (!ok || !std::isfinite(value) || value < 0 || value > 1) {
            *error = QStringLiteral("--dex-failure-rate: expected a probability from 0 to 1, got '%1'")
                         .arg(parser.value(failure));
            return std::nullopt;
        }
        options.market.failureRate = value;
    }
    if (parser.isSet(seed)) {
        const quint64 value = parser.value(seed).toULongLong(&ok);
        if (!ok) {
            *error = QStringLiteral("--seed: expected a whole number ≥ 0, got '%1'").arg(parser.value(seed));
            return std::nullopt;
        }
        options.market.seed = value;
    }
    options.dataDir = parser.isSet(dataDir)
                          ? parser.value(dataDir)
                          : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (options.dataDir.trimmed().isEmpty()) {
        *error = QStringLiteral("--data-dir: expected a directory");
        return std::nullopt;
    }
    options.simControl = parser.isSet(simControl);
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("orderdesk-market"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ORDERDESK_VERSION));

    QString error;
    bool help = false;
    std::optional<Options> options = parse(QCoreApplication::arguments(), &error, &help);
    if (help)
        return 0;
    if (!options)
        return exitWith(error, 2);
    if (!QDir().mkpath(options->dataDir))
        return exitWith(QStringLiteral("--data-dir: cannot create %1").arg(options->dataDir), 1);
    options->market.dataDir = options->dataDir;

    qSetMessagePattern(
        QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-category}%{category}: %{endif}"
                       "%{if-warning}warning: %{endif}%{if-critical}error: %{endif}%{message}"));

    // Before anything slow: a signal during start-up waits in the pipe for the event loop.
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &app, [](int signalNumber) {
        qCInfo(lcApp, "%s received: stopping", qUtf8Printable(SignalWatcher::signalName(signalNumber)));
        QCoreApplication::quit();
    });

    TokenRegistry tokens;
    LocalMarket market(options->market, tokens);
    if (!market.open(&error))
        return exitWith(error, 1);
    MarketService service(market, options->simControl);
    const quint16 port = service.listen(options->address, options->port, &error);
    if (port == 0)
        return exitWith(error, 1);
    // The price walk: a step stands for a second of market time, as in the engine's own market.
    market.simulator().startTicking(1000);

    const QString host = options->address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + options->address.toString() + QLatin1Char(']')
                             : options->address.toString();
    // On stdout and flushed at once: scripts and tests read the chosen port from this line.
    std::printf("listening on http://%s:%u\n", qUtf8Printable(host), unsigned(port));
    std::fflush(stdout);

    const int code = app.exec();
    market.simulator().stopTicking();
    market.close();
    return code;
}
