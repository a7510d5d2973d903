#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringView>

#include <string>

namespace OrderDesk {

// Compact JSON text. compact() writes what QJsonDocument::toJson(Compact) writes, in about two
// thirds of its instructions (callgrind, per call): Qt's writer was the largest single cost of
// the server per order (every event, snapshot and history row goes through it). The one
// difference: a 64-bit integer beyond 2^53 is written as a double of that value would be (Qt
// writes its digits); OrderDesk's JSON holds amounts as strings and no integer that large.
//
// withMember() splices a member whose text is already made rather than serialising it again:
// a route's text is made once (RouteDecision::toJsonText), and serialising it with every
// event, snapshot and history row was most of the work of writing them.
namespace JsonText {

QByteArray compact(const QJsonObject &object);
QByteArray compact(const QJsonArray &array);
// `text` as a JSON string (quoted, escaped as compact() escapes) appended to `out`.
void appendString(QByteArray &out, QStringView text);
void appendString(std::string &out, QStringView text);
// `value` as compact() writes it, appended to `out`.
void appendValue(std::string &out, const QJsonValue &value);
// `object`'s compact JSON with `"key":text` added (`text` already JSON; nothing added when it
// is empty). `key` must not be in `object`.
QByteArray withMember(const QJsonObject &object, QStringView key, const QByteArray &text);

// The object or array of `text` (JSON made by JsonWriter or compact()); empty when it is not one.
// How the QJsonObject form of a document written as text is made, so that one function lists
// its members.
QJsonObject parseObject(const QByteArray &text);
QJsonArray parseArray(const QByteArray &text);

} // namespace JsonText
} // namespace OrderDesk
