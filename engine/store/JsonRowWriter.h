#pragma once

#include <QByteArray>
#include <QStringView>
#include <QVariantMap>

namespace OrderDesk {

// One row of a set-based statement's JSON parameter (json_to_recordset), written straight to
// text: the same object a QJsonObject of SqlOrderRows::jsonValue's values would serialise to,
// without building one (inserting 30 keys into a QJsonObject and serialising it was most of
// the store writer's work per write).
class JsonRowWriter
{
public:
    // `value` as SqlOrderRows::jsonValue has it: null for a null variant, a string, an integer
    // or a boolean (other types through QJsonValue). Each key once per row.
    void add(QStringView key, const QVariant &value);
    void add(QStringView key, const QString &text);
    void add(QStringView key, qint64 number);
    void add(QStringView key, bool flag);
    void addAll(const QVariantMap &values, QStringView prefix = {});

    // The row's "{…}"; the writer is empty again afterwards.
    QByteArray take();

    // `text` as a JSON string (quoted and escaped) appended to `out`.
    static void appendString(QByteArray &out, QStringView text);

private:
    void key(QStringView prefix, QStringView name);

    QByteArray m_json;
};

} // namespace OrderDesk
