#pragma once

#include <QByteArray>
#include <QTcpServer>

namespace OrderDesk {

// The listening socket of the API server. QHttpServer 6.4 buffers every request body whole and
// trusts Content-Length, so without this a client could make the server hold any amount of
// memory. Each accepted connection counts the bytes it received since the server last wrote to
// it; past `maxUnansweredBytes` the connection is answered with `rejection` (a complete HTTP
// response), drained for a short while so the client can read that answer, and closed.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(qint64 maxUnansweredBytes, QByteArray rejection, QObject *parent = nullptr);

Q_SIGNALS:
    void connectionRejected();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void reject(QTcpSocket *socket);

    qint64 m_maxUnansweredBytes;
    QByteArray m_rejection;
};

} // namespace OrderDesk
