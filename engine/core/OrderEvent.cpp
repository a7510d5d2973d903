#include "OrderEvent.h"

#include "IsoTime.h"
#include "JsonText.h"
#include "JsonWriter.h"

#include <cmath>

namespace OrderDesk {

namespace {
const QString TypeKey = QStringLiteral("type");
const QString OrderIdKey = QStringLiteral("orderId");
const QString StatusKey = QStringLiteral("status");
const QString AttemptKey = QStringLiteral("attempt");
const QString SeqKey = QStringLiteral("seq");
const QString TsKey = QStringLiteral("ts");
const QString RouteKey = QStringLiteral("route");

QJsonObject withEnvelope(QJsonObject json, const OrderEvent &event)
{
    // The envelope is written last so that a detail can never disguise which order or status
    // an event is about.
    json.insert(TypeKey, QStringLiteral("status"));
    json.insert(OrderIdKey, event.orderId);
    json.insert(StatusKey, OrderDesk::toString(event.status));
    json.insert(AttemptKey, event.attempt);
    json.insert(SeqKey, event.seq);
    json.insert(TsKey, toIsoString(event.timestamp));
    return json;
}

bool isEnvelopeKey(const QString &key)
{
    return key == TypeKey || key == OrderIdKey || key == StatusKey || key == AttemptKey
        || key == SeqKey || key == TsKey;
}

std::optional<qint64> integerValue(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    constexpr double Limit = 9007199254740992.0; // 2^53: every integer below is exact
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > Limit)
        return std::nullopt;
    return static_cast<qint64>(d);
}
} // namespace

QJsonObject OrderEvent::allDetails() const
{
    if (routeText.isEmpty())
        return details;
    QJsonObject all = details;
    all.insert(RouteKey, JsonText::parseObject(routeText));
    return all;
}

QJsonObject OrderEvent::toJson() const
{
    return withEnvelope(allDetails(), *this);
}

QByteArray OrderEvent::toJsonText() const
{
    JsonWriter out(256 + routeText.size());
    out.beginObject()
        .field(QLatin1StringView("type"), QStringLiteral("status"))
        .field(QLatin1StringView("orderId"), orderId)
        .field(QLatin1StringView("status"), OrderDesk::toString(status))
        .field(QLatin1StringView("attempt"), attempt)
        .field(QLatin1StringView("seq"), seq)
        .field(QLatin1StringView("ts"), toIsoString(timestamp));
    // A detail never disguises which order or status an event is about: the envelope wins.
    writeDetails(out, isEnvelopeKey);
    out.endObject();
    return out.text();
}

QByteArray OrderEvent::detailsText() const
{
    JsonWriter out(128 + routeText.size());
    out.beginObject();
    writeDetails(out, [](const QString &) { return false; });
    out.endObject();
    return out.text();
}

void OrderEvent::writeDetails(JsonWriter &out, const std::function<bool(const QString &)> &skip) const
{
    for (auto it = details.constBegin(); it != details.constEnd(); ++it) {
        if (!skip(it.key()) && !(it.key() == RouteKey && !routeText.isEmpty()))
            out.field(it.key(), it.value());
    }
    if (!routeText.isEmpty())
        out.rawField(QLatin1StringView("route"), routeText);
}

std::optional<OrderEvent> OrderEvent::fromJson(const QJsonObject &json)
{
    if (json.value(TypeKey).toString() != QLatin1String("status"))
        return std::nullopt;
    const QJsonValue orderId = json.value(OrderIdKey);
    const auto status = orderStatusFromString(json.value(StatusKey).toString());
    const auto attempt = integerValue(json.value(AttemptKey));
    const auto seq = integerValue(json.value(SeqKey));
    const QJsonValue ts = json.value(TsKey);
    if (!orderId.isString() || !status || !attempt || !seq || !ts.isString())
        return std::nullopt;

    OrderEvent event;
    event.orderId = orderId.toString();
    event.status = *status;
    event.attempt = static_cast<int>(*attempt);
    event.seq = *seq;
    if (!ts.toString().isEmpty()) {
        const auto timestamp = fromIsoString(ts.toString());
        if (!timestamp)
            return std::nullopt;
        event.timestamp = *timestamp;
    }
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!isEnvelopeKey(it.key()))
            event.details.insert(it.key(), it.value());
    }
    return event;
}

QJsonObject FailureRecord::toJson() const
{
    return {
        {QStringLiteral("attempt"), attempt},
        {QStringLiteral("code"), code},
        {QStringLiteral("message"), message},
        {QStringLiteral("at"), toIsoString(at)},
        {QStringLiteral("permanent"), permanent},
    };
}

} // namespace OrderDesk
