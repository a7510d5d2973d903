#pragma once

#include "WalletBalance.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace OrderDesk {

// The wallet arithmetic of one store transaction, in memory: the balance rows a batch touches
// are read (and locked) once, every settlement, release and reservation of the batch is decided
// here in arrival order, and only the changed rows are written back, one row per token. So a
// batch of hundreds of orders costs the wallet two statements, not one per order.
//
// Balances never go negative: a reservation is granted only when the available amount covers it,
// and a settlement debits at most what its order reserved (the engine bounds every order's input
// by its reservation).
class WalletBook
{
public:
    explicit WalletBook(const QList<WalletBalance> &rows);

    // Frees `amount` of `token` held by an order that failed, was cancelled or expired.
    void release(const QString &token, Int128 amount);

    // A confirmed order: its reservation `reserved` of `tokenIn` is closed, the executed input
    // debited and the output credited. `valueUsdc`, the trade's worth in USDC base units, is the
    // cost of what was bought and the proceeds of what was sold (average cost: the sold part of
    // the holding leaves with its share of the cost, the difference is realised P&L).
    void settle(const QString &tokenIn, Int128 reserved, Int128 executedIn, const QString &tokenOut,
                int decimalsOut, Int128 amountOut, Int128 valueUsdc);

    // Reserves `amount` of `token` if the available amount covers it; false (nothing changed)
    // otherwise.
    bool reserve(const QString &token, Int128 amount);
    // Gives back a reservation made in this batch whose order was not stored after all.
    void unreserve(const QString &token, Int128 amount) { release(token, amount); }

    Int128 available(const QString &token) const;
    // The rows changed since construction (new tokens included), sorted by token.
    QList<WalletBalance> changed() const;
    // A debit that would have taken a balance below zero (a bug upstream): logged, and counted.
    int overdrafts() const { return m_overdrafts; }

    // The token whose cost is counted in itself.
    static QString quoteToken() { return QStringLiteral("USDC"); }

private:
    WalletBalance &row(const QString &token, int decimals = 0);

    QHash<QString, WalletBalance> m_rows;
    QSet<QString> m_changed;
    int m_overdrafts = 0;
};

} // namespace OrderDesk
