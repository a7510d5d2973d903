#include "GuardedTcpServer.h"

#include "ServerLogging.h"

#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace OrderDesk {

namespace {
// Long enough for a client to finish sending a body it already started and read the answer;
// short enough that a client cannot keep a rejected connection open.
constexpr int DrainMs = 5000;
} // namespace

GuardedTcpServer::GuardedTcpServer(qint64 maxUnansweredBytes, QByteArray rejection, QObject *parent)
    : QTcpServer(parent), m_maxUnansweredBytes(maxUnansweredBytes),
      m_rejection(std::move(rejection))
{
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto socket = std::make_unique<QTcpSocket>(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcServer) << "cannot accept a connection:" << socket->errorString();
        return;
    }

    // Connected before QHttpServer sees the socket, so this runs before its reader on every
    // readyRead: bytesAvailable() is then exactly what arrived since the last read.
    auto unanswered = std::make_shared<qint64>(0);
    QTcpSocket *raw = socket.get();
    connect(raw, &QTcpSocket::readyRead, this, [this, raw, unanswered] {
        *unanswered += raw->bytesAvailable();
        if (*unanswered > m_maxUnansweredBytes)
            reject(raw);
    });
    connect(raw, &QTcpSocket::bytesWritten, this, [unanswered] { *unanswered = 0; });

    addPendingConnection(socket.release());
}

void GuardedTcpServer::reject(QTcpSocket *socket)
{
    qCInfo(lcServer) << "closing a connection from" << socket->peerAddress().toString()
                     << "that sent more than" << m_maxUnansweredBytes << "bytes unanswered";
    Q_EMIT connectionRejected();

    // Take the socket away from the HTTP parser, answer, and keep reading (discarding) until
    // the client has seen the answer and closes, so it gets a 413 rather than a reset.
    disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    disconnect(socket, &QTcpSocket::bytesWritten, nullptr, nullptr);
    // QHttpServer reads inside a transaction, which keeps everything read so far buffered.
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    socket->readAll();
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    socket->write(m_rejection);
    QTimer::singleShot(DrainMs, socket, [socket] { socket->abort(); });
}

} // namespace OrderDesk
