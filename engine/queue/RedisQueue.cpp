#include "RedisQueue.h"

#include "Logging.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QUrl>
#include <QUuid>
#include <QVersionNumber>

#include <hiredis/hiredis.h>

#include <algorithm>

namespace OrderDesk {

namespace {
const QByteArray Group = QByteArrayLiteral("workers");

// One blocking XREADGROUP waits at most this long, so interrupt(), a priority entry, a retry
// falling due or a released entry is noticed within it.
constexpr qint64 BlockSliceMs = 250;
// How long take() pauses before trying again when Redis cannot be reached.
constexpr qint64 FailurePauseMs = 250;
// What tryAcquireStart() asks a caller to wait when Redis cannot answer: no start is granted
// that no one counted.
constexpr qint64 RateUnknownWaitMs = 1000;
// Retries moved to their stream per promoter run; more are due → take() runs it again at once.
constexpr int PromoteBatch = 200;
// release() marks an entry as delivered at the epoch; nothing else is idle this long (~31 years).
constexpr qint64 ReleasedIdleMs = 1'000'000'000'000;
constexpr int RequiredMajor = 6;
constexpr int RequiredMinor = 2;

// KEYS: stream, queued  ARGV: orderId
const char EnqueueLua[] = R"lua(
local id = redis.call('XADD', KEYS[1], '*', 'orderId', ARGV[1])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
return id
)lua";

// KEYS: stream, queued  ARGV: entry id
// Only the acknowledgement that ends the lease updates the index: a second one, or one for an
// entry another consumer has reclaimed and acknowledged since, changes nothing.
const char AcknowledgeLua[] = R"lua(
local entry = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if redis.call('XACK', KEYS[1], 'workers', ARGV[1]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[1])
if #entry > 0 then
  local fields = entry[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == 'orderId' then
      if redis.call('HINCRBY', KEYS[2], fields[i + 1], -1) <= 0 then
        redis.call('HDEL', KEYS[2], fields[i + 1])
      end
    end
  end
end
return 1
)lua";

// KEYS: stream  ARGV: entry id, consumer
// The entry stays pending but looks delivered at the epoch, so the next take() of any consumer
// reclaims it before reading new entries: the front of the queue, as in the in-process queue.
// A lease another consumer has reclaimed meanwhile is not ours to hand back.
const char ReleaseLua[] = R"lua(
local mine = redis.call('XPENDING', KEYS[1], 'workers', ARGV[1], ARGV[1], 1, ARGV[2])
if #mine == 0 then return 0 end
redis.call('XCLAIM', KEYS[1], 'workers', ARGV[2], 0, ARGV[1], 'TIME', 0, 'JUSTID')
return 1
)lua";

// KEYS: delayed, priority stream, orders stream, queued  ARGV: batch size
// Returns {moved, ms until the next retry is due or -1}. Redis' clock, so every node agrees on
// what is due; a member is moved only by the run whose ZREM removed it.
const char PromoteLua[] = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local moved = 0
for _, member in ipairs(due) do
  if redis.call('ZREM', KEYS[1], member) == 1 then
    local stream = KEYS[3]
    if string.sub(member, 1, 2) == 'p:' then stream = KEYS[2] end
    local orderId = string.sub(member, 3)
    redis.call('XADD', stream, '*', 'orderId', orderId)
    redis.call('HINCRBY', KEYS[4], orderId, 1)
    moved = moved + 1
  end
end
local nextDue = -1
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first > 0 then nextDue = math.max(0, tonumber(first[2]) - now) end
return {moved, nextDue}
)lua";

// KEYS: stream  ARGV: consumer, min idle ms
// XAUTOCLAIM looks at only 10 pending entries per COUNT: follow the cursor through the whole
// pending list, oldest first, until one entry is claimed.
const char ClaimLua[] = R"lua(
local cursor = '0-0'
repeat
  local r = redis.call('XAUTOCLAIM', KEYS[1], 'workers', ARGV[1], ARGV[2], cursor, 'COUNT', 1)
  if #r[2] > 0 and r[2][1] then return r[2][1] end
  cursor = r[1]
until cursor == '0-0'
return false
)lua";

// KEYS: queued, delayed  ARGV: orderId
const char ContainsLua[] = R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('ZSCORE', KEYS[2], 'n:' .. ARGV[1]) then return 1 end
if redis.call('ZSCORE', KEYS[2], 'p:' .. ARGV[1]) then return 1 end
return 0
)lua";

// KEYS: priority stream, orders stream, delayed  ARGV: released idle ms
// Acknowledged entries are deleted, so a stream holds exactly the waiting and the pending ones;
// released entries are pending but waiting for the next taker.
const char CountsLua[] = R"lua(
local waiting, active = 0, 0
for i = 1, 2 do
  local length = redis.call('XLEN', KEYS[i])
  local pending = redis.call('XPENDING', KEYS[i], 'workers')[1]
  local released = 0
  if pending > 0 then
    released = #redis.call('XPENDING', KEYS[i], 'workers', 'IDLE', ARGV[1], '-', '+', pending)
  end
  waiting = waiting + length - pending + released
  active = active + pending - released
end
return {waiting, active, redis.call('ZCARD', KEYS[3])}
)lua";

// KEYS: ratelimit  ARGV: limit, window ms, unique member
// Redis' clock, not the callers': nodes with skewed clocks still share one window.
const char AcquireStartLua[] = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  if redis.call('PTTL', KEYS[1]) < window then
    redis.call('PEXPIRE', KEYS[1], math.ceil(window))
  end
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil(tonumber(oldest[2]) + window - now))
)lua";

// KEYS: ratelimit  ARGV: window ms
const char StartsInWindowLua[] = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
return redis.call('ZCOUNT', KEYS[1], string.format('(%.3f', now - tonumber(ARGV[1])), '+inf')
)lua";

QByteArray sha1Hex(const char *source)
{
    return QCryptographicHash::hash(QByteArray::fromRawData(source, qstrlen(source)),
                                    QCryptographicHash::Sha1)
        .toHex();
}

bool isArray(const redisReply *reply, size_t minElements = 0)
{
    return reply && reply->type == REDIS_REPLY_ARRAY && reply->elements >= minElements;
}

qint64 integerAt(const redisReply *reply, size_t index, qint64 fallback = 0)
{
    if (!isArray(reply, index + 1) || reply->element[index]->type != REDIS_REPLY_INTEGER)
        return fallback;
    return reply->element[index]->integer;
}

QString whereOf(const RedisConnection &connection)
{
    return QStringLiteral("redis at %1").arg(connection.url().hostPort());
}
} // namespace

struct RedisQueue::Attempt
{
    std::optional<QueueLease> lease;
    bool failed = false; // Redis could not be asked: pause instead of spinning
};

RedisQueue::RedisQueue(const QString &url, const QString &consumer, const QString &keyPrefix,
                       qint64 visibilityTimeoutMs)
    : m_url(RedisUrl::parse(url, &m_urlError))
    , m_urlText(url)
    , m_consumer(consumer.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                    : consumer)
    , m_consumerBytes(m_consumer.toUtf8())
    , m_prefix(keyPrefix.toUtf8())
    , m_visibilityTimeoutMs(std::max<qint64>(1, visibilityTimeoutMs))
    , m_instanceToken(QUuid::createUuid().toByteArray(QUuid::Id128))
{
    if (!m_url)
        return;
    const auto setup = [this](RedisConnection &connection, QString *error) {
        return setUpConnection(connection, error);
    };
    m_connection = std::make_unique<RedisConnection>(
        *m_url, QStringLiteral("orderdesk:%1").arg(m_consumer));
    m_connection->setSetup(setup);
    m_takeConnection = std::make_unique<RedisConnection>(
        *m_url, QStringLiteral("orderdesk:%1:take").arg(m_consumer));
    m_takeConnection->setSetup(setup);
}

RedisQueue::~RedisQueue() = default;

bool RedisQueue::open(QString *error)
{
    if (!m_url) {
        if (error)
            *error = m_urlError;
        return false;
    }
    QString why;
    {
        QMutexLocker locker(&m_mutex);
        if (!m_connection->connect(&why)) {
            if (error)
                *error = why;
            return false;
        }
        // XAUTOCLAIM and XPENDING … IDLE are Redis 6.2; failing here beats failing every take().
        const RedisReplyPtr info = m_connection->command({"INFO", "server"});
        const QByteArray text = RedisConnection::string(info.get());
        const int at = text.indexOf("redis_version:");
        if (at >= 0) {
            const int end = text.indexOf('\r', at);
            const QString version = QString::fromLatin1(text.mid(at + 14, end - at - 14));
            const QVersionNumber number = QVersionNumber::fromString(version);
            if (number < QVersionNumber(RequiredMajor, RequiredMinor)) {
                if (error)
                    *error = QStringLiteral("%1 runs Redis %2; the queue needs %3.%4 or later")
                                 .arg(whereOf(*m_connection), version)
                                 .arg(RequiredMajor)
                                 .arg(RequiredMinor);
                return false;
            }
        }
    }
    {
        QMutexLocker locker(&m_takeMutex);
        if (!m_takeConnection->connect(&why)) {
            if (error)
                *error = why;
            return false;
        }
    }
    qCInfo(lcQueue).noquote() << "redis queue" << describe() << "consumer" << m_consumer
                              << "key prefix" << QString::fromUtf8(m_prefix);
    return true;
}

QString RedisQueue::describe() const
{
    if (m_url)
        return m_url->describe();
    // Never echo a password, even from a URL we could not parse.
    return QUrl(m_urlText).toString(QUrl::RemoveUserInfo);
}

bool RedisQueue::isHealthy()
{
    if (!m_connection)
        return false;
    QMutexLocker locker(&m_mutex);
    const RedisReplyPtr reply = m_connection->command({"PING"});
    return RedisConnection::string(reply.get()) == "PONG";
}

bool RedisQueue::enqueue(const QueueItem &item)
{
    if (!m_connection)
        return false;
    QMutexLocker locker(&m_mutex);
    const Stream stream = item.priority ? Stream::Priority : Stream::Orders;
    return runScript(*m_connection, EnqueueLua, {streamKey(stream), key("queued")},
                     {item.orderId.toUtf8()})
           != nullptr;
}

bool RedisQueue::enqueueDelayed(const QueueItem &item, const QDateTime &due)
{
    if (!m_connection)
        return false;
    // One member per order and flag: enqueuing the same retry again moves its due time
    // instead of doubling it.
    const QByteArray member = (item.priority ? "p:" : "n:") + item.orderId.toUtf8();
    QMutexLocker locker(&m_mutex);
    return runCommand(*m_connection, {"ZADD", key("delayed"),
                                      QByteArray::number(due.toMSecsSinceEpoch()), member})
           != nullptr;
}

std::optional<QueueLease> RedisQueue::take(int timeoutMs)
{
    if (!m_takeConnection)
        return std::nullopt;
    QMutexLocker locker(&m_takeMutex);
    const QDeadlineTimer deadline(timeoutMs); // negative: forever, as in the in-process queue
    for (;;) {
        const qint64 remaining = deadline.isForever() ? BlockSliceMs : deadline.remainingTime();
        const Attempt attempt = takeOnce(std::min(remaining, BlockSliceMs));
        if (attempt.lease)
            return attempt.lease;

        QMutexLocker interruptLocker(&m_interruptMutex);
        if (m_interrupted || deadline.hasExpired()) {
            m_interrupted = false;
            return std::nullopt;
        }
        if (attempt.failed) {
            const qint64 pause = deadline.isForever()
                                     ? FailurePauseMs
                                     : std::min(deadline.remainingTime(), FailurePauseMs);
            m_interruptCondition.wait(&m_interruptMutex, QDeadlineTimer(pause));
        }
    }
}

RedisQueue::Attempt RedisQueue::takeOnce(qint64 blockMs)
{
    RedisConnection &connection = *m_takeConnection;
    Attempt attempt;
    const std::optional<qint64> nextDueMs = promoteDue(connection);
    if (!nextDueMs) {
        attempt.failed = true;
        return attempt;
    }
    if (*nextDueMs >= 0)
        blockMs = std::min(blockMs, *nextDueMs);

    for (const Stream stream : {Stream::Priority, Stream::Orders}) {
        // Released entries and those of dead consumers come before new ones.
        const RedisReplyPtr claimed =
            runScript(connection, ClaimLua, {streamKey(stream)},
                      {m_consumerBytes, QByteArray::number(m_visibilityTimeoutMs)});
        if (!claimed) {
            attempt.failed = true;
            return attempt;
        }
        const redisReply *entry = isArray(claimed.get(), 2) ? claimed.get() : nullptr;

        RedisReplyPtr read;
        if (!entry) {
            QByteArrayList args{"XREADGROUP", "GROUP", Group, m_consumerBytes, "COUNT", "1"};
            // Only the last read blocks: a priority entry arriving meanwhile waits for the
            // slice to end, which is what keeps a single read from returning two entries.
            bool interrupted;
            {
                QMutexLocker locker(&m_interruptMutex);
                interrupted = m_interrupted;
            }
            if (stream == Stream::Orders && blockMs > 0 && !interrupted)
                args << "BLOCK" << QByteArray::number(blockMs);
            args << "STREAMS" << streamKey(stream) << ">";
            read = runCommand(connection, args);
            if (!read) {
                attempt.failed = true;
                return attempt;
            }
            // [[stream, [[id, [field, value, …]]]]], or nil when nothing came.
            if (isArray(read.get(), 1) && isArray(read->element[0], 2)
                && isArray(read->element[0]->element[1], 1)) {
                entry = read->element[0]->element[1]->element[0];
            }
        }
        if (!entry)
            continue;

        attempt.lease = leaseFrom(stream, entry);
        if (attempt.lease)
            return attempt;
        // Not ours: something else wrote to the stream. Keeping it pending would hand it out
        // again forever.
        const QByteArray id =
            RedisConnection::string(isArray(entry, 1) ? entry->element[0] : nullptr);
        qCWarning(lcQueue).noquote() << "dropping malformed entry" << id << "from"
                                     << QString::fromUtf8(streamKey(stream));
        if (!id.isEmpty())
            runScript(connection, AcknowledgeLua, {streamKey(stream), key("queued")}, {id});
    }
    return attempt;
}

std::optional<QueueLease> RedisQueue::leaseFrom(Stream stream, const redisReply *entry) const
{
    if (!isArray(entry, 2) || entry->element[0]->type != REDIS_REPLY_STRING)
        return std::nullopt;
    const QByteArray id = RedisConnection::string(entry->element[0]);
    const redisReply *fields = entry->element[1];
    if (!isArray(fields))
        return std::nullopt;
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
        if (RedisConnection::string(fields->element[i]) != "orderId")
            continue;
        const QString orderId = QString::fromUtf8(RedisConnection::string(fields->element[i + 1]));
        if (orderId.isEmpty())
            return std::nullopt;
        const bool priority = stream == Stream::Priority;
        return QueueLease{{orderId, priority},
                          QString::fromLatin1((priority ? "priority/" : "orders/") + id)};
    }
    return std::nullopt;
}

std::optional<std::pair<RedisQueue::Stream, QByteArray>>
RedisQueue::parseReceipt(const QString &receipt) const
{
    const qsizetype slash = receipt.indexOf(QLatin1Char('/'));
    if (slash > 0) {
        const QString name = receipt.left(slash);
        const QByteArray id = receipt.mid(slash + 1).toLatin1();
        if (!id.isEmpty() && name == QLatin1String("priority"))
            return std::pair{Stream::Priority, id};
        if (!id.isEmpty() && name == QLatin1String("orders"))
            return std::pair{Stream::Orders, id};
    }
    qCWarning(lcQueue) << "ignoring a lease receipt this queue did not issue:" << receipt;
    return std::nullopt;
}

void RedisQueue::acknowledge(const QueueLease &lease)
{
    const auto receipt = parseReceipt(lease.receipt);
    if (!receipt || !m_connection)
        return;
    QMutexLocker locker(&m_mutex);
    if (!runScript(*m_connection, AcknowledgeLua, {streamKey(receipt->first), key("queued")},
                   {receipt->second})) {
        // The entry stays pending and is reclaimed after the visibility timeout: delivered
        // again, never lost.
        qCWarning(lcQueue).noquote() << "could not acknowledge" << lease.item.orderId << ":"
                                     << m_connection->lastError();
    }
}

void RedisQueue::release(const QueueLease &lease)
{
    const auto receipt = parseReceipt(lease.receipt);
    if (!receipt || !m_connection)
        return;
    QMutexLocker locker(&m_mutex);
    if (!runScript(*m_connection, ReleaseLua, {streamKey(receipt->first)},
                   {receipt->second, m_consumerBytes})) {
        qCWarning(lcQueue).noquote() << "could not release" << lease.item.orderId
                                     << "(it returns after the visibility timeout):"
                                     << m_connection->lastError();
    }
}

void RedisQueue::interrupt()
{
    QMutexLocker locker(&m_interruptMutex);
    m_interrupted = true;
    m_interruptCondition.wakeAll();
}

std::optional<bool> RedisQueue::contains(const QString &orderId)
{
    if (!m_connection)
        return std::nullopt;
    QMutexLocker locker(&m_mutex);
    const RedisReplyPtr reply = runScript(*m_connection, ContainsLua,
                                          {key("queued"), key("delayed")}, {orderId.toUtf8()});
    if (!reply || reply->type != REDIS_REPLY_INTEGER)
        return std::nullopt;
    return reply->integer == 1;
}

QueueCounts RedisQueue::counts()
{
    if (!m_connection)
        return {};
    QMutexLocker locker(&m_mutex);
    // As in the in-process queue, a retry that is due counts as waiting, not delayed.
    promoteDue(*m_connection);
    const RedisReplyPtr reply =
        runScript(*m_connection, CountsLua,
                  {streamKey(Stream::Priority), streamKey(Stream::Orders), key("delayed")},
                  {QByteArray::number(ReleasedIdleMs)});
    return {integerAt(reply.get(), 0), integerAt(reply.get(), 1), integerAt(reply.get(), 2)};
}

qint64 RedisQueue::tryAcquireStart(int limit, qint64 windowMs)
{
    if (limit <= 0)
        return 0;
    if (!m_connection)
        return RateUnknownWaitMs;
    const QByteArray member = m_instanceToken + ':' + QByteArray::number(++m_startSerial);
    QMutexLocker locker(&m_mutex);
    const RedisReplyPtr reply =
        runScript(*m_connection, AcquireStartLua, {key("ratelimit")},
                  {QByteArray::number(limit), QByteArray::number(windowMs), member});
    if (!reply || reply->type != REDIS_REPLY_INTEGER)
        return RateUnknownWaitMs;
    return reply->integer;
}

int RedisQueue::startsInWindow(qint64 windowMs)
{
    if (!m_connection)
        return 0;
    QMutexLocker locker(&m_mutex);
    const RedisReplyPtr reply = runScript(*m_connection, StartsInWindowLua, {key("ratelimit")},
                                          {QByteArray::number(windowMs)});
    return reply && reply->type == REDIS_REPLY_INTEGER ? static_cast<int>(reply->integer) : 0;
}

QByteArray RedisQueue::key(const char *suffix) const
{
    return m_prefix + ':' + suffix;
}

QByteArray RedisQueue::streamKey(Stream stream) const
{
    return key(stream == Stream::Priority ? "stream:priority" : "stream:orders");
}

bool RedisQueue::setUpConnection(RedisConnection &connection, QString *error)
{
    for (const Stream stream : {Stream::Priority, Stream::Orders}) {
        // From "0": whatever is in a stream is unacknowledged work, even if the group was lost.
        const RedisReplyPtr reply =
            connection.commandOnce({"XGROUP", "CREATE", streamKey(stream), Group, "0", "MKSTREAM"});
        const QString failure =
            reply ? RedisConnection::errorText(reply.get()) : connection.lastError();
        if (!reply || (!failure.isEmpty() && !failure.startsWith(QLatin1String("BUSYGROUP")))) {
            if (error)
                *error = QStringLiteral("%1: cannot create the consumer group: %2")
                             .arg(whereOf(connection), failure);
            return false;
        }
    }
    return true;
}

RedisReplyPtr RedisQueue::runCommand(RedisConnection &connection, const QByteArrayList &args)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        RedisReplyPtr reply = connection.command(args);
        if (!reply)
            return nullptr;
        const QString failure = RedisConnection::errorText(reply.get());
        if (failure.isEmpty())
            return reply;
        // The streams were deleted under us (FLUSHDB, a restart without persistence while
        // this connection survived): recreate the group once and try again.
        if (attempt == 0 && failure.startsWith(QLatin1String("NOGROUP"))) {
            QString why;
            if (setUpConnection(connection, &why))
                continue;
        }
        qCWarning(lcQueue).noquote() << whereOf(connection) << "answered" << args.first()
                                     << "with" << failure;
        return nullptr;
    }
    return nullptr;
}

RedisReplyPtr RedisQueue::runScript(RedisConnection &connection, const char *lua,
                                    const QByteArrayList &keys, const QByteArrayList &args)
{
    const QByteArray sha = sha1Hex(lua);
    QByteArrayList command{"EVALSHA", sha, QByteArray::number(keys.size())};
    command << keys << args;
    for (int attempt = 0; attempt < 3; ++attempt) {
        RedisReplyPtr reply = connection.command(command);
        if (!reply)
            return nullptr;
        const QString failure = RedisConnection::errorText(reply.get());
        if (failure.isEmpty())
            return reply;
        if (failure.startsWith(QLatin1String("NOSCRIPT"))) {
            // A restarted Redis, a SCRIPT FLUSH or a new connection to a replica-turned-primary.
            const RedisReplyPtr loaded = connection.command({"SCRIPT", "LOAD", QByteArray(lua)});
            if (loaded && RedisConnection::errorText(loaded.get()).isEmpty())
                continue;
        } else if (failure.contains(QLatin1String("NOGROUP"))) {
            QString why;
            if (setUpConnection(connection, &why))
                continue;
        }
        qCWarning(lcQueue).noquote() << whereOf(connection) << "failed a script:" << failure;
        return nullptr;
    }
    return nullptr;
}

std::optional<qint64> RedisQueue::promoteDue(RedisConnection &connection)
{
    const RedisReplyPtr reply =
        runScript(connection, PromoteLua,
                  {key("delayed"), streamKey(Stream::Priority), streamKey(Stream::Orders),
                   key("queued")},
                  {QByteArray::number(PromoteBatch)});
    if (!isArray(reply.get(), 2))
        return std::nullopt;
    const qint64 moved = integerAt(reply.get(), 0);
    if (moved > 0)
        qCDebug(lcQueue) << "promoted" << moved << "due retries";
    return integerAt(reply.get(), 1, -1);
}

} // namespace OrderDesk
