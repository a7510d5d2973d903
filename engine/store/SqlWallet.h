#pragma once

#include "Decimal.h"
#include "WalletBalance.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QSqlQuery;

namespace OrderDesk {

class SqlSession;

// The wallet's rows (SPEC §3 "Wallet", §6): `wallet_balances`, one row per token, and each
// order's reservation (`orders.reserved_in`, `orders.wallet_state`: 'open' while the order holds
// it, then 'settled' or 'released', exactly once). Statements only; what they mean is decided
// by WalletBook inside SqlOrderStore::applyBatch's transaction.
class SqlWallet
{
public:
    // A reservation closed by closeReservations: what its order had reserved, of which token.
    struct Closed
    {
        QString orderId;
        QString token;
        Int128 amount = 0;
    };

    // Closes the open reservations of `orderIds` (orders this transaction just moved to a
    // terminal status): 'settled' for a confirmed order, 'released' otherwise. Conditional on
    // the reservation still being open, so a reservation is closed at most once whatever runs
    // twice; returns the ones this call closed, with the amounts as stored.
    static std::optional<QList<Closed>> closeReservations(SqlSession &session,
                                                          const QStringList &orderIds);

    // The rows of `tokens` (symbol → decimals), locked until the transaction ends (PostgreSQL:
    // FOR UPDATE in token order, the one order every transaction takes them in; SQLite's write
    // transaction holds the whole file). A token without a row gets an empty one first, so two
    // transactions crediting a new token meet on its row instead of both inserting it.
    static std::optional<QList<WalletBalance>> lockBalances(SqlSession &session,
                                                            const QHash<QString, int> &tokens);
    // What closeReservations() and lockBalances() found for a batch (on PostgreSQL both ride in
    // the batch's transition statement: SqlBatchStatements::applyTransitions).
    struct ClosedAndLocked
    {
        QList<Closed> closed;
        QList<WalletBalance> balances;
    };
    // The balance in the columns "token, decimals, total, reserved, cost_usdc, realised_usdc,
    // cost_known" of `row` (a QSqlQuery on its current row, or a PgRow) from column `first`;
    // nullopt when an amount is unreadable.
    template <typename Row>
    static std::optional<WalletBalance> balanceAt(const Row &row, int first)
    {
        WalletBalance balance;
        balance.token = row.value(first).toString();
        balance.decimals = row.value(first + 1).toInt();
        const auto total = Decimal::fromString(row.value(first + 2).toString());
        const auto reserved = Decimal::fromString(row.value(first + 3).toString());
        const auto cost = Decimal::fromString(row.value(first + 4).toString());
        const auto realised = Decimal::fromString(row.value(first + 5).toString());
        if (!total || !reserved || !cost || !realised)
            return std::nullopt;
        balance.total = *total;
        balance.reserved = *reserved;
        balance.costUsdc = *cost;
        balance.realisedUsdc = *realised;
        balance.costKnown = row.value(first + 6).toBool();
        return balance;
    }

    // Writes `rows` (locked by lockBalances in this transaction) as they are, a statement per
    // row (PostgreSQL's batches write them in their insert statement instead).
    static bool writeBalances(SqlSession &session, const QList<WalletBalance> &rows);

    static std::optional<QList<WalletBalance>> readBalances(SqlSession &session);
    static std::optional<QList<WalletReservation>> readReservations(SqlSession &session, int limit);

    // Stores `funding` unless the wallet has ever been funded (it has rows). Returns whether it
    // funded it.
    static std::optional<bool> fundOnce(SqlSession &session, const QList<WalletBalance> &funding);
    // Gives the holdings whose cost is not known yet the cost `marks` says (token → USDC base
    // units for the whole holding); holdings that got a cost meanwhile keep theirs.
    static bool setUnknownCosts(SqlSession &session, const QHash<QString, Int128> &marks);
};

} // namespace OrderDesk
