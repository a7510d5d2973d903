#pragma once

#include <QJsonObject>
#include <QString>

namespace OrderDesk {

// A typed failure of an engine call, mapped to an HTTP status by the server and shown next to
// the field by the console.
struct EngineError
{
    enum class Kind {
        InvalidInput, // 400
        NotFound,     // 404
        Conflict,     // 409: e.g. cancel after routing began
        Unavailable   // 503: a backing service is down, nothing was accepted
    };

    Kind kind = Kind::InvalidInput;
    QString code;    // "invalid_amount", "order_not_found", …
    QString message; // "amount must be greater than 0"
    QString field;   // the request field at fault, empty when none

    static EngineError invalid(const QString &field, const QString &code, const QString &message)
    {
        return {Kind::InvalidInput, code, message, field};
    }
    // A backing service (the database, the queue) did not answer: nothing was accepted or changed.
    static EngineError unavailable(const QString &message)
    {
        return {Kind::Unavailable, QStringLiteral("service_unavailable"), message, {}};
    }

    // {"code":…,"message":…,"field":…} (field omitted when empty)
    QJsonObject toJson() const
    {
        QJsonObject json{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
        if (!field.isEmpty())
            json.insert(QStringLiteral("field"), field);
        return json;
    }
};

} // namespace OrderDesk
