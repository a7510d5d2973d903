#pragma once

#include "RequestHead.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QTcpSocket;

namespace OrderDesk {

// What every connection of the API server is held to (SPEC §4: slow or silent connections are
// closed, a declared body over the limit is refused at once).
struct ConnectionPolicy
{
    qint64 maxBodyBytes = 64 * 1024;
    qint64 maxHeadBytes = 32 * 1024;
    int headTimeoutMs = 10'000; // from a request's first byte (or the connection) to its empty line
    int bodyTimeoutMs = 60'000; // from the head to the body's last byte
    int idleTimeoutMs = 60'000; // a kept-alive connection with nothing asked
    // The per-client budget, asked for each WebSocket handshake (an upgrade never reaches the
    // HTTP routes that count the other requests): 0 to proceed, else ms until the next is allowed.
    std::function<qint64(const QHostAddress &)> admitUpgrade;
};

// Watches one accepted connection on behalf of QHttpServer 6.4, which has no limits of its own:
// reads every request head as it arrives (peeking, before the server's own reader runs), refuses
// what that parser would mishandle with a proper status, closes what is not HTTP at all, and
// closes connections that are too slow or idle too long. Once a WebSocket handshake passes, the
// connection is the WebSocket server's and the guard steps aside.
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    // Becomes a child of `socket`. Must be created before QHttpServer connects to the socket.
    ConnectionGuard(QTcpSocket *socket, std::shared_ptr<const ConnectionPolicy> policy);

    // A request is on its way in, waiting for its answer, or its answer is still being sent.
    bool isBusy() const;
    QTcpSocket *socket() const { return m_socket; }

    // A complete HTTP response that refuses the request, closing the connection.
    static QByteArray refusal(int status, const QString &code, const QString &message,
                              const QList<QPair<QByteArray, QByteArray>> &headers = {});

Q_SIGNALS:
    void refused(int status);

private:
    enum class State {
        Head,     // reading a request head (or waiting for one)
        Body,     // `m_bodyLeft` bytes of the current body still to come
        Opaque,   // a chunked body: only the byte bound applies from here on
        Finished  // upgraded, refused or dropped: nothing more to watch
    };

    void onReadyRead();
    void onBytesWritten();
    void onTimeout();
    void take(QByteArrayView data);
    void requestComplete();
    void refuse(const HeadVerdict &verdict);
    void drop(const char *why);
    void stopWatching();

    QTcpSocket *m_socket;
    std::shared_ptr<const ConnectionPolicy> m_policy;
    QTimer m_deadline;
    State m_state = State::Head;
    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    qint64 m_unanswered = 0; // bytes received since the server last wrote
    bool m_awaitingAnswer = false;
};

} // namespace OrderDesk
