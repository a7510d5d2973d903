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
    , m_backoffMs(InitialBackoffMs)
{
    m_clock.start();
}

RedisConnection::~RedisConnection() = default;

bool RedisConnection::connect(QString *error)
{
    disconnect();
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

RedisReplyPtr RedisConnection::command(const QByteArrayList &args)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!ensureConnected())
            return nullptr;
        RedisReplyPtr reply = commandOnce(args);
        if (reply)
            return reply;
    }
    return nullptr;
}

RedisReplyPtr RedisConnection::commandOnce(const QByteArrayList &args)
{
    if (!m_context) {
        m_lastError = QStringLiteral("redis %1: not connected").arg(m_url.hostPort());
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
    return RedisReplyPtr(static_cast<redisReply *>(raw));
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
                qCInfo(lcQueue).noquote() << "redis" << m_url.hostPort() << "reconnected";
            m_outageLogged = false;
            return true;
        }
        m_lastError = why;
        m_retryAtMs = m_clock.elapsed() + m_backoffMs;
        m_backoffMs = std::min(m_backoffMs * 2, MaxBackoffMs);
        qCDebug(lcQueue).noquote() << "reconnect failed:" << why;
    }
    return false;
}

bool RedisConnection::connectOnce(QString *error)
{
    const QString where = QStringLiteral("redis at %1").arg(m_url.hostPort());
    const QByteArray host = m_url.host().toUtf8();
    std::unique_ptr<redisContext, ContextDeleter> context(
        redisConnectWithTimeout(host.constData(), m_url.port(), toTimeval(ConnectTimeoutMs)));
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
    m_lastError = QStringLiteral("redis at %1: connection lost: %2").arg(m_url.hostPort(), why);
    if (!m_outageLogged) {
        qCWarning(lcQueue).noquote() << m_lastError;
        m_outageLogged = true;
    }
    m_context.reset();
}

} // namespace OrderDesk
