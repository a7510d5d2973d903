#pragma once

#include "DexVenue.h"
#include "Ledger.h"
#include "Market.h"

#include <QHash>
#include <QSet>
#include <QMutex>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace OrderDesk {

// The simulated Solana chain: a block every blockIntervalMs, a blockhash per block that stays
// usable for 150 blocks, and transactions that land in a block a few seconds after they were
// sent — or never, when they are dropped or their blockhash expires first.
//
// The height is derived from the clock and a base kept in the ledger (height, wall time,
// interval), so it never goes back across restarts without a write per block. Blocks are
// produced by a thread of the chain's own; every read answers at the last block produced (as an
// RPC node answers at its latest processed slot), so a status read at contextSlot h has seen
// every landing up to h, and "not landed, and h > lastValidBlockHeight" means it never will. A
// block counts as produced once the ledger holds it: while it is written, without the lock,
// reads and sends go on at the height before it.
class Chain
{
public:
    struct Config
    {
        double latencyScale = 1.0; // landing delay U(2, 3) s and block interval scale with it
        double dropRate = 0.0;     // probability that an accepted transaction never lands
        quint64 seed = 0;
        // How long a landing's status stays in memory; older ones are answered from the ledger.
        qint64 landedRetentionBlocks = 2 * 150;
        // How long its whole record does: the sender asks for it as soon as it sees the landing,
        // and a block's worth of records is much larger than its statuses. With fast blocks,
        // at least recordRetentionMs: a busy sender may take a moment to ask.
        qint64 recordRetentionBlocks = 64;
        qint64 recordRetentionMs = 5'000;
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
    // All read at one contextSlot. nullopt when a signature older than the chain's memory
    // could not be looked up in the ledger: never "not landed" for want of an answer.
    std::optional<QList<SignatureStatus>> statuses(const QStringList &signatures);
    // The landed transaction with its execution, from memory while it is recent, else from the
    // ledger; an unknown record when it never landed, nullopt when the ledger could not be read.
    std::optional<LandedTransaction> transaction(const QString &signature);

    // What the chain holds in memory: bounded by the traffic of the last few hundred blocks,
    // whatever the ledger holds.
    struct Footprint
    {
        int pending = 0;
        int dropped = 0;
        int landed = 0;
        int records = 0;
    };
    Footprint footprint();

private:
    struct Pending
    {
        SwapTransaction tx;
        qint64 dueHeight = 0;
        quint64 arrival = 0; // landing order inside a block: the order they were sent in
    };

    QString blockhashAt(qint64 height) const;
    void rememberLandingLocked(const Ledger::Landing &landing);
    qint64 clockHeightLocked() const;
    qint64 heightAtLocked(qint64 wallMs) const;
    // Produces every block the clock has reached (m_mutex held through `locker`, released while
    // each block is written to the ledger). Only the chain's thread and close() produce.
    void produce(QMutexLocker<QMutex> &locker);
    void run();

    Ledger &m_ledger;
    const Config m_config;
    const qint64 m_intervalMs;
    const qint64 m_recordRetentionBlocks;
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
    // Each kept by signature for lookups and in the order it leaves in, so a block only touches
    // the transactions it lands or forgets.
    QHash<QString, Pending> m_pending;
    std::map<std::pair<qint64, quint64>, QString> m_pendingByDue; // (dueHeight, arrival)
    QSet<QString> m_sealing; // the block being written to the ledger: sent, not landed yet
    QHash<QString, qint64> m_dropped; // signature → lastValidBlockHeight, forgotten once expired
    std::set<std::pair<qint64, QString>> m_droppedByExpiry;
    QHash<QString, Ledger::Landing> m_landed; // the recent ones; the ledger has them all
    std::deque<std::pair<qint64, QString>> m_landedBySlot;
    // The most recent landings, whole, under a lock of their own: a reader waits for a
    // moment's insert, not for a block's execution and ledger commit.
    mutable QMutex m_recordsMutex;
    QHash<QString, LandedTransaction> m_records;
    std::deque<std::pair<qint64, QString>> m_recordsBySlot;
    QList<QPair<qint64, int>> m_landedBlocks; // for the callback, taken outside the lock
    std::thread m_producer;
};

} // namespace OrderDesk
