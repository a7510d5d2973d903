#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QUrl>

#include <optional>

class QTcpSocket;
class QThread;

namespace OrderDesk {

// A small blocking HTTP/1.1 client for orderdesk-market, for threads without an event loop (the
// engine's workers): waitForConnected/waitForReadyRead on a QTcpSocket, one keep-alive
// connection per calling thread, reconnecting when the market closed it. Every request has a
// deadline; nothing is retried once a response may have been produced, except on a connection
// the market had already closed before the request was written (idle keep-alive).
class MarketHttpClient
{
public:
    struct Response
    {
        int status = 0;
        QByteArray body;
    };

    explicit MarketHttpClient(const QUrl &baseUrl, int connectTimeoutMs = 2000,
                              int requestTimeoutMs = 5000);
    ~MarketHttpClient();
    MarketHttpClient(const MarketHttpClient &) = delete;
    MarketHttpClient &operator=(const MarketHttpClient &) = delete;

    QUrl baseUrl() const { return m_baseUrl; }

    // nullopt when the market did not answer in time (`error` says why); any HTTP status is an
    // answer.
    std::optional<Response> get(const QString &pathAndQuery, QString *error);
    std::optional<Response> post(const QString &path, const QByteArray &json, QString *error);

private:
    std::optional<Response> request(const QByteArray &method, const QString &target,
                                     const QByteArray &body, QString *error);
    std::optional<Response> exchange(QTcpSocket &socket, const QByteArray &request,
                                     qint64 deadlineMs, bool *nothingReceived, QString *error);
    QTcpSocket *socketForThisThread(bool fresh);

    const QUrl m_baseUrl;
    const int m_connectTimeoutMs;
    const int m_requestTimeoutMs;
    QMutex m_mutex;
    QHash<QThread *, QTcpSocket *> m_sockets;
};

} // namespace OrderDesk
