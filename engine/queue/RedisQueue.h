#pragma once

#include "OrderQueue.h"
#include "RedisConnection.h"
#include "RedisUrl.h"

#include <QAtomicInteger>
#include <QByteArray>
#include <QMutex>
#include <QWaitCondition>

#include <memory>
#include <optional>

namespace OrderDesk {

// The queue shared by every node on one Redis (one per key prefix).
//
// Keys (<p> = key prefix):
//   <p>:stream:priority, <p>:stream:orders  ready and taken work; consumer group "workers".
//                                           An entry lives until it is acknowledged.
//   <p>:queued     hash orderId → stream entries not yet acknowledged (for contains()),
//                  maintained by the same scripts that add and acknowledge entries
//   <p>:delayed    sorted set of retries, score = due ms, member "p:<id>" / "n:<id>"
//   <p>:ratelimit  sorted set of starts in the rate window, scored by Redis' own clock
//
// take() runs on one context and everything else on another, each behind its own mutex: a
// hiredis context is not thread-safe, and a take() blocked in XREADGROUP must not hold up
// acknowledgements from the workers.
class RedisQueue final : public OrderQueue
{
public:
    static constexpr qint64 DefaultVisibilityTimeoutMs = 60'000;

    // `consumer` names this node in the consumer group (a random one when empty); an entry a
    // consumer took and did not acknowledge within `visibilityTimeoutMs` goes to another one.
    RedisQueue(const QString &url, const QString &consumer,
               const QString &keyPrefix = QStringLiteral("orderdesk"),
               qint64 visibilityTimeoutMs = DefaultVisibilityTimeoutMs);
    ~RedisQueue() override;

    bool open(QString *error) override;
    QString describe() const override;
    bool isHealthy() override;

    bool enqueue(const QueueItem &item) override;
    bool enqueueDelayed(const QueueItem &item, const QDateTime &due) override;
    std::optional<QueueLease> take(int timeoutMs) override;
    void acknowledge(const QueueLease &lease) override;
    void release(const QueueLease &lease) override;
    void interrupt() override;

    std::optional<bool> contains(const QString &orderId) override;
    QueueCounts counts() override;

    qint64 tryAcquireStart(int limit, qint64 windowMs) override;
    int startsInWindow(qint64 windowMs) override;

    QString consumer() const { return m_consumer; }

private:
    enum class Stream { Priority, Orders };
    struct Attempt; // outcome of one pass of take()

    QByteArray key(const char *suffix) const;
    QByteArray streamKey(Stream stream) const;
    bool setUpConnection(RedisConnection &connection, QString *error);
    // EVALSHA, loading the script when Redis does not know it (restart, SCRIPT FLUSH) and
    // re-creating the consumer group when it is gone. Null on connection failure or an error.
    RedisReplyPtr runScript(RedisConnection &connection, const char *lua,
                            const QByteArrayList &keys, const QByteArrayList &args);
    RedisReplyPtr runCommand(RedisConnection &connection, const QByteArrayList &args);
    // Moves due retries to their stream; returns ms until the next one is due (-1: none, or
    // no answer).
    std::optional<qint64> promoteDue(RedisConnection &connection);
    Attempt takeOnce(qint64 blockMs);
    std::optional<QueueLease> leaseFrom(Stream stream, const redisReply *entry) const;
    std::optional<std::pair<Stream, QByteArray>> parseReceipt(const QString &receipt) const;
    void waitForInterrupt(qint64 ms);

    std::optional<RedisUrl> m_url;
    QString m_urlError;
    QString m_urlText;
    QString m_consumer;
    QByteArray m_consumerBytes;
    QByteArray m_prefix;
    qint64 m_visibilityTimeoutMs;
    QByteArray m_instanceToken; // makes this instance's rate-window members unique
    QAtomicInteger<quint64> m_startSerial = 0;

    QMutex m_takeMutex;
    std::unique_ptr<RedisConnection> m_takeConnection;
    QMutex m_mutex;
    std::unique_ptr<RedisConnection> m_connection;

    QMutex m_interruptMutex;
    QWaitCondition m_interruptCondition;
    bool m_interrupted = false;
};

} // namespace OrderDesk
