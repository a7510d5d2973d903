#include "HttpConnection.h"

namespace OrderDeskBench {

namespace {
constexpr qint64 MaxResponseBytes = 8 * 1024 * 1024;
}

HttpConnection::HttpConnection(QHostAddress server, quint16 port, QHostAddress source,
                               QObject *parent)
    : QObject(parent), m_server(std::move(server)), m_port(port), m_source(std::move(source))
{
}

void HttpConnection::post(const QByteArray &path, const QByteArray &body, const Headers &headers)
{
    Q_ASSERT(!m_busy);
    m_busy = true;
    m_sent = false;
    m_buffer.clear();
    m_status = 0;
    m_contentLength = -1;
    m_bodyStart = -1;
    m_closeAfter = false;

    QByteArray request;
    request.reserve(256 + body.size());
    request +=
        "POST " + path + " HTTP/1.1\r\nHost: " + m_server.toString().toLatin1() + ':' +
        QByteArray::number(m_port) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\n";
    for (const auto &header : headers)
        request += header.first + ": " + header.second + "\r\n";
    request += "\r\n";
    request += body;
    m_request = request;

    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_sent = true;
        m_socket->write(m_request);
    } else {
        connectSocket();
    }
}

void HttpConnection::connectSocket()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new QTcpSocket(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::connected, this, &HttpConnection::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpConnection::onError);
    // The server limits requests per client address: a source address other than 127.0.0.1
    // makes this connection a client of its own.
    if (!m_source.isNull() && !m_socket->bind(m_source, 0)) {
        fail(
            QStringLiteral("cannot bind %1: %2").arg(m_source.toString(), m_socket->errorString()));
        return;
    }
    m_socket->connectToHost(m_server, m_port);
}

void HttpConnection::onConnected()
{
    if (m_busy && !m_sent) {
        m_sent = true;
        m_socket->write(m_request);
    }
}

bool HttpConnection::parseHead(qsizetype headEnd)
{
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    bool ok = false;
    m_status = statusLine.value(1).toInt(&ok);
    if (statusLine.size() < 2 || !statusLine[0].startsWith("HTTP/1.") || !ok)
        return false;
    m_closeAfter = statusLine[0] == "HTTP/1.0";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            m_contentLength = value.toLongLong(&ok);
        else if (name == "connection")
            m_closeAfter = value.toLower().contains("close");
        else if (name == "transfer-encoding" && value.toLower() != "identity")
            return false; // chunked: QHttpServer 6.4 does not send it
    }
    if (m_contentLength < 0)
        m_contentLength = 0;
    m_bodyStart = headEnd + 4;
    return true;
}

void HttpConnection::onReadyRead()
{
    m_buffer += m_socket->readAll();
    if (!m_busy) {
        m_buffer.clear(); // nothing was asked: ignore
        return;
    }
    if (m_buffer.size() > MaxResponseBytes)
        return fail(QStringLiteral("response larger than %1 bytes").arg(MaxResponseBytes));
    if (m_bodyStart < 0) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        if (!parseHead(headEnd))
            return fail(QStringLiteral("malformed HTTP response"));
    }
    if (m_buffer.size() - m_bodyStart < m_contentLength)
        return;
    complete(m_status, m_buffer.mid(m_bodyStart, m_contentLength));
}

void HttpConnection::onDisconnected()
{
    if (m_busy)
        fail(QStringLiteral("connection closed before the response"));
}

void HttpConnection::onError(QAbstractSocket::SocketError error)
{
    if (error == QAbstractSocket::RemoteHostClosedError && !m_busy)
        return; // an idle keep-alive connection closed by the server: reconnect on next use
    if (m_busy)
        fail(m_socket->errorString());
}

void HttpConnection::fail(const QString &error)
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (!m_busy)
        return;
    m_busy = false;
    Q_EMIT finished(0, {}, error);
}

void HttpConnection::complete(int status, const QByteArray &body)
{
    m_busy = false;
    m_buffer.clear();
    if (m_closeAfter && m_socket) {
        m_socket->disconnect(this);
        m_socket->disconnectFromHost();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    Q_EMIT finished(status, body, {});
}

} // namespace OrderDeskBench
