#pragma once

#include "RedisConnection.h"
#include "RedisScript.h"

#include <QByteArray>
#include <QString>

namespace OrderDesk {

// What RedisQueue and its taker share: the key names, the Lua scripts, and running them so
// that a Redis that lost the consumer group (restarted empty, FLUSHDB) gets it back.
namespace RedisQueueScripts {

inline const QByteArray Group = QByteArrayLiteral("workers");

// All under one hash tag (see redisKeyBase): the scripts and XREADGROUP use several at once.
struct Keys
{
    explicit Keys(const QString &prefix);

    QByteArray priority; // stream of sniper orders
    QByteArray orders;   // stream of everything else
    QByteArray queued;   // hash orderId → stream entries not yet acknowledged
    QByteArray delayed;  // sorted set of retries by due ms, members "p:<id>" / "n:<id>"
    QByteArray ratelimit;

    const QByteArray &stream(bool priorityStream) const { return priorityStream ? priority : orders; }
};

// KEYS: priority, orders, queued  ARGV: ("p"|"n", orderId)…  → {1 added | 0 failed, …}
extern const RedisScript EnqueueMany;
// KEYS: priority, orders, queued  ARGV: ("p"|"n", entry id, orderId)…  → leases it ended
extern const RedisScript AcknowledgeMany;
// KEYS: priority, orders  ARGV: consumer, ("p"|"n", entry id)…  → entries handed back
extern const RedisScript ReleaseMany;
// KEYS: delayed, priority, orders, queued  ARGV: batch  → {moved, ms to the next due or -1}
extern const RedisScript Promote;
// KEYS: priority, orders  ARGV: consumer, min idle ms, at most  → {priority entries, orders entries}
extern const RedisScript Claim;
// KEYS: queued, delayed  ARGV: orderId  → 1 | 0
extern const RedisScript Contains;
// KEYS: priority, orders, delayed  ARGV: released idle ms  → {waiting, active, delayed}
extern const RedisScript Counts;
// KEYS: ratelimit  ARGV: limit, window ms, unique member  → 0 granted | ms to wait
extern const RedisScript AcquireStart;
// KEYS: ratelimit  ARGV: window ms  → starts in the window
extern const RedisScript StartsInWindow;

// release() marks an entry as delivered at the epoch; nothing else is idle this long (~31 years).
constexpr qint64 ReleasedIdleMs = 1'000'000'000'000;

// Creates the consumer group on both streams (BUSYGROUP is fine). For the connection's setup
// function, so it uses commandOnce().
bool createGroups(RedisConnection &connection, const Keys &keys, QString *error);
// The script, or the command, once more after re-creating a lost consumer group. Null when
// Redis cannot be reached or answers with an error (logged).
RedisReplyPtr run(RedisConnection &connection, const Keys &keys, const RedisScript &script,
                  const QByteArrayList &scriptKeys, const QByteArrayList &args);
RedisReplyPtr run(RedisConnection &connection, const Keys &keys, const QByteArrayList &command);

QString whereOf(const RedisConnection &connection);

// Reading script replies: an array of at least `minElements`, and the integer at `index` of an
// array (`fallback` when it is not one).
bool isArray(const redisReply *reply, size_t minElements = 0);
qint64 integerAt(const redisReply *reply, size_t index, qint64 fallback = 0);

} // namespace RedisQueueScripts
} // namespace OrderDesk
