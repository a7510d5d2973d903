#pragma once

#include "OrderTypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace OrderDesk {

struct Order;

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

    // {"type":"status","orderId":…,"status":…,"attempt":…,"seq":…,"ts":…, …details}
    QJsonObject toJson() const;
    // toJson() and `details` as compact text. A "route" detail that is `order`'s route (a
    // building event's) is spliced in from the route's cached text, not serialised again.
    QByteArray toJsonText(const Order &order) const;
    QByteArray detailsText(const Order &order) const;
    // The inverse of toJson (the cross-node event channel): every other key is a detail.
    static std::optional<OrderEvent> fromJson(const QJsonObject &json);
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
