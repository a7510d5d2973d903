#pragma once

#include "DexVenue.h"
#include "Ledger.h"
#include "Market.h"

#include <QHash>
#include <QMutex>
#include <QWaitCondition>

#include <functional>
#include <random>
#include <thread>

namespace OrderDesk {

// The simulated Solana chain: a block every blockIntervalMs, a blockhash per block that stays
// usable for 150 blocks, and transactions that land in a block a few seconds after they were
// sent — or never, when they are dropped or their blockhash expires first.
//
// The height is derived from the clock and a base kept in the ledger (height, wall time,
// interval), so it never goes back across restarts without a write per block. Blocks are
// produced by a thread of the chain's own, and by every call that reads the chain before it
// answers, all under one lock: a status read at contextSlot h has seen every landing up to h, so
// "not landed, and h > lastValidBlockHeight" means it never will.
class Chain
{
public:
    struct Config
    {
        double latencyScale = 1.0; // landing delay U(2, 3) s and block interval scale with it
        double dropRate = 0.0;     // probability that an accepted transaction never lands
        quint64 seed = 0;
    };
    // Executes a landing transaction's swap against the venues as they are at that block.
    using Executor = std::function<SubmitOutcome(const SwapTransaction &)>;
    // Called (on the producing thread, outside the lock) after a block with landings.
    using LandedCallback = std::function<void(qint64 height, int count)>;

    // Solana's MAX_PROCESSING_AGE: a blockhash issued at block h is usable up to h + 150.
    static constexpr qint64 BlockhashValidity = 150;

    Chain(Ledger &ledger, const Config &config, Executor executor, LandedCallback onLanded = {});
    ~Chain();
    Chain(const Chain &) = delete;
    Chain &operator=(const Chain &) = delete;

    // Reads (or creates) the chain's base and what landed so far, and starts producing blocks.
    bool open(QString *error);
    // Stops producing and records the base at the current height.
    void close();

    static qint64 blockIntervalFor(double latencyScale);
    qint64 blockIntervalMs() const { return m_intervalMs; }

    Blockhash latestBlockhash();
    qint64 blockHeight();
    SendResult send(const SwapTransaction &transaction);
    // All read at one contextSlot.
    QList<SignatureStatus> statuses(const QStringList &signatures);

private:
    struct Pending
    {
        SwapTransaction tx;
        qint64 dueHeight = 0;
        quint64 arrival = 0; // landing order inside a block: the order they were sent in
    };

    QString blockhashAt(qint64 height) const;
    qint64 clockHeightLocked() const;
    qint64 heightAtLocked(qint64 wallMs) const;
    void produceLocked();
    void run();

    Ledger &m_ledger;
    const Config m_config;
    const qint64 m_intervalMs;
    Executor m_executor;
    LandedCallback m_onLanded;

    QMutex m_mutex; // everything below; block production and every read
    QWaitCondition m_wake;
    bool m_open = false;
    bool m_stopping = false;
    Ledger::ChainBase m_base;
    qint64 m_produced = 0; // the last block produced
    qint64 m_lastSequence = 0;
    quint64 m_arrivals = 0;
    std::mt19937_64 m_rng;
    QHash<QString, Pending> m_pending;
    QHash<QString, qint64> m_dropped; // signature → lastValidBlockHeight, forgotten once expired
    QHash<QString, Ledger::Landing> m_landed;
    QList<QPair<qint64, int>> m_landedBlocks; // for the callback, taken outside the lock
    std::thread m_producer;
};

} // namespace OrderDesk
