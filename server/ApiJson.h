#pragma once

#include "Engine.h"
#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace OrderDesk {

// Message shapes shared by the HTTP API and the WebSocket streams, so a submission answered over
// either protocol looks the same.
class ApiJson
{
public:
    // The per-order stream of an order: "/api/orders/execute?orderId=…".
    static QString streamPath(const QString &orderId);

    // The members "orderId","status","order":{…},"ws":"/api/orders/execute?orderId=…" of the
    // object `out` is writing: the answer to a submission.
    static void writeSubmitted(JsonWriter &out, const Order &order);

    // {"type":"snapshot","orderId","status","seq","order":{…},"history":[…]}, as text: a
    // stream's first message, sent for every order followed.
    static QByteArray snapshot(const Order &order, const QList<OrderEvent> &history);

    // A request body or a submitted message: one JSON object, read strictly. Qt's parser lets raw
    // control characters (NUL, TAB, newline…) through inside strings; RFC 8259 does not, and
    // neither does this (they would end up in ids and the store). `why` says what is wrong.
    static std::optional<QJsonObject> parseObject(const QByteArray &text, QString *why);

    static QJsonArray events(const QList<OrderEvent> &events);
    static QJsonArray failures(const QList<FailureRecord> &failures);
};

} // namespace OrderDesk
