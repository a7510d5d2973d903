#include "MarketHttpClient.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>

namespace OrderDesk {

namespace {
// Headers of an answer from our own service are small; a runaway peer must not grow the buffer.
constexpr qsizetype MaxHeaderBytes = 64 * 1024;
constexpr qsizetype MaxBodyBytes = 64 * 1024 * 1024;

qint64 remaining(const QDeadlineTimer &deadline)
{
    return std::max<qint64>(0, deadline.remainingTime());
}
} // namespace

MarketHttpClient::MarketHttpClient(const QUrl &baseUrl, int connectTimeoutMs, int requestTimeoutMs)
    : m_baseUrl(baseUrl), m_connectTimeoutMs(connectTimeoutMs), m_requestTimeoutMs(requestTimeoutMs)
{
}

MarketHttpClient::~MarketHttpClient()
{
    QMutexLocker locker(&m_mutex);
    for (auto it = m_sockets.cbegin(); it != m_sockets.cend(); ++it) {
        QTcpSocket *socket = it.value();
        // A socket may only be deleted on its own thread while that thread still runs.
        if (it.key() == QThread::currentThread() || it.key()->isFinished())
            delete socket;
        else
            socket->deleteLater();
    }
}

QTcpSocket *MarketHttpClient::socketForThisThread(bool fresh)
{
    QThread *thread = QThread::currentThread();
    QMutexLocker locker(&m_mutex);
    QTcpSocket *socket = m_sockets.value(thread);
    if (socket && !fresh && socket->state() == QAbstractSocket::ConnectedState)
        return socket;
    if (!socket) {
        socket = new QTcpSocket; // owned by m_sockets; deleted with the client or its thread
        m_sockets.insert(thread, socket);
        QObject::connect(
            thread, &QThread::finished, socket,
            [this, thread, socket] {
                {
                    QMutexLocker locker(&m_mutex);
                    m_sockets.remove(thread);
                }
                delete socket;
            },
            Qt::DirectConnection);
    }
    socket->abort();
    return socket;
}

std::optional<MarketHttpClient::Response> MarketHttpClient::get(const QString &pathAndQuery,
                                                                QString *error)
{
    return request("GET", pathAndQuery, {}, error);
}

std::optional<MarketHttpClient::Response>
MarketHttpClient::post(const QString &path, const QByteArray &json, QString *error)
{
    return request("POST", path, json, error);
}

std::optional<MarketHttpClient::Response> MarketHttpClient::request(const QByteArray &method,
                                                                    const QString &target,
                                                                    const QByteArray &body,
                                                                    QString *error)
{
    const QString host = m_baseUrl.host();
    const quint16 port = quint16(m_baseUrl.port(80));
    QByteArray request = method + ' ' + target.toUtf8() + " HTTP/1.1\r\nHost: " + host.toUtf8()
                         + ':' + QByteArray::number(port)
                         + "\r\nConnection: keep-alive\r\nAccept: application/json\r\n";
    if (method == "POST") {
        request += "Content-Type: application/json\r\nContent-Length: "
                   + QByteArray::number(body.size()) + "\r\n";
    }
    request += "\r\n" + body;

    QElapsedTimer clock;
    clock.start();
    for (int attempt = 0; attempt < 2; ++attempt) {
        QTcpSocket *socket = socketForThisThread(attempt > 0);
        const bool reused = socket->state() == QAbstractSocket::ConnectedState;
        if (!reused) {
            socket->connectToHost(host, port);
            if (!socket->waitForConnected(m_connectTimeoutMs)) {
                *error = QStringLiteral("cannot connect to %1: %2")
                             .arg(m_baseUrl.toString(), socket->errorString());
                socket->abort();
                return std::nullopt;
            }
        }
        bool nothingReceived = false;
        const qint64 deadlineMs = std::max<qint64>(1, m_requestTimeoutMs - clock.elapsed());
        std::optional<Response> response =
            exchange(*socket, request, deadlineMs, &nothingReceived, error);
        if (response)
            return response;
        socket->abort();
        // Only an idle keep-alive connection the market had closed is tried again: the request
        // never reached a live connection, so it was not processed.
        if (!reused || !nothingReceived || socket->error() == QAbstractSocket::SocketTimeoutError)
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<MarketHttpClient::Response>
MarketHttpClient::exchange(QTcpSocket &socket, const QByteArray &request, qint64 deadlineMs,
                           bool *nothingReceived, QString *error)
{
    const QDeadlineTimer deadline(deadlineMs);
    *nothingReceived = true;
    socket.write(request);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(int(remaining(deadline)))) {
            *error = QStringLiteral("cannot send to %1: %2")
                         .arg(m_baseUrl.toString(), socket.errorString());
            return std::nullopt;
        }
    }

    QByteArray buffer;
    const auto fill = [&]() {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(remaining(deadline)))) {
            *error = deadline.hasExpired()
                         ? QStringLiteral("%1 did not answer in time").arg(m_baseUrl.toString())
                         : QStringLiteral("%1 closed the connection: %2")
                               .arg(m_baseUrl.toString(), socket.errorString());
            return false;
        }
        buffer += socket.readAll();
        *nothingReceived = false;
        return true;
    };

    qsizetype headerEnd = -1;
    while ((headerEnd = buffer.indexOf("\r\n\r\n")) < 0) {
        if (buffer.size() > MaxHeaderBytes || !fill())
            return std::nullopt;
    }
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    Response response;
    response.status = statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
    if (response.status < 100) {
        *error = QStringLiteral("%1 sent a malformed HTTP answer").arg(m_baseUrl.toString());
        return std::nullopt;
    }
    qint64 contentLength = -1;
    bool chunked = false;
    bool closeAfter = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed().toLower();
        if (name == "content-length")
            contentLength = value.toLongLong();
        else if (name == "transfer-encoding")
            chunked = value.contains("chunked");
        else if (name == "connection")
            closeAfter = value.contains("close");
    }
    buffer.remove(0, headerEnd + 4);

    if (chunked) {
        QByteArray body;
        for (;;) {
            qsizetype lineEnd;
            while ((lineEnd = buffer.indexOf("\r\n")) < 0) {
                if (!fill())
                    return std::nullopt;
            }
            bool ok = false;
            const qint64 size = buffer.left(lineEnd).split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0 || body.size() + size > MaxBodyBytes) {
                *error = QStringLiteral("%1 sent a malformed chunk").arg(m_baseUrl.toString());
                return std::nullopt;
            }
            while (buffer.size() < lineEnd + 2 + size + 2) {
                if (!fill())
                    return std::nullopt;
            }
            body += buffer.mid(lineEnd + 2, size);
            buffer.remove(0, lineEnd + 2 + size + 2);
            if (size == 0)
                break;
        }
        response.body = body;
    } else if (contentLength >= 0) {
        if (contentLength > MaxBodyBytes) {
            *error = QStringLiteral("%1 sent an oversized answer").arg(m_baseUrl.toString());
            return std::nullopt;
        }
        while (buffer.size() < contentLength) {
            if (!fill())
                return std::nullopt;
        }
        response.body = buffer.left(contentLength);
    } else {
        // Neither length nor chunks: the body ends with the connection.
        while (socket.state() == QAbstractSocket::ConnectedState
               && socket.waitForReadyRead(int(remaining(deadline)))) {
            buffer += socket.readAll();
        }
        response.body = buffer;
        closeAfter = true;
    }
    if (closeAfter)
        socket.disconnectFromHost();
    return response;
}

} // namespace OrderDesk
