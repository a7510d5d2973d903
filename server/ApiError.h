#pragma once

#include "EngineError.h"

#include <QHttpServerResponder>
#include <QJsonObject>
#include <QString>

namespace OrderDesk {

// An error as the API reports it: an HTTP status plus the body
// {"error":{"code","message","field"?}}. The same "error" object goes into WebSocket
// {"type":"error"} messages, so HTTP and WebSocket clients see identical codes.
class ApiError
{
public:
    using StatusCode = QHttpServerResponder::StatusCode;

    ApiError(StatusCode status, QString code, QString message, QString field = {});

    static ApiError fromEngineError(const EngineError &error);
    static StatusCode statusFor(EngineError::Kind kind);

    static ApiError badRequest(const QString &field, const QString &code, const QString &message);
    static ApiError notFound(const QString &path);
    static ApiError orderNotFound(const QString &orderId);

    StatusCode status() const { return m_status; }
    const QString &code() const { return m_code; }
    const QString &message() const { return m_message; }
    const QString &field() const { return m_field; }

    QJsonObject errorObject() const; // {"code","message","field"?}
    QJsonObject toJson() const;      // {"error":{…}}

private:
    StatusCode m_status;
    QString m_code;
    QString m_message;
    QString m_field;
};

} // namespace OrderDesk
