#include "RedisQueue.h"

#include "Logging.h"
#include "RedisKeys.h"
#include "RedisQueueTaker.h"

#include <QUrl>
#include <QUuid>
#include <QVersionNumber>

#include <hiredis/hiredis.h>

#include <algorithm>

namespace OrderDesk {

using namespace RedisQueueScripts;

namespace {
// What tryAcquireStart() asks a caller to wait when Redis cannot answer: no start is granted
// that no one counted.
constexpr qint64 RateUnknownWaitMs = 1000;
// Members per script call; a longer outbox is sent in several.
constexpr int MaxBatch = 500;
constexpr int RequiredMajor = 6;
constexpr int RequiredMinor = 2;

} // namespace

RedisQueue::RedisQueue(const QString &url, const QString &consumer, const QString &keyPrefix,
                       qint64 visibilityTimeoutMs)
    : m_url(RedisUrl::parse(url, &m_urlError))
    , m_urlText(url)
    , m_consumer(consumer.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                    : consumer)
    , m_consumerBytes(m_consumer.toUtf8())
    , m_prefix(keyPrefix)
    , m_keys(keyPrefix)
    , m_visibilityTimeoutMs(std::max<qint64>(1, visibilityTimeoutMs))
    , m_instanceToken(QUuid::createUuid().toByteArray(QUuid::Id128))
{
    if (!m_url)
        return;
    m_connection = std::make_unique<RedisConnection>(
        *m_url, QStringLiteral("orderdesk:%1").arg(m_consumer));
    m_connection->setSetup([this](RedisConnection &connection, QString *error) {
        return createGroups(connection, m_keys, error);
    });
    m_taker = std::make_unique<RedisQueueTaker>(*m_url, m_consumer, m_keys, m_visibilityTimeoutMs);
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
    if (!m_taker->open(&why)) {
        if (error)
            *error = why;
        return false;
    }
    qCInfo(lcQueue).noquote() << "redis queue" << describe() << "consumer" << m_consumer
                              << "keys" << QString::fromUtf8(redisKeyBase(m_prefix)) + QLatin1String(":*");
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
    return enqueueAll({item}).value(0, false);
}

QList<bool> RedisQueue::enqueueAll(const QList<QueueItem> &items)
{
    QList<bool> added(items.size(), false);
    if (!m_connection || items.isEmpty())
        return added;
    std::vector<PendingEnqueue> mine(size_t(items.size()));
    {
        QMutexLocker outbox(&m_outboxMutex);
        for (qsizetype i = 0; i < items.size(); ++i) {
            mine[size_t(i)].item = items[i];
            m_enqueueOutbox.push_back(&mine[size_t(i)]);
        }
    }
    // Whoever holds the connection sends ours along with theirs; if nobody did, we do.
    QMutexLocker locker(&m_mutex);
    if (!mine.back().done)
        flushEnqueues();
    for (qsizetype i = 0; i < items.size(); ++i)
        added[i] = mine[size_t(i)].added;
    return added;
}

void RedisQueue::flushEnqueues()
{
    std::vector<PendingEnqueue *> batch;
    {
        QMutexLocker outbox(&m_outboxMutex);
        batch.swap(m_enqueueOutbox);
    }
    for (size_t from = 0; from < batch.size(); from += MaxBatch) {
        const size_t to = std::min(batch.size(), from + MaxBatch);
        QByteArrayList args;
        for (size_t i = from; i < to; ++i)
            args << (batch[i]->item.priority ? "p" : "n") << batch[i]->item.orderId.toUtf8();
        const RedisReplyPtr reply = run(*m_connection, m_keys, EnqueueMany,
                                        {m_keys.priority, m_keys.orders, m_keys.queued}, args);
        for (size_t i = from; i < to; ++i) {
            batch[i]->added = integerAt(reply.get(), i - from) == 1;
            batch[i]->done = true;
        }
    }
}

bool RedisQueue::enqueueDelayed(const QueueItem &item, const QDateTime &due)
{
    if (!m_connection)
        return false;
    // One member per order and flag: enqueuing the same retry again moves its due time
    // instead of doubling it.
    const QByteArray member = (item.priority ? "p:" : "n:") + item.orderId.toUtf8();
    const qint64 dueMs = due.toMSecsSinceEpoch();
    bool added;
    {
        QMutexLocker locker(&m_mutex);
        added = run(*m_connection, m_keys, {"ZADD", m_keys.delayed, QByteArray::number(dueMs), member})
                != nullptr;
    }
    if (added)
        m_taker->promoteBy(dueMs);
    return added;
}

std::optional<QueueLease> RedisQueue::take(int timeoutMs)
{
    if (!m_taker)
        return std::nullopt;
    return m_taker->take(timeoutMs);
}

std::optional<std::pair<QByteArray, QByteArray>> RedisQueue::parseReceipt(const QString &receipt) const
{
    const qsizetype slash = receipt.indexOf(QLatin1Char('/'));
    if (slash > 0) {
        const QString name = receipt.left(slash);
        const QByteArray id = receipt.mid(slash + 1).toLatin1();
        if (!id.isEmpty() && name == QLatin1String("priority"))
            return std::pair{QByteArrayLiteral("p"), id};
        if (!id.isEmpty() && name == QLatin1String("orders"))
            return std::pair{QByteArrayLiteral("n"), id};
    }
    qCWarning(lcQueue) << "ignoring a lease receipt this queue did not issue:" << receipt;
    return std::nullopt;
}

void RedisQueue::acknowledge(const QueueLease &lease)
{
    acknowledgeAll({lease});
}

void RedisQueue::acknowledgeAll(const QList<QueueLease> &leases)
{
    if (!m_connection)
        return;
    QByteArrayList mine;
    for (const QueueLease &lease : leases) {
        if (const auto receipt = parseReceipt(lease.receipt))
            mine << receipt->first << receipt->second << lease.item.orderId.toUtf8();
    }
    if (mine.isEmpty())
        return;
    {
        QMutexLocker outbox(&m_outboxMutex);
        m_ackOutbox << mine;
    }
    // Sent by whoever holds the connection now, or by us: either way before we return.
    QMutexLocker locker(&m_mutex);
    flushAcknowledgements();
}

void RedisQueue::flushAcknowledgements()
{
    QByteArrayList batch;
    {
        QMutexLocker outbox(&m_outboxMutex);
        batch.swap(m_ackOutbox);
    }
    for (qsizetype from = 0; from < batch.size(); from += 3 * MaxBatch) {
        const QByteArrayList args = batch.mid(from, 3 * MaxBatch);
        if (!run(*m_connection, m_keys, AcknowledgeMany,
                 {m_keys.priority, m_keys.orders, m_keys.queued}, args)) {
            // The entries stay pending and are reclaimed after the visibility timeout:
            // delivered again, never lost.
            qCWarning(lcQueue).noquote() << "could not acknowledge" << args.size() / 3
                                         << "entries:" << m_connection->lastError();
        }
    }
}

void RedisQueue::release(const QueueLease &lease)
{
    const auto receipt = parseReceipt(lease.receipt);
    if (!receipt || !m_connection)
        return;
    {
        QMutexLocker locker(&m_mutex);
        if (!run(*m_connection, m_keys, ReleaseMany, {m_keys.priority, m_keys.orders},
                 {m_consumerBytes, receipt->first, receipt->second})) {
            qCWarning(lcQueue).noquote() << "could not release" << lease.item.orderId
                                         << "(it returns after the visibility timeout):"
                                         << m_connection->lastError();
            return;
        }
    }
    m_taker->claimSoon();
}

void RedisQueue::interrupt()
{
    if (m_taker)
        m_taker->interrupt();
}

std::optional<bool> RedisQueue::contains(const QString &orderId)
{
    if (!m_connection)
        return std::nullopt;
    QMutexLocker locker(&m_mutex);
    const RedisReplyPtr reply =
        run(*m_connection, m_keys, Contains, {m_keys.queued, m_keys.delayed}, {orderId.toUtf8()});
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
    run(*m_connection, m_keys, Promote,
        {m_keys.delayed, m_keys.priority, m_keys.orders, m_keys.queued}, {"200"});
    const RedisReplyPtr reply = run(*m_connection, m_keys, Counts,
                                    {m_keys.priority, m_keys.orders, m_keys.delayed},
                                    {QByteArray::number(ReleasedIdleMs)});
    QueueCounts counts{integerAt(reply.get(), 0), integerAt(reply.get(), 1),
                       integerAt(reply.get(), 2)};
    // Read by this node's taker but not handed out yet: still waiting, as far as anyone knows.
    const qint64 buffered = std::min(m_taker->buffered(), counts.active);
    counts.waiting += buffered;
    counts.active -= buffered;
    return counts;
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
        run(*m_connection, m_keys, AcquireStart, {m_keys.ratelimit},
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
    const RedisReplyPtr reply = run(*m_connection, m_keys, StartsInWindow, {m_keys.ratelimit},
                                    {QByteArray::number(windowMs)});
    return reply && reply->type == REDIS_REPLY_INTEGER ? static_cast<int>(reply->integer) : 0;
}

} // namespace OrderDesk
