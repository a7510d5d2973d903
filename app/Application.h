#pragma once

#include "AppOptions.h"

#include <QObject>
#include <QString>
#include <memory>

class QTranslator;

namespace OrderDesk {

class ApiServer;
class Engine;
class MainWindow;

// Wires the program together: the engine, then its two clients (the API server and, unless
// --no-gui, the console window). main() owns the QCoreApplication and the event loop.
class Application : public QObject
{
    Q_OBJECT

public:
    explicit Application(AppOptions options, QObject *parent = nullptr);
    // Runs stop() if the caller did not.
    ~Application() override;

    // Starts the engine (store and queue), then listens and opens the window. On failure
    // returns false and sets `error` to one line naming what failed and where; whatever had
    // started is stopped again.
    bool start(QString *error);

    // Graceful shutdown, returning at once: the engine takes no new orders and drains its
    // in-flight attempts while the server keeps answering (reads as usual, submissions and
    // cancels 503 shutting_down); then the server and the window close and stopped() follows.
    void shutdown();
    // The same, waiting for it: returns stopped. Safe to call more than once, also after or
    // during shutdown().
    void stop();

    // "http://127.0.0.1:3000" with the port actually bound; IPv6 hosts in brackets.
    QString listenUrl() const;

Q_SIGNALS:
    void stopped();

private:
    void engineStopped();
    void installTranslator();
    void reportBackends() const;

    AppOptions m_options;
    std::unique_ptr<QTranslator> m_translator;
    std::unique_ptr<Engine> m_engine;
    // Declared after m_engine so that they are destroyed first: both hold a reference to it.
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<MainWindow> m_window;
    bool m_engineRunning = false;
};

} // namespace OrderDesk
