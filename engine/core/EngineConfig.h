#pragma once

#include <QMap>
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
    double latencyScale = 1.0;    // in-process market: multiplies every simulated delay
    double dexFailureRate = 0.05; // in-process market: probability that a submission is dropped
    std::optional<quint64> seed;  // in-process market: repeatable when set
    // A route that would move any pool's price by more is refused (price_impact_too_high).
    int maxPriceImpactBps = 1000;
    bool simControl = false;

    QString redisUrl;    // empty: in-process queue
    QString databaseUrl; // empty: SQLite file in dataDir
    QString marketUrl;   // empty: in-process market (its ledger in dataDir)
    QString dataDir;

    // Random-walk step of the in-process market's prices, in ms of wall time; 0 keeps prices
    // still (deterministic tests).
    int marketTickMs = 1000;
    // σ of one in-process market step for SOL; unset: the market's realistic default. Tests that
    // compress minutes into seconds of ticks raise it.
    std::optional<double> marketVolatility;
    // Names this process in logs, in the Redis consumer group and as the owner of its order
    // leases: unique per process run (host-pid-random when empty).
    QString nodeId;

    // Ownership (SPEC "Ownership"): a worker's lease on an order lasts leaseMs by the database's
    // clock and is renewed every leaseRenewMs; every sweepIntervalMs the sweeper takes over
    // orders whose lease lapsed, so an orphan resumes within leaseMs + sweepIntervalMs of its
    // owner's death.
    qint64 leaseMs = 3000;
    qint64 leaseRenewMs = 1000;
    qint64 sweepIntervalMs = 1000;
    // A pending order (or a retry past its time) this long without a worker lost its queue entry
    // (Redis wiped or down when it was queued); the sweeper queues it again.
    qint64 requeueAfterMs = 5000;
    // On stop, how long in-flight orders may take to finish before they are handed back.
    qint64 drainMs = 5000;

    // Redis: a consumer silent this long is dead and its taken queue entries go to another
    // node. Only a second line of defence: leases and the sweeper find every order anyway.
    qint64 redisVisibilityMs = 15'000;
    QString redisKeyPrefix = QStringLiteral("orderdesk"); // nodes sharing a Redis share the prefix

    // The wallet's funding at first start (SPEC §3): symbol → whole tokens as a decimal string;
    // empty: WalletFunding::defaults(). A store that was funded once is never funded again.
    QMap<QString, QString> walletFunding;
};

} // namespace OrderDesk
