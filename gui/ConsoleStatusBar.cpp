#include "ConsoleStatusBar.h"

#include <QLabel>
#include <QRegularExpression>

namespace OrderDesk {

namespace {

// The bar is on screens and in screenshots: never show a backend's password.
QString withoutPassword(const QString &url)
{
    static const QRegularExpression userInfo(
        QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*:)[^/\\s]*@"));
    QString redacted = url;
    return redacted.replace(userInfo, QStringLiteral("\\1***@"));
}

QString dot(bool up)
{
    // A filled circle in the light's colour; text next to it says the same for colour-blind eyes.
    return QStringLiteral("<span style='color:%1'>●</span>")
        .arg(up ? QStringLiteral("#3aa757") : QStringLiteral("#d9443a"));
}

} // namespace

ConsoleStatusBar::ConsoleStatusBar(Engine &engine, QWidget *parent)
    : QStatusBar(parent), m_engine(engine)
{
    setObjectName(QStringLiteral("consoleStatusBar"));

    const auto figure = [this](const QString &name) {
        auto *label = new QLabel(this);
        label->setObjectName(name);
        addPermanentWidget(label);
        return label;
    };
    m_halt = figure(QStringLiteral("statusHalt"));
    m_halt->setTextFormat(Qt::RichText);
    m_retrying = figure(QStringLiteral("statusRetrying"));
    m_queue = figure(QStringLiteral("statusQueue"));
    m_queue->setToolTip(tr("Orders waiting to be taken / retries waiting for their time / "
                           "being worked on"));
    m_rate = figure(QStringLiteral("statusRate"));
    m_workers = figure(QStringLiteral("statusWorkers"));
    m_queueLight = addLight(QStringLiteral("statusQueueLight"));
    m_databaseLight = addLight(QStringLiteral("statusDatabaseLight"));
    m_marketLight = addLight(QStringLiteral("statusMarketLight"));
    m_apiLight = addLight(QStringLiteral("statusApiLight"));
    m_clients = figure(QStringLiteral("statusClients"));
    setWebSocketClientCount(0);
    setRetrying(0);
    setOrdersHalted(false);
    setApiServer(QString(), false);

    m_timer.setInterval(RefreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ConsoleStatusBar::refresh);
    m_timer.start();
    refresh();
}

QLabel *ConsoleStatusBar::addLight(const QString &objectName)
{
    auto *label = new QLabel(this);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::RichText);
    addPermanentWidget(label);
    return label;
}

void ConsoleStatusBar::setLight(QLabel *light, bool up, const QString &text,
                                const QString &tooltip)
{
    light->setText(dot(up) + QLatin1Char(' ') + text.toHtmlEscaped());
    light->setToolTip(tooltip);
}

void ConsoleStatusBar::setApiServer(const QString &url, bool listening)
{
    m_apiUrl = url;
    m_apiListening = listening;
    if (url.isEmpty()) {
        setLight(m_apiLight, false, tr("API off"), tr("No API server in this process"));
        return;
    }
    setLight(m_apiLight, listening, tr("API %1").arg(url),
             listening ? tr("HTTP and WebSocket API listening on %1").arg(url)
                       : tr("API server not listening"));
}

void ConsoleStatusBar::setWebSocketClientCount(int count)
{
    m_clients->setText(tr("WS clients: %1").arg(count));
    m_clients->setToolTip(tr("WebSocket clients connected to the API server"));
}

void ConsoleStatusBar::setRetrying(int count, const QString &latest)
{
    m_retrying->setText(tr("Retrying %1").arg(count));
    // Amber while some order waits for its next attempt, like its chip in the blotter.
    m_retrying->setStyleSheet(count > 0 ? QStringLiteral("QLabel { background: #f8d2b0; color: #1b1f24; "
                                                         "border-radius: 3px; padding: 0 4px; }")
                                        : QString());
    m_retrying->setToolTip(latest.isEmpty() ? tr("Orders waiting for their next attempt") : latest);
}

void ConsoleStatusBar::setOrdersHalted(bool halted)
{
    m_halt->setText(halted ? QStringLiteral("<span style='color:#d9443a'>■</span> ")
                                 + tr("Orders halted").toHtmlEscaped()
                           : QStringLiteral("<span style='color:#3aa757'>▶</span> ")
                                 + tr("Orders enabled").toHtmlEscaped());
    m_halt->setToolTip(halted ? tr("Kill switch on: this console sends no orders")
                              : tr("This console may send orders (kill switch off)"));
}

QString ConsoleStatusBar::retryingText() const
{
    return m_retrying->text();
}

QString ConsoleStatusBar::haltText() const
{
    return m_halt->text();
}

void ConsoleStatusBar::refresh()
{
    applyMetrics(m_engine.metrics());
    applyHealth(m_engine.health());
    emit refreshed();
}

QString ConsoleStatusBar::queueText() const
{
    return m_queue->text();
}

QString ConsoleStatusBar::workersText() const
{
    return m_workers->text();
}

void ConsoleStatusBar::applyMetrics(const EngineMetrics &metrics)
{
    const QString unknown = QStringLiteral("—");
    const auto figure = [&](qint64 value) {
        return metrics.queueFiguresKnown ? QString::number(value) : unknown;
    };
    m_queue->setText(tr("Queue %1 · delayed %2 · active %3")
                         .arg(figure(metrics.queue.waiting), figure(metrics.queue.delayed),
                              figure(metrics.queue.active)));
    if (metrics.rateLimit > 0) {
        m_rate->setText(tr("Rate %1/%2 per %3 s")
                            .arg(figure(metrics.rateWindowUsed))
                            .arg(metrics.rateLimit)
                            .arg(metrics.rateWindowMs / 1000));
    } else {
        m_rate->setText(tr("Rate: no limit"));
    }
    m_workers->setText(tr("Workers %1/%2").arg(metrics.workersBusy).arg(metrics.workers));
    m_workers->setToolTip(tr("%n limit or sniper order(s) armed", nullptr, metrics.waitingArmed));

}

void ConsoleStatusBar::applyHealth(const ComponentHealth &health)
{
    const bool redis = health.queueBackend.startsWith(QLatin1String("redis"));
    setLight(m_queueLight, health.queueUp, redis ? tr("Redis") : tr("In-process queue"),
             tr("Queue: %1 (%2)")
                 .arg(withoutPassword(health.queueBackend),
                      health.queueUp ? tr("up") : tr("down")));
    const bool postgres = health.databaseBackend.startsWith(QLatin1String("postgres"));
    setLight(m_databaseLight, health.databaseUp, postgres ? tr("PostgreSQL") : tr("SQLite"),
             tr("Database: %1 (%2)")
                 .arg(withoutPassword(health.databaseBackend),
                      health.databaseUp ? tr("up") : tr("down")));
    const bool shared = health.marketBackend.startsWith(QLatin1String("http"));
    setLight(m_marketLight, health.marketUp, shared ? tr("Market") : tr("In-process market"),
             tr("Market: %1 (%2)")
                 .arg(health.marketBackend, health.marketUp ? tr("up") : tr("down")));
}

} // namespace OrderDesk
