#pragma once

#include <QByteArray>
#include <QStringView>
#include <QVariantMap>

namespace OrderDesk {

// One row of a set-based statement's JSON parameter (json_to_recordset), written straight to
// UTF-8 text. A JSON document column (SqlJsonText: a route, a result, a transaction, a history
// row's details) is spliced in as it is, not as a string holding escaped JSON: the documents
// are most of a row's bytes, and escaping them here, then unescaping and parsing them twice in
// PostgreSQL, was most of the cost of writing them.
class JsonRowWriter
{
public:
    // `value` as SqlOrderRows makes them: null, a string, an integer, a boolean or an
    // SqlJsonText (other types through QJsonValue). Each key once per row.
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
    void value(const QVariant &value);

    QByteArray m_json;
};

} // namespace OrderDesk
