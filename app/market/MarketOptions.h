#pragma once

#include "LogFormat.h"
#include "OptionTable.h"
#include "LocalMarket.h"

#include <QHostAddress>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace OrderDesk {

// orderdesk-market's settings, from its command line, environment and config file in that
// order of precedence, like orderdesk's (SPEC §2).
struct MarketOptions
{
    using Action = ProgramAction;

    Action action = Action::Run;
    QHostAddress address{QHostAddress::LocalHost};
    quint16 port = 8899;
    MarketConfig market; // its dataDir is the ledger's directory
    bool simControl = false;
    LogFormat logFormat = LogFormat::Text;
    QString configFile;

    // Never prints or exits; `error` is one line naming the option or the file, line and key.
    // Creates the data directory.
    static std::optional<MarketOptions> parse(const QStringList &arguments,
                                              const QProcessEnvironment &environment,
                                              QString *error,
                                              const QStringList &configFiles = defaultConfigFiles());
    // /etc/orderdesk/orderdesk-market.conf, then the user's config dir.
    static QStringList defaultConfigFiles();

    static const OptionTable &table();
    static QString helpText();
    static QString manPage();
};

} // namespace OrderDesk
