#include "ServiceRoutes.h"

#include "Engine.h"
#include "EngineReport.h"
#include "EngineTelemetry.h"
#include "ProcessMetrics.h"
#include "PrometheusWriter.h"
#include "Wallet.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>

namespace OrderDesk {

namespace {
using StatusCode = ApiError::StatusCode;

Reply quoteReply(const std::variant<QuoteResult, EngineError> &result)
{
    if (const auto *error = std::get_if<EngineError>(&result))
        return Reply::error(*error);
    return Reply::json(std::get<QuoteResult>(result).toJson());
}
} // namespace

Result ServiceRoutes::quotes(const Call &call)
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
    return m_engine.quote(params[0].value, params[1].value, params[2].value,
                          call.param(QStringLiteral("swapMode")))
        .then(m_context, [](const std::variant<QuoteResult, EngineError> &result) {
            return quoteReply(result);
        });
}

Result ServiceRoutes::wallet(const Call &)
{
    Wallet *wallet = m_engine.wallet();
    if (!wallet) {
        return Reply::error(EngineError{EngineError::Kind::Unavailable,
                                        QStringLiteral("service_unavailable"),
                                        QStringLiteral("the engine is stopped"), {}});
    }
    // Read on the engine's read pool; the server thread is free meanwhile.
    return wallet->read().then(m_context, [](const Wallet::ReadOutcome &outcome) {
        if (const auto *error = std::get_if<EngineError>(&outcome))
            return Reply::error(*error);
        return Reply::json(std::get<WalletSnapshot>(outcome).toJson());
    });
}

Result ServiceRoutes::queueMetrics(const Call &)
{
    const auto report = EngineReport::queueMetrics(m_engine.metrics());
    if (const auto *error = std::get_if<ApiError>(&report))
        return Reply::error(*error);
    return Reply::json(std::get<QJsonObject>(report));
}

Result ServiceRoutes::health(const Call &)
{
    const ComponentHealth health = m_engine.health();
    const bool accepting = m_engine.isAcceptingOrders();
    return Reply::json(EngineReport::health(health, accepting, m_engine.isStopping(), m_webSocketClients()),
                       accepting && EngineReport::allUp(health) ? StatusCode::Ok
                                                                : StatusCode::ServiceUnavailable);
}

Result ServiceRoutes::metrics(const Call &)
{
    using Type = PrometheusWriter::Type;
    PrometheusWriter out;
    EngineReport::writeMetrics(out, m_engine.metrics(), m_engine.health(), m_webSocketClients());
    TelemetryReport::write(out, EngineTelemetry::process(), m_serverFigures());
    ProcessMetrics::write(out);

    out.family(QStringLiteral("orderdesk_http_requests_total"),
               QStringLiteral("HTTP responses sent, by status code."), Type::Counter);
    for (auto it = m_responsesByStatus.cbegin(); it != m_responsesByStatus.cend(); ++it)
        out.sample(QStringLiteral("orderdesk_http_requests_total"), it.value(),
                   {{QStringLiteral("code"), QString::number(it.key())}});

    Reply reply;
    reply.contentType = PrometheusWriter::contentType();
    reply.body = out.text();
    return reply;
}

Result ServiceRoutes::index(const Call &)
{
    return Reply::json(
        {{QStringLiteral("name"), QStringLiteral("OrderDesk API")},
         {QStringLiteral("version"), QCoreApplication::applicationVersion()},
         {QStringLiteral("description"),
          QStringLiteral("Simulated Solana DEX order execution: submit market, limit and sniper "
                         "orders over HTTP and follow them over WebSocket.")},
         {QStringLiteral("documentation"),
          QJsonObject{{QStringLiteral("openapi"), QStringLiteral("/api/openapi.json")},
                      {QStringLiteral("postman"), QStringLiteral("docs/postman/ in the source tree")}}},
         {QStringLiteral("endpoints"),
          QJsonObject{{QStringLiteral("submit"), QStringLiteral("POST /api/orders/execute")},
                      {QStringLiteral("orders"), QStringLiteral("GET /api/orders")},
                      {QStringLiteral("order"), QStringLiteral("GET /api/orders/{id}")},
                      {QStringLiteral("history"), QStringLiteral("GET /api/orders/{id}/history")},
                      {QStringLiteral("cancel"), QStringLiteral("DELETE /api/orders/{id}")},
                      {QStringLiteral("quotes"), QStringLiteral("GET /api/quotes")},
                      {QStringLiteral("wallet"), QStringLiteral("GET /api/wallet")},
                      {QStringLiteral("queue"), QStringLiteral("GET /api/queue/metrics")},
                      {QStringLiteral("health"), QStringLiteral("GET /health")},
                      {QStringLiteral("metrics"), QStringLiteral("GET /metrics")},
                      {QStringLiteral("orderStream"),
                       QStringLiteral("WebSocket /api/orders/execute?orderId={id}")},
                      {QStringLiteral("allOrdersStream"), QStringLiteral("WebSocket /ws")}}}});
}

Result ServiceRoutes::openApi(const Call &)
{
    // Compiled in (server/openapi.json), and checked against the running server by tst_openapi.
    static const QByteArray document = [] {
        QFile file(QStringLiteral(":/orderdesk/openapi.json"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    if (document.isEmpty()) {
        return Reply::error(ApiError(StatusCode::InternalServerError, QStringLiteral("internal_error"),
                                     QStringLiteral("the API description is missing from this build")));
    }
    Reply reply;
    reply.body = document;
    return reply;
}

} // namespace OrderDesk
