#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QString>
#include <QStringView>

#include <string>

namespace OrderDesk {

// Compact JSON text written straight from typed values, for the documents made for every order
// (its route, transaction, events, rows and snapshots). Filling a QJsonObject first costs a
// sorted insert per key (about 3,600 instructions each, callgrind) and serialising it again as
// much: a route was 850,000 instructions an order that way. The text keeps the members in the
// order they are written; readers of JSON do not depend on member order.
//
// Keys are ASCII literals of ours and are written as they are; string values are escaped as
// JsonText::appendString escapes them.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 256);

    JsonWriter &beginObject();
    // A member `key` of the object being written; with a null key, an element (as above), so
    // that one write() serves a document, a member and an array's element.
    JsonWriter &beginObject(QLatin1StringView key);
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &beginArray(QLatin1StringView key);
    JsonWriter &endArray();

    // A member of the object being written.
    JsonWriter &field(QLatin1StringView key, QStringView value);
    JsonWriter &field(QLatin1StringView key, const QString &value) { return field(key, QStringView(value)); }
    JsonWriter &field(QLatin1StringView key, const char *value) = delete; // would be taken as a bool
    JsonWriter &field(QLatin1StringView key, qint64 value);
    JsonWriter &field(QLatin1StringView key, int value) { return field(key, qint64(value)); }
    JsonWriter &field(QLatin1StringView key, bool value);
    JsonWriter &nullField(QLatin1StringView key);
    // A member whose key and value are data (an event's details), written as compact() would.
    JsonWriter &field(QStringView key, const QJsonValue &value);
    // `json` is already JSON text (a cached route, a transaction); written as null when empty.
    JsonWriter &rawField(QLatin1StringView key, const QByteArray &json);

    // An element of the array being written.
    JsonWriter &value(QStringView value);
    JsonWriter &rawValue(const QByteArray &json);

    // The text written so far (a copy).
    QByteArray text() const { return QByteArray(m_out.data(), qsizetype(m_out.size())); }

private:
    void separate();
    void key(QLatin1StringView key);
    void appendRaw(const QByteArray &json);

    // A std::string, whose appends are inline: QByteArray's each cost a call and a detach
    // check, which was most of the writer's instructions. One copy into a QByteArray at the end.
    std::string m_out;
    bool m_first = true; // nothing written yet in the innermost object or array
};

} // namespace OrderDesk
