#include "JsonWriter.h"

#include "JsonText.h"

namespace OrderDesk {

JsonWriter::JsonWriter(qsizetype reserve)
{
    m_out.reserve(size_t(reserve));
}

void JsonWriter::separate()
{
    if (!m_first)
        m_out += ',';
    m_first = false;
}

void JsonWriter::key(QLatin1StringView key)
{
    separate();
    if (key.isNull())
        return; // an element of an array, or the document itself
    m_out += '"';
    m_out.append(key.data(), size_t(key.size()));
    m_out += "\":";
}

void JsonWriter::appendRaw(const QByteArray &json)
{
    if (json.isEmpty())
        m_out += "null";
    else
        m_out.append(json.constData(), size_t(json.size()));
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out += '{';
    m_first = true;
    return *this;
}

JsonWriter &JsonWriter::beginObject(QLatin1StringView key)
{
    this->key(key);
    m_out += '{';
    m_first = true;
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out += '}';
    m_first = false;
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out += '[';
    m_first = true;
    return *this;
}

JsonWriter &JsonWriter::beginArray(QLatin1StringView key)
{
    this->key(key);
    m_out += '[';
    m_first = true;
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out += ']';
    m_first = false;
    return *this;
}

JsonWriter &JsonWriter::field(QLatin1StringView key, QStringView value)
{
    this->key(key);
    JsonText::appendString(m_out, value);
    return *this;
}

JsonWriter &JsonWriter::field(QLatin1StringView key, qint64 value)
{
    this->key(key);
    m_out += std::to_string(value);
    return *this;
}

JsonWriter &JsonWriter::field(QLatin1StringView key, bool value)
{
    this->key(key);
    m_out += value ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::field(QStringView key, const QJsonValue &value)
{
    separate();
    JsonText::appendString(m_out, key);
    m_out += ':';
    JsonText::appendValue(m_out, value);
    return *this;
}

JsonWriter &JsonWriter::nullField(QLatin1StringView key)
{
    this->key(key);
    m_out += "null";
    return *this;
}

JsonWriter &JsonWriter::rawField(QLatin1StringView key, const QByteArray &json)
{
    this->key(key);
    appendRaw(json);
    return *this;
}

JsonWriter &JsonWriter::value(QStringView value)
{
    separate();
    JsonText::appendString(m_out, value);
    return *this;
}

JsonWriter &JsonWriter::rawValue(const QByteArray &json)
{
    separate();
    appendRaw(json);
    return *this;
}

} // namespace OrderDesk
