#include "EngineReport.h"

#include "PrometheusWriter.h"

#include <QJsonValue>

namespace OrderDesk::EngineReport {

namespace {
using StatusCode = ApiError::StatusCode;
using Type = PrometheusWriter::Type;

// Names the component, never its address or its error: those are for the logs.
ApiError unavailable(const QString &figures, const QString &component, qint64 ageMs)
{
    const QString when = ageMs < 0 ? QStringLiteral("never read")
                                   : QStringLiteral("last read %1 s ago").arg(ageMs / 1000);
    return ApiError(StatusCode::ServiceUnavailable, QStringLiteral("service_unavailable"),
                    QStringLiteral("%1 are unavailable: %2 has not answered recently (%3)")
                        .arg(figures, component, when));
}

QJsonValue age(qint64 ageMs)
{
    return ageMs < 0 ? QJsonValue() : QJsonValue(ageMs);
}

QJsonObject component(bool up, const QString &backend, qint64 ageMs)
{
    // Which kind of backend ("postgresql", "redis", "sqlite", "in-process"), never where it is:
    // a health answer is public, the address is for the log and the operator's config.
    const QString kind = backend.section(QLatin1Char(':'), 0, 0);
    return {{QStringLiteral("state"), up ? QStringLiteral("up") : QStringLiteral("down")},
            {QStringLiteral("backend"), kind},
            {QStringLiteral("checkedMsAgo"), age(ageMs)}};
}
} // namespace

std::variant<QJsonObject, ApiError> queueMetrics(const EngineMetrics &metrics)
{
    if (!metrics.queueFiguresKnown) {
        return unavailable(QStringLiteral("the queue's figures"), QStringLiteral("the queue"),
                           metrics.queueFiguresAgeMs);
    }
    if (!metrics.storeFiguresKnown) {
        return unavailable(QStringLiteral("the order counts"), QStringLiteral("the database"),
                           metrics.storeFiguresAgeMs);
    }
    return QJsonObject{
        {QStringLiteral("waiting"), metrics.queue.waiting},
        {QStringLiteral("active"), metrics.queue.active},
        {QStringLiteral("delayed"), metrics.queue.delayed},
        {QStringLiteral("completed"), metrics.completed},
        {QStringLiteral("failed"), metrics.failed},
        {QStringLiteral("cancelled"), metrics.cancelled},
        {QStringLiteral("expired"), metrics.expired},
        {QStringLiteral("workers"), metrics.workers},
        {QStringLiteral("workersBusy"), metrics.workersBusy},
        {QStringLiteral("rateLimit"),
         QJsonObject{{QStringLiteral("limit"), metrics.rateLimit},
                     {QStringLiteral("windowSeconds"), double(metrics.rateWindowMs) / 1000.0},
                     {QStringLiteral("used"), metrics.rateWindowUsed}}},
        {QStringLiteral("figuresMsAgo"),
         QJsonObject{{QStringLiteral("queue"), age(metrics.queueFiguresAgeMs)},
                     {QStringLiteral("orders"), age(metrics.storeFiguresAgeMs)}}},
    };
}

bool allUp(const ComponentHealth &health)
{
    return health.queueUp && health.databaseUp && health.marketUp;
}

QJsonObject health(const ComponentHealth &health, bool acceptingOrders, bool stopping, int webSocketClients)
{
    const QJsonObject components{
        {QStringLiteral("queue"),
         component(health.queueUp, health.queueBackend, health.queueCheckAgeMs)},
        {QStringLiteral("database"),
         component(health.databaseUp, health.databaseBackend, health.databaseCheckAgeMs)},
        {QStringLiteral("market"),
         component(health.marketUp, health.marketBackend, health.marketCheckAgeMs)},
        {QStringLiteral("websocket"), QJsonObject{{QStringLiteral("state"), QStringLiteral("up")},
                                                  {QStringLiteral("clients"), webSocketClients}}},
    };
    // A node draining for a shutdown tells load balancers to send orders elsewhere.
    const QString status = stopping ? QStringLiteral("stopping")
                           : allUp(health)  ? QStringLiteral("ok")
                                            : QStringLiteral("degraded");
    return {{QStringLiteral("status"), status},
            {QStringLiteral("acceptingOrders"), acceptingOrders},
            {QStringLiteral("components"), components}};
}

void writeMetrics(PrometheusWriter &out, const EngineMetrics &metrics,
                  const ComponentHealth &health, int webSocketClients)
{
    const QString orders = QStringLiteral("orderdesk_orders");
    out.family(orders,
               QStringLiteral("Orders in the store (every node's) that reached each terminal "
                              "status; absent while the database's figures are unavailable."),
               Type::Gauge);
    const QString status = QStringLiteral("status");
    if (metrics.storeFiguresKnown) {
        out.sample(orders, metrics.completed, {{status, QStringLiteral("confirmed")}});
        out.sample(orders, metrics.failed, {{status, QStringLiteral("failed")}});
        out.sample(orders, metrics.cancelled, {{status, QStringLiteral("cancelled")}});
        out.sample(orders, metrics.expired, {{status, QStringLiteral("expired")}});
    }

    const QString nodeOrders = QStringLiteral("orderdesk_node_orders_total");
    out.family(nodeOrders,
               QStringLiteral("Orders this node brought to each terminal status since it started."),
               Type::Counter);
    out.sample(nodeOrders, metrics.nodeConfirmed, {{status, QStringLiteral("confirmed")}});
    out.sample(nodeOrders, metrics.nodeFailed, {{status, QStringLiteral("failed")}});
    out.sample(nodeOrders, metrics.nodeCancelled, {{status, QStringLiteral("cancelled")}});
    out.sample(nodeOrders, metrics.nodeExpired, {{status, QStringLiteral("expired")}});

    const QString jobs = QStringLiteral("orderdesk_queue_jobs");
    out.family(jobs,
               QStringLiteral("Queue entries by state: waiting (ready), active (being processed), "
                              "delayed (retries not yet due); absent while the queue's figures are "
                              "unavailable."),
               Type::Gauge);
    const QString state = QStringLiteral("state");
    if (metrics.queueFiguresKnown) {
        out.sample(jobs, metrics.queue.waiting, {{state, QStringLiteral("waiting")}});
        out.sample(jobs, metrics.queue.active, {{state, QStringLiteral("active")}});
        out.sample(jobs, metrics.queue.delayed, {{state, QStringLiteral("delayed")}});
    }

    out.gauge(QStringLiteral("orderdesk_workers"),
              QStringLiteral("Orders this node processes at once."), metrics.workers);
    out.gauge(QStringLiteral("orderdesk_workers_busy"),
              QStringLiteral("Workers processing an order now."), metrics.workersBusy);
    out.gauge(QStringLiteral("orderdesk_waiting_orders_armed"),
              QStringLiteral("Limit and sniper orders this node watches."), metrics.waitingArmed);
    out.gauge(QStringLiteral("orderdesk_rate_limit"),
              QStringLiteral("Order starts allowed per rate window (0: unlimited)."),
              metrics.rateLimit);
    out.family(QStringLiteral("orderdesk_rate_window_seconds"),
               QStringLiteral("Length of the rate-limit window."), Type::Gauge);
    out.sample(QStringLiteral("orderdesk_rate_window_seconds"),
               double(metrics.rateWindowMs) / 1000.0);
    out.family(QStringLiteral("orderdesk_rate_window_used"),
               QStringLiteral("Order starts counted in the current rate window; absent while the "
                              "queue's figures are unavailable."),
               Type::Gauge);
    if (metrics.queueFiguresKnown)
        out.sample(QStringLiteral("orderdesk_rate_window_used"), qint64(metrics.rateWindowUsed));

    const QString up = QStringLiteral("orderdesk_component_up");
    const QString checked = QStringLiteral("orderdesk_component_check_age_seconds");
    const struct
    {
        const char *name;
        bool up;
        qint64 ageMs;
    } components[] = {{"queue", health.queueUp, health.queueCheckAgeMs},
                      {"database", health.databaseUp, health.databaseCheckAgeMs},
                      {"market", health.marketUp, health.marketCheckAgeMs}};
    out.family(up, QStringLiteral("Whether a backing service answered its last check, recently "
                                  "(1) or not (0)."),
               Type::Gauge);
    for (const auto &c : components)
        out.sample(up, qint64(c.up ? 1 : 0), {{QStringLiteral("component"), QLatin1String(c.name)}});
    out.family(checked, QStringLiteral("Seconds since a backing service's last check finished."),
               Type::Gauge);
    for (const auto &c : components) {
        if (c.ageMs >= 0)
            out.sample(checked, double(c.ageMs) / 1000.0,
                       {{QStringLiteral("component"), QLatin1String(c.name)}});
    }

    out.gauge(QStringLiteral("orderdesk_websocket_clients"),
              QStringLiteral("Connected WebSocket clients."), webSocketClients);
}

} // namespace OrderDesk::EngineReport
