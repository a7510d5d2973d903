#include "JsonRowWriter.h"

#include "JsonText.h"
#include "SqlOrderRows.h"

#include <QJsonArray>
#include <QJsonValue>

namespace OrderDesk {

void JsonRowWriter::key(QStringView prefix, QStringView name)
{
    m_json += m_json.isEmpty() ? '{' : ',';
    m_json += '"';
    m_json += prefix.toUtf8();
    m_json += name.toUtf8();
    m_json += "\":";
}

void JsonRowWriter::add(QStringView name, const QString &text)
{
    key({}, name);
    JsonText::appendString(m_json, text);
}

void JsonRowWriter::add(QStringView name, qint64 number)
{
    key({}, name);
    m_json += QByteArray::number(number);
}

void JsonRowWriter::add(QStringView name, bool flag)
{
    key({}, name);
    m_json += flag ? "true" : "false";
}

void JsonRowWriter::add(QStringView name, const QVariant &value)
{
    key({}, name);
    this->value(value);
}

void JsonRowWriter::addAll(const QVariantMap &values, QStringView prefix)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        key(prefix, it.key());
        value(it.value());
    }
}

void JsonRowWriter::value(const QVariant &value)
{
    if (value.isNull()) {
        m_json += "null";
        return;
    }
    const int type = value.metaType().id();
    if (type == qMetaTypeId<SqlJsonText>()) {
        m_documents.append(value.value<SqlJsonText>().text);
        m_json += QByteArray::number(m_documents.size());
        return;
    }
    switch (type) {
    case QMetaType::QString:
        JsonText::appendString(m_json, value.toString());
        break;
    case QMetaType::Bool:
        m_json += value.toBool() ? "true" : "false";
        break;
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Long:
    case QMetaType::Short:
        m_json += QByteArray::number(value.toLongLong());
        break;
    default: {
        // Not written by SqlOrderRows today; QJsonValue's text for anything else.
        const QByteArray text = JsonText::compact(QJsonArray{QJsonValue::fromVariant(value)});
        m_json += QByteArrayView(text).sliced(1, text.size() - 2);
    }
    }
}

QByteArray JsonRowWriter::take()
{
    if (m_json.isEmpty())
        m_json += '{';
    m_json += '}';
    return std::exchange(m_json, {});
}

} // namespace OrderDesk
