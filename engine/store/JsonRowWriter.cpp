#include "JsonRowWriter.h"

#include "SqlOrderRows.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace OrderDesk {

void JsonRowWriter::appendString(QByteArray &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == '"' || byte == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

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
    appendString(m_json, text);
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
        appendString(m_json, value.toString());
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
        const QByteArray text = QJsonDocument(QJsonArray{QJsonValue::fromVariant(value)})
                                    .toJson(QJsonDocument::Compact);
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
