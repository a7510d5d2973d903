#include "ApiJson.h"

#include <QJsonDocument>

#include <QUrl>

namespace OrderDesk {

QString ApiJson::streamPath(const QString &orderId)
{
    return QStringLiteral("/api/orders/execute?orderId=") +
           QString::fromLatin1(QUrl::toPercentEncoding(orderId));
}

void ApiJson::writeSubmitted(JsonWriter &out, const Order &order)
{
    out.field(QLatin1StringView("orderId"), order.id)
        .field(QLatin1StringView("status"), toString(order.status));
    order.write(out, QLatin1StringView("order"));
    out.field(QLatin1StringView("ws"), streamPath(order.id));
}

QByteArray ApiJson::snapshot(const Order &order, const QList<OrderEvent> &history)
{
    JsonWriter out(4096);
    out.beginObject()
        .field(QLatin1StringView("type"), QStringLiteral("snapshot"))
        .field(QLatin1StringView("orderId"), order.id)
        .field(QLatin1StringView("status"), toString(order.status))
        .field(QLatin1StringView("seq"), order.seq);
    order.write(out, QLatin1StringView("order"));
    out.beginArray(QLatin1StringView("history"));
    for (const OrderEvent &event : history)
        out.rawValue(event.toJsonText());
    out.endArray().endObject();
    return out.text();
}

std::optional<QJsonObject> ApiJson::parseObject(const QByteArray &text, QString *why)
{
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (!inString) {
            inString = c == '"';
        } else if (c == '\\') {
            ++i; // whatever is escaped is not the string's end
        } else if (c == '"') {
            inString = false;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            *why = QStringLiteral("a raw control character (0x%1) inside a string at offset %2; "
                                  "escape it")
                       .arg(int(c), 2, 16, QLatin1Char('0'))
                       .arg(i);
            return std::nullopt;
        }
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *why = QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *why = QStringLiteral("it must be a JSON object");
        return std::nullopt;
    }
    return document.object();
}

QJsonArray ApiJson::events(const QList<OrderEvent> &events)
{
    QJsonArray array;
    for (const OrderEvent &event : events)
        array.append(event.toJson());
    return array;
}

QJsonArray ApiJson::failures(const QList<FailureRecord> &failures)
{
    QJsonArray array;
    for (const FailureRecord &failure : failures)
        array.append(failure.toJson());
    return array;
}

} // namespace OrderDesk
