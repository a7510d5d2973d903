#pragma once

// Shared by tst_http_api and tst_websocket: a real Engine and ApiServer on a free port, and
// clients that talk to them over real sockets.

#include "ApiServer.h"
#include "Engine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>
#include <optional>

namespace ApiTest {

using namespace OrderDesk;

constexpr int WaitMs = 15000;

inline EngineConfig engineConfig(const QString &dataDir)
{
    EngineConfig config;
    config.dataDir = dataDir;
    config.latencyScale = 0;
    config.dexFailureRate = 0;
    config.seed = 7;
    config.marketTickMs = 0;
    config.rateLimit = 0;
    config.backoffMs = 20;
    return config;
}

inline ServerConfig serverConfig()
{
    ServerConfig config;
    config.port = 0;
    return config;
}

// An engine on its own SQLite file and an API server for it.
class Backend
{
public:
    explicit Backend(const ServerConfig &serverSettings = serverConfig(),
                     std::optional<EngineConfig> engineSettings = {})
    {
        engine = std::make_unique<Engine>(engineSettings.value_or(engineConfig(m_dir.path())));
        QString error;
        if (!engine->start(&error))
            qFatal("engine did not start: %s", qPrintable(error));
        server = std::make_unique<ApiServer>(*engine, serverSettings);
        if (!server->listen(&error))
            qFatal("server did not listen: %s", qPrintable(error));
    }

    ~Backend()
    {
        server.reset();
        engine.reset();
    }

    QUrl http(const QString &pathAndQuery) const { return QUrl(server->url() + pathAndQuery); }

    QUrl ws(const QString &pathAndQuery) const
    {
        QUrl url = http(pathAndQuery);
        url.setScheme(QStringLiteral("ws"));
        return url;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<ApiServer> server;
};

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    QByteArray contentType;
    QHash<QByteArray, QByteArray> headers; // lower-case names

    QJsonObject errorObject() const { return json.value(QStringLiteral("error")).toObject(); }
    QString errorCode() const { return errorObject().value(QStringLiteral("code")).toString(); }
    QString errorField() const { return errorObject().value(QStringLiteral("field")).toString(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

class HttpClient
{
public:
    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest request(url);
        request.setTransferTimeout(WaitMs);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        std::unique_ptr<QNetworkReply> reply(
            method == "HEAD" ? m_manager.head(request)
            : body.isNull() && method != "POST"
                ? m_manager.sendCustomRequest(request, method)
                : m_manager.sendCustomRequest(request, method, body));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(WaitMs);

        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.error = reply->error();
        result.body = reply->readAll();
        result.json = QJsonDocument::fromJson(result.body).object();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            result.headers.insert(name.toLower(), value);
        result.contentType = result.header("Content-Type");
        return result;
    }

    HttpResult get(const QUrl &url) { return send("GET", url); }

    HttpResult postJson(const QUrl &url, const QJsonObject &body,
                        QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        return send("POST", url, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }

private:
    QNetworkAccessManager m_manager;
};

// A WebSocket client that records every message and how the connection ended.
class WsClient : public QObject
{
public:
    WsClient()
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            closed = true;
            closeCode = socket.closeCode();
            closeReason = socket.closeReason();
        });
    }

    void open(const QUrl &url, const QByteArray &authorization = {})
    {
        QNetworkRequest request(url);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        socket.open(request);
    }

    bool waitConnected()
    {
        if (socket.state() == QAbstractSocket::ConnectedState)
            return true;
        QSignalSpy connected(&socket, &QWebSocket::connected);
        return connected.wait(WaitMs) || socket.state() == QAbstractSocket::ConnectedState;
    }

    void send(const QJsonObject &message)
    {
        socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }

    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> result;
        for (const QJsonObject &message : messages) {
            if (message.value(QStringLiteral("type")).toString() == type)
                result.append(message);
        }
        return result;
    }

    QList<QJsonObject> statusesOf(const QString &orderId) const
    {
        QList<QJsonObject> result;
        for (const QJsonObject &message : ofType(QStringLiteral("status"))) {
            if (message.value(QStringLiteral("orderId")).toString() == orderId)
                result.append(message);
        }
        return result;
    }

    bool hasStatus(const QString &orderId, const QString &status) const
    {
        for (const QJsonObject &message : statusesOf(orderId)) {
            if (message.value(QStringLiteral("status")).toString() == status)
                return true;
        }
        return false;
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
    bool closed = false;
    int closeCode = -1;
    QString closeReason;
};

inline QJsonObject marketOrder(const QString &amount = QStringLiteral("0.5"))
{
    return {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
            {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
            {QStringLiteral("amount"), amount},
            {QStringLiteral("slippageBps"), 500}};
}

// A limit order whose price is never reached: it stays waiting.
inline QJsonObject restingLimitOrder()
{
    QJsonObject order = marketOrder();
    order.insert(QStringLiteral("type"), QStringLiteral("limit"));
    order.insert(QStringLiteral("limitPrice"), QStringLiteral("1000000"));
    return order;
}

inline QString statusOf(HttpClient &client, const Backend &backend, const QString &orderId)
{
    return client.get(backend.http(QStringLiteral("/api/orders/") + orderId))
        .json.value(QStringLiteral("status"))
        .toString();
}

} // namespace ApiTest
