#pragma once

#include "Engine.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace OrderDesk {

// Message shapes shared by the HTTP API and the WebSocket streams, so a submission answered over
// either protocol looks the same.
class ApiJson
{
public:
    // The per-order stream of an order: "/api/orders/execute?orderId=…".
    static QString streamPath(const QString &orderId);

    // {"orderId","status","order":{…},"ws":"/api/orders/execute?orderId=…"}
    static QJsonObject submitted(const Order &order);

    // {"type":"snapshot","orderId","status","seq","order":{…},"history":[…]}
    static QJsonObject snapshot(const Order &order, const QList<OrderEvent> &history);

    static QJsonArray events(const QList<OrderEvent> &events);
    static QJsonArray failures(const QList<FailureRecord> &failures);
};

} // namespace OrderDesk
