#include "ConnectionGuard.h"

#include "ServerLogging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <sys/socket.h>

namespace OrderDesk {

namespace {
// Long enough for a client to finish sending a body it already started and read the answer;
// short enough that a client cannot keep a refused connection open.
constexpr int DrainMs = 5000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400: return QByteArrayLiteral("Bad Request");
    case 413: return QByteArrayLiteral("Payload Too Large");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    }
    return QByteArrayLiteral("Error");
}
} // namespace

QByteArray ConnectionGuard::refusal(int status, const QString &code, const QString &message,
                                    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    const QByteArray body = QJsonDocument(QJsonObject{
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                              {QStringLiteral("message"), message}}}})
                                .toJson(QJsonDocument::Compact);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) +
                          "\r\nContent-Type: application/json\r\nConnection: close\r\n";
    for (const auto &[name, value] : headers)
        response += name + ": " + value + "\r\n";
    return response + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, std::shared_ptr<const ConnectionPolicy> policy)
    : QObject(socket), m_socket(socket), m_policy(std::move(policy))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    // Connected before QHttpServer's reader, so this runs first on every readyRead and can still
    // keep a refused request from it.
    connect(m_socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    // The first head is due within the head timeout of the connection itself: a client that
    // connects and says nothing is as slow as one that sends a byte a second.
    m_deadline.start(m_policy->headTimeoutMs);
}

bool ConnectionGuard::isBusy() const
{
    if (m_state == State::Finished)
        return false;
    return m_awaitingAnswer || !m_head.isEmpty() || m_state != State::Head ||
           m_socket->bytesAvailable() > 0 || m_socket->bytesToWrite() > 0;
}

void ConnectionGuard::onReadyRead()
{
    // QHttpServer reads inside a transaction and leaves partial requests buffered, so what is
    // available now is exactly what arrived since its last read: peek, never consume.
    const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
    m_unanswered += fresh.size();
    if (m_policy->maxBodyBytes > 0 &&
        m_unanswered > m_policy->maxBodyBytes + m_policy->maxHeadBytes) {
        return refuse(HeadVerdict::refuse(
            413, QStringLiteral("payload_too_large"),
            QStringLiteral("the body may be at most %1 bytes").arg(m_policy->maxBodyBytes)));
    }
    take(fresh);
}

void ConnectionGuard::take(QByteArrayView data)
{
    while (!data.isEmpty()) {
        switch (m_state) {
        case State::Finished:
        case State::Opaque:
            return;
        case State::Body: {
            const qsizetype used = qsizetype(std::min<qint64>(m_bodyLeft, data.size()));
            m_bodyLeft -= used;
            data = data.sliced(used);
            if (m_bodyLeft == 0)
                requestComplete();
            break;
        }
        case State::Head: {
            if (m_head.isEmpty() && !m_awaitingAnswer)
                m_deadline.start(m_policy->headTimeoutMs);
            const qsizetype before = m_head.size();
            m_head += data;
            const qsizetype end = RequestHead::headEnd(m_head);
            if (end < 0) {
                if (!RequestHead::canStartRequest(m_head))
                    return drop("it is not HTTP/1.x");
                if (m_head.size() > m_policy->maxHeadBytes) {
                    return refuse(HeadVerdict::refuse(
                        431, QStringLiteral("headers_too_large"),
                        QStringLiteral("the request line and headers may be at most %1 bytes")
                            .arg(m_policy->maxHeadBytes)));
                }
                return;
            }
            data = data.sliced(end - before);
            const HeadVerdict verdict = RequestHead::check(QByteArrayView(m_head).first(end),
                                                           m_policy->maxBodyBytes);
            m_head.clear();
            if (verdict.action == HeadVerdict::Action::Drop)
                return drop("it is not HTTP/1.x");
            if (verdict.action == HeadVerdict::Action::Refuse)
                return refuse(verdict);
            if (verdict.webSocket) {
                const qint64 waitMs =
                    m_policy->admitUpgrade ? m_policy->admitUpgrade(m_socket->peerAddress()) : 0;
                if (waitMs > 0) {
                    const QByteArray seconds = QByteArray::number((waitMs + 999) / 1000);
                    HeadVerdict limited = HeadVerdict::refuse(
                        429, QStringLiteral("rate_limited"),
                        QStringLiteral("too many requests from this client; retry in %1 s")
                            .arg(QString::fromLatin1(seconds)));
                    limited.headers.append({QByteArrayLiteral("Retry-After"), seconds});
                    return refuse(limited);
                }
                // From here on the connection is the WebSocket server's (SPEC §5 limits apply).
                m_state = State::Finished;
                return stopWatching();
            }
            if (verdict.chunked) {
                m_state = State::Opaque;
                m_deadline.start(m_policy->bodyTimeoutMs);
                return;
            }
            m_bodyLeft = verdict.bodyLength;
            if (m_bodyLeft > 0) {
                m_state = State::Body;
                m_deadline.start(m_policy->bodyTimeoutMs);
            } else {
                requestComplete();
            }
            break;
        }
        }
    }
}

void ConnectionGuard::requestComplete()
{
    // The server is working on it; the clock starts again once it has answered.
    m_state = State::Head;
    m_awaitingAnswer = true;
    m_deadline.stop();
}

void ConnectionGuard::onBytesWritten()
{
    m_unanswered = 0;
    if (m_socket->bytesToWrite() > 0 || m_state == State::Finished)
        return;
    m_awaitingAnswer = false;
    if (m_state == State::Opaque) {
        // The chunked request was answered; its end is unknown, so this connection asks no more.
        m_state = State::Finished;
        m_deadline.start(m_policy->idleTimeoutMs);
        return;
    }
    if (m_state == State::Head && m_head.isEmpty())
        m_deadline.start(m_policy->idleTimeoutMs);
}

void ConnectionGuard::onTimeout()
{
    if (m_awaitingAnswer && m_state == State::Head && m_head.isEmpty())
        return;
    drop(m_state == State::Head && m_head.isEmpty() ? "it was idle too long"
                                                    : "its request was too slow");
}

void ConnectionGuard::stopWatching()
{
    m_deadline.stop();
    disconnect(m_socket, nullptr, this, nullptr);
}

void ConnectionGuard::drop(const char *why)
{
    qCDebug(lcServer) << "closing a connection from" << m_socket->peerAddress().toString()
                      << "because" << why;
    m_state = State::Finished;
    stopWatching();
    // Nobody else reads from it any more: QHttpServer's reader runs after this one.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    m_socket->abort();
}

void ConnectionGuard::refuse(const HeadVerdict &verdict)
{
    qCInfo(lcServer).noquote() << "refusing a request from" << m_socket->peerAddress().toString()
                               << verdict.status << verdict.code;
    Q_EMIT refused(verdict.status);
    m_state = State::Finished;
    stopWatching();

    // Take the socket away from the HTTP parser, answer, and keep reading (discarding) until the
    // client has seen the answer and closes, so it gets the answer rather than a reset.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    disconnect(m_socket, &QTcpSocket::bytesWritten, nullptr, nullptr);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
    QTcpSocket *socket = m_socket;
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    // Once the answer is out, say so (half-close), so a client reading to the end stops waiting.
    connect(socket, &QTcpSocket::bytesWritten, socket, [socket] {
        if (socket->bytesToWrite() == 0)
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    });
    socket->write(refusal(verdict.status, verdict.code, verdict.message, verdict.headers));
    QTimer::singleShot(DrainMs, socket, [socket] { socket->abort(); });
}

} // namespace OrderDesk
