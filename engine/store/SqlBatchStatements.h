#pragma once

#include "OrderStore.h"
#include "SqlWallet.h"

#include <QList>
#include <QStringList>

namespace OrderDesk {

class SqlSession;

// PostgreSQL's side of group commit: a batch of inserts and transitions in two statements
// instead of two or three per write. The rows travel as one JSON array parameter
// (json_to_recordset), and each statement does the compare-and-set, the history rows and the
// failure rows for all of them at once, returning the ids it changed.
//
// The wallet (SPEC §3) rides in the same two statements, so a batch that moves it costs no
// extra round trip: the transition statement closes the reservations of the orders it moves to
// a terminal status and locks the balance rows the batch touches; the insert statement writes
// the balances back.
//
// Rows are locked in id order (COLLATE "C", as QString sorts the ASCII ids), the order
// renewLeases locks them in, and balance rows after order rows, in token order, so that two
// transactions never wait for each other in a circle.
class SqlBatchStatements
{
public:
    using WriteResult = OrderStore::WriteResult;

    // Runs `writes[members[k]]` for every k inside the session's open transaction, without the
    // wallet: inserts, then transitions (writes of one order in the sequence `members` gives
    // them). On success `results[k]` is the result of `writes[members[k]]` and Applied is
    // returned; Error (the session has the reason) leaves the transaction to be rolled back.
    static WriteResult apply(SqlSession &session, const QList<StoreWrite> &writes,
                             const QList<qsizetype> &members, QList<WriteResult> *results);

    // The transitions among `members`, closing the reservations of those that end their order
    // ('settled' for a confirmed order, 'released' otherwise, only while still open), and the
    // balance rows of `lockTokens` (symbol → decimals) locked after the order rows. `wallet`
    // gets the reservations closed and the locked balances.
    static WriteResult applyTransitions(SqlSession &session, const QList<StoreWrite> &writes,
                                        const QList<qsizetype> &members, QList<WriteResult> *results,
                                        const QHash<QString, int> &lockTokens,
                                        SqlWallet::ClosedAndLocked *wallet);

    // The inserts among `members`, and `balances` (rows locked by applyTransitions, with the
    // reservations of every insert in `members` counted) written back: the reservation of an
    // insert that stored nothing (its clientOrderId was taken) is taken off again.
    static WriteResult applyInserts(SqlSession &session, const QList<StoreWrite> &writes,
                                    const QList<qsizetype> &members, QList<WriteResult> *results,
                                    const QList<WalletBalance> &balances);
};

} // namespace OrderDesk
