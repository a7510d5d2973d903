#pragma once

#include "ApiServer.h"
#include "EngineConfig.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <optional>

namespace OrderDesk {

// Everything the command line and the environment configure (SPEC §2). The command line wins
// over the environment; every value is validated here, so the engine and the server only ever
// see well-formed settings.
struct AppOptions
{
    enum class Action { Run, ShowHelp, ShowVersion };

    Action action = Action::Run;
    bool noGui = false;
    ServerConfig server;
    EngineConfig engine;
    QString lang; // "en", "de" or "zh_CN"; empty follows the system locale

    // Never exits and never prints, so it can be tested. `arguments` starts with the program
    // name, as QCoreApplication::arguments() does. On failure returns nothing and sets `error`
    // to one line naming the option, e.g.
    // "orderdesk: --workers: expected a whole number from 1 to 256, got 'abc'".
    // Creates the data directory, because a run that cannot write there cannot keep orders.
    static std::optional<AppOptions> parse(const QStringList &arguments,
                                           const QProcessEnvironment &environment, QString *error);

    // True when `arguments` (before any QApplication stripped them) carry one of Qt's own GUI
    // options such as -platform or -style and no --no-gui: only a QApplication understands
    // those, so the caller must construct one and parse its arguments() instead.
    static bool hasQtGuiOptions(const QStringList &arguments);

    // `text` with the password of every URL in it replaced by "***": errors and start-up notes
    // end up in terminals, CI logs and bug reports.
    static QString withoutPassword(const QString &text);

    static QString helpText();
    static QString versionText();
};

} // namespace OrderDesk
