#include "CachedJson.h"

#include "JsonText.h"

#include <utility>

namespace OrderDesk {

CachedJson::CachedJson(QByteArray text)
    : m_text(std::move(text))
{
}

CachedJson::CachedJson(QByteArray text, QJsonObject object)
    : m_text(std::move(text))
{
    std::call_once(m_parsed, [&] { m_object = std::move(object); });
}

QJsonObject CachedJson::object() const
{
    std::call_once(m_parsed, [this] { m_object = JsonText::parseObject(m_text); });
    return m_object;
}

} // namespace OrderDesk
