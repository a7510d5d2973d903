#pragma once

#include "Engine.h"

#include <QFutureWatcher>
#include <QStatusBar>
#include <QThreadPool>
#include <QTimer>

class QLabel;

namespace OrderDesk {

// Queue depth, rate-limit use, busy workers, and a light each for the queue backend, the
// database and the API server, with its WebSocket clients, refreshed about once a second. The
// health checks (Redis and database round trips) run off the GUI thread.
class ConsoleStatusBar : public QStatusBar
{
    Q_OBJECT

public:
    static constexpr int RefreshIntervalMs = 1000;

    explicit ConsoleStatusBar(Engine &engine, QWidget *parent = nullptr);
    ~ConsoleStatusBar() override;

    void setApiServer(const QString &url, bool listening);
    void setWebSocketClientCount(int count);

    // Starts a refresh now (tests; the timer does it otherwise).
    void refresh();
    QString queueText() const;
    QString workersText() const;

Q_SIGNALS:
    void refreshed();

private:
    void applyMetrics(const EngineMetrics &metrics);
    void applyHealth(const ComponentHealth &health);
    QLabel *addLight(const QString &objectName);
    void setLight(QLabel *light, bool up, const QString &text, const QString &tooltip);

    Engine &m_engine;
    QThreadPool m_pool;
    QFutureWatcher<ComponentHealth> m_watcher;
    QTimer m_timer;
    QLabel *m_queue = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_workers = nullptr;
    QLabel *m_queueLight = nullptr;
    QLabel *m_databaseLight = nullptr;
    QLabel *m_marketLight = nullptr;
    QLabel *m_apiLight = nullptr;
    QLabel *m_clients = nullptr;
    QString m_apiUrl;
    bool m_apiListening = false;
};

} // namespace OrderDesk
