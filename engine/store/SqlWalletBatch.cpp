#include "SqlWalletBatch.h"

#include "SqlBatchStatements.h"
#include "SqlRowStatements.h"
#include "SqlSession.h"
#include "SqlWallet.h"
#include "WalletBook.h"

#include <QHash>

#include <algorithm>

namespace OrderDesk {

using WriteResult = OrderStore::WriteResult;

namespace {
// From this many writes on, PostgreSQL gets a batch as set-based statements (SqlBatchStatements).
constexpr qsizetype SetBasedBatchMinimum = 4;
} // namespace

WriteResult SqlWalletBatch::applyWrites(SqlSession &session, const QList<StoreWrite> &writes,
                                        const QList<qsizetype> &members, QList<WriteResult> *results)
{
    results->clear();
    if (members.isEmpty())
        return OrderStore::WriteResult::Applied;
    // A few statements for the whole batch, when it is large enough to pay for their planning
    // (a set-based statement costs PostgreSQL more than two small ones for a single row).
    if (session.backend() == SqlBackend::Postgres && members.size() >= SetBasedBatchMinimum)
        return SqlBatchStatements::apply(session, writes, members, results);
    // SQLite runs in this process: a statement per row costs no round trip.
    return SqlRowStatements::apply(session, writes, members, results);
}

bool SqlWalletBatch::reserves(const StoreWrite &write)
{
    return write.kind == StoreWrite::Kind::Insert && write.order.reservedIn.has_value();
}

bool SqlWalletBatch::closesReservation(const StoreWrite &write)
{
    return write.kind == StoreWrite::Kind::Transition && isTerminal(write.order.status);
}

namespace {

// What a confirmed order's swap took: as the market reported it, or for an order confirmed
// without that figure, the whole amount of an ExactIn order or the whole reservation.
Int128 executedInput(const Order &order, Int128 reserved)
{
    if (order.execution && order.execution->amountIn > 0)
        return order.execution->amountIn;
    return order.swapMode == SwapMode::ExactIn ? std::min(order.amountIn, reserved) : reserved;
}

} // namespace

namespace {

// The transitions and the wallet's reads: on PostgreSQL in the transition statement, on SQLite
// (in this process, no round trips) a statement at a time.
WriteResult closeAndLock(SqlSession &session, const QList<StoreWrite> &writes,
                         const QList<qsizetype> &transitions, const QHash<QString, int> &tokens,
                         QList<WriteResult> *results, SqlWallet::ClosedAndLocked *wallet)
{
    if (session.backend() == SqlBackend::Postgres)
        return SqlBatchStatements::applyTransitions(session, writes, transitions, results, tokens, wallet);
    if (SqlRowStatements::apply(session, writes, transitions, results) != WriteResult::Applied)
        return WriteResult::Error;
    QStringList finished;
    for (qsizetype k = 0; k < transitions.size(); ++k) {
        const StoreWrite &write = writes.at(transitions.at(k));
        if (results->at(k) == WriteResult::Applied && SqlWalletBatch::closesReservation(write))
            finished.append(write.order.id);
    }
    std::optional<QList<SqlWallet::Closed>> closed = SqlWallet::closeReservations(session, finished);
    std::optional<QList<WalletBalance>> balances =
        closed ? SqlWallet::lockBalances(session, tokens) : std::nullopt;
    if (!balances)
        return WriteResult::Error;
    wallet->closed = std::move(*closed);
    wallet->balances = std::move(*balances);
    return WriteResult::Applied;
}

// The inserts `covered` and the balances `book` holds (their reservations counted); a
// reservation whose insert stored nothing is given back.
WriteResult insertAndWrite(SqlSession &session, const QList<StoreWrite> &writes,
                           const QList<qsizetype> &covered, WalletBook &book,
                           QList<WriteResult> *results)
{
    if (session.backend() == SqlBackend::Postgres)
        return SqlBatchStatements::applyInserts(session, writes, covered, results, book.changed());
    if (SqlRowStatements::apply(session, writes, covered, results) != WriteResult::Applied)
        return WriteResult::Error;
    for (qsizetype k = 0; k < covered.size(); ++k) {
        const StoreWrite &write = writes.at(covered.at(k));
        // A repeated clientOrderId stored nothing: it holds nothing.
        if (results->at(k) != WriteResult::Applied && SqlWalletBatch::reserves(write))
            book.unreserve(write.order.tokenIn.symbol, *write.order.reservedIn);
    }
    return SqlWallet::writeBalances(session, book.changed()) ? WriteResult::Applied
                                                             : WriteResult::Error;
}

} // namespace

// The wallet's part of a batch, inside its transaction: transitions first (their terminal ones
// close reservations: settle or release) with the balance rows of every token the batch may
// touch locked once, in token order; the reservations of the new orders decided in arrival
// order on those balances, the orders that are covered inserted, and each changed balance
// written once. An order the balance cannot cover is refused alone. On PostgreSQL that is two
// statements whatever the batch holds.
OrderStore::WriteResult SqlWalletBatch::apply(SqlSession &session, const QList<StoreWrite> &writes,
                                              const QList<qsizetype> &valid,
                                              QList<WriteResult> *applied)
{
    QList<qsizetype> transitions;
    QList<qsizetype> inserts;
    for (const qsizetype i : valid)
        (writes.at(i).kind == StoreWrite::Kind::Insert ? inserts : transitions).append(i);
    // Arrival order: the sequence the writes were handed over in.
    std::sort(inserts.begin(), inserts.end());

    // Every token the batch may touch, locked before any is read: an order that may finish has
    // its two (a release needs only its input's row, a settlement both), a new order its input.
    QHash<QString, int> tokens;
    QHash<QString, qsizetype> finishing; // order id → its terminal write
    for (const qsizetype i : std::as_const(transitions)) {
        const Order &order = writes.at(i).order;
        if (!closesReservation(writes.at(i)))
            continue;
        finishing.insert(order.id, i);
        tokens.insert(order.tokenIn.symbol, order.tokenIn.decimals);
        if (order.status == OrderStatus::Confirmed)
            tokens.insert(order.tokenOut.symbol, order.tokenOut.decimals);
    }
    for (const qsizetype i : std::as_const(inserts)) {
        if (reserves(writes.at(i)))
            tokens.insert(writes.at(i).order.tokenIn.symbol, writes.at(i).order.tokenIn.decimals);
    }

    QHash<qsizetype, WriteResult> outcome; // by index into writes
    QList<WriteResult> results;
    SqlWallet::ClosedAndLocked wallet;
    if (closeAndLock(session, writes, transitions, tokens, &results, &wallet) != WriteResult::Applied)
        return WriteResult::Error;
    for (qsizetype k = 0; k < transitions.size(); ++k)
        outcome.insert(transitions.at(k), results.at(k));

    WalletBook book(wallet.balances);
    for (const SqlWallet::Closed &reservation : std::as_const(wallet.closed)) {
        const Order &order = writes.at(finishing.value(reservation.orderId)).order;
        if (order.status != OrderStatus::Confirmed) {
            book.release(reservation.token, reservation.amount);
            continue;
        }
        const Int128 amountOut = order.execution ? order.execution->amountOut : 0;
        const Int128 value = order.execution ? order.execution->valueUsdc : 0;
        book.settle(reservation.token, reservation.amount, executedInput(order, reservation.amount),
                    order.tokenOut.symbol, order.tokenOut.decimals, amountOut, value);
    }
    QList<qsizetype> covered;
    for (const qsizetype i : std::as_const(inserts)) {
        const Order &order = writes.at(i).order;
        if (reserves(writes.at(i)) && !book.reserve(order.tokenIn.symbol, *order.reservedIn)) {
            outcome.insert(i, WriteResult::InsufficientFunds);
            continue;
        }
        covered.append(i);
    }
    std::sort(covered.begin(), covered.end(), [&](qsizetype a, qsizetype b) {
        return writes.at(a).order.id < writes.at(b).order.id; // row lock order
    });
    if (insertAndWrite(session, writes, covered, book, &results) != WriteResult::Applied)
        return WriteResult::Error;
    for (qsizetype k = 0; k < covered.size(); ++k)
        outcome.insert(covered.at(k), results.at(k));

    applied->clear();
    for (const qsizetype i : valid)
        applied->append(outcome.value(i, WriteResult::Error));
    return WriteResult::Applied;
}

} // namespace OrderDesk
