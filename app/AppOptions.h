#pragma once

#include "ApiServer.h"
#include "EngineConfig.h"
#include "LogFormat.h"
#include "OptionTable.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <optional>

namespace OrderDesk {

// Everything the command line, the environment and the config file configure (SPEC §2, §9).
// The command line wins over the environment, which wins over the file; every value is
// validated here, so the engine and the server only ever see well-formed settings.
struct AppOptions
{
    using Action = ProgramAction;

    Action action = Action::Run;
    bool noGui = false;
    ServerConfig server;
    EngineConfig engine;
    QString lang; // "en", "de" or "zh_CN"; empty follows the system locale
    LogFormat logFormat = LogFormat::Text;
    QString configFile; // the file the settings were read from; empty: none

    // Never exits and never prints, so it can be tested. `arguments` starts with the program
    // name, as QCoreApplication::arguments() does. On failure returns nothing and sets `error`
    // to one line naming the option, e.g.
    // "orderdesk: --workers: expected a whole number from 1 to 10000, got 'abc'", or the
    // file, line and key of a bad config-file entry.
    // `configFiles` are tried in order when neither --config nor ORDERDESK_CONFIG names one.
    // Creates the data directory, because a run that cannot write there cannot keep orders.
    static std::optional<AppOptions> parse(const QStringList &arguments,
                                           const QProcessEnvironment &environment, QString *error,
                                           const QStringList &configFiles = defaultConfigFiles());

    // /etc/orderdesk/orderdesk.conf, then the user's config dir.
    static QStringList defaultConfigFiles();

    // True when `arguments` (before any QApplication stripped them) carry one of Qt's own GUI
    // options such as -platform or -style and no --no-gui: only a QApplication understands
    // those, so the caller must construct one and parse its arguments() instead.
    static bool hasQtGuiOptions(const QStringList &arguments);

    // `text` with the password of every URL in it replaced by "***": errors and start-up notes
    // end up in terminals, CI logs and bug reports.
    static QString withoutPassword(const QString &text);

    static const OptionTable &table();
    static QString helpText();
    static QString versionText();
    static QString manPage();
};

} // namespace OrderDesk
