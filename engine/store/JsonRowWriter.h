#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QStringView>
#include <QVariantMap>

namespace OrderDesk {

// One row of a set-based statement's JSON parameter (json_to_recordset), written straight to
// UTF-8 text. A JSON document column (SqlJsonText: a route, a result, a transaction, a history
// row's details) is not written into the row: the row holds its position (from 1) in
// `documents`, which the statement gets as a text[] in binary form. The documents are most of
// a row's bytes; inside the row they were escaped here, then lexed, unescaped and parsed
// again in PostgreSQL before their own parse into jsonb.
class JsonRowWriter
{
public:
    explicit JsonRowWriter(QByteArrayList &documents) : m_documents(documents) {}

    // `value` as SqlOrderRows makes them: null, a string, an integer, a boolean or an
    // SqlJsonText (other types through QJsonValue). Each key once per row.
    void add(QStringView key, const QVariant &value);
    void add(QStringView key, const QString &text);
    void add(QStringView key, qint64 number);
    void add(QStringView key, bool flag);
    void addAll(const QVariantMap &values, QStringView prefix = {});

    // The row's "{…}"; the writer is empty again afterwards.
    QByteArray take();

private:
    void key(QStringView prefix, QStringView name);
    void value(const QVariant &value);

    QByteArrayList &m_documents;
    QByteArray m_json;
};

} // namespace OrderDesk
