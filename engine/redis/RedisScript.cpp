#include "RedisScript.h"

#include <QCryptographicHash>

namespace OrderDesk {

RedisScript::RedisScript(const char *source)
    : m_source(source)
    , m_sha(QCryptographicHash::hash(m_source, QCryptographicHash::Sha1).toHex())
{
}

RedisReplyPtr RedisScript::run(RedisConnection &connection, const QByteArrayList &keys,
                               const QByteArrayList &args) const
{
    QByteArrayList command{"EVALSHA", m_sha, QByteArray::number(keys.size())};
    command << keys << args;
    RedisReplyPtr reply = connection.command(command);
    if (!reply || !RedisConnection::errorText(reply.get()).startsWith(QLatin1String("NOSCRIPT")))
        return reply;
    command[0] = "EVAL";
    command[1] = m_source;
    return connection.command(command);
}

} // namespace OrderDesk
