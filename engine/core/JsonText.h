#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringView>

namespace OrderDesk {

// Compact JSON text, with a member whose text is already made spliced in rather than
// serialised again: a route's text is made once (RouteDecision::toJsonText), and serialising
// it with every event, snapshot and history row was most of the work of writing them.
namespace JsonText {

QByteArray compact(const QJsonObject &object);
// `object`'s compact JSON with `"key":text` added (`text` already JSON; nothing added when it
// is empty). `key` must not be in `object`.
QByteArray withMember(const QJsonObject &object, QStringView key, const QByteArray &text);

} // namespace JsonText
} // namespace OrderDesk
