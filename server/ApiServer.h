#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

namespace OrderDesk {

class Engine;

struct ServerConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 3000; // 0 picks a free port
    QString apiToken;    // when set, mutating requests need "Authorization: Bearer <token>"
    QString corsOrigin;  // when set, browser pages from this origin ("*": any) may call the API
    bool simControl = false;
    int clientRequestsPerSecond = 200; // per remote address; bursts of twice that; 0 = unlimited
    int maxConnections = 10000; // HTTP and WebSocket; past it new ones get 503; 0 = unlimited
    qint64 maxBodyBytes = 64 * 1024;
    int headTimeoutMs = 10'000; // request line and headers must arrive within this
    int idleTimeoutMs = 60'000; // a kept-alive connection asking nothing is closed after this
    qint64 maxWebSocketBufferBytes = 1024 * 1024; // a slower client is dropped
};

// The HTTP API (SPEC §4) and the WebSocket streams (SPEC §5) on one port: a client of the
// engine, exactly like the console window.
class ApiServer : public QObject
{
    Q_OBJECT

public:
    ApiServer(Engine &engine, ServerConfig config, QObject *parent = nullptr);
    ~ApiServer() override;

    bool listen(QString *error);
    quint16 port() const;
    QString url() const; // "http://127.0.0.1:3000"
    int webSocketClientCount() const;

    // Serves for up to `timeoutMs` more, until no HTTP request is left unanswered (nothing new
    // arriving for a moment), then stops accepting. Called once the engine has stopped: the
    // requests still on their way are answered (503, nothing accepted) instead of finding their
    // connection closed.
    void drain(int timeoutMs);

Q_SIGNALS:
    void webSocketClientCountChanged(int count);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace OrderDesk
