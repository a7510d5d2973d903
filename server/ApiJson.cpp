#include "ApiJson.h"

#include <QUrl>

namespace OrderDesk {

QString ApiJson::streamPath(const QString &orderId)
{
    return QStringLiteral("/api/orders/execute?orderId=") +
           QString::fromLatin1(QUrl::toPercentEncoding(orderId));
}

QJsonObject ApiJson::submitted(const Order &order)
{
    return QJsonObject{
        {QStringLiteral("orderId"), order.id},
        {QStringLiteral("status"), toString(order.status)},
        {QStringLiteral("order"), order.toJson()},
        {QStringLiteral("ws"), streamPath(order.id)},
    };
}

QJsonObject ApiJson::snapshot(const Order &order, const QList<OrderEvent> &history)
{
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("snapshot")},
        {QStringLiteral("orderId"), order.id},
        {QStringLiteral("status"), toString(order.status)},
        {QStringLiteral("seq"), order.seq},
        {QStringLiteral("order"), order.toJson()},
        {QStringLiteral("history"), events(history)},
    };
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
