#pragma once

#include <QByteArray>
#include <QString>

namespace OrderDesk {

// The start of every key and channel name of one deployment: the configured prefix as a hash
// tag ("orderdesk" → "{orderdesk}"), so that on a Redis Cluster all of them hash to one slot.
// The scripts touch several keys at once and XREADGROUP reads two streams, which a cluster
// allows only within one slot. A prefix that carries a tag of its own ("{od}:eu") is kept as
// it is. On a single Redis the braces are just characters.
inline QByteArray redisKeyBase(const QString &prefix)
{
    const qsizetype open = prefix.indexOf(QLatin1Char('{'));
    const qsizetype close = open >= 0 ? prefix.indexOf(QLatin1Char('}'), open + 1) : -1;
    if (close > open + 1)
        return prefix.toUtf8();
    return '{' + prefix.toUtf8() + '}';
}

} // namespace OrderDesk
