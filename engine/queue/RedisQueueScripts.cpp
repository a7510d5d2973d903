#include "RedisQueueScripts.h"

#include "Logging.h"
#include "RedisKeys.h"

#include <hiredis/hiredis.h>

namespace OrderDesk::RedisQueueScripts {

Keys::Keys(const QString &prefix)
{
    const QByteArray base = redisKeyBase(prefix);
    priority = base + ":stream:priority";
    orders = base + ":stream:orders";
    queued = base + ":queued";
    delayed = base + ":delayed";
    ratelimit = base + ":ratelimit";
}

// The entry goes first: an index entry without one would make contains() hide a lost order
// from the sweeper, while an entry without an index entry is at worst queued twice. A member
// that fails (pcall) leaves the others of the batch alone.
const RedisScript EnqueueMany(R"lua(
local results = {}
for i = 1, #ARGV, 2 do
  local stream = KEYS[2]
  if ARGV[i] == 'p' then stream = KEYS[1] end
  local added = redis.pcall('XADD', stream, '*', 'orderId', ARGV[i + 1])
  if type(added) == 'table' and added.err then
    results[#results + 1] = 0
  else
    redis.pcall('HINCRBY', KEYS[3], ARGV[i + 1], 1)
    results[#results + 1] = 1
  end
end
return results
)lua");

// Only the acknowledgement that ends the lease updates the index: a second one, or one for an
// entry another consumer has reclaimed and acknowledged since, changes nothing. That also makes
// the whole batch safe to run again after a lost reply or a re-created group.
const RedisScript AcknowledgeMany(R"lua(
local ended = 0
for i = 1, #ARGV, 3 do
  local stream = KEYS[2]
  if ARGV[i] == 'p' then stream = KEYS[1] end
  if redis.call('XACK', stream, 'workers', ARGV[i + 1]) == 1 then
    redis.call('XDEL', stream, ARGV[i + 1])
    local orderId = ARGV[i + 2]
    if orderId ~= '' then
      local left = redis.pcall('HINCRBY', KEYS[3], orderId, -1)
      if type(left) == 'number' and left <= 0 then redis.pcall('HDEL', KEYS[3], orderId) end
    end
    ended = ended + 1
  end
end
return ended
)lua");

// The entry stays pending but looks delivered at the epoch, so the next claim of any consumer
// takes it before new entries: the front of the queue, as in the in-process queue. A lease
// another consumer has reclaimed meanwhile is not ours to hand back.
const RedisScript ReleaseMany(R"lua(
local released = 0
for i = 2, #ARGV, 2 do
  local stream = KEYS[2]
  if ARGV[i] == 'p' then stream = KEYS[1] end
  local mine = redis.call('XPENDING', stream, 'workers', ARGV[i + 1], ARGV[i + 1], 1, ARGV[1])
  if #mine > 0 then
    redis.call('XCLAIM', stream, 'workers', ARGV[1], 0, ARGV[i + 1], 'TIME', 0, 'JUSTID')
    released = released + 1
  end
end
return released
)lua");

// Redis' clock, so every node agrees on what is due; a member is moved only by the run whose
// ZREM removed it.
const RedisScript Promote(R"lua(
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
)lua");

// XAUTOCLAIM looks at only ten pending entries per COUNT: follow the cursor through the whole
// pending list, oldest first, until enough are claimed. Deleted entries come back as nil
// (false here) from Redis 6.2 and are skipped.
const RedisScript Claim(R"lua(
local want = tonumber(ARGV[3])
local found = {{}, {}}
local total = 0
for s = 1, 2 do
  local cursor = '0-0'
  repeat
    local r = redis.call('XAUTOCLAIM', KEYS[s], 'workers', ARGV[1], ARGV[2], cursor,
                         'COUNT', want - total)
    for _, entry in ipairs(r[2]) do
      if entry then
        found[s][#found[s] + 1] = entry
        total = total + 1
      end
    end
    cursor = r[1]
  until cursor == '0-0' or total >= want
  if total >= want then break end
end
return found
)lua");

const RedisScript Contains(R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('ZSCORE', KEYS[2], 'n:' .. ARGV[1]) then return 1 end
if redis.call('ZSCORE', KEYS[2], 'p:' .. ARGV[1]) then return 1 end
return 0
)lua");

// Acknowledged entries are deleted, so a stream holds exactly the waiting and the pending ones;
// released entries are pending but waiting for the next taker.
const RedisScript Counts(R"lua(
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
)lua");

// Redis' clock, not the callers': nodes with skewed clocks still share one window.
const RedisScript AcquireStart(R"lua(
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
)lua");

const RedisScript StartsInWindow(R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
return redis.call('ZCOUNT', KEYS[1], string.format('(%.3f', now - tonumber(ARGV[1])), '+inf')
)lua");

QString whereOf(const RedisConnection &connection)
{
    return QStringLiteral("redis at %1").arg(connection.nodeHostPort());
}

bool createGroups(RedisConnection &connection, const Keys &keys, QString *error)
{
    for (const QByteArray &stream : {keys.priority, keys.orders}) {
        // From "0": whatever is in a stream is unacknowledged work, even if the group was lost.
        const RedisReplyPtr reply =
            connection.commandOnce({"XGROUP", "CREATE", stream, Group, "0", "MKSTREAM"});
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

namespace {
template<typename Send>
RedisReplyPtr runRecovering(RedisConnection &connection, const Keys &keys, const char *what,
                            Send send)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        RedisReplyPtr reply = send();
        if (!reply)
            return nullptr;
        const QString failure = RedisConnection::errorText(reply.get());
        if (failure.isEmpty())
            return reply;
        // The streams were deleted under us (FLUSHDB, a restart without persistence while
        // this connection survived): recreate the group once and try again.
        if (attempt == 0 && failure.contains(QLatin1String("NOGROUP"))) {
            QString why;
            if (createGroups(connection, keys, &why))
                continue;
        }
        qCWarning(lcQueue).noquote() << whereOf(connection) << "answered" << what << "with"
                                     << failure;
        return nullptr;
    }
    return nullptr;
}
} // namespace

RedisReplyPtr run(RedisConnection &connection, const Keys &keys, const RedisScript &script,
                  const QByteArrayList &scriptKeys, const QByteArrayList &args)
{
    return runRecovering(connection, keys, "a script",
                         [&] { return script.run(connection, scriptKeys, args); });
}

RedisReplyPtr run(RedisConnection &connection, const Keys &keys, const QByteArrayList &command)
{
    return runRecovering(connection, keys, command.first().constData(),
                         [&] { return connection.command(command); });
}

bool isArray(const redisReply *reply, size_t minElements)
{
    return reply && reply->type == REDIS_REPLY_ARRAY && reply->elements >= minElements;
}

qint64 integerAt(const redisReply *reply, size_t index, qint64 fallback)
{
    if (!isArray(reply, index + 1) || reply->element[index]->type != REDIS_REPLY_INTEGER)
        return fallback;
    return reply->element[index]->integer;
}

} // namespace OrderDesk::RedisQueueScripts
