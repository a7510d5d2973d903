#include "EventBatch.h"

#include "JsonText.h"
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
const QString RouteKey = QStringLiteral("route");
} // namespace

QByteArrayView EventBatch::senderOf(const QByteArray &message)
{
    const qsizetype end = message.indexOf('\n');
    return end < 0 ? QByteArrayView() : QByteArrayView(message).first(end);
}

QByteArray EventBatch::encode(QHash<QString, QByteArray> *latestOrders) const
{
    QHash<QString, QJsonObject> previous; // order id → its JSON (route apart) as of the last entry
    QHash<QString, QByteArray> previousRoute; // order id → its route's text as of the last entry
    QByteArray events;
    for (const Entry &entry : entries) {
        // The route travels as its cached text, apart from the order's other members.
        Order withoutRoute = entry.order;
        withoutRoute.route.reset();
        const QJsonObject order = withoutRoute.toJson();
        const QByteArray routeText = entry.order.route
            ? entry.order.route->toJsonText(entry.order.tokenIn, entry.order.tokenOut)
            : QByteArray();
        OrderEvent withoutRouteText = entry.event;
        withoutRouteText.routeText.clear();
        QJsonObject event = withoutRouteText.toJson();
        QJsonArray fromOrder;
        if (!entry.event.routeText.isEmpty()) {
            // A building event's route is its order's: sent once, with the order.
            if (entry.event.routeText == routeText)
                fromOrder.append(RouteKey);
            else
                event.insert(RouteKey, JsonText::parseObject(entry.event.routeText));
        }
        for (auto it = entry.event.details.constBegin(); it != entry.event.details.constEnd(); ++it) {
            // Envelope keys (orderId, status, …) are the event's own even where the order has
            // them too: only details are shared.
            const auto shared = [&] {
                return it.key() != RouteKey ? order.value(it.key())
                    : entry.order.route ? QJsonValue(entry.order.route->toJson(entry.order.tokenIn, entry.order.tokenOut))
                                        : QJsonValue();
            };
            if (event.value(it.key()) == it.value() && shared() == it.value()) {
                event.remove(it.key());
                fromOrder.append(it.key());
            }
        }
        QJsonObject json{{EventKey, event}};
        if (!fromOrder.isEmpty())
            json.insert(FromOrderKey, fromOrder);

        const QString &id = entry.event.orderId;
        const auto before = previous.constFind(id);
        const bool first = before == previous.constEnd();
        if (first) {
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
            if (routeText.isEmpty() && !previousRoute.value(id).isEmpty())
                removed.append(RouteKey);
            json.insert(ChangesKey, changes);
            if (!removed.isEmpty())
                json.insert(RemovedKey, removed);
        }
        // The route travels with an order's first entry and again only when it changed.
        const bool sameRoute = !first && previousRoute.value(id) == routeText;
        if (!events.isEmpty())
            events += ',';
        events += JsonText::withMember(json, RouteKey, sameRoute ? QByteArray() : routeText);
        previous.insert(id, order);
        previousRoute.insert(id, routeText);
    }
    if (latestOrders) {
        latestOrders->clear();
        for (auto it = previous.constBegin(); it != previous.constEnd(); ++it)
            latestOrders->insert(it.key(),
                                 JsonText::withMember(*it, RouteKey, previousRoute.value(it.key())));
    }
    return node.toUtf8() + "\n{\"" + EventsKey.toUtf8() + "\":[" + events + "]}";
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
        // The order's route, beside it in the entry (messages of nodes before that carried it
        // inside the order).
        if (const QJsonValue route = entry.value(RouteKey); route.isObject() && !order.isEmpty())
            order.insert(RouteKey, route);
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
