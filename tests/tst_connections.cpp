// The connection edge of the API server over raw sockets (SPEC §4): slow, silent, oversized and
// non-HTTP clients are refused or closed promptly, the connection cap holds, WebSocket
// handshakes count against the per-client limit, and a well-behaved client is served meanwhile.
#include "ApiTestSupport.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QtTest>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tuple>

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

// A WebSocket client on a plain descriptor, so that a clean end (FIN: recv() returns 0) can be
// told from a reset (ECONNRESET), which Qt's sockets report alike. Never blocks: the server runs
// on this thread's event loop.
class RawWebSocket
{
public:
    explicit RawWebSocket(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            qWarning() << "cannot connect:" << std::strerror(errno);
    }
    ~RawWebSocket() { ::close(m_fd); }

    // The handshake's status line.
    QByteArray upgrade(const QByteArray &path)
    {
        send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + HandshakeHeaders +
             "Sec-WebSocket-Version: 13\r\n\r\n");
        (void)QTest::qWaitFor([&] { receive(); return m_received.contains("\r\n\r\n"); }, WaitMs);
        const qsizetype end = m_received.indexOf("\r\n\r\n");
        const QByteArray head = m_received.left(end);
        m_received.remove(0, end < 0 ? m_received.size() : end + 4);
        return head.left(head.indexOf("\r\n"));
    }

    // A client frame: masked, as RFC 6455 requires, unless `masked` is false.
    static QByteArray frame(quint8 opcode, const QByteArray &payload, bool masked = true)
    {
        QByteArray bytes(1, char(0x80 | opcode));
        const int maskBit = masked ? 0x80 : 0;
        if (payload.size() < 126) {
            bytes += char(maskBit | int(payload.size()));
        } else if (payload.size() < 65536) {
            bytes += char(maskBit | 126);
            bytes += char(payload.size() >> 8);
            bytes += char(payload.size() & 0xff);
        } else {
            bytes += char(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8)
                bytes += char((quint64(payload.size()) >> shift) & 0xff);
        }
        if (!masked)
            return bytes + payload;
        const QByteArray key = "\x12\x34\x56\x78";
        QByteArray hidden = payload;
        for (qsizetype i = 0; i < hidden.size(); ++i)
            hidden[i] = char(hidden.at(i) ^ key.at(i % 4));
        return bytes + key + hidden;
    }

    // Writes it all, letting the event loop run while the server catches up; false if the
    // connection ended first.
    bool send(const QByteArray &bytes)
    {
        qsizetype sent = 0;
        bool failed = false;
        (void)QTest::qWaitFor([&] {
            const ssize_t n = ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent),
                                     MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n > 0)
                sent += n;
            failed = n < 0 && errno != EAGAIN && errno != EWOULDBLOCK;
            receive(); // a server that answers early must not fill this side's buffer
            return sent == bytes.size() || failed;
        }, WaitMs);
        return sent == bytes.size();
    }

    // The next frame from the server: {opcode, payload}; opcode -1 if none came.
    std::pair<int, QByteArray> nextFrame()
    {
        std::pair<int, QByteArray> result{-1, {}};
        (void)QTest::qWaitFor([&] {
            receive();
            if (m_received.size() < 2)
                return m_ended;
            qsizetype header = 2;
            qsizetype length = quint8(m_received.at(1)) & 0x7f;
            if (length == 126) {
                if (m_received.size() < 4)
                    return m_ended;
                length = (quint8(m_received.at(2)) << 8) | quint8(m_received.at(3));
                header = 4;
            }
            if (m_received.size() < header + length)
                return m_ended;
            result = {quint8(m_received.at(0)) & 0x0f, m_received.mid(header, length)};
            m_received.remove(0, header + length);
            return true;
        }, WaitMs);
        return result;
    }

    // How the server ended the connection: "fin", "reset" or "open" (neither within the wait).
    QByteArray ending()
    {
        (void)QTest::qWaitFor([&] { receive(); return m_ended; }, WaitMs);
        return !m_ended ? "open" : m_reset ? "reset" : "fin";
    }

private:
    void receive()
    {
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) {
                m_received.append(buffer, n);
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                m_reset = m_reset || (n < 0 && errno == ECONNRESET);
                m_ended = true;
            }
            return;
        }
    }

    int m_fd = -1;
    QByteArray m_received;
    bool m_ended = false;
    bool m_reset = false;
};

quint16 closeCodeOf(const QByteArray &payload)
{
    return payload.size() < 2 ? 0 : quint16((quint8(payload.at(0)) << 8) | quint8(payload.at(1)));
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

    // SPEC §5: a client frame must be masked. Frames are followed across reads: after a masked
    // ping (answered) and a large masked message sent in two writes (answered with an error), an
    // unmasked ping is a protocol error: close 1002, the ping never answered, and after the
    // closing handshake the connection ends with a FIN.
    void unmaskedClientFrameIsAProtocolError()
    {
        Backend backend;
        RawWebSocket client(backend.server->port());
        QVERIFY(client.upgrade("/ws").startsWith("HTTP/1.1 101"));
        const QByteArray ping = R"({"type":"ping"})";
        client.send(RawWebSocket::frame(0x1, ping));
        auto [opcode, payload] = client.nextFrame();
        QCOMPARE(opcode, 0x1);
        QVERIFY2(payload.contains("pong"), payload.constData());

        const QByteArray large = RawWebSocket::frame(0x1, "[" + QByteArray(50000, ' ') + "1");
        client.send(large.left(20000));
        client.send(large.mid(20000));
        std::tie(opcode, payload) = client.nextFrame();
        QCOMPARE(opcode, 0x1);
        QVERIFY2(payload.contains("error"), payload.left(300).constData());

        client.send(RawWebSocket::frame(0x1, ping, false));
        std::tie(opcode, payload) = client.nextFrame();
        QCOMPARE(opcode, 0x8);
        QCOMPARE(closeCodeOf(payload), quint16(1002));
        client.send(RawWebSocket::frame(0x8, payload.left(2)));
        QCOMPARE(client.ending(), QByteArray("fin"));
        QTRY_COMPARE_WITH_TIMEOUT(backend.server->webSocketClientCount(), 0, WaitMs);
    }

    // An order sent in an unmasked frame is refused with the connection, and nothing is stored.
    void orderInAnUnmaskedFrameIsNotAccepted()
    {
        Backend backend;
        RawWebSocket client(backend.server->port());
        QVERIFY(client.upgrade("/api/orders/execute").startsWith("HTTP/1.1 101"));
        client.send(RawWebSocket::frame(
            0x1, R"({"tokenIn":"SOL","tokenOut":"USDC","amount":"0.1"})", false));
        const auto [opcode, payload] = client.nextFrame();
        QCOMPARE(opcode, 0x8);
        QCOMPARE(closeCodeOf(payload), quint16(1002));
        QCOMPARE(client.ending(), QByteArray("fin"));
        QCOMPARE(backend.engine->orders({}).size(), 0);
    }

    // SPEC §5: a frame over the size limit gets close 1009, and the connection then ends with a
    // FIN, not a reset, although the client had sent the whole frame: whether the client answers
    // the close frame or not.
    void oversizedFrameIsClosedWith1009NotAReset()
    {
        ServerConfig config = serverConfig();
        Backend backend(config);
        for (const bool answers : {true, false}) {
            RawWebSocket client(backend.server->port());
            QVERIFY(client.upgrade("/ws").startsWith("HTTP/1.1 101"));
            client.send(RawWebSocket::frame(0x1, QByteArray(config.maxBodyBytes * 3, 'x')));
            const auto [opcode, payload] = client.nextFrame();
            QCOMPARE(opcode, 0x8);
            QCOMPARE(closeCodeOf(payload), quint16(1009));
            if (answers)
                client.send(RawWebSocket::frame(0x8, payload.left(2)));
            QCOMPARE(client.ending(), QByteArray("fin"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(backend.server->webSocketClientCount(), 0, WaitMs);
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
