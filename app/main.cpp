#include "AppLogging.h"
#include "AppOptions.h"
#include "LogFormat.h"
#include "MallocTuning.h"
#include "Application.h"
#include "ProgramOutput.h"
#include "SignalWatcher.h"

#include <QApplication>
#include <QCoreApplication>
#include <cstdio>
#include <memory>

using namespace OrderDesk;

namespace {

int exitWith(const QString &message, int code)
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(message));
    return code;
}

// Without one QApplication aborts with a page about platform plugins; say what to do instead.
// QT_QPA_PLATFORM or -platform (offscreen, vnc, eglfs, ...) may need no display at all.
bool displayAvailable(const QStringList &arguments)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ||
           AppOptions::hasQtGuiOptions(arguments);
#else
    Q_UNUSED(arguments);
    return true;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    tuneMalloc();
    QCoreApplication::setApplicationName(QStringLiteral("OrderDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ORDERDESK_VERSION));

    QStringList rawArguments;
    for (int i = 0; i < argc; ++i)
        rawArguments << QString::fromLocal8Bit(argv[i]);
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();

    // Decide before any application object exists: a QApplication needs a display, which
    // --no-gui, --help and a bad option must not.
    QString error;
    std::optional<AppOptions> options = AppOptions::parse(rawArguments, environment, &error);
    const bool gui = options ? options->action == AppOptions::Action::Run && !options->noGui
                             : AppOptions::hasQtGuiOptions(rawArguments);
    if (!options && !gui)
        return exitWith(error, 2);
    if (options && options->action != AppOptions::Action::Run) {
        return ProgramOutput::print(options->action, AppOptions::table(), AppOptions::helpText(),
                                    AppOptions::manPage(), AppOptions::versionText());
    }

    if (gui && !displayAvailable(rawArguments)) {
        return exitWith(QStringLiteral("orderdesk: no display for the console window (DISPLAY and "
                                       "WAYLAND_DISPLAY are unset); use --no-gui to run the "
                                       "headless server"),
                        1);
    }

    installLogFormat(options ? options->logFormat : LogFormat::Text);

    std::unique_ptr<QCoreApplication> app;
    if (gui) {
        app = std::make_unique<QApplication>(argc, argv);
        // QApplication has taken its own options (-platform, -style, ...) out of argv.
        options = AppOptions::parse(QCoreApplication::arguments(), environment, &error);
        if (!options)
            return exitWith(error, 2);
        installLogFormat(options->logFormat);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }

    Application application(*options);
    // Installed before the engine starts, so a signal during a slow start-up is not lost: it
    // waits in the pipe and starts the shutdown as soon as the event loop runs. The event loop
    // runs on through the drain (the server answers meanwhile) and ends once it is over.
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::signalReceived, &application,
                     [&application](int signalNumber) {
                         qCInfo(lcApp, "%s received: stopping (send it again to force)",
                                qUtf8Printable(SignalWatcher::signalName(signalNumber)));
                         application.shutdown();
                     });
    QObject::connect(&application, &Application::stopped, app.get(), &QCoreApplication::quit);

    if (!application.start(&error))
        return exitWith(QStringLiteral("orderdesk: ") + error, 1);

    // On stdout and flushed at once: scripts and tests read the chosen port from this line.
    std::printf("listening on %s\n", qUtf8Printable(application.listenUrl()));
    std::fflush(stdout);

    const int code = app->exec();
    application.stop();
    return code;
}
