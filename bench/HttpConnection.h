#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpSocket>

namespace OrderDeskBench {

// One keep-alive HTTP/1.1 client connection, one request at a time, optionally from a given
// local address. Deliberately small: Content-Length bodies only (what QHttpServer sends), no
// redirects, no TLS. QNetworkAccessManager would share six connections per host among all
// submitters and cannot pick the source address.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    HttpConnection(QHostAddress server, quint16 port, QHostAddress source,
                   QObject *parent = nullptr);

    bool isBusy() const { return m_busy; }

    // Sends one request; finished() follows exactly once. Not while busy.
    void post(const QByteArray &path, const QByteArray &body, const Headers &headers);

Q_SIGNALS:
    // status 0: no HTTP answer (connection refused, reset, closed early); `error` says why.
    void finished(int status, const QByteArray &body, const QString &error);

private:
    void connectSocket();
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onError(QAbstractSocket::SocketError error);
    void fail(const QString &error);
    void complete(int status, const QByteArray &body);
    bool parseHead(qsizetype headEnd);

    QHostAddress m_server;
    quint16 m_port;
    QHostAddress m_source;
    QTcpSocket *m_socket = nullptr;

    QByteArray m_request; // written once connected
    bool m_busy = false;
    bool m_sent = false;
    QByteArray m_buffer;
    int m_status = 0;
    qint64 m_contentLength = -1;
    qsizetype m_bodyStart = -1;
    bool m_closeAfter = false;
};

} // namespace OrderDeskBench
