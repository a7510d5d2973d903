#pragma once

#include <QByteArray>
#include <QJsonObject>

#include <mutex>

namespace OrderDesk {

// A document made once as compact text (it is written with every event and write of its order),
// whose QJsonObject form is parsed from that text the first time a reader asks for it. Shared,
// const, by the copies of what it describes on several threads at once.
class CachedJson
{
public:
    explicit CachedJson(QByteArray text);
    // A document read back from text that was already parsed: both forms are known.
    CachedJson(QByteArray text, QJsonObject object);

    const QByteArray &text() const { return m_text; }
    QJsonObject object() const;

private:
    const QByteArray m_text;
    mutable std::once_flag m_parsed;
    mutable QJsonObject m_object;
};

} // namespace OrderDesk
