#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

namespace OrderDesk {

// Short-lived, single-use tickets that let a browser's WebSocket present the API token: a
// browser cannot set Authorization on a handshake, so a page asks POST /api/ws-ticket (with the
// token, like any mutating request) and opens the socket with ?ticket=…. Server thread only.
class WebSocketTickets
{
public:
    static constexpr int LifetimeSeconds = 60;

    WebSocketTickets() { m_clock.start(); }

    QString issue();
    // True once per ticket issued less than LifetimeSeconds ago.
    bool redeem(const QString &ticket);

private:
    void forgetExpired();

    QElapsedTimer m_clock;
    QHash<QString, qint64> m_expiresAtMs;
};

} // namespace OrderDesk
