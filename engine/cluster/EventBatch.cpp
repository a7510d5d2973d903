#include "EventBatch.h"

#include "Token.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace OrderDesk {

namespace {
const QString EventsKey = QStringLiteral("events");
const QString EventKey = QStringLiteral("event");
const QString FromOrderKey = QStringLiteral("fromOrder");
const QString OrderKey = QStringLiteral("order");
const QString ChangesKey = QStringLiteral("orderChanges");
const QString RemovedKey = QStringLiteral("orderRemoved");
const QString OrderIdKey = QStringLiteral("orderId");
} // namespace

QByteArrayView EventBatch::senderOf(const QByteArray &message)
{
    const qsizetype end = message.indexOf('\n');
    return end < 0 ? QByteArrayView() : QByteArrayView(message).first(end);
}

QByteArray EventBatch::encode(QHash<QString, QJsonObject> *latestOrders) const
{
    QHash<QString, QJsonObject> previous; // order id → its JSON as of the last entry so far
    QJsonArray events;
    for (const Entry &entry : entries) {
        const QJsonObject order = entry.order.toJson();
        QJsonObject event = entry.event.toJson();
        QJsonArray fromOrder;
        for (auto it = entry.event.details.constBegin(); it != entry.event.details.constEnd(); ++it) {
            // Envelope keys (orderId, status, …) are the event's own even where the order has
            // them too: only details are shared.
            if (event.value(it.key()) == it.value() && order.value(it.key()) == it.value()) {
                event.remove(it.key());
                fromOrder.append(it.key());
            }
        }
        QJsonObject json{{EventKey, event}};
        if (!fromOrder.isEmpty())
            json.insert(FromOrderKey, fromOrder);

        const auto before = previous.constFind(entry.event.orderId);
        if (before == previous.constEnd()) {
            json.insert(OrderKey, order);
        } else {
            QJsonObject changes;
            QJsonArray removed;
            for (auto it = order.constBegin(); it != order.constEnd(); ++it) {
                if (before->value(it.key()) != it.value())
                    changes.insert(it.key(), it.value());
            }
            for (auto it = before->constBegin(); it != before->constEnd(); ++it) {
                if (!order.contains(it.key()))
                    removed.append(it.key());
            }
            json.insert(ChangesKey, changes);
            if (!removed.isEmpty())
                json.insert(RemovedKey, removed);
        }
        previous.insert(entry.event.orderId, order);
        events.append(json);
    }
    if (latestOrders)
        *latestOrders = std::move(previous);
    return node.toUtf8() + '\n'
        + QJsonDocument(QJsonObject{{EventsKey, events}}).toJson(QJsonDocument::Compact);
}

EventBatch EventBatch::decode(const QByteArray &message, const TokenRegistry &tokens, int *skipped)
{
    EventBatch batch;
    int unreadable = 0;
    const QByteArrayView sender = senderOf(message);
    if (sender.isEmpty())
        return batch;
    const QJsonObject json =
        QJsonDocument::fromJson(message.sliced(sender.size() + 1)).object();
    if (!json.value(EventsKey).isArray())
        return batch;
    batch.node = QString::fromUtf8(sender);
    QHash<QString, QJsonObject> previous;
    const QJsonArray events = json.value(EventsKey).toArray();
    for (const QJsonValue &value : events) {
        const QJsonObject entry = value.toObject();
        QJsonObject event = entry.value(EventKey).toObject();
        const QString orderId = event.value(OrderIdKey).toString();

        QJsonObject order;
        if (entry.contains(OrderKey)) {
            order = entry.value(OrderKey).toObject();
        } else if (const auto before = previous.constFind(orderId); before != previous.constEnd()) {
            order = *before;
            const QJsonObject changes = entry.value(ChangesKey).toObject();
            for (auto it = changes.constBegin(); it != changes.constEnd(); ++it)
                order.insert(it.key(), it.value());
            for (const QJsonValue &key : entry.value(RemovedKey).toArray())
                order.remove(key.toString());
        }
        // Kept even when this entry is unreadable: later entries of the order build on it.
        if (!order.isEmpty())
            previous.insert(orderId, order);

        for (const QJsonValue &key : entry.value(FromOrderKey).toArray())
            event.insert(key.toString(), order.value(key.toString()));
        std::optional<OrderEvent> parsedEvent = OrderEvent::fromJson(event);
        std::optional<Order> parsedOrder = Order::fromJson(order, tokens);
        if (!parsedEvent || !parsedOrder || parsedOrder->id != parsedEvent->orderId) {
            ++unreadable;
            continue;
        }
        batch.entries.append({std::move(*parsedEvent), std::move(*parsedOrder)});
    }
    if (skipped)
        *skipped = unreadable;
    return batch;
}

} // namespace OrderDesk
