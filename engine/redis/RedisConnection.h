#pragma once

#include "RedisUrl.h"

#include <QByteArrayList>
#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

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
//
// On a Redis Cluster it follows redirections (hiredis 0.14 knows nothing of clusters): a MOVED
// reply moves the connection to the named node, an ASK reply sends that one command there after
// ASKING. That is all a client whose keys share one hash slot needs; it keeps no slot map.
class RedisConnection
{
public:
    // Runs after every successful (re)connect, before the command that triggered it: re-creates
    // server-side state a restarted Redis has lost. Must use commandOnce(). Returning false
    // (with *error set) drops the connection; when a command of it was redirected (MOVED), the
    // connection moves to that node and runs the setup there.
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
    // Several commands in one round trip; one reply per command, in order. When the connection
    // dies under them they are all sent again once (each may run twice); all replies are null
    // when Redis cannot be reached. Commands answered with a redirection are sent again to the
    // named node, so on a cluster they may run after the commands that followed them.
    std::vector<RedisReplyPtr> pipeline(const QList<QByteArrayList> &commands);
    // The command on the current connection only, no reconnect: for the setup function.
    RedisReplyPtr commandOnce(const QByteArrayList &args);

    QString lastError() const { return m_lastError; }
    const RedisUrl &url() const { return m_url; }
    // "host:port" of the node this connection talks to (the URL's until a redirection).
    QString nodeHostPort() const;

    // Reply helpers. errorText() is empty unless the reply is an error reply.
    static QString errorText(const redisReply *reply);
    static QByteArray string(const redisReply *reply);

private:
    struct ContextDeleter
    {
        void operator()(redisContext *context) const;
    };
    struct Redirection
    {
        bool ask = false; // ASK: this command only; MOVED: from now on
        QString host;
        quint16 port = 0;
    };

    bool ensureConnected();
    bool connectOnce(QString *error);
    bool connectToTarget(QString *error);
    void dropConnection(const QString &why);
    std::optional<Redirection> redirectionOf(const redisReply *reply) const;
    void moveTo(const Redirection &to);
    RedisReplyPtr askOnce(const Redirection &to, const QByteArrayList &args);
    bool sendAll(const QList<QByteArrayList> &commands, const QList<int> &which,
                 std::vector<RedisReplyPtr> &replies);

    RedisUrl m_url;
    QByteArray m_clientName;
    SetupFunction m_setup;
    std::unique_ptr<redisContext, ContextDeleter> m_context;
    QString m_host; // the node commands go to: the URL's, or where a MOVED sent us
    quint16 m_port;
    int m_commandTimeoutMs = 5000;
    qint64 m_backoffMs;
    qint64 m_retryAtMs = 0; // on m_clock; no attempt before it
    QElapsedTimer m_clock;
    bool m_outageLogged = false;
    std::optional<Redirection> m_setupRedirection; // a MOVED the setup ran into
    QString m_lastError;
};

} // namespace OrderDesk
