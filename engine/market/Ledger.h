#pragma once

#include "Market.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

class QTemporaryDir;

namespace OrderDesk {

// The market's durable record: every transaction that landed (executed or failed on chain) and
// the chain's base, in the market's own SQLite file. Restarting the market forgets nothing.
//
// Safe from several threads: each thread gets its own connection (a QSql connection belongs to
// the thread that opened it); SQLite in WAL mode lets readers run beside the one writer, the
// chain's block producer.
class Ledger
{
public:
    // Where the chain's height is derived from: height = height + (now − wallMs) / intervalMs.
    struct ChainBase
    {
        QString chainId;  // random per ledger, so two markets never share blockhashes
        qint64 height = 0;
        qint64 wallMs = 0; // ms since the epoch, UTC
        qint64 intervalMs = 400;
    };

    // One landed signature as the chain keeps it in memory to answer statuses.
    struct Landing
    {
        QString signature;
        qint64 slot = 0;
        std::optional<OrderError> error;
    };

    // `path` empty: a file in a temporary directory that is removed with the ledger.
    explicit Ledger(const QString &path);
    ~Ledger();
    Ledger(const Ledger &) = delete;
    Ledger &operator=(const Ledger &) = delete;

    bool open(QString *error);
    QString path() const { return m_path; }

    // nullopt with an empty `error`: a new ledger with no base yet.
    std::optional<ChainBase> chainBase(QString *error);
    bool saveChainBase(const ChainBase &base, QString *error);

    // One block's landed transactions in one SQL transaction: all of them or none.
    bool appendBlock(const QList<LandedTransaction> &block, QString *error);

    // The landings with slot > afterSlot, oldest first: what the chain keeps in memory, read at
    // start-up from the newest end (the ledger's order is the slots' order).
    std::optional<QList<Landing>> recentLandings(qint64 afterSlot, QString *error);
    // The given signatures' landings, those the ledger has, in no particular order.
    std::optional<QList<Landing>> landings(const QStringList &signatures, QString *error);
    std::optional<qint64> lastSequence(QString *error);
    std::optional<qint64> highestSlot(QString *error); // 0 for an empty ledger

    // nullopt: the file could not be read; a LandedTransaction with an empty signature: unknown.
    std::optional<LandedTransaction> transaction(const QString &signature);
    // Executed swaps only (no error), sequence > after, oldest first.
    std::optional<QList<LandedTransaction>> executed(qint64 after, int limit);

    // Closes the calling thread's connection (a thread that is about to end).
    void releaseThreadConnection();

private:
    QSqlDatabase connection(QString *error);

    QString m_path;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    const QString m_namePrefix;
    QMutex m_mutex; // the connection names
    QHash<Qt::HANDLE, QString> m_connections;
};

} // namespace OrderDesk
