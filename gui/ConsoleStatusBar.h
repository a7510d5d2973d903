#pragma once

#include "Engine.h"

#include <QStatusBar>
#include <QTimer>

class QLabel;

namespace OrderDesk {

// Queue depth, rate-limit use, busy workers, and a light each for the queue backend, the
// database and the API server, with its WebSocket clients, refreshed about once a second from
// the engine's snapshot: the engine reads its backends on threads of its own, so a hung Redis or
// database turns a light red here instead of freezing the window. Figures a backend has not
// given recently show as "—", not as zeros.
class ConsoleStatusBar : public QStatusBar
{
    Q_OBJECT

public:
    static constexpr int RefreshIntervalMs = 1000;

    explicit ConsoleStatusBar(Engine &engine, QWidget *parent = nullptr);

    void setApiServer(const QString &url, bool listening);
    void setWebSocketClientCount(int count);
    // Orders waiting out a back-off after a failed attempt (BlotterModel::retryingCount), and the
    // latest retry's reason as the figure's tooltip.
    void setRetrying(int count, const QString &latest = QString());
    // Whether this console may send orders (SafetyRails' kill switch), always in view.
    void setOrdersHalted(bool halted);
    QString retryingText() const;
    QString haltText() const;

    // Shows the engine's latest snapshot now (tests; the timer does it otherwise).
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
    QTimer m_timer;
    QLabel *m_queue = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_workers = nullptr;
    QLabel *m_queueLight = nullptr;
    QLabel *m_databaseLight = nullptr;
    QLabel *m_marketLight = nullptr;
    QLabel *m_apiLight = nullptr;
    QLabel *m_clients = nullptr;
    QLabel *m_retrying = nullptr;
    QLabel *m_halt = nullptr;
    QString m_apiUrl;
    bool m_apiListening = false;
};

} // namespace OrderDesk
