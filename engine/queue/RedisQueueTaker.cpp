#include "RedisQueueTaker.h"

#include "Logging.h"

#include <QDateTime>
#include <QDeadlineTimer>

#include <hiredis/hiredis.h>

#include <algorithm>
#include <limits>

namespace OrderDesk {

using namespace RedisQueueScripts;

namespace {
// One blocking XREADGROUP waits at most this long, so interrupt(), a retry falling due or a
// claim that is due is noticed within it.
constexpr qint64 BlockSliceMs = 250;
// How long take() pauses before trying again when Redis cannot be reached.
constexpr qint64 FailurePauseMs = 250;
// Due retries are looked for at least this often (other nodes queue retries too).
constexpr qint64 PromoteEveryMs = 250;
// Retries moved to their stream per promoter run; more are due → it runs again at once.
constexpr int PromoteBatch = 200;
// Entries read (or claimed) at once, at most; the batch doubles while the buffer empties
// within SlowTakeMs and halves when an entry waited longer.
constexpr int MaxBatch = 32;
constexpr qint64 SlowTakeMs = 20;

void lowerTo(std::atomic<qint64> &value, qint64 candidate)
{
    qint64 current = value.load();
    while (candidate < current && !value.compare_exchange_weak(current, candidate)) {
    }
}
} // namespace

RedisQueueTaker::RedisQueueTaker(const RedisUrl &url, const QString &consumer,
                                 const RedisQueueScripts::Keys &keys, qint64 visibilityTimeoutMs)
    : m_keys(keys)
    , m_consumer(consumer.toUtf8())
    , m_visibilityTimeoutMs(visibilityTimeoutMs)
    // Often enough that a dead consumer's entry moves on soon after its timeout, rarely enough
    // that a long pending list is not walked on every take.
    , m_claimEveryMs(std::clamp<qint64>(visibilityTimeoutMs / 2, 10, 250))
    // Well inside the visibility timeout, so a buffered entry is never reclaimed by another
    // consumer while it is still here.
    , m_maxBufferedMs(std::clamp<qint64>(visibilityTimeoutMs / 4, 10, 1000))
    , m_connection(std::make_unique<RedisConnection>(
          url, QStringLiteral("orderdesk:%1:take").arg(consumer)))
{
    m_connection->setSetup([this](RedisConnection &connection, QString *error) {
        return createGroups(connection, m_keys, error);
    });
    m_clock.start();
}

RedisQueueTaker::~RedisQueueTaker()
{
    QMutexLocker locker(&m_mutex);
    handBack("the queue closes");
}

bool RedisQueueTaker::open(QString *error)
{
    QMutexLocker locker(&m_mutex);
    return m_connection->connect(error);
}

QString RedisQueueTaker::receiptFor(bool priority, const QByteArray &entryId)
{
    return QString::fromLatin1((priority ? "priority/" : "orders/") + entryId);
}

void RedisQueueTaker::promoteBy(qint64 dueMs)
{
    const qint64 inMs = std::max<qint64>(0, dueMs - QDateTime::currentMSecsSinceEpoch());
    lowerTo(m_nextPromoteAtMs, m_clock.elapsed() + inMs);
}

bool RedisQueueTaker::isInterrupted()
{
    QMutexLocker locker(&m_interruptMutex);
    return m_interrupted;
}

std::optional<QueueLease> RedisQueueTaker::take(int timeoutMs)
{
    QMutexLocker locker(&m_mutex);
    const QDeadlineTimer deadline(timeoutMs); // negative: forever, as in the in-process queue
    std::optional<QueueLease> lease;
    for (;;) {
        const bool interrupted = isInterrupted();
        const qint64 now = m_clock.elapsed();
        if (std::any_of(m_buffer.cbegin(), m_buffer.cend(),
                        [&](const Buffered &entry) { return now - entry.readAtMs > m_maxBufferedMs; })) {
            handBack("they waited too long here");
        }
        // Handed-back entries go to the front, ahead of what is buffered.
        if (m_claimSoon.exchange(false) && !claim())
            m_claimSoon = true;
        if ((lease = popFront()))
            break;

        const qint64 remaining = deadline.isForever() ? BlockSliceMs : deadline.remainingTime();
        const Fill result = fill(std::min(remaining, BlockSliceMs), interrupted);
        if ((lease = popFront()))
            break;

        QMutexLocker interruptLocker(&m_interruptMutex);
        if (m_interrupted || deadline.hasExpired()) {
            m_interrupted = false;
            return std::nullopt;
        }
        if (result.failed) {
            const qint64 pause = deadline.isForever()
                                     ? FailurePauseMs
                                     : std::min(deadline.remainingTime(), FailurePauseMs);
            m_interruptCondition.wait(&m_interruptMutex, QDeadlineTimer(pause));
        }
    }
    // Taking stops: nothing may stay buffered on a node that will not take it.
    if (isInterrupted())
        handBack("taking stops");
    return lease;
}

void RedisQueueTaker::interrupt()
{
    {
        QMutexLocker locker(&m_interruptMutex);
        m_interrupted = true;
        m_interruptCondition.wakeAll();
    }
    QMutexLocker locker(&m_mutex);
    handBack("taking stops");
}

RedisQueueTaker::Fill RedisQueueTaker::fill(qint64 blockMs, bool interrupted)
{
    Fill result;
    if (m_clock.elapsed() >= m_nextPromoteAtMs.load() && !promote()) {
        result.failed = true;
        return result;
    }
    if (m_clock.elapsed() >= m_nextClaimAtMs) {
        // Released entries and those of dead consumers come before new ones.
        if (!claim()) {
            result.failed = true;
            return result;
        }
        if (!m_buffer.empty())
            return result;
    }
    const qint64 now = m_clock.elapsed();
    blockMs = std::min({blockMs, std::max<qint64>(0, m_nextPromoteAtMs.load() - now),
                        std::max<qint64>(0, m_nextClaimAtMs - now)});
    result.failed = !readNew(blockMs, interrupted);
    return result;
}

bool RedisQueueTaker::promote()
{
    // Marked as running, so a promoteBy() meanwhile is kept if it asks for an earlier run.
    m_nextPromoteAtMs = std::numeric_limits<qint64>::max();
    const RedisReplyPtr reply =
        run(*m_connection, m_keys, Promote, {m_keys.delayed, m_keys.priority, m_keys.orders, m_keys.queued},
            {QByteArray::number(PromoteBatch)});
    const qint64 now = m_clock.elapsed();
    if (!isArray(reply.get(), 2)) {
        lowerTo(m_nextPromoteAtMs, now);
        return false;
    }
    const qint64 moved = integerAt(reply.get(), 0, 0);
    const qint64 nextDueMs = integerAt(reply.get(), 1, -1);
    if (moved > 0)
        qCDebug(lcQueue) << "promoted" << moved << "due retries";
    qint64 next = now + (nextDueMs >= 0 ? std::min(nextDueMs, PromoteEveryMs) : PromoteEveryMs);
    if (moved >= PromoteBatch)
        next = now;
    lowerTo(m_nextPromoteAtMs, next);
    return true;
}

bool RedisQueueTaker::claim()
{
    m_nextClaimAtMs = m_clock.elapsed() + m_claimEveryMs;
    const RedisReplyPtr reply =
        run(*m_connection, m_keys, Claim, {m_keys.priority, m_keys.orders},
            {m_consumer, QByteArray::number(m_visibilityTimeoutMs), QByteArray::number(m_batch)});
    if (!isArray(reply.get(), 2))
        return false;
    std::deque<Buffered> buffered;
    buffered.swap(m_buffer);
    append(true, reply->element[0]);
    append(false, reply->element[1]);
    m_buffer.insert(m_buffer.end(), std::make_move_iterator(buffered.begin()),
                    std::make_move_iterator(buffered.end()));
    m_bufferedCount = qint64(m_buffer.size());
    return true;
}

bool RedisQueueTaker::readNew(qint64 blockMs, bool interrupted)
{
    const int count = interrupted ? 1 : m_batch;
    QByteArrayList args{"XREADGROUP", "GROUP", Group, m_consumer, "COUNT", QByteArray::number(count)};
    if (blockMs > 0 && !interrupted)
        args << "BLOCK" << QByteArray::number(blockMs);
    args << "STREAMS" << m_keys.priority << m_keys.orders << ">" << ">";
    const RedisReplyPtr reply = run(*m_connection, m_keys, args);
    if (!reply)
        return false;
    // [[stream, [[id, [field, value, …]], …]], …], or nil when nothing came.
    m_lastReadFull = false;
    for (const bool priority : {true, false}) {
        for (size_t i = 0; isArray(reply.get()) && i < reply->elements; ++i) {
            const redisReply *stream = reply->element[i];
            if (!isArray(stream, 2)
                || RedisConnection::string(stream->element[0]) != m_keys.stream(priority)) {
                continue;
            }
            append(priority, stream->element[1]);
            m_lastReadFull = m_lastReadFull || stream->element[1]->elements >= size_t(count);
        }
    }
    return true;
}

void RedisQueueTaker::append(bool priority, const redisReply *entries)
{
    if (!isArray(entries))
        return;
    const qint64 now = m_clock.elapsed();
    QByteArrayList malformed;
    for (size_t i = 0; i < entries->elements; ++i) {
        const redisReply *entry = entries->element[i];
        const QByteArray id =
            RedisConnection::string(isArray(entry, 1) ? entry->element[0] : nullptr);
        QString orderId;
        if (isArray(entry, 2) && isArray(entry->element[1])) {
            const redisReply *fields = entry->element[1];
            for (size_t f = 0; f + 1 < fields->elements; f += 2) {
                if (RedisConnection::string(fields->element[f]) == "orderId")
                    orderId = QString::fromUtf8(RedisConnection::string(fields->element[f + 1]));
            }
        }
        if (id.isEmpty() || orderId.isEmpty()) {
            // Not ours: something else wrote to the stream. Keeping it pending would hand it
            // out again forever.
            qCWarning(lcQueue).noquote() << "dropping malformed entry" << id << "from"
                                         << QString::fromUtf8(m_keys.stream(priority));
            if (!id.isEmpty())
                malformed << (priority ? "p" : "n") << id << QByteArray();
            continue;
        }
        m_buffer.push_back({QueueLease{{orderId, priority}, receiptFor(priority, id)}, id, now});
    }
    m_bufferedCount = qint64(m_buffer.size());
    if (!malformed.isEmpty()) {
        run(*m_connection, m_keys, AcknowledgeMany, {m_keys.priority, m_keys.orders, m_keys.queued},
            malformed);
    }
}

std::optional<QueueLease> RedisQueueTaker::popFront()
{
    if (m_buffer.empty())
        return std::nullopt;
    Buffered next = std::move(m_buffer.front());
    m_buffer.pop_front();
    m_bufferedCount = qint64(m_buffer.size());
    if (m_clock.elapsed() - next.readAtMs > SlowTakeMs)
        m_batch = std::max(1, m_batch / 2);
    else if (m_buffer.empty() && m_lastReadFull)
        m_batch = std::min(MaxBatch, m_batch * 2);
    return std::move(next.lease);
}

void RedisQueueTaker::handBack(const char *why)
{
    if (m_buffer.empty())
        return;
    QByteArrayList args{m_consumer};
    for (const Buffered &entry : m_buffer)
        args << (entry.lease.item.priority ? "p" : "n") << entry.entryId;
    const qsizetype count = qsizetype(m_buffer.size());
    m_buffer.clear();
    m_bufferedCount = 0;
    m_batch = std::max(1, m_batch / 2);
    m_claimSoon = true;
    if (!run(*m_connection, m_keys, ReleaseMany, {m_keys.priority, m_keys.orders}, args)) {
        qCWarning(lcQueue).noquote() << "could not hand back" << count << "buffered entries ("
                                     << why << "); they return after the visibility timeout:"
                                     << m_connection->lastError();
        return;
    }
    qCDebug(lcQueue).noquote() << "handed back" << count << "buffered entries:" << why;
}

} // namespace OrderDesk
