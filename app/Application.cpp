#include "Application.h"

#include "ApiServer.h"
#include "AppLogging.h"
#include "Engine.h"
#include "LogDock.h"
#include "MainWindow.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace OrderDesk {

namespace {

// How long a stopping server may take to answer what is still unanswered once the engine stopped.
constexpr int ServerDrainMs = 2000;

QString hostForUrl(const QHostAddress &address)
{
    const QString host = address.toString();
    return address.protocol() == QAbstractSocket::IPv6Protocol
               ? QLatin1Char('[') + host + QLatin1Char(']')
               : host;
}

QString sqliteLocation(const QString &backend)
{
    const QLatin1String prefix("sqlite:");
    return backend.startsWith(prefix) ? backend.mid(prefix.size()) : backend;
}

} // namespace

Application::Application(AppOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
}

Application::~Application()
{
    stop();
}

bool Application::start(QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;

    if (!m_options.noGui) {
        installTranslator();
        LogDock::startCapture(); // the window's log shows the start-up lines too
    }

    m_engine = std::make_unique<Engine>(m_options.engine);
    QString why;
    if (!m_engine->start(&why)) {
        // libpq explains itself over several lines; the contract is one line.
        message = AppOptions::withoutPassword(why).simplified();
        m_engine.reset();
        return false;
    }
    m_engineRunning = true;
    connect(m_engine.get(), &Engine::stopped, this, &Application::engineStopped);
    reportBackends();

    m_server = std::make_unique<ApiServer>(*m_engine, m_options.server);
    if (!m_server->listen(&why)) {
        message = QStringLiteral("cannot listen on %1:%2: %3")
                      .arg(hostForUrl(m_options.server.address))
                      .arg(m_options.server.port)
                      .arg(why.simplified());
        stop();
        return false;
    }

    if (!m_options.noGui) {
        m_window = std::make_unique<MainWindow>(*m_engine, listenUrl());
        m_window->setWebSocketClientCount(m_server->webSocketClientCount());
        connect(m_server.get(), &ApiServer::webSocketClientCountChanged, m_window.get(),
                &MainWindow::setWebSocketClientCount);
        m_window->show();
    }
    return true;
}

void Application::shutdown()
{
    if (m_engineRunning)
        m_engine->beginStop();
}

void Application::stop()
{
    if (m_engineRunning)
        m_engine->stop(); // engineStopped() runs from its stopped()
}

void Application::engineStopped()
{
    if (!m_engineRunning)
        return;
    m_engineRunning = false;
    // Status changes still queued to this thread (all of the drain's, when stop() waited for it)
    // reach the WebSocket clients and the window before those close.
    QCoreApplication::sendPostedEvents();
    // Requests still unanswered are answered (503, nothing accepted) before the server goes.
    if (m_server)
        m_server->drain(ServerDrainMs);
    m_window.reset();
    m_server.reset();
    emit stopped();
}

QString Application::listenUrl() const
{
    const quint16 port = m_server ? m_server->port() : m_options.server.port;
    return QStringLiteral("http://%1:%2").arg(hostForUrl(m_options.server.address)).arg(port);
}

void Application::installTranslator()
{
    // The sources are English: "en" needs no catalogue, and must not pick up the system's.
    if (m_options.lang == QLatin1String("en"))
        return;
    const QLocale locale = m_options.lang.isEmpty() ? QLocale::system() : QLocale(m_options.lang);
    if (!m_options.lang.isEmpty())
        QLocale::setDefault(locale);

    auto translator = std::make_unique<QTranslator>();
    if (translator->load(locale, QStringLiteral("orderdesk"), QStringLiteral("_"),
                         QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(translator.get());
        m_translator = std::move(translator);
    } else {
        qCDebug(lcApp) << "no console translation for" << locale.name();
    }
}

void Application::reportBackends() const
{
    const ComponentHealth health = m_engine->health();
    const bool embeddedQueue = m_options.engine.redisUrl.isEmpty();
    const bool embeddedDatabase = m_options.engine.databaseUrl.isEmpty();
    const QString sqlite = sqliteLocation(health.databaseBackend);

    if (embeddedQueue && embeddedDatabase) {
        qCInfo(lcApp, "no --redis / --database: using the in-process queue and SQLite at %s",
               qUtf8Printable(sqlite));
    } else if (embeddedQueue) {
        qCInfo(lcApp,
               "no --redis: using the in-process queue (orders are not shared with other nodes); "
               "database %s",
               qUtf8Printable(AppOptions::withoutPassword(health.databaseBackend)));
    } else if (embeddedDatabase) {
        qCInfo(lcApp, "no --database: using SQLite at %s; queue %s", qUtf8Printable(sqlite),
               qUtf8Printable(AppOptions::withoutPassword(health.queueBackend)));
    } else {
        qCInfo(lcApp, "queue %s; database %s",
               qUtf8Printable(AppOptions::withoutPassword(health.queueBackend)),
               qUtf8Printable(AppOptions::withoutPassword(health.databaseBackend)));
    }
    qCInfo(lcApp, "data directory %s", qUtf8Printable(m_options.engine.dataDir));
    if (!m_options.configFile.isEmpty())
        qCInfo(lcApp, "config file %s", qUtf8Printable(m_options.configFile));
}

} // namespace OrderDesk
