#pragma once

#include "ApiError.h"
#include "JsonText.h"

#include <QByteArray>
#include <QFuture>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QUrlQuery>

#include <variant>

namespace OrderDesk {

// A response, built by an endpoint and written by the server, so every response passes the
// same place (content type, CORS, counting, logging).
struct Reply
{
    using StatusCode = ApiError::StatusCode;

    StatusCode status = StatusCode::Ok;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static Reply json(const QJsonObject &object, StatusCode status = StatusCode::Ok)
    {
        return json(JsonText::compact(object), status);
    }

    // A body already written as JSON text.
    static Reply json(QByteArray text, StatusCode status = StatusCode::Ok)
    {
        Reply reply;
        reply.status = status;
        reply.body = std::move(text);
        return reply;
    }

    static Reply error(const ApiError &error) { return json(error.toJson(), error.status()); }
    static Reply error(const EngineError &error) { return Reply::error(ApiError::fromEngineError(error)); }
};

// What an endpoint may use of a request: copied out of QHttpServerRequest, so an endpoint that
// answers later holds nothing of the connection.
struct Call
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Get;
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

// An endpoint answers now, or later (the server thread serves others meanwhile).
using Result = std::variant<Reply, QFuture<Reply>>;

} // namespace OrderDesk
