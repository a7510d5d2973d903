#pragma once

#include "OrderTypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <functional>
#include <optional>

namespace OrderDesk {

class JsonWriter;

// One status change of one order, as stored in order_status_history and streamed to clients.
// `details` are merged into the top level of the streamed message: "route" for building,
// "signature" for submitted, "result" for confirmed, "error" for failed, "trigger" for a limit
// or sniper order leaving waiting.
struct OrderEvent
{
    QString orderId;
    qint64 seq = 0;
    OrderStatus status = OrderStatus::Pending;
    int attempt = 0;
    QDateTime timestamp;
    QJsonObject details;
    // A building event's "route" detail as the route's cached JSON text, which the event's text
    // forms splice in: a route is the largest document of an order, and parsing it into
    // `details` only to write it out again was a third of the JSON work of an order. Events
    // read back from the store carry their route in `details` instead.
    QByteArray routeText = {};

    // `details` with the route of `routeText` among them: what a reader of the details wants.
    QJsonObject allDetails() const;
    // {"type":"status","orderId":…,"status":…,"attempt":…,"seq":…,"ts":…, …allDetails()}
    QJsonObject toJson() const;
    // toJson() and allDetails() as compact text.
    QByteArray toJsonText() const;
    QByteArray detailsText() const;
    // The inverse of toJson (the cross-node event channel): every other key is a detail.
    static std::optional<OrderEvent> fromJson(const QJsonObject &json);

private:
    void writeDetails(JsonWriter &out, const std::function<bool(const QString &key)> &skip) const;
};

// A failed attempt, kept for post-mortem analysis (order_failures).
struct FailureRecord
{
    QString orderId;
    int attempt = 0;
    QString code;
    QString message;
    QDateTime at;
    bool permanent = false;

    QJsonObject toJson() const;
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::OrderEvent)
