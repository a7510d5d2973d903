// orderdesk-market: the simulated Solana market (chain, venues, ledger) as a service that
// several engine nodes share (SPEC §2 and §8).
#include "AppLogging.h"
#include "LocalMarket.h"
#include "MallocTuning.h"
#include "MarketService.h"
#include "SignalWatcher.h"
#include "LogFormat.h"
#include "MarketOptions.h"
#include "ProgramOutput.h"

#include <QCoreApplication>

#include <cstdio>

using namespace OrderDesk;

namespace {

int exitWith(const QString &message, int code)
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(message));
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    tuneMalloc();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("orderdesk-market"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ORDERDESK_VERSION));

    QString error;
    std::optional<MarketOptions> options =
        MarketOptions::parse(QCoreApplication::arguments(),
                             QProcessEnvironment::systemEnvironment(), &error);
    if (!options)
        return exitWith(error, 2);
    if (options->action != ProgramAction::Run) {
        return ProgramOutput::print(options->action, MarketOptions::table(),
                                    MarketOptions::helpText(), MarketOptions::manPage(),
                                    QStringLiteral("orderdesk-market (OrderDesk %1)")
                                        .arg(QStringLiteral(ORDERDESK_VERSION)));
    }
    installLogFormat(options->logFormat);
    if (!options->configFile.isEmpty())
        qCInfo(lcApp, "config file %s", qUtf8Printable(options->configFile));

    // Before anything slow: a signal during start-up waits in the pipe for the event loop.
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &app, [](int signalNumber) {
        qCInfo(lcApp, "%s received: stopping", qUtf8Printable(SignalWatcher::signalName(signalNumber)));
        QCoreApplication::quit();
    });

    TokenRegistry tokens;
    LocalMarket market(options->market, tokens);
    if (!market.open(&error))
        return exitWith(QStringLiteral("orderdesk-market: ") + error, 1);
    MarketService service(market, options->simControl);
    const quint16 port = service.listen(options->address, options->port, &error);
    if (port == 0)
        return exitWith(QStringLiteral("orderdesk-market: ") + error, 1);
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
