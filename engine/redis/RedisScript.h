#pragma once

#include "RedisConnection.h"

#include <QByteArray>
#include <QByteArrayList>

namespace OrderDesk {

// A Lua script run by its SHA1: the text travels once per Redis process, not once per call.
// When Redis does not know it (restarted empty, SCRIPT FLUSH, a node we were just redirected
// to), the call falls back to EVAL, which runs the script and caches it for the calls after.
class RedisScript
{
public:
    explicit RedisScript(const char *source);

    const QByteArray &source() const { return m_source; }
    const QByteArray &sha() const { return m_sha; }

    // The reply as Redis gave it (an error reply included); null when Redis cannot be reached.
    RedisReplyPtr run(RedisConnection &connection, const QByteArrayList &keys,
                      const QByteArrayList &args) const;

private:
    QByteArray m_source;
    QByteArray m_sha;
};

} // namespace OrderDesk
