#include "GuardedTcpServer.h"

#include "FrameGatedSocket.h"

#include "ServerLogging.h"

#include <QTcpSocket>
#include <QTimer>

#include <sys/resource.h>

namespace OrderDesk {

namespace {
// How long a refused connection may take to read its 503.
constexpr int RefusalLingerMs = 1000;
// After a failed accept (descriptors or memory exhausted), try again this much later instead
// of spinning on a listening socket that stays readable.
constexpr int AcceptRetryMs = 100;
} // namespace

qint64 raiseOpenFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? std::numeric_limits<qint64>::max()
                                           : qint64(limit.rlim_cur);
}

GuardedTcpServer::GuardedTcpServer(std::shared_ptr<const ConnectionPolicy> policy,
                                   int maxConnections, QObject *parent)
    : QTcpServer(parent), m_policy(std::move(policy)), m_maxConnections(maxConnections)
{
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        qCWarning(lcServer) << "accepting a connection failed:" << error << errorString();
        pauseAccepting();
        QTimer::singleShot(AcceptRetryMs, this, &QTcpServer::resumeAccepting);
    });
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    if (m_maxConnections > 0 && m_open >= m_maxConnections)
        return refuseConnection(socketDescriptor);

    auto socket = std::make_unique<FrameGatedSocket>(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcServer) << "cannot accept a connection:" << socket->errorString();
        return;
    }
    auto *guard = new ConnectionGuard(socket.get(), m_policy); // owned by the socket
    // The socket outlives its HTTP life when it becomes a WebSocket's; it counts until destroyed.
    // Watched through its child: QHttpServer disconnects everything from the socket's own
    // signals (destroyed included) when it hands it to the WebSocket server.
    ++m_open;
    connect(guard, &QObject::destroyed, this, [this] { --m_open; });
    connect(guard, &ConnectionGuard::refused, this, &GuardedTcpServer::connectionRefused);
    m_guards.removeAll(nullptr);
    m_guards.append(guard);
    addPendingConnection(socket.release());
}

QTcpSocket *GuardedTcpServer::connectionFrom(const QHostAddress &address, quint16 port) const
{
    for (const QPointer<ConnectionGuard> &guard : m_guards) {
        if (guard && guard->socket()->peerPort() == port && guard->socket()->peerAddress() == address)
            return guard->socket();
    }
    return nullptr;
}

bool GuardedTcpServer::hasRequestsInFlight() const
{
    return std::any_of(m_guards.cbegin(), m_guards.cend(),
                       [](const QPointer<ConnectionGuard> &guard) { return guard && guard->isBusy(); });
}

void GuardedTcpServer::refuseConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this); // deletes itself below
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    qCWarning(lcServer) << "refusing a connection from" << socket->peerAddress().toString()
                        << "past --max-connections" << m_maxConnections;
    Q_EMIT connectionRefused(503);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->write(ConnectionGuard::refusal(
        503, QStringLiteral("too_many_connections"),
        QStringLiteral("the server has as many connections open as it allows; try again later"),
        {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")}}));
    socket->disconnectFromHost();
    QTimer::singleShot(RefusalLingerMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}

} // namespace OrderDesk
