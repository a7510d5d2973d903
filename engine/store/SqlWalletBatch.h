#pragma once

#include "OrderStore.h"

#include <QList>

namespace OrderDesk {

class SqlSession;

// One group-commit batch's writes inside its transaction (SqlOrderStore::applyBatch), with the
// wallet's part when the batch holds a new order or a terminal transition (SPEC §3 "Wallet"):
// transitions first (their terminal ones close reservations: settle or release), then the
// balance rows of every token the batch touches are locked once, in token order, the
// reservations of the new orders decided in arrival order on those balances (WalletBook), the
// orders that are covered inserted, and each changed balance written once. An order the balance
// cannot cover is InsufficientFunds alone.
class SqlWalletBatch
{
public:
    using WriteResult = OrderStore::WriteResult;

    // `valid` indexes `writes` in row-lock order; on success `applied[k]` is the result of
    // `writes[valid[k]]` and Applied is returned; Error leaves the transaction to be rolled back.
    static WriteResult apply(SqlSession &session, const QList<StoreWrite> &writes,
                             const QList<qsizetype> &valid, QList<WriteResult> *applied);
    // The writes of `members` (indices into `writes`) without the wallet, with whichever
    // statements suit the batch's size.
    static WriteResult applyWrites(SqlSession &session, const QList<StoreWrite> &writes,
                                   const QList<qsizetype> &members, QList<WriteResult> *results);

    // Whether a write moves the wallet: a new order with a reservation, a terminal transition.
    static bool reserves(const StoreWrite &write);
    static bool closesReservation(const StoreWrite &write);
};

} // namespace OrderDesk
