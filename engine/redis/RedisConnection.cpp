#include "RedisConnection.h"

#include "Logging.h"

#include <QThread>
#include <QVarLengthArray>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <csignal>
#include <ctime>

#include <pthread.h>

namespace OrderDesk {

namespace {
constexpr int ConnectTimeoutMs = 2000;
constexpr qint64 InitialBackoffMs = 100;
constexpr qint64 MaxBackoffMs = 5000;
constexpr int MaxConnectAttemptsPerCall = 3;
// Beyond this a call gives up instead of sleeping: it fails fast until the back-off allows
// the next attempt, so a caller holding a lock or a dispatcher that must stop is never stuck.
constexpr qint64 MaxWaitPerCallMs = 500;
// A redirection to a node that redirects again; more than this is a cluster in flux.
constexpr int MaxRedirections = 5;

timeval toTimeval(int ms)
{
    return {ms / 1000, (ms % 1000) * 1000};
}

// hiredis 0.14 writes with write(2), not send(MSG_NOSIGNAL): writing to a connection the server
// has reset would raise SIGPIPE and kill the process. Blocking the signal on this thread for the
// duration of the I/O turns it into EPIPE; a SIGPIPE raised meanwhile is consumed, not left
// pending for later.
class SigpipeBlocker
{
public:
    SigpipeBlocker()
    {
        sigemptyset(&m_pipe);
        sigaddset(&m_pipe, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        sigpending(&pending);
        m_wasPending = sigismember(&pending, SIGPIPE) == 1;
        m_blocked = pthread_sigmask(SIG_BLOCK, &m_pipe, &m_previous) == 0;
    }
    ~SigpipeBlocker()
    {
        if (!m_blocked)
            return;
        if (!m_wasPending) {
            sigset_t pending;
            sigemptyset(&pending);
            sigpending(&pending);
            if (sigismember(&pending, SIGPIPE) == 1) {
                const timespec zero{0, 0};
                sigtimedwait(&m_pipe, nullptr, &zero);
            }
        }
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    }
    SigpipeBlocker(const SigpipeBlocker &) = delete;
    SigpipeBlocker &operator=(const SigpipeBlocker &) = delete;

private:
    sigset_t m_pipe;
    sigset_t m_previous;
    bool m_wasPending = false;
    bool m_blocked = false;
};

QByteArray sanitizedClientName(const QString &name)
{
    // CLIENT SETNAME refuses spaces and newlines.
    QByteArray out = name.toUtf8();
    for (char &c : out) {
        if (c <= ' ' || c > '~')
            c = '_';
    }
    return out;
}
} // namespace

void RedisReplyDeleter::operator()(redisReply *reply) const
{
    freeReplyObject(reply);
}

void RedisConnection::ContextDeleter::operator()(redisContext *context) const
{
    redisFree(context);
}

RedisConnection::RedisConnection(RedisUrl url, QString clientName)
    : m_url(std::move(url))
    , m_clientName(sanitizedClientName(clientName))
    , m_host(m_url.host())
    , m_port(m_url.port())
    , m_backoffMs(InitialBackoffMs)
{
    m_clock.start();
}

RedisConnection::~RedisConnection() = default;

bool RedisConnection::connect(QString *error)
{
    disconnect();
    m_host = m_url.host();
    m_port = m_url.port();
    QString why;
    if (!connectOnce(&why)) {
        m_lastError = why;
        if (error)
            *error = why;
        return false;
    }
    return true;
}

void RedisConnection::disconnect()
{
    m_context.reset();
}

QString RedisConnection::nodeHostPort() const
{
    const QString host =
        m_host.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_host + QLatin1Char(']') : m_host;
    return host + QLatin1Char(':') + QString::number(m_port);
}

RedisReplyPtr RedisConnection::command(const QByteArrayList &args)
{
    bool retried = false;
    RedisReplyPtr reply;
    for (int hops = 0; hops <= MaxRedirections;) {
        if (!ensureConnected())
            return nullptr;
        reply = commandOnce(args);
        if (!reply) {
            if (retried)
                return nullptr;
            retried = true;
            continue;
        }
        const std::optional<Redirection> to = redirectionOf(reply.get());
        if (!to)
            return reply;
        if (to->ask)
            return askOnce(*to, args);
        moveTo(*to);
        ++hops;
    }
    return reply; // still a redirection: the caller logs it as the error it is
}

std::vector<RedisReplyPtr> RedisConnection::pipeline(const QList<QByteArrayList> &commands)
{
    std::vector<RedisReplyPtr> replies(size_t(commands.size()));
    QList<int> pending;
    for (int i = 0; i < commands.size(); ++i)
        pending << i;
    bool retried = false;
    for (int hops = 0; !pending.isEmpty();) {
        if (!ensureConnected())
            return replies;
        if (!sendAll(commands, pending, replies)) {
            if (retried)
                return replies;
            retried = true;
            continue;
        }
        QList<int> moved;
        std::optional<Redirection> movedTo;
        for (const int i : std::as_const(pending)) {
            const std::optional<Redirection> to = redirectionOf(replies[size_t(i)].get());
            if (!to)
                continue;
            if (to->ask) {
                replies[size_t(i)] = askOnce(*to, commands[i]);
            } else {
                moved << i;
                movedTo = to;
            }
        }
        if (moved.isEmpty() || ++hops > MaxRedirections)
            break;
        moveTo(*movedTo);
        pending = moved;
    }
    return replies;
}

bool RedisConnection::sendAll(const QList<QByteArrayList> &commands, const QList<int> &which,
                              std::vector<RedisReplyPtr> &replies)
{
    SigpipeBlocker blocker;
    for (const int i : which) {
        replies[size_t(i)].reset();
        QVarLengthArray<const char *, 16> argv;
        QVarLengthArray<size_t, 16> lengths;
        for (const QByteArray &arg : commands[i]) {
            argv.append(arg.constData());
            lengths.append(static_cast<size_t>(arg.size()));
        }
        if (redisAppendCommandArgv(m_context.get(), static_cast<int>(argv.size()), argv.data(),
                                   lengths.data())
            != REDIS_OK) {
            dropConnection(QString::fromLocal8Bit(m_context->errstr));
            return false;
        }
    }
    for (const int i : which) {
        void *raw = nullptr;
        if (redisGetReply(m_context.get(), &raw) != REDIS_OK || !raw) {
            dropConnection(QString::fromLocal8Bit(m_context->errstr));
            return false;
        }
        replies[size_t(i)].reset(static_cast<redisReply *>(raw));
    }
    return true;
}

RedisReplyPtr RedisConnection::commandOnce(const QByteArrayList &args)
{
    if (!m_context) {
        m_lastError = QStringLiteral("redis %1: not connected").arg(nodeHostPort());
        return nullptr;
    }
    QVarLengthArray<const char *, 16> argv;
    QVarLengthArray<size_t, 16> lengths;
    for (const QByteArray &arg : args) {
        argv.append(arg.constData());
        lengths.append(static_cast<size_t>(arg.size()));
    }
    void *raw = nullptr;
    {
        SigpipeBlocker blocker;
        raw = redisCommandArgv(m_context.get(), static_cast<int>(argv.size()), argv.data(),
                               lengths.data());
    }
    if (!raw) {
        dropConnection(QString::fromLocal8Bit(m_context->errstr));
        return nullptr;
    }
    RedisReplyPtr reply(static_cast<redisReply *>(raw));
    if (const std::optional<Redirection> to = redirectionOf(reply.get()); to && !to->ask)
        m_setupRedirection = to;
    return reply;
}

QString RedisConnection::errorText(const redisReply *reply)
{
    if (!reply || reply->type != REDIS_REPLY_ERROR)
        return {};
    return QString::fromUtf8(reply->str, static_cast<qsizetype>(reply->len));
}

QByteArray RedisConnection::string(const redisReply *reply)
{
    if (!reply
        || (reply->type != REDIS_REPLY_STRING && reply->type != REDIS_REPLY_STATUS
            && reply->type != REDIS_REPLY_ERROR)) {
        return {};
    }
    return QByteArray(reply->str, static_cast<qsizetype>(reply->len));
}

std::optional<RedisConnection::Redirection>
RedisConnection::redirectionOf(const redisReply *reply) const
{
    // "MOVED 3999 127.0.0.1:6381" / "ASK 3999 127.0.0.1:6381"; the host may be empty (the node
    // does not know its address: same host as the one that answered) or an IPv6 address.
    if (!reply || reply->type != REDIS_REPLY_ERROR || reply->len < 4)
        return std::nullopt;
    const QByteArray text(reply->str, static_cast<qsizetype>(reply->len));
    const bool moved = text.startsWith("MOVED ");
    if (!moved && !text.startsWith("ASK "))
        return std::nullopt;
    const QByteArray endpoint = text.mid(text.lastIndexOf(' ') + 1);
    const qsizetype colon = endpoint.lastIndexOf(':');
    bool ok = false;
    const uint port = colon >= 0 ? endpoint.mid(colon + 1).toUInt(&ok) : 0;
    if (!ok || port == 0 || port > 65535)
        return std::nullopt;
    QString host = QString::fromLatin1(endpoint.left(colon));
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    return Redirection{!moved, host.isEmpty() ? m_host : host, static_cast<quint16>(port)};
}

void RedisConnection::moveTo(const Redirection &to)
{
    if (to.host == m_host && to.port == m_port && m_context)
        return;
    const QString from = nodeHostPort();
    // Not an outage: no warning, and no back-off before the new node.
    m_context.reset();
    m_host = to.host;
    m_port = to.port;
    qCInfo(lcQueue).noquote() << "redis" << from << "sends us to" << nodeHostPort()
                              << "(cluster redirection)";
    m_retryAtMs = 0;
}

RedisReplyPtr RedisConnection::askOnce(const Redirection &to, const QByteArrayList &args)
{
    // The slot is being migrated and this key has moved already: this one command goes to the
    // importing node, announced by ASKING; the next ones still start here.
    RedisConnection importing(m_url, QString::fromLatin1(m_clientName));
    importing.m_host = to.host;
    importing.m_port = to.port;
    importing.m_commandTimeoutMs = m_commandTimeoutMs;
    QString why;
    if (!importing.connectOnce(&why)) {
        m_lastError = why;
        return nullptr;
    }
    std::vector<RedisReplyPtr> replies(2);
    if (!importing.sendAll({{"ASKING"}, args}, {0, 1}, replies)) {
        m_lastError = importing.lastError();
        return nullptr;
    }
    return std::move(replies[1]);
}

bool RedisConnection::ensureConnected()
{
    if (m_context)
        return true;
    qint64 waited = 0;
    for (int attempt = 0; attempt < MaxConnectAttemptsPerCall; ++attempt) {
        const qint64 wait = m_retryAtMs - m_clock.elapsed();
        if (wait > 0) {
            if (waited + wait > MaxWaitPerCallMs)
                return false; // m_lastError still says why the last attempt failed
            QThread::msleep(static_cast<unsigned long>(wait));
            waited += wait;
        }
        QString why;
        if (connectOnce(&why)) {
            if (m_outageLogged)
                qCInfo(lcQueue).noquote() << "redis" << nodeHostPort() << "reconnected";
            m_outageLogged = false;
            return true;
        }
        m_lastError = why;
        m_retryAtMs = m_clock.elapsed() + m_backoffMs;
        m_backoffMs = std::min(m_backoffMs * 2, MaxBackoffMs);
        // A node we were sent to may be gone for good (a failover): the configured address
        // knows where the slot lives now.
        m_host = m_url.host();
        m_port = m_url.port();
        qCDebug(lcQueue).noquote() << "reconnect failed:" << why;
    }
    return false;
}

bool RedisConnection::connectOnce(QString *error)
{
    for (int hops = 0;; ++hops) {
        m_setupRedirection.reset();
        if (connectToTarget(error))
            return true;
        if (!m_setupRedirection || hops >= MaxRedirections)
            return false;
        const Redirection to = *m_setupRedirection;
        moveTo(to);
    }
}

bool RedisConnection::connectToTarget(QString *error)
{
    const QString where = QStringLiteral("redis at %1").arg(nodeHostPort());
    const QByteArray host = m_host.toUtf8();
    std::unique_ptr<redisContext, ContextDeleter> context(
        redisConnectWithTimeout(host.constData(), m_port, toTimeval(ConnectTimeoutMs)));
    if (!context) {
        *error = QStringLiteral("cannot connect to %1: out of memory").arg(where);
        return false;
    }
    if (context->err) {
        *error = QStringLiteral("cannot connect to %1: %2")
                     .arg(where, QString::fromLocal8Bit(context->errstr));
        return false;
    }
    redisSetTimeout(context.get(), toTimeval(m_commandTimeoutMs));
    // Detects a peer that vanished without closing (a cable, a VM) on idle connections.
    redisEnableKeepAlive(context.get());
    m_context = std::move(context);

    QList<QByteArrayList> handshake;
    if (!m_url.password().isEmpty())
        handshake.append({"AUTH", m_url.password().toUtf8()});
    if (m_url.db() != 0)
        handshake.append({"SELECT", QByteArray::number(m_url.db())});
    if (!m_clientName.isEmpty())
        handshake.append({"CLIENT", "SETNAME", m_clientName});
    for (const QByteArrayList &args : handshake) {
        const RedisReplyPtr reply = commandOnce(args);
        // The password never reaches a message: only the command name does.
        const QString command = QString::fromLatin1(args.first());
        if (!reply) {
            *error = QStringLiteral("%1 (during %2)").arg(m_lastError, command);
            return false;
        }
        if (const QString failure = errorText(reply.get()); !failure.isEmpty()) {
            *error = QStringLiteral("%1: %2 failed: %3").arg(where, command, failure);
            m_context.reset();
            return false;
        }
    }
    if (m_setup && !m_setup(*this, error)) {
        m_context.reset();
        return false;
    }
    m_backoffMs = InitialBackoffMs;
    m_retryAtMs = 0;
    return true;
}

void RedisConnection::dropConnection(const QString &why)
{
    m_lastError = QStringLiteral("redis at %1: connection lost: %2").arg(nodeHostPort(), why);
    if (!m_outageLogged) {
        qCWarning(lcQueue).noquote() << m_lastError;
        m_outageLogged = true;
    }
    m_context.reset();
}

} // namespace OrderDesk
