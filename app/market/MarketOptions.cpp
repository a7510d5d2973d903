#include "MarketOptions.h"

#include "OptionResolver.h"
#include "OptionRows.h"
#include "OptionTable.h"

namespace OrderDesk {

namespace {

using Row = OptionRow<MarketOptions>;

QString program()
{
    return QStringLiteral("orderdesk-market");
}

const QList<Row> &rows()
{
    static const QList<Row> table{
        OptionRows::help<MarketOptions>(),
        OptionRows::version<MarketOptions>(),
        OptionRows::config<MarketOptions>(QStringLiteral("ORDERDESK_MARKET_CONFIG"),
                                          QStringLiteral("orderdesk-market.conf")),
        OptionRows::listen<MarketOptions>(
            {QStringLiteral("listen"), QStringLiteral("HOST:PORT"),
             QStringLiteral("Address to serve on (default 127.0.0.1:8899; port 0 picks a free "
                            "one and prints it).")},
            [](MarketOptions &o) { return std::pair{&o.address, &o.port}; }),
        OptionRows::dataDir<MarketOptions>(
            QStringLiteral("Where the ledger (market-ledger.db) lives (default: the platform's "
                           "app data directory)."),
            [](MarketOptions &o, const QString &dir) { o.market.dataDir = dir; }),
        OptionRows::realNumber<MarketOptions>(
            {QStringLiteral("latency-scale"), QStringLiteral("F"),
             QStringLiteral("Multiplies every simulated delay, 0-100; 0 removes them (default "
                            "1).")},
            0.0, 100.0, QStringLiteral("a number from 0 to 100"),
            [](MarketOptions &o, double f) { o.market.latencyScale = f; }),
        OptionRows::realNumber<MarketOptions>(
            {QStringLiteral("dex-failure-rate"), QStringLiteral("P"),
             QStringLiteral("Probability that a submitted transaction fails, 0-1 (default "
                            "0.05).")},
            0.0, 1.0, QStringLiteral("a probability from 0 to 1"),
            [](MarketOptions &o, double p) { o.market.failureRate = p; }),
        OptionRows::seed<MarketOptions>(
            QStringLiteral("Seeds the market's random walk and outcomes (default: random)."),
            [](MarketOptions &o, quint64 seed) { o.market.seed = seed; }),
        OptionRows::flag<MarketOptions>(
            {QStringLiteral("sim-control"), {},
             QStringLiteral("Enable POST /sim/launch and /sim/price.")},
            [](MarketOptions &o, bool on) { o.simControl = on; }),
        OptionRows::logFormat<MarketOptions>(&MarketOptions::logFormat),
    };
    return table;
}

const QString ExitStatus = QStringLiteral(
    "Exit status: 0 after SIGINT/SIGTERM, 1 when the ledger or the listen address cannot be "
    "used, 2 for bad options or a bad config file.");

} // namespace

const OptionTable &MarketOptions::table()
{
    static const OptionTable table(
        program(), QStringLiteral("The simulated Solana market OrderDesk nodes share."),
        specsOf(rows()));
    return table;
}

QStringList MarketOptions::defaultConfigFiles()
{
    return OptionResolver::defaultConfigFiles(QStringLiteral("orderdesk-market.conf"));
}

std::optional<MarketOptions> MarketOptions::parse(const QStringList &arguments,
                                                  const QProcessEnvironment &environment,
                                                  QString *error, const QStringList &configFiles)
{
    QString ignored;
    MarketOptions defaults;
    defaults.market.failureRate = 0.05;
    return parseOptions<MarketOptions>(
        table(), rows(), arguments, environment, configFiles, defaults,
        [](MarketOptions &o) -> QString & { return o.market.dataDir; }, error ? error : &ignored);
}

QString MarketOptions::helpText()
{
    return table().helpText(ExitStatus);
}

QString MarketOptions::manPage()
{
    ManPageText text;
    text.summary = QStringLiteral("the simulated Solana market that OrderDesk nodes share");
    text.description = QStringLiteral(
        "orderdesk-market runs the simulated chain and its two venues (a Raydium constant-product "
        "pool and a Meteora DLMM pool per pair) as a service of its own, so that several "
        "orderdesk nodes (orderdesk --market http://HOST:PORT) trade on one market. It serves "
        "Jupiter-shaped quotes (GET /quote), Solana JSON-RPC (POST /rpc) and the ledger of "
        "executed swaps (GET /ledger), which it keeps durably in its data directory.\n\n"
        "It prints \"listening on http://HOST:PORT\" once it serves, and stops on SIGINT or "
        "SIGTERM.");
    text.configFile = QStringLiteral(
        "Every option except --help, --version and --config is also a key of an INI file "
        "(key = value, no section; flags take true or false): the one --config or "
        "ORDERDESK_MARKET_CONFIG names, else /etc/orderdesk/orderdesk-market.conf, else "
        "orderdesk/orderdesk-market.conf in the user's config directory. The command line "
        "beats the environment, which beats the file. An unknown key or a bad value is refused "
        "like a bad option, naming the file, the line and the key.");
    text.extraEnvironment = {{QStringLiteral("QT_LOGGING_RULES"),
                              QStringLiteral("Turns log categories on or off.")}};
    text.files = {{QStringLiteral("/etc/orderdesk/orderdesk-market.conf"),
                   QStringLiteral("The config file.")},
                  {QStringLiteral("/var/lib/orderdesk/market"),
                   QStringLiteral("The ledger of orderdesk-market.service.")}};
    text.exitStatus = ExitStatus.mid(QStringLiteral("Exit status: ").size());
    text.seeAlso = {QStringLiteral("orderdesk(1)")};
    return table().manPage(text, QStringLiteral("OrderDesk " ORDERDESK_VERSION));
}

} // namespace OrderDesk
