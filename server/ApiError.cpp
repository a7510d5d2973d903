#include "ApiError.h"

namespace OrderDesk {

ApiError::ApiError(StatusCode status, QString code, QString message, QString field)
    : m_status(status), m_code(std::move(code)), m_message(std::move(message)),
      m_field(std::move(field))
{
}

ApiError::StatusCode ApiError::statusFor(EngineError::Kind kind)
{
    switch (kind) {
    case EngineError::Kind::InvalidInput:
        return StatusCode::BadRequest;
    case EngineError::Kind::NotFound:
        return StatusCode::NotFound;
    case EngineError::Kind::Conflict:
        return StatusCode::Conflict;
    case EngineError::Kind::Unavailable:
        return StatusCode::ServiceUnavailable;
    }
    return StatusCode::InternalServerError;
}

ApiError ApiError::fromEngineError(const EngineError &error)
{
    return ApiError(statusFor(error.kind), error.code, error.message, error.field);
}

ApiError ApiError::badRequest(const QString &field, const QString &code, const QString &message)
{
    return ApiError(StatusCode::BadRequest, code, message, field);
}

ApiError ApiError::notFound(const QString &path)
{
    return ApiError(StatusCode::NotFound, QStringLiteral("not_found"),
                    QStringLiteral("no such endpoint: %1").arg(path));
}

ApiError ApiError::orderNotFound(const QString &orderId)
{
    return ApiError(StatusCode::NotFound, QStringLiteral("order_not_found"),
                    QStringLiteral("no order with id %1").arg(orderId));
}

QJsonObject ApiError::errorObject() const
{
    QJsonObject json{{QStringLiteral("code"), m_code}, {QStringLiteral("message"), m_message}};
    if (!m_field.isEmpty())
        json.insert(QStringLiteral("field"), m_field);
    return json;
}

QJsonObject ApiError::toJson() const
{
    return QJsonObject{{QStringLiteral("error"), errorObject()}};
}

} // namespace OrderDesk
