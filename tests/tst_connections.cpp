// The connection edge of the API server over raw sockets (SPEC §4): slow, silent, oversized and
// non-HTTP clients are refused or closed promptly, the connection cap holds, WebSocket
// handshakes count against the per-client limit, and a well-behaved client is served meanwhile.
#include "ApiTestSupport.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QtTest>

#include <sys/resource.h>

using namespace OrderDesk;
using namespace ApiTest;

namespace {
const QByteArray HandshakeHeaders = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

std::unique_ptr<QTcpSocket> connectTo(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(WaitMs))
        qWarning() << "cannot connect:" << socket->errorString();
    return socket;
}

// Sends `bytes` and collects what comes back until the server closes the connection.
struct Exchange
{
    QByteArray answer;
    bool closed = false;
    qint64 elapsedMs = 0;

    QByteArray statusLine() const { return answer.left(answer.indexOf("\r\n")); }
};

Exchange exchange(quint16 port, const QByteArray &bytes, int waitMs = WaitMs)
{
    auto socket = connectTo(port);
    QElapsedTimer clock;
    clock.start();
    socket->write(bytes);
    Exchange result;
    QObject::connect(socket.get(), &QTcpSocket::disconnected, [&result] { result.closed = true; });
    result.closed = QTest::qWaitFor([&] {
        result.answer += socket->readAll();
        return result.closed || socket->state() == QAbstractSocket::UnconnectedState;
    }, waitMs);
    result.answer += socket->readAll();
    result.elapsedMs = clock.elapsed();
    return result;
}

// A complete request on a kept-alive connection: the answer's status line.
QByteArray askOn(QTcpSocket &socket, const QByteArray &path)
{
    socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray answer;
    (void)QTest::qWaitFor([&] { return (answer += socket.readAll()).contains("\r\n\r\n"); }, WaitMs);
    return answer.left(answer.indexOf("\r\n"));
}
} // namespace

class TestConnections : public QObject
{
    Q_OBJECT

private:
    HttpClient m_client;

    void expectServed(const Backend &backend)
    {
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(m_client.get(backend.http(QStringLiteral("/api/queue/metrics"))).status, 200);
        QVERIFY2(clock.elapsed() < 2000, "a new client waited behind the others");
    }

private Q_SLOTS:
    void slowHeadersAreClosedWhileOthersAreServed()
    {
        ServerConfig config = serverConfig();
        config.headTimeoutMs = 1500;
        config.clientRequestsPerSecond = 0;
        Backend backend(config);

        // Each started a request and then sends a byte now and then: never a complete head.
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 50; ++i) {
            slow.push_back(connectTo(backend.server->port()));
            slow.back()->write("GET /health HTTP/1.1\r\nX-Slow: ");
        }
        QElapsedTimer clock;
        clock.start();
        expectServed(backend);
        auto allClosed = [&slow] {
            for (auto &socket : slow) {
                socket->write("a");
                if (socket->state() != QAbstractSocket::UnconnectedState)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allClosed(), 10'000);
        QVERIFY2(clock.elapsed() >= 1000, "closed before the head timeout");
        expectServed(backend);

        // Connecting and saying nothing is as slow.
        const Exchange silent = exchange(backend.server->port(), {}, 10'000);
        QVERIFY(silent.answer.isEmpty());
        QVERIFY(silent.elapsedMs >= 1000);
    }

    void idleKeepAliveIsClosed()
    {
        ServerConfig config = serverConfig();
        config.idleTimeoutMs = 1500;
        Backend backend(config);
        auto socket = connectTo(backend.server->port());
        QCOMPARE(askOn(*socket, "/health"), QByteArray("HTTP/1.1 200 OK"));
        // Kept alive while it asks within the timeout...
        QTest::qWait(700);
        QCOMPARE(askOn(*socket, "/health"), QByteArray("HTTP/1.1 200 OK"));
        // ...and closed once it stops asking.
        QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::UnconnectedState, 10'000);
    }

    void declaredOversizedBodyIsRefusedAtOnce_data()
    {
        QTest::addColumn<QByteArray>("length");
        QTest::newRow("50 MB") << QByteArray("52428800");
        QTest::newRow("1 TiB") << QByteArray("1099511627776");
        QTest::newRow("one past the limit") << QByteArray::number(ServerConfig().maxBodyBytes + 1);
    }

    void declaredOversizedBodyIsRefusedAtOnce()
    {
        QFETCH(QByteArray, length);
        Backend backend;
        const Exchange result =
            exchange(backend.server->port(),
                     "POST /api/orders/execute HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/json\r\nContent-Length: " + length + "\r\n\r\n0123456789");
        QCOMPARE(result.statusLine(), QByteArray("HTTP/1.1 413 Payload Too Large"));
        QVERIFY(result.answer.contains("\"payload_too_large\""));
        QVERIFY2(result.elapsedMs < 3000, "the refusal waited for a body that never comes");
    }

    void garbageIsClosedAtOnce_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("TLS ClientHello")
            << QByteArray::fromHex("160301006e0100006a0303a1b2c3d4e5f60718293a4b5c6d7e8f90");
        QTest::newRow("50 NUL bytes") << QByteArray(50, '\0');
        QTest::newRow("HTTP/0.9") << QByteArray("GET /health\r\n");
        QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        QTest::newRow("binary after a method") << QByteArray("GET \x01\x02\x03\r\n", 9);
    }

    void garbageIsClosedAtOnce()
    {
        QFETCH(QByteArray, bytes);
        Backend backend; // head timeout 10 s: a close within 3 s is the guard's, not the clock's
        const Exchange result = exchange(backend.server->port(), bytes);
        QVERIFY(result.closed);
        QVERIFY2(result.answer.isEmpty(), result.answer.constData());
        QVERIFY2(result.elapsedMs < 3000, "held until the head timeout");
        expectServed(backend);
    }

    void protocolErrorsGetTheirCodes_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QString>("code");
        const QByteArray host = "Host: localhost\r\n";
        QTest::newRow("lowercase method") << "get /health HTTP/1.1\r\n" + host + "\r\n"
                                          << QByteArray("501") << "not_implemented";
        QTest::newRow("unknown method") << "BREW /api/orders HTTP/1.1\r\n" + host + "\r\n"
                                        << QByteArray("501") << "not_implemented";
        QTest::newRow("duplicate Content-Length")
            << "POST /api/orders/execute HTTP/1.1\r\n" + host +
                   "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}"
            << QByteArray("400") << "bad_request";
        QTest::newRow("length and chunked")
            << "POST /api/orders/execute HTTP/1.1\r\n" + host +
                   "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}"
            << QByteArray("400") << "bad_request";
        QTest::newRow("HTTP/9.9") << "GET /health HTTP/9.9\r\n" + host + "\r\n"
                                  << QByteArray("505") << "http_version_not_supported";
        QTest::newRow("handshake without key")
            << "GET /ws HTTP/1.1\r\n" + host +
                   "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n"
            << QByteArray("400") << "bad_websocket_handshake";
        QTest::newRow("handshake bad version")
            << "GET /ws HTTP/1.1\r\n" + host + HandshakeHeaders + "Sec-WebSocket-Version: 8\r\n\r\n"
            << QByteArray("400") << "bad_websocket_handshake";
        QTest::newRow("handshake by POST")
            << "POST /ws HTTP/1.1\r\n" + host + HandshakeHeaders +
                   "Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n"
            << QByteArray("400") << "bad_websocket_handshake";
        QTest::newRow("handshake over HTTP/1.0")
            << "GET /ws HTTP/1.0\r\n" + host + HandshakeHeaders + "Sec-WebSocket-Version: 13\r\n\r\n"
            << QByteArray("400") << "bad_websocket_handshake";
    }

    void protocolErrorsGetTheirCodes()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        QFETCH(QString, code);
        Backend backend;
        const Exchange result = exchange(backend.server->port(), request);
        QVERIFY(result.closed);
        QVERIFY2(result.statusLine().startsWith("HTTP/1.1 " + status + ' '), result.answer.constData());
        QVERIFY2(result.answer.contains('"' + code.toLatin1() + '"'), result.answer.constData());
        QVERIFY2(result.elapsedMs < 3000, "the connection was held after the answer");
    }

    void connectionCapRefusesPastItAndRecovers()
    {
        ServerConfig config = serverConfig();
        config.maxConnections = 20;
        config.clientRequestsPerSecond = 0;
        Backend backend(config);

        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < config.maxConnections; ++i) {
            held.push_back(connectTo(backend.server->port()));
            QCOMPARE(askOn(*held.back(), "/health"), QByteArray("HTTP/1.1 200 OK"));
        }
        const Exchange refused = exchange(backend.server->port(),
                                          "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(refused.statusLine(), QByteArray("HTTP/1.1 503 Service Unavailable"));
        QVERIFY(refused.answer.contains("\"too_many_connections\""));

        held.pop_back();
        QTRY_COMPARE_WITH_TIMEOUT(m_client.get(backend.http(QStringLiteral("/health"))).status,
                                  200, WaitMs);
    }

    // A WebSocket keeps the socket accepted here and counts until it closes, then frees its place.
    void webSocketsCountAgainstTheCapUntilTheyClose()
    {
        ServerConfig config = serverConfig();
        config.maxConnections = 3;
        config.clientRequestsPerSecond = 0;
        Backend backend(config);
        for (int round = 0; round < 3; ++round) {
            std::vector<std::unique_ptr<WsClient>> clients;
            for (int i = 0; i < config.maxConnections; ++i) {
                clients.push_back(std::make_unique<WsClient>());
                clients.back()->open(backend.ws(QStringLiteral("/ws")));
                QVERIFY(clients.back()->waitConnected());
            }
            QTRY_COMPARE_WITH_TIMEOUT(backend.server->webSocketClientCount(), config.maxConnections, WaitMs);
            const Exchange refused = exchange(backend.server->port(),
                                              "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            QCOMPARE(refused.statusLine(), QByteArray("HTTP/1.1 503 Service Unavailable"));
            clients.clear();
            QTRY_COMPARE_WITH_TIMEOUT(backend.server->webSocketClientCount(), 0, WaitMs);
            // On a connection of its own that goes away: a kept-alive one would hold a place.
            const auto healthOnce = [&backend] {
                auto probe = connectTo(backend.server->port());
                return askOn(*probe, "/health");
            };
            QTRY_COMPARE_WITH_TIMEOUT(healthOnce(), QByteArray("HTTP/1.1 200 OK"), WaitMs);
        }
    }

    void openFileLimitIsRaised()
    {
        Backend backend;
        rlimit limit{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
        QCOMPARE(limit.rlim_cur, limit.rlim_max);
    }

    void webSocketHandshakesCountAgainstTheClientLimit()
    {
        ServerConfig config = serverConfig();
        config.clientRequestsPerSecond = 2; // bursts of 4
        Backend backend(config);
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        QByteArrayList statusLines;
        for (int i = 0; i < 8; ++i) {
            sockets.push_back(connectTo(backend.server->port()));
            sockets.back()->write("GET /ws HTTP/1.1\r\nHost: localhost\r\n" + HandshakeHeaders +
                                  "Sec-WebSocket-Version: 13\r\n\r\n");
            QByteArray answer;
            QTRY_VERIFY_WITH_TIMEOUT((answer += sockets.back()->readAll()).contains("\r\n\r\n"),
                                     WaitMs);
            statusLines.append(answer.left(answer.indexOf("\r\n")));
        }
        QVERIFY2(statusLines.first().startsWith("HTTP/1.1 101"), statusLines.first().constData());
        QVERIFY2(statusLines.last().startsWith("HTTP/1.1 429"), statusLines.last().constData());
    }

    void unlimitedWhenTheClientLimitIsOff()
    {
        ServerConfig config = serverConfig();
        config.clientRequestsPerSecond = 0;
        Backend backend(config);
        for (int i = 0; i < 600; ++i)
            QCOMPARE(m_client.get(backend.http(QStringLiteral("/health"))).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestConnections)
#include "tst_connections.moc"
