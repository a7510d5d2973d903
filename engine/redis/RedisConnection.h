#pragma once

#include "RedisUrl.h"

#include <QByteArrayList>
#include <QElapsedTimer>
#include <QString>

#include <functional>
#include <memory>

struct redisContext;
struct redisReply;

namespace OrderDesk {

struct RedisReplyDeleter
{
    void operator()(redisReply *reply) const;
};
using RedisReplyPtr = std::unique_ptr<redisReply, RedisReplyDeleter>;

// One synchronous hiredis connection that heals itself. Like the context it wraps it is not
// thread-safe: each user owns one or guards it with a mutex.
//
// A dead connection (NULL reply, context error) is dropped; the next command reconnects, with
// an exponential back-off between failed attempts (100 ms doubling to 5 s) so an outage costs
// each caller at most a few attempts and a short wait instead of a stall or a busy loop.
class RedisConnection
{
public:
    // Runs after every successful (re)connect, before the command that triggered it: re-creates
    // server-side state a restarted Redis has lost. Must use commandOnce(). Returning false
    // (with *error set) drops the connection.
    using SetupFunction = std::function<bool(RedisConnection &, QString *error)>;

    RedisConnection(RedisUrl url, QString clientName);
    ~RedisConnection();
    RedisConnection(const RedisConnection &) = delete;
    RedisConnection &operator=(const RedisConnection &) = delete;

    void setSetup(SetupFunction setup) { m_setup = std::move(setup); }
    // Read timeout for replies; blocking commands must stay below it.
    void setCommandTimeout(int ms) { m_commandTimeoutMs = ms; }

    // A single attempt without back-off, for start-up: fail fast with the reason.
    bool connect(QString *error);
    void disconnect();
    bool isConnected() const { return m_context != nullptr; }

    // Sends one command, reconnecting first when needed. When the connection dies under the
    // command it is retried once on a fresh connection, so a command may run twice if the
    // reply was what got lost (callers are at-least-once anyway). Null when Redis cannot be
    // reached (see lastError()); a Redis error reply is returned as a reply.
    RedisReplyPtr command(const QByteArrayList &args);
    // The command on the current connection only, no reconnect: for the setup function.
    RedisReplyPtr commandOnce(const QByteArrayList &args);

    QString lastError() const { return m_lastError; }
    const RedisUrl &url() const { return m_url; }

    // Reply helpers. errorText() is empty unless the reply is an error reply.
    static QString errorText(const redisReply *reply);
    static QByteArray string(const redisReply *reply);

private:
    struct ContextDeleter
    {
        void operator()(redisContext *context) const;
    };

    bool ensureConnected();
    bool connectOnce(QString *error);
    void dropConnection(const QString &why);

    RedisUrl m_url;
    QByteArray m_clientName;
    SetupFunction m_setup;
    std::unique_ptr<redisContext, ContextDeleter> m_context;
    int m_commandTimeoutMs = 5000;
    qint64 m_backoffMs;
    qint64 m_retryAtMs = 0; // on m_clock; no attempt before it
    QElapsedTimer m_clock;
    bool m_outageLogged = false;
    QString m_lastError;
};

} // namespace OrderDesk
