#pragma once

#include "Order.h"
#include "OrderEvent.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace OrderDesk {

class TokenRegistry;

// One message on the cross-node event channel: several status events, in the order they
// happened, with the order each one leaves behind (the console's blotter needs the order, not
// just the event).
//
// What makes it smaller than one {event, order} per event: a detail of the event that the order
// carries as well (the route of "building", the result of "confirmed", the error of "failed")
// is named instead of repeated, and a later event of an order already in the message carries
// only the order's fields that changed. The order's route (the largest part of it, made into
// JSON text once per route) stands beside the order, with the first entry and again only when
// it changes. A receiver rebuilds every pair from the message alone.
//
//   <node id>\n{"events": [
//     {"event": {…status event without the shared details…}, "fromOrder": ["route"],
//      "order": {…without its route…}, "route": {…}}     first event of an order in the message
//     {"event": {…}, "fromOrder": […],
//      "orderChanges": {…}, "orderRemoved": ["retryAt"]}  later events of that order
//   ]}
struct EventBatch
{
    struct Entry
    {
        OrderEvent event;
        Order order;
    };

    QString node;
    QList<Entry> entries;

    // The node id first, on a line of its own: a node skips its own messages unread.
    // latestOrders, when given, receives each order's compact JSON as of its last entry.
    QByteArray encode(QHash<QString, QByteArray> *latestOrders = nullptr) const;
    static QByteArrayView senderOf(const QByteArray &message);
    // Entries that cannot be read (a token this node does not know, a malformed event) are
    // left out and counted in *skipped; the others are kept. Empty node: not a batch at all.
    static EventBatch decode(const QByteArray &message, const TokenRegistry &tokens,
                             int *skipped = nullptr);
};

} // namespace OrderDesk
