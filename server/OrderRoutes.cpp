#include "OrderRoutes.h"

#include "ApiJson.h"
#include "Engine.h"

#include <QJsonArray>
#include <QUrl>

#include <chrono>
#include <functional>

namespace OrderDesk {

namespace {
using StatusCode = ApiError::StatusCode;

constexpr int MaxListLimit = 500;

Reply engineStopped()
{
    return Reply::error(ApiError(StatusCode::ServiceUnavailable, QStringLiteral("service_unavailable"),
                                 QStringLiteral("the engine is stopped")));
}

// The answer to a store read or write: its error as it is, or `ok` of the outcome.
template <typename T>
Result answer(QFuture<StoreReader::Outcome<T>> read, QObject *context,
              std::function<Reply(const T &)> ok)
{
    return read.then(context, [ok = std::move(ok)](const StoreReader::Outcome<T> &outcome) {
        if (const auto *error = std::get_if<EngineError>(&outcome))
            return Reply::error(*error);
        return ok(std::get<T>(outcome));
    });
}
} // namespace

Result OrderRoutes::submit(const Call &call)
{
    // Answered once the order's batch is committed; the server thread serves others meanwhile.
    const auto arrived = std::chrono::steady_clock::now();
    return m_engine.submit(call.body).then(m_context, [this, arrived](const Engine::SubmitOutcome &result) {
        if (const auto *error = std::get_if<EngineError>(&result))
            return Reply::error(*error);

        const SubmitResult &submitted = std::get<SubmitResult>(result);
        if (submitted.created) {
            m_submitResponse.record(std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - arrived));
        }
        // A repeated clientOrderId is answered like the first submission, but 200: nothing new.
        JsonWriter body(2048);
        body.beginObject();
        ApiJson::writeSubmitted(body, submitted.order);
        body.endObject();
        Reply reply = Reply::json(body.text(), submitted.created ? StatusCode::Created : StatusCode::Ok);
        reply.headers.append(
            {QByteArrayLiteral("Location"),
             QByteArrayLiteral("/api/orders/") + QUrl::toPercentEncoding(submitted.order.id)});
        return reply;
    });
}

Result OrderRoutes::list(const Call &call)
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

    // "before" is a time, or else the id of the order the previous page ended with.
    QString beforeOrderId;
    if (const QString before = call.param(QStringLiteral("before")); !before.isEmpty()) {
        if (const auto time = fromIsoString(before))
            query.before = *time;
        else
            beforeOrderId = before;
    }

    const auto reader = m_engine.reader();
    if (!reader)
        return engineStopped();
    // One more than asked tells whether another page exists.
    query.limit = std::min(limit + 1, MaxListLimit);
    const bool asksAll = query.limit == limit;
    return answer<QList<Order>>(reader->orders(query, beforeOrderId), m_context,
                                [limit, asksAll](QList<Order> orders) {
        const bool more = orders.size() > limit || (asksAll && orders.size() == limit);
        if (orders.size() > limit)
            orders.resize(limit);
        QJsonArray array;
        for (const Order &order : std::as_const(orders))
            array.append(order.toJson());
        return Reply::json({{QStringLiteral("orders"), array},
                            {QStringLiteral("nextBefore"), more && !orders.isEmpty()
                                                               ? QJsonValue(orders.constLast().id)
                                                               : QJsonValue(QJsonValue::Null)}});
    });
}

Result OrderRoutes::get(const Call &call)
{
    const auto reader = m_engine.reader();
    if (!reader)
        return engineStopped();
    return answer<Order>(reader->order(call.arg), m_context,
                         [](const Order &order) { return Reply::json(order.toJson()); });
}

Result OrderRoutes::status(const Call &call)
{
    const auto reader = m_engine.reader();
    if (!reader)
        return engineStopped();
    return answer<Order>(reader->order(call.arg), m_context, [](const Order &order) {
        return Reply::json({{QStringLiteral("orderId"), order.id},
                            {QStringLiteral("status"), toString(order.status)},
                            {QStringLiteral("attempt"), order.attempt},
                            {QStringLiteral("seq"), order.seq},
                            {QStringLiteral("updatedAt"), toIsoString(order.updatedAt)},
                            {QStringLiteral("ws"), ApiJson::streamPath(order.id)}});
    });
}

Result OrderRoutes::history(const Call &call)
{
    const auto reader = m_engine.reader();
    if (!reader)
        return engineStopped();
    return answer<OrderRecord>(reader->record(call.arg), m_context, [](const OrderRecord &record) {
        return Reply::json({{QStringLiteral("orderId"), record.order.id},
                            {QStringLiteral("status"), toString(record.order.status)},
                            {QStringLiteral("history"), ApiJson::events(record.history)},
                            {QStringLiteral("failures"), ApiJson::failures(record.failures)}});
    });
}

Result OrderRoutes::cancel(const Call &call)
{
    // Answered once the store has committed (or refused) the cancel; the server serves others
    // meanwhile.
    return answer<Order>(m_engine.cancel(call.arg), m_context,
                         [](const Order &cancelled) { return Reply::json(cancelled.toJson()); });
}

} // namespace OrderDesk
