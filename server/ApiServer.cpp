#include "ApiServer.h"

#include "ApiAuth.h"
#include "ApiCall.h"
#include "ApiJson.h"
#include "ClientRateLimiter.h"
#include "Engine.h"
#include "GuardedTcpServer.h"
#include "FrameGatedSocket.h"
#include "LingeringClose.h"
#include "OrderRoutes.h"
#include "OrderStreamHub.h"
#include "RequestHead.h"
#include "ServerLogging.h"
#include "ServiceRoutes.h"
#include "SimRoutes.h"
#include "WebSocketTickets.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFuture>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QMap>
#include <QMetaEnum>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>

#include <functional>
#include <variant>

namespace OrderDesk {

namespace {

using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponder::StatusCode;

// File descriptors kept for everything that is not a client connection (the store's and the
// queue's connections, log files, the market client).
constexpr qint64 ReservedDescriptors = 256;

const QByteArray JsonType = QByteArrayLiteral("application/json");

using Handler = std::function<Result(const Call &)>;

struct Endpoint
{
    Method method;
    Handler handler;
};

// One path of the API: its methods, and whether WebSocket upgrades are served there.
struct Resource
{
    QList<Endpoint> endpoints;

    const Endpoint *find(Method method) const
    {
        for (const Endpoint &endpoint : endpoints) {
            if (endpoint.method == method)
                return &endpoint;
        }
        return nullptr;
    }

    QByteArray allow() const
    {
        QByteArrayList methods;
        for (const Endpoint &endpoint : endpoints) {
            methods.append(
                QByteArray(QMetaEnum::fromType<Method>().valueToKey(int(endpoint.method)))
                    .toUpper());
            if (endpoint.method == Method::Get)
                methods.append(QByteArrayLiteral("HEAD"));
        }
        methods.append(QByteArrayLiteral("OPTIONS"));
        return methods.join(", ");
    }
};

QString methodName(Method method)
{
    return QString::fromLatin1(QMetaEnum::fromType<Method>().valueToKey(int(method))).toUpper();
}

bool isMutating(Method method)
{
    return method == Method::Post || method == Method::Delete || method == Method::Put ||
           method == Method::Patch;
}

// Exactly the requests QHttpServer 6.4 hands to its WebSocket server after the route ran: the
// parser's upgrade flag (Upgrade plus "Connection: upgrade") and "Upgrade: websocket".
bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value(QByteArrayLiteral("Upgrade"))
                   .trimmed()
                   .compare("websocket", Qt::CaseInsensitive) == 0 &&
           RequestHead::headerHasToken(request.value(QByteArrayLiteral("Connection")), "upgrade");
}

bool isJsonContentType(const QByteArray &header)
{
    const QByteArray type = header.split(';').first().trimmed().toLower();
    return type == JsonType || (type.startsWith("application/") && type.endsWith("+json"));
}

// A responder kept for an answer that comes later. The connection may be gone by then:
// QHttpServer deletes a socket whose client disconnected.
class PendingResponse
{
public:
    explicit PendingResponse(QHttpServerResponder &&responder)
        : m_responder(std::move(responder)), m_socket(m_responder.socket())
    {
    }

    bool isOpen() const { return m_socket && m_socket->state() == QAbstractSocket::ConnectedState; }
    QHttpServerResponder &&take() { return std::move(m_responder); }

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
};

} // namespace

class ApiServer::Private
{
public:
    Private(ApiServer *q, Engine &engine, ServerConfig config);

    void addRoutes();
    void addResource(const QString &pattern, const Resource &resource);
    void addResourceWithArg(const QString &pattern, const Resource &resource);

    void serve(const Resource &resource, const QString &arg, const QHttpServerRequest &request,
               QHttpServerResponder &&responder);
    void serveMissing(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    std::optional<Reply> admit(const QHttpServerRequest &request);
    std::optional<Reply> readBody(const QHttpServerRequest &request, Call &call);
    void send(QHttpServerResponder &&responder, const Reply &reply, Method method,
              const QString &path);

    Result upgradeRequired(const Call &call);
    Result issueTicket(const Call &call);

    ApiServer *q;
    Engine &engine;
    const ServerConfig config;
    ClientRateLimiter limiter;
    WebSocketTickets tickets;
    std::unique_ptr<QHttpServer> http;
    std::unique_ptr<OrderStreamHub> hub;
    quint16 port = 0;
    QPointer<GuardedTcpServer> tcp; // owned by the HTTP server
    QMap<int, qint64> responsesByStatus;
    OrderRoutes orders;
    ServiceRoutes service;
    SimRoutes sim;
};

ApiServer::Private::Private(ApiServer *q, Engine &engine, ServerConfig config)
    : q(q), engine(engine), config(std::move(config)),
      limiter(this->config.clientRequestsPerSecond), http(std::make_unique<QHttpServer>()),
      orders(engine, q),
      service(engine, q, [this] { return hub->clientCount(); }, responsesByStatus,
              [this] {
                  return TelemetryReport::ServerFigures{&orders.submitResponse(),
                                                        hub->droppedSlowClients(),
                                                        this->engine.leaseTakeovers()};
              }),
      sim(engine)
{
    OrderStreamHub::Options options;
    options.apiToken = this->config.apiToken;
    options.maxBufferBytes = this->config.maxWebSocketBufferBytes;
    options.maxMessageBytes = this->config.maxBodyBytes;
    options.tickets = &tickets;
    hub = std::make_unique<OrderStreamHub>(engine, options, limiter);
}

void ApiServer::Private::addRoutes()
{
    auto bind = [](auto *routes, Result (std::remove_pointer_t<decltype(routes)>::*member)(const Call &)) {
        return [routes, member](const Call &call) { return (routes->*member)(call); };
    };
    const Endpoint upgrade{Method::Get, bind(this, &Private::upgradeRequired)};
    const Resource allOrdersStream{{upgrade}};
    const Resource orderStream{{upgrade}};

    // First match wins: literal paths before the <arg> patterns that would also match them.
    addResource(QStringLiteral("/"), {{{Method::Get, bind(&service, &ServiceRoutes::index)}}});
    addResource(QStringLiteral("/api/openapi.json"),
                {{{Method::Get, bind(&service, &ServiceRoutes::openApi)}}});
    addResource(QStringLiteral("/api/orders/execute"),
                {{{Method::Post, bind(&orders, &OrderRoutes::submit)}, upgrade}});
    addResource(QStringLiteral("/api/orders"), {{{Method::Get, bind(&orders, &OrderRoutes::list)}}});
    addResource(QStringLiteral("/api/orders/status"), allOrdersStream);
    addResourceWithArg(QStringLiteral("/api/orders/<arg>/history"),
                       {{{Method::Get, bind(&orders, &OrderRoutes::history)}}});
    addResourceWithArg(QStringLiteral("/api/orders/<arg>/status"),
                       {{{Method::Get, bind(&orders, &OrderRoutes::status)}}});
    addResourceWithArg(QStringLiteral("/api/orders/<arg>/ws"), orderStream);
    addResourceWithArg(QStringLiteral("/api/orders/<arg>/stream"), orderStream);
    addResourceWithArg(QStringLiteral("/api/orders/<arg>"),
                       {{{Method::Get, bind(&orders, &OrderRoutes::get)},
                         {Method::Delete, bind(&orders, &OrderRoutes::cancel)}}});
    addResource(QStringLiteral("/api/ws-ticket"), {{{Method::Post, bind(this, &Private::issueTicket)}}});
    addResource(QStringLiteral("/api/quotes"), {{{Method::Get, bind(&service, &ServiceRoutes::quotes)}}});
    addResource(QStringLiteral("/api/wallet"), {{{Method::Get, bind(&service, &ServiceRoutes::wallet)}}});
    const Resource queueMetrics{{{Method::Get, bind(&service, &ServiceRoutes::queueMetrics)}}};
    addResource(QStringLiteral("/api/queue/metrics"), queueMetrics);
    addResource(QStringLiteral("/api/queue/stats"), queueMetrics);
    addResource(QStringLiteral("/health"), {{{Method::Get, bind(&service, &ServiceRoutes::health)}}});
    addResource(QStringLiteral("/metrics"), {{{Method::Get, bind(&service, &ServiceRoutes::metrics)}}});
    addResource(QStringLiteral("/ws"), allOrdersStream);
    addResource(QStringLiteral("/ws/orders"), allOrdersStream);
    addResourceWithArg(QStringLiteral("/ws/orders/<arg>"), orderStream);

    // Without --sim-control these paths do not exist at all: the missing handler's 404.
    if (config.simControl) {
        addResource(QStringLiteral("/api/sim/launch"), {{{Method::Post, bind(&sim, &SimRoutes::launch)}}});
        addResource(QStringLiteral("/api/sim/price"), {{{Method::Post, bind(&sim, &SimRoutes::price)}}});
    }

    http->setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serveMissing(request, std::move(responder));
        });
}

void ApiServer::Private::addResource(const QString &pattern, const Resource &resource)
{
    const bool added = http->route(pattern, [this, resource](const QHttpServerRequest &request,
                                                             QHttpServerResponder &&responder) {
        serve(resource, {}, request, std::move(responder));
    });
    Q_ASSERT(added);
    Q_UNUSED(added);
}

void ApiServer::Private::addResourceWithArg(const QString &pattern, const Resource &resource)
{
    const bool added =
        http->route(pattern, [this, resource](QString arg, const QHttpServerRequest &request,
                                              QHttpServerResponder &&responder) {
            serve(resource, arg, request, std::move(responder));
        });
    Q_ASSERT(added);
    Q_UNUSED(added);
}

void ApiServer::Private::serve(const Resource &resource, const QString &arg,
                               const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // QHttpServer 6.4 hands the connection of an upgrade request to its WebSocket server as soon
    // as any route has matched it, so nothing may be written here. OrderStreamHub takes it from
    // there, and closes those on paths without a stream.
    if (isWebSocketUpgrade(request))
        return;

    const Method method = request.method();
    const QString path = request.url().path();
    if (auto refused = admit(request))
        return send(std::move(responder), *refused, method, path);

    if (method == Method::Options) {
        Reply reply;
        reply.status = StatusCode::NoContent;
        reply.contentType.clear();
        reply.headers.append({QByteArrayLiteral("Allow"), resource.allow()});
        if (!config.corsOrigin.isEmpty()) {
            // A browser's preflight: what a page from the allowed origin may send here.
            reply.headers.append({QByteArrayLiteral("Access-Control-Allow-Methods"), resource.allow()});
            reply.headers.append({QByteArrayLiteral("Access-Control-Allow-Headers"),
                                  QByteArrayLiteral("Authorization, Content-Type")});
            reply.headers.append({QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600")});
        }
        return send(std::move(responder), reply, method, path);
    }

    const Endpoint *endpoint = resource.find(method == Method::Head ? Method::Get : method);
    if (!endpoint) {
        Reply reply = Reply::error(
            ApiError(StatusCode::MethodNotAllowed, QStringLiteral("method_not_allowed"),
                     QStringLiteral("%1 is not allowed on %2; allowed: %3")
                         .arg(methodName(method), path, QString::fromLatin1(resource.allow()))));
        reply.headers.append({QByteArrayLiteral("Allow"), resource.allow()});
        return send(std::move(responder), reply, method, path);
    }

    if (isMutating(method) &&
        !ApiAuth::isAuthorized(request.value(QByteArrayLiteral("Authorization")),
                               config.apiToken)) {
        Reply reply = Reply::error(
            ApiError(StatusCode::Unauthorized, QStringLiteral("unauthorized"),
                     QStringLiteral("this request needs \"Authorization: Bearer <token>\"")));
        reply.headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer")});
        return send(std::move(responder), reply, method, path);
    }

    Call call;
    call.method = method;
    call.path = path;
    call.query = request.query();
    call.peer = request.remoteAddress();
    call.arg = arg;
    if (method == Method::Post) {
        if (auto refused = readBody(request, call))
            return send(std::move(responder), *refused, method, path);
    }

    Result result = endpoint->handler(call);
    if (auto *reply = std::get_if<Reply>(&result))
        return send(std::move(responder), *reply, method, path);

    auto pending = std::make_shared<PendingResponse>(std::move(responder));
    std::get<QFuture<Reply>>(result)
        .then(q,
              [this, pending, method, path](const Reply &reply) {
                  if (pending->isOpen())
                      send(pending->take(), reply, method, path);
                  else
                      qCDebug(lcServer).noquote()
                          << methodName(method) << path << "answered after the client left";
              })
        .onCanceled(q, [this, pending, method, path] {
            if (pending->isOpen()) {
                send(pending->take(),
                     Reply::error(ApiError(StatusCode::ServiceUnavailable,
                                           QStringLiteral("shutting_down"),
                                           QStringLiteral("the engine is shutting down"))),
                     method, path);
            }
        });
}

void ApiServer::Private::serveMissing(const QHttpServerRequest &request,
                                      QHttpServerResponder &&responder)
{
    const QString path = request.url().path();
    if (auto refused = admit(request))
        return send(std::move(responder), *refused, request.method(), path);
    send(std::move(responder), Reply::error(ApiError::notFound(path)), request.method(), path);
}

// The per-client request budget, checked before anything else is looked at.
std::optional<Reply> ApiServer::Private::admit(const QHttpServerRequest &request)
{
    const qint64 waitMs = limiter.tryAcquire(request.remoteAddress());
    if (waitMs == 0)
        return std::nullopt;
    const qint64 retryAfterSeconds = (waitMs + 999) / 1000;
    Reply reply = Reply::error(
        ApiError(StatusCode::TooManyRequests, QStringLiteral("rate_limited"),
                 QStringLiteral("more than %1 requests per second from this client; retry in %2 s")
                     .arg(config.clientRequestsPerSecond)
                     .arg(retryAfterSeconds)));
    reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(retryAfterSeconds)});
    return reply;
}

// Size, then type, then syntax: a body is never parsed before it is known to be small enough.
std::optional<Reply> ApiServer::Private::readBody(const QHttpServerRequest &request, Call &call)
{
    const QByteArray lengthHeader = request.value(QByteArrayLiteral("Content-Length")).trimmed();
    bool lengthOk = true;
    const qint64 declaredLength = lengthHeader.isEmpty() ? 0 : lengthHeader.toLongLong(&lengthOk);
    const QByteArray body = request.body();
    if (config.maxBodyBytes > 0 &&
        (!lengthOk || declaredLength > config.maxBodyBytes || body.size() > config.maxBodyBytes)) {
        return Reply::error(
            ApiError(StatusCode::PayloadTooLarge, QStringLiteral("payload_too_large"),
                     QStringLiteral("the body may be at most %1 bytes").arg(config.maxBodyBytes)));
    }

    const QByteArray contentType = request.value(QByteArrayLiteral("Content-Type"));
    if (!isJsonContentType(contentType)) {
        return Reply::error(ApiError(
            StatusCode::UnsupportedMediaType, QStringLiteral("unsupported_media_type"),
            contentType.isEmpty()
                ? QStringLiteral("the body must be JSON (Content-Type: application/json)")
                : QStringLiteral("the body must be JSON (Content-Type: application/json), not %1")
                      .arg(QString::fromLatin1(contentType))));
    }

    QString why;
    const std::optional<QJsonObject> object = ApiJson::parseObject(body, &why);
    if (!object) {
        return Reply::error(ApiError::badRequest({}, QStringLiteral("invalid_json"),
                                                 QStringLiteral("the body is not valid JSON: ") + why));
    }
    call.body = *object;
    return std::nullopt;
}

void ApiServer::Private::send(QHttpServerResponder &&responder, const Reply &reply, Method method,
                              const QString &path)
{
    ++responsesByStatus[int(reply.status)];
    qCDebug(lcServer).noquote() << methodName(method) << path << int(reply.status);

    QList<QPair<QByteArray, QByteArray>> headers = reply.headers;
    if (!config.corsOrigin.isEmpty()) {
        headers.append({QByteArrayLiteral("Access-Control-Allow-Origin"), config.corsOrigin.toUtf8()});
        headers.append({QByteArrayLiteral("Access-Control-Expose-Headers"),
                        QByteArrayLiteral("Location, Retry-After")});
        if (config.corsOrigin != QLatin1String("*"))
            headers.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")});
    }

    if (method == Method::Head) {
        // Headers as for GET, no body.
        responder.writeStatusLine(reply.status);
        if (!reply.contentType.isEmpty())
            responder.writeHeader(QByteArrayLiteral("Content-Type"), reply.contentType);
        for (const auto &[name, value] : headers)
            responder.writeHeader(name, value);
        responder.writeHeader(QByteArrayLiteral("Content-Length"),
                              QByteArray::number(reply.body.size()));
        responder.writeBody(QByteArray());
        return;
    }

    QHttpServerResponse response =
        reply.contentType.isEmpty()
            ? QHttpServerResponse(reply.status)
            : QHttpServerResponse(reply.contentType, reply.body, reply.status);
    for (const auto &[name, value] : headers)
        response.setHeader(name, value);
    response.write(std::move(responder));
}

// ---- endpoints ------------------------------------------------------------------------------

Result ApiServer::Private::upgradeRequired(const Call &call)
{
    Reply reply = Reply::error(
        ApiError(StatusCode::UpgradeRequired, QStringLiteral("upgrade_required"),
                 QStringLiteral("%1 is a WebSocket endpoint: connect with \"Upgrade: websocket\"")
                     .arg(call.path)));
    reply.headers.append({QByteArrayLiteral("Upgrade"), QByteArrayLiteral("websocket")});
    reply.headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("Upgrade")});
    return reply;
}

Result ApiServer::Private::issueTicket(const Call &)
{
    return Reply::json({{QStringLiteral("ticket"), tickets.issue()},
                        {QStringLiteral("expiresInSec"), WebSocketTickets::LifetimeSeconds}},
                       StatusCode::Created);
}

// ---- ApiServer ------------------------------------------------------------------------------

ApiServer::ApiServer(Engine &engine, ServerConfig config, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, engine, std::move(config)))
{
    d->addRoutes();
    connect(d->hub.get(), &OrderStreamHub::clientCountChanged, this,
            &ApiServer::webSocketClientCountChanged);
    // An upgrade is accepted only while something listens to this signal (QHttpServer 6.4).
    connect(d->http.get(), &QHttpServer::newWebSocketConnection, this, [this] {
        while (d->http->hasPendingWebSocketConnections()) {
            auto socket = d->http->nextPendingWebSocketConnection();
            if (!socket)
                continue;
            // A close by either side of the stream (1009 by QWebSocket itself included) ends
            // the connection with a FIN, not a reset with the client's last bytes unread.
            if (QTcpSocket *tcp = d->tcp ? d->tcp->connectionFrom(socket->peerAddress(), socket->peerPort()) : nullptr) {
                LingeringClose::watch(tcp, this);
                // Now, before QWebSocket's first read: it is shown masked frames only.
                if (auto *gated = qobject_cast<FrameGatedSocket *>(tcp)) {
                    connect(gated, &FrameGatedSocket::frameRefused, d->hub.get(),
                            [hub = d->hub.get(), webSocket = QPointer<QWebSocket>(socket.get())] {
                                if (webSocket)
                                    hub->silence(webSocket);
                            });
                    gated->gateFrames();
                }
            }
            d->hub->addClient(std::move(socket));
        }
    });
}

ApiServer::~ApiServer()
{
    // Streams first: they hold sockets the HTTP server's WebSocket server handed out.
    d->hub.reset();
    d->http.reset();
}

bool ApiServer::listen(QString *error)
{
    if (d->port != 0)
        return true;

    auto policy = std::make_shared<ConnectionPolicy>();
    policy->maxBodyBytes = d->config.maxBodyBytes;
    policy->headTimeoutMs = d->config.headTimeoutMs;
    policy->idleTimeoutMs = d->config.idleTimeoutMs;
    policy->admitUpgrade = [this](const QHostAddress &peer) { return d->limiter.tryAcquire(peer); };

    // Past the descriptor limit accept() fails and the listening socket stays readable: keep
    // the cap below it, so an over-full server answers 503 instead of going deaf.
    int maxConnections = d->config.maxConnections;
    const qint64 descriptors = raiseOpenFileLimit();
    if (maxConnections > 0 && descriptors > 0 && maxConnections > descriptors - ReservedDescriptors) {
        const int capped = int(std::max<qint64>(1, descriptors - ReservedDescriptors));
        qCWarning(lcServer) << "--max-connections" << maxConnections
                            << "is more than the open-file limit allows (" << descriptors
                            << "); using" << capped;
        maxConnections = capped;
    }
    auto tcp = std::make_unique<GuardedTcpServer>(std::move(policy), maxConnections);
    if (!tcp->listen(d->config.address, d->config.port)) {
        if (error) {
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(d->config.address.toString())
                         .arg(d->config.port)
                         .arg(tcp->errorString());
        }
        return false;
    }
    connect(tcp.get(), &GuardedTcpServer::connectionRefused, this,
            [this](int status) { ++d->responsesByStatus[status]; });
    d->port = tcp->serverPort();
    d->tcp = tcp.get();
    d->http->bind(tcp.release()); // the HTTP server parents it
    qCInfo(lcServer).noquote() << "listening on" << url();
    return true;
}

quint16 ApiServer::port() const
{
    return d->port;
}

QString ApiServer::url() const
{
    QHostAddress host = d->config.address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    const QString text = host.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + host.toString() + QLatin1Char(']')
                             : host.toString();
    return QStringLiteral("http://%1:%2").arg(text).arg(d->port);
}

void ApiServer::drain(int timeoutMs)
{
    if (!d->tcp)
        return;
    // A client's request may still be in the kernel's buffers: done once nothing has been in
    // flight for a little while, or at the deadline.
    constexpr int QuietMs = 100;
    QDeadlineTimer deadline(timeoutMs);
    QElapsedTimer quiet;
    quiet.start();
    while (!deadline.hasExpired() && quiet.elapsed() < QuietMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (d->tcp->hasRequestsInFlight())
            quiet.restart();
    }
    d->tcp->close();
}

int ApiServer::webSocketClientCount() const
{
    return d->hub->clientCount();
}

} // namespace OrderDesk
