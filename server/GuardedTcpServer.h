#pragma once

#include "ConnectionGuard.h"

#include <QPointer>
#include <QTcpServer>

#include <memory>

namespace OrderDesk {

// The listening socket of the API server. QHttpServer 6.4 has no limits of its own: this one
// puts a ConnectionGuard on every accepted connection (timeouts, strict request heads, bounded
// bodies) and refuses connections past `maxConnections` (HTTP and WebSocket alike: a WebSocket
// keeps the socket accepted here) with a 503, so the process never runs out of descriptors.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(std::shared_ptr<const ConnectionPolicy> policy, int maxConnections,
                     QObject *parent = nullptr);

    int openConnections() const { return m_open; }
    // Whether any HTTP connection has a request on its way in or an answer on its way out.
    bool hasRequestsInFlight() const;
    // The open connection from that peer (a WebSocket's, which only knows its peer), if any.
    QTcpSocket *connectionFrom(const QHostAddress &address, quint16 port) const;

Q_SIGNALS:
    void connectionRefused(int status);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void refuseConnection(qintptr socketDescriptor);

    std::shared_ptr<const ConnectionPolicy> m_policy;
    int m_maxConnections;
    int m_open = 0;
    QList<QPointer<ConnectionGuard>> m_guards;
};

// Raises this process's soft limit on open files to its hard limit (where the system allows) and
// returns the soft limit now in force.
qint64 raiseOpenFileLimit();

} // namespace OrderDesk
