#pragma once

#include <QString>

#include <algorithm>
#include <optional>

namespace OrderDesk {

struct EngineConfig
{
    int workers = 10;
    int rateLimit = 100;          // starts per window; 0 = unlimited
    qint64 rateWindowMs = 60'000;
    int maxAttempts = 3;
    qint64 backoffMs = 1000;      // first retry delay, doubled for each later retry
    double latencyScale = 1.0;    // multiplies every simulated DEX delay
    double dexFailureRate = 0.05; // probability that a simulated submission fails
    std::optional<quint64> seed;  // repeatable market when set
    bool simControl = false;

    QString redisUrl;    // empty: in-process queue
    QString databaseUrl; // empty: SQLite file in dataDir
    QString dataDir;

    // Random-walk step of the simulated prices, in ms of wall time; 0 keeps prices still
    // (deterministic tests).
    int marketTickMs = 1000;
    QString nodeId; // names this process in logs and the Redis consumer group; host-pid when empty
    // An order in flight that has not changed for this long lost its node (it crashed while its
    // queue entry was taken); the sweeper, every sweepIntervalMs, retries it. 0: ten times the
    // longest simulated attempt (quote + submission), at least 5 s.
    qint64 staleAfterMs = 0;
    qint64 sweepIntervalMs = 5000;
    qint64 effectiveStaleAfterMs() const
    {
        if (staleAfterMs > 0)
            return staleAfterMs;
        return std::max<qint64>(5000, qint64(10 * 3250 * latencyScale));
    }
    QString redisKeyPrefix = QStringLiteral("orderdesk"); // nodes sharing a Redis share the prefix
};

} // namespace OrderDesk
