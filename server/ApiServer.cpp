#include "ApiServer.h"

#include "ApiAuth.h"
#include "ApiError.h"
#include "ApiJson.h"
#include "Base58.h"
#include "ClientRateLimiter.h"
#include "Engine.h"
#include "EngineReport.h"
#include "GuardedTcpServer.h"
#include "Market.h"
#include "OrderRequest.h"
#include "OrderStreamHub.h"
#include "PrometheusWriter.h"
#include "ServerLogging.h"

#include <QCryptographicHash>
#include <QFuture>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QMetaEnum>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QWebSocket>

#include <functional>
#include <variant>

namespace OrderDesk {

namespace {

using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponder::StatusCode;

// Room for the request line and headers on top of the largest body.
constexpr qint64 HeaderAllowanceBytes = 32 * 1024;
constexpr int MaxListLimit = 500;

const QByteArray JsonType = QByteArrayLiteral("application/json");

// A response, built by an endpoint and written by the server, so every response passes the
// same place (content type, counting, logging).
struct Reply
{
    StatusCode status = StatusCode::Ok;
    QByteArray contentType = JsonType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static Reply json(const QJsonObject &object, StatusCode status = StatusCode::Ok)
    {
        Reply reply;
        reply.status = status;
        reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        return reply;
    }

    static Reply error(const ApiError &error) { return json(error.toJson(), error.status()); }
};

// What an endpoint may use of a request: copied out of QHttpServerRequest, so an endpoint that
// answers later holds nothing of the connection.
struct Call
{
    Method method = Method::Get;
    QString path;
    QUrlQuery query;
    QJsonObject body; // POST only
    QHostAddress peer;
    QString arg; // the <arg> of the route, if any

    QString param(const QString &name) const
    {
        return query.queryItemValue(name, QUrl::FullyDecoded).trimmed();
    }
};

using Result = std::variant<Reply, QFuture<Reply>>;
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

bool headerHasToken(const QByteArray &header, const QByteArray &token)
{
    const QList<QByteArray> parts = header.split(',');
    for (const QByteArray &part : parts) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Exactly the requests QHttpServer 6.4 hands to its WebSocket server after the route ran: the
// parser's upgrade flag (Upgrade plus "Connection: upgrade") and "Upgrade: websocket".
bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value(QByteArrayLiteral("Upgrade"))
                   .trimmed()
                   .compare("websocket", Qt::CaseInsensitive) == 0 &&
           headerHasToken(request.value(QByteArrayLiteral("Connection")), "upgrade");
}

bool isJsonContentType(const QByteArray &header)
{
    const QByteArray type = header.split(';').first().trimmed().toLower();
    return type == JsonType || (type.startsWith("application/") && type.endsWith("+json"));
}

QByteArray rejectionResponse(const ApiError &error)
{
    const QByteArray body = QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact);
    return QByteArrayLiteral("HTTP/1.1 413 Payload Too Large\r\n"
                             "Content-Type: application/json\r\n"
                             "Connection: close\r\n"
                             "Content-Length: ") +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

Reply quoteReply(const std::variant<QuoteResult, EngineError> &result)
{
    if (const auto *error = std::get_if<EngineError>(&result))
        return Reply::error(ApiError::fromEngineError(*error));
    return Reply::json(std::get<QuoteResult>(result).toJson());
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

    // Endpoints
    Result submit(const Call &call);
    Result listOrders(const Call &call);
    Result getOrder(const Call &call);
    Result orderStatus(const Call &call);
    Result orderHistory(const Call &call);
    Result cancelOrder(const Call &call);
    Result quotes(const Call &call);
    Result queueMetrics(const Call &call);
    Result health(const Call &call);
    Result metrics(const Call &call);
    Result upgradeRequired(const Call &call);
    Result simLaunch(const Call &call);
    Result simPrice(const Call &call);

    ApiServer *q;
    Engine &engine;
    const ServerConfig config;
    ClientRateLimiter limiter;
    std::unique_ptr<QHttpServer> http;
    std::unique_ptr<OrderStreamHub> hub;
    quint16 port = 0;
    QMap<int, qint64> responsesByStatus;
};

ApiServer::Private::Private(ApiServer *q, Engine &engine, ServerConfig config)
    : q(q), engine(engine), config(std::move(config)),
      limiter(this->config.clientRequestsPerSecond), http(std::make_unique<QHttpServer>())
{
    OrderStreamHub::Options options;
    options.apiToken = this->config.apiToken;
    options.maxBufferBytes = this->config.maxWebSocketBufferBytes;
    options.maxMessageBytes = this->config.maxBodyBytes;
    hub = std::make_unique<OrderStreamHub>(engine, options, limiter);
}

void ApiServer::Private::addRoutes()
{
    auto bind = [this](Result (Private::*member)(const Call &)) {
        return [this, member](const Call &call) { return (this->*member)(call); };
    };
    const Endpoint upgrade{Method::Get, bind(&Private::upgradeRequired)};

    // First match wins: literal paths before the <arg> patterns that would also match them.
    addResource(QStringLiteral("/api/orders/execute"),
                {{{Method::Post, bind(&Private::submit)}, upgrade}});
    addResource(QStringLiteral("/api/orders"), {{{Method::Get, bind(&Private::listOrders)}}});
    addResourceWithArg(QStringLiteral("/api/orders/<arg>/history"),
                       {{{Method::Get, bind(&Private::orderHistory)}}});
    addResourceWithArg(QStringLiteral("/api/orders/<arg>/status"),
                       {{{Method::Get, bind(&Private::orderStatus)}}});
    addResourceWithArg(QStringLiteral("/api/orders/<arg>/ws"), {{upgrade}});
    addResourceWithArg(
        QStringLiteral("/api/orders/<arg>"),
        {{{Method::Get, bind(&Private::getOrder)}, {Method::Delete, bind(&Private::cancelOrder)}}});
    addResource(QStringLiteral("/api/quotes"), {{{Method::Get, bind(&Private::quotes)}}});
    addResource(QStringLiteral("/api/queue/metrics"),
                {{{Method::Get, bind(&Private::queueMetrics)}}});
    addResource(QStringLiteral("/health"), {{{Method::Get, bind(&Private::health)}}});
    addResource(QStringLiteral("/metrics"), {{{Method::Get, bind(&Private::metrics)}}});
    addResource(QStringLiteral("/ws"), {{upgrade}});
    addResource(QStringLiteral("/ws/orders"), {{upgrade}});
    addResourceWithArg(QStringLiteral("/ws/orders/<arg>"), {{upgrade}});

    // Without --sim-control these paths do not exist at all: the missing handler's 404.
    if (config.simControl) {
        addResource(QStringLiteral("/api/sim/launch"),
                    {{{Method::Post, bind(&Private::simLaunch)}}});
        addResource(QStringLiteral("/api/sim/price"), {{{Method::Post, bind(&Private::simPrice)}}});
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
                                           QStringLiteral("unavailable"),
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

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Reply::error(
            ApiError::badRequest({}, QStringLiteral("invalid_json"),
                                 QStringLiteral("the body is not valid JSON: %1 at offset %2")
                                     .arg(parseError.errorString())
                                     .arg(parseError.offset)));
    }
    if (!document.isObject()) {
        return Reply::error(ApiError::badRequest({}, QStringLiteral("invalid_json"),
                                                 QStringLiteral("the body must be a JSON object")));
    }
    call.body = document.object();
    return std::nullopt;
}

void ApiServer::Private::send(QHttpServerResponder &&responder, const Reply &reply, Method method,
                              const QString &path)
{
    ++responsesByStatus[int(reply.status)];
    qCDebug(lcServer).noquote() << methodName(method) << path << int(reply.status);

    if (method == Method::Head) {
        // Headers as for GET, no body.
        responder.writeStatusLine(reply.status);
        if (!reply.contentType.isEmpty())
            responder.writeHeader(QByteArrayLiteral("Content-Type"), reply.contentType);
        for (const auto &[name, value] : reply.headers)
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
    for (const auto &[name, value] : reply.headers)
        response.setHeader(name, value);
    response.write(std::move(responder));
}

// ---- endpoints ------------------------------------------------------------------------------

Result ApiServer::Private::submit(const Call &call)
{
    // Answered once the order's batch is committed; the server thread serves others meanwhile.
    return engine.submit(call.body).then(q, [](const Engine::SubmitOutcome &result) {
        if (const auto *error = std::get_if<EngineError>(&result))
            return Reply::error(ApiError::fromEngineError(*error));

        const SubmitResult &submitted = std::get<SubmitResult>(result);
        // A repeated clientOrderId is answered like the first submission, but 200: nothing new.
        Reply reply = Reply::json(ApiJson::submitted(submitted.order),
                                  submitted.created ? StatusCode::Created : StatusCode::Ok);
        reply.headers.append(
            {QByteArrayLiteral("Location"),
             QByteArrayLiteral("/api/orders/") + QUrl::toPercentEncoding(submitted.order.id)});
        return reply;
    });
}

Result ApiServer::Private::listOrders(const Call &call)
{
    OrderListQuery query;

    if (const QString status = call.param(QStringLiteral("status")); !status.isEmpty()) {
        query.status = orderStatusFromString(status);
        if (!query.status) {
            return Reply::error(ApiError::badRequest(
                QStringLiteral("status"), QStringLiteral("invalid_status"),
                QStringLiteral("status must be one of pending, waiting, routing, building, "
                               "submitted, confirmed, failed, cancelled, expired")));
        }
    }

    int limit = 50;
    if (const QString text = call.param(QStringLiteral("limit")); !text.isEmpty()) {
        bool ok = false;
        limit = text.toInt(&ok);
        if (!ok || limit < 1 || limit > MaxListLimit) {
            return Reply::error(ApiError::badRequest(
                QStringLiteral("limit"), QStringLiteral("invalid_limit"),
                QStringLiteral("limit must be an integer from 1 to %1").arg(MaxListLimit)));
        }
    }

    if (const QString before = call.param(QStringLiteral("before")); !before.isEmpty()) {
        if (const auto cursor = engine.order(before)) {
            query.before = cursor->createdAt;
            query.beforeId = cursor->id;
        } else if (const auto time = fromIsoString(before)) {
            query.before = *time;
        } else {
            return Reply::error(ApiError::badRequest(
                QStringLiteral("before"), QStringLiteral("invalid_before"),
                QStringLiteral("before must be an order id or an ISO 8601 time")));
        }
    }

    // One more than asked tells whether another page exists.
    query.limit = std::min(limit + 1, MaxListLimit);
    QList<Order> orders = engine.orders(query);
    const bool more = orders.size() > limit || (query.limit == limit && orders.size() == limit);
    if (orders.size() > limit)
        orders.resize(limit);

    QJsonArray array;
    for (const Order &order : std::as_const(orders))
        array.append(order.toJson());
    return Reply::json({{QStringLiteral("orders"), array},
                        {QStringLiteral("nextBefore"), more && !orders.isEmpty()
                                                           ? QJsonValue(orders.constLast().id)
                                                           : QJsonValue(QJsonValue::Null)}});
}

Result ApiServer::Private::getOrder(const Call &call)
{
    const auto order = engine.order(call.arg);
    if (!order)
        return Reply::error(ApiError::orderNotFound(call.arg));
    return Reply::json(order->toJson());
}

Result ApiServer::Private::orderStatus(const Call &call)
{
    const auto order = engine.order(call.arg);
    if (!order)
        return Reply::error(ApiError::orderNotFound(call.arg));
    return Reply::json({{QStringLiteral("orderId"), order->id},
                        {QStringLiteral("status"), toString(order->status)},
                        {QStringLiteral("attempt"), order->attempt},
                        {QStringLiteral("seq"), order->seq},
                        {QStringLiteral("updatedAt"), toIsoString(order->updatedAt)},
                        {QStringLiteral("ws"), ApiJson::streamPath(order->id)}});
}

Result ApiServer::Private::orderHistory(const Call &call)
{
    const auto order = engine.order(call.arg);
    if (!order)
        return Reply::error(ApiError::orderNotFound(call.arg));
    return Reply::json(
        {{QStringLiteral("orderId"), order->id},
         {QStringLiteral("status"), toString(order->status)},
         {QStringLiteral("history"), ApiJson::events(engine.history(order->id))},
         {QStringLiteral("failures"), ApiJson::failures(engine.failures(order->id))}});
}

Result ApiServer::Private::cancelOrder(const Call &call)
{
    const auto result = engine.cancel(call.arg);
    if (const auto *error = std::get_if<EngineError>(&result))
        return Reply::error(ApiError::fromEngineError(*error));
    return Reply::json(std::get<Order>(result).toJson());
}

Result ApiServer::Private::quotes(const Call &call)
{
    // Presence only (with the order fields' aliases); what the values mean is the engine's call.
    struct Param
    {
        QString name;
        QString alias;
        QString value;
    };
    Param params[] = {{QStringLiteral("tokenIn"), QStringLiteral("inputToken"), {}},
                      {QStringLiteral("tokenOut"), QStringLiteral("outputToken"), {}},
                      {QStringLiteral("amount"), QStringLiteral("amountIn"), {}}};
    for (Param &param : params) {
        param.value = call.param(param.name);
        if (param.value.isEmpty())
            param.value = call.param(param.alias);
        if (param.value.isEmpty()) {
            return Reply::error(ApiError::badRequest(
                param.name, QStringLiteral("missing_parameter"),
                QStringLiteral("the query parameter %1 is required").arg(param.name)));
        }
    }

    // Answered when both venues have quoted; the server thread is free meanwhile.
    return engine.quote(params[0].value, params[1].value, params[2].value, call.param(QStringLiteral("swapMode")))
        .then(q, [](const std::variant<QuoteResult, EngineError> &result) {
            return quoteReply(result);
        });
}

Result ApiServer::Private::queueMetrics(const Call &)
{
    const auto report = EngineReport::queueMetrics(engine.metrics());
    if (const auto *error = std::get_if<ApiError>(&report))
        return Reply::error(*error);
    return Reply::json(std::get<QJsonObject>(report));
}

Result ApiServer::Private::health(const Call &)
{
    const ComponentHealth health = engine.health();
    return Reply::json(EngineReport::health(health, engine.isAcceptingOrders(), hub->clientCount()),
                       EngineReport::allUp(health) ? StatusCode::Ok : StatusCode::ServiceUnavailable);
}

Result ApiServer::Private::metrics(const Call &)
{
    using Type = PrometheusWriter::Type;
    PrometheusWriter out;
    EngineReport::writeMetrics(out, engine.metrics(), engine.health(), hub->clientCount());

    out.family(QStringLiteral("orderdesk_http_requests_total"),
               QStringLiteral("HTTP responses sent, by status code."), Type::Counter);
    for (auto it = responsesByStatus.cbegin(); it != responsesByStatus.cend(); ++it)
        out.sample(QStringLiteral("orderdesk_http_requests_total"), it.value(),
                   {{QStringLiteral("code"), QString::number(it.key())}});

    Reply reply;
    reply.contentType = PrometheusWriter::contentType();
    reply.body = out.text();
    return reply;
}

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

// The simulation controls drive the market directly: they stand in for events of a real
// market (a token launch, a price move), not for anything a trader does.
Result ApiServer::Private::simLaunch(const Call &call)
{
    static const QRegularExpression symbolPattern(QStringLiteral("^[A-Za-z0-9]{1,12}$"));
    // "token" is how the issue tracker and older clients spell it.
    const QString symbolKey = call.body.contains(QStringLiteral("token")) ? QStringLiteral("token")
                                                                           : QStringLiteral("symbol");
    const QString symbol = call.body.value(symbolKey).toString().trimmed().toUpper();
    if (!symbolPattern.match(symbol).hasMatch()) {
        return Reply::error(
            ApiError::badRequest(symbolKey, QStringLiteral("invalid_symbol"),
                                 QStringLiteral("%1 must be 1 to 12 letters or digits").arg(symbolKey)));
    }

    const QJsonValue decimalsValue = call.body.value(QStringLiteral("decimals"));
    const int decimals = decimalsValue.isUndefined() ? 6 : decimalsValue.toInt(-1);
    if (decimals < 0 || decimals > 18 ||
        (decimalsValue.isDouble() && decimalsValue.toDouble() != decimals)) {
        return Reply::error(
            ApiError::badRequest(QStringLiteral("decimals"), QStringLiteral("invalid_decimals"),
                                 QStringLiteral("decimals must be an integer from 0 to 18")));
    }

    QString mint = call.body.value(QStringLiteral("mint")).toString().trimmed();
    if (mint.isEmpty()) {
        // A stable stand-in address, so relaunching a symbol in another run gives the same mint.
        mint = Base58::encode(QCryptographicHash::hash("orderdesk-sim:" + symbol.toUtf8(),
                                                       QCryptographicHash::Sha256));
    } else if (!Base58::decode(mint) || mint.size() < 32 || mint.size() > 44) {
        return Reply::error(ApiError::badRequest(QStringLiteral("mint"),
                                                 QStringLiteral("invalid_mint"),
                                                 QStringLiteral("mint must be a base58 address")));
    }

    std::optional<Venue> venue;
    if (const QString text = call.body.value(QStringLiteral("venue")).toString(); !text.isEmpty()) {
        venue = venueFromString(text);
        if (!venue) {
            return Reply::error(
                ApiError::badRequest(QStringLiteral("venue"), QStringLiteral("invalid_venue"),
                                     QStringLiteral("venue must be raydium or meteora")));
        }
    }

    const Token usdc = TokenRegistry::usdc();
    Int128 liquidity = Int128(50'000) * Decimal::pow10(usdc.decimals);
    if (const QJsonValue value = call.body.value(QStringLiteral("liquidity"));
        !value.isUndefined()) {
        QString why;
        const auto parsed = decimalFromJson(value, usdc.decimals, &why);
        if (!parsed || *parsed <= 0) {
            return Reply::error(ApiError::badRequest(
                QStringLiteral("liquidity"), QStringLiteral("invalid_liquidity"),
                QStringLiteral("liquidity must be a positive USDC amount%1")
                    .arg(why.isEmpty() ? QString() : QStringLiteral(": ") + why)));
        }
        liquidity = *parsed;
    }

    const Token token{symbol, mint, decimals};
    if (!engine.market().launchToken(token, venue, liquidity)) {
        return Reply::error(ApiError(StatusCode::Conflict, QStringLiteral("launch_failed"),
                                     QStringLiteral("%1 was not launched: the symbol or mint is "
                                                    "taken, or its pools exist already")
                                         .arg(symbol)));
    }

    QJsonArray venues;
    for (const Venue candidate : AllVenues) {
        if (!venue || *venue == candidate)
            venues.append(toString(candidate));
    }
    return Reply::json(
        {{QStringLiteral("token"), QJsonObject{{QStringLiteral("symbol"), token.symbol},
                                               {QStringLiteral("mint"), token.mint},
                                               {QStringLiteral("decimals"), token.decimals}}},
         {QStringLiteral("venues"), venues},
         {QStringLiteral("liquidity"), Decimal::format(liquidity, usdc.decimals)}},
        StatusCode::Created);
}

Result ApiServer::Private::simPrice(const Call &call)
{
    const auto venue = venueFromString(call.body.value(QStringLiteral("venue")).toString());
    if (!venue) {
        return Reply::error(
            ApiError::badRequest(QStringLiteral("venue"), QStringLiteral("invalid_venue"),
                                 QStringLiteral("venue must be raydium or meteora")));
    }

    std::optional<Token> pair[2];
    const QString names[2] = {QStringLiteral("base"), QStringLiteral("quote")};
    const QString aliases[2] = {QStringLiteral("tokenIn"), QStringLiteral("tokenOut")};
    // "pair": "SOL/USDC" names both at once.
    const QStringList pairNames = call.body.value(QStringLiteral("pair")).toString().split(QLatin1Char('/'));
    for (int i = 0; i < 2; ++i) {
        QString text = call.body.value(names[i]).toString();
        if (text.isEmpty())
            text = call.body.value(aliases[i]).toString();
        if (text.isEmpty() && pairNames.size() == 2)
            text = pairNames[i].trimmed();
        pair[i] = engine.tokens().find(text);
        if (!pair[i]) {
            return Reply::error(ApiError::badRequest(
                names[i], QStringLiteral("unknown_token"),
                text.isEmpty() ? QStringLiteral("%1 is required").arg(names[i])
                               : QStringLiteral("unknown token %1").arg(text)));
        }
    }

    QString why;
    const auto price = decimalFromJson(call.body.value(QStringLiteral("price")), PriceScale, &why);
    if (!price || *price <= 0) {
        return Reply::error(
            ApiError::badRequest(QStringLiteral("price"), QStringLiteral("invalid_price"),
                                 QStringLiteral("price must be a positive number of %1 per %2%3")
                                     .arg(pair[1]->symbol, pair[0]->symbol,
                                          why.isEmpty() ? QString() : QStringLiteral(": ") + why)));
    }

    if (!engine.market().setSpotPrice(*venue, *pair[0], *pair[1], *price)) {
        return Reply::error(ApiError(StatusCode::Conflict, QStringLiteral("no_pool"),
                                     QStringLiteral("%1 has no %2/%3 pool")
                                         .arg(toString(*venue), pair[0]->symbol, pair[1]->symbol)));
    }
    const auto spot = engine.market().spotPrice(*venue, *pair[0], *pair[1]);
    return Reply::json(
        {{QStringLiteral("venue"), toString(*venue)},
         {QStringLiteral("base"), pair[0]->symbol},
         {QStringLiteral("quote"), pair[1]->symbol},
         {QStringLiteral("price"), Decimal::format(spot.value_or(*price), PriceScale)}});
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
            if (auto socket = d->http->nextPendingWebSocketConnection())
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

    const QByteArray rejection = rejectionResponse(
        ApiError(StatusCode::PayloadTooLarge, QStringLiteral("payload_too_large"),
                 QStringLiteral("the body may be at most %1 bytes").arg(d->config.maxBodyBytes)));
    const qint64 bound = d->config.maxBodyBytes > 0 ? d->config.maxBodyBytes + HeaderAllowanceBytes
                                                    : std::numeric_limits<qint64>::max();
    auto tcp = std::make_unique<GuardedTcpServer>(bound, rejection);
    if (!tcp->listen(d->config.address, d->config.port)) {
        if (error) {
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(d->config.address.toString())
                         .arg(d->config.port)
                         .arg(tcp->errorString());
        }
        return false;
    }
    connect(tcp.get(), &GuardedTcpServer::connectionRejected, this,
            [this] { ++d->responsesByStatus[int(StatusCode::PayloadTooLarge)]; });
    d->port = tcp->serverPort();
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

int ApiServer::webSocketClientCount() const
{
    return d->hub->clientCount();
}

} // namespace OrderDesk
