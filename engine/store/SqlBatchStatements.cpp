#include "SqlBatchStatements.h"

#include "JsonRowWriter.h"
#include "JsonText.h"
#include "SqlOrderRows.h"
#include "SqlSession.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QVariant>

namespace OrderDesk {

namespace {

using WriteResult = OrderStore::WriteResult;

// $1: the rows, one JSON object each; $3: their JSON documents (JsonRowWriter), a text[] the
// rows point into. The history row of an insert or transition travels in the order's row: h_*
// and f_* columns. The balances of the wallet ($2, rows locked by the transition statement)
// are written in the same statement; a reservation whose insert stored nothing is taken off
// them again.
const QString &insertSql()
{
    static const QString sql = QStringLiteral(
        "WITH v AS MATERIALIZED (SELECT * FROM json_to_recordset(CAST($1 AS json)) AS v("
        " id text, client_order_id text, type text, side text, token_in text, token_in_mint text,"
        " token_in_decimals integer, token_out text, token_out_mint text,"
        " token_out_decimals integer, amount_in text, slippage_bps integer, limit_price text,"
        " expires_at bigint, status text, attempt integer, seq bigint, created_at bigint,"
        " updated_at bigint, route_json integer, result_json integer, error_code text,"
        " error_message text, error_permanent boolean, retry_at bigint, tx_signature text,"
        " tx_json integer, swap_mode text, reserved_in text, wallet_state text, h_ts bigint,"
        " h_details integer)),"
        " inserted AS (INSERT INTO orders (id, client_order_id, type, side, swap_mode, token_in,"
        " token_in_mint, token_in_decimals, token_out, token_out_mint, token_out_decimals,"
        " amount_in, slippage_bps, limit_price, expires_at, status, attempt, seq, created_at,"
        " updated_at, result_json, error_code, error_message, error_permanent,"
        " retry_at, tx_signature, tx_json, reserved_in, wallet_state)"
        " SELECT id, client_order_id, type, side, swap_mode, token_in, token_in_mint,"
        " token_in_decimals, token_out, token_out_mint, token_out_decimals, amount_in::numeric,"
        " slippage_bps, limit_price::numeric, expires_at, status, attempt, seq, created_at,"
        " updated_at, ($3::text[])[result_json]::json,"
        " error_code, error_message, error_permanent, retry_at, tx_signature,"
        " ($3::text[])[tx_json]::json, reserved_in::numeric, wallet_state FROM v"
        // A clientOrderId already stored (or twice in this batch): that row is skipped.
        " ON CONFLICT (client_order_id) DO NOTHING RETURNING id),"
        " history AS (INSERT INTO order_status_history"
        " (order_id, seq, status, attempt, ts, details_json)"
        " SELECT v.id, v.seq, v.status, v.attempt, v.h_ts, ($3::text[])[v.h_details]::json"
        " FROM v JOIN inserted USING (id)),"
        " routes AS (INSERT INTO order_routes (order_id, route_json)"
        " SELECT v.id, ($3::text[])[v.route_json]::json FROM v JOIN inserted USING (id)"
        " WHERE v.route_json IS NOT NULL),"
        " wallet AS (UPDATE wallet_balances b SET total = w.total::numeric,"
        " reserved = w.reserved::numeric - COALESCE((SELECT sum(s.reserved_in::numeric) FROM v s"
        " WHERE s.token_in = w.token AND s.reserved_in IS NOT NULL"
        " AND s.id NOT IN (SELECT id FROM inserted)), 0),"
        " cost_usdc = w.cost_usdc::numeric, realised_usdc = w.realised_usdc::numeric,"
        " cost_known = w.cost_known, decimals = w.decimals, updated_at = w.updated_at"
        " FROM json_to_recordset(CAST($2 AS json)) AS w(token text, decimals integer,"
        " total text, reserved text, cost_usdc text, realised_usdc text, cost_known boolean,"
        " updated_at bigint) WHERE b.token = w.token RETURNING b.token)"
        " SELECT 'o', id FROM inserted UNION ALL SELECT 'w', count(*)::text FROM wallet");
    return sql;
}

// A terminal transition closes its order's reservation while it is open (the row is locked, so
// exactly once whatever runs twice). The balance rows of the tokens in $2 are locked after the
// order rows: the count over `moved` makes PostgreSQL run the update before it scans the balances.
// Rows out: ('o', id, -, reserved_in, -, -, -, closed, token_in) per order moved,
// ('b', BalanceColumns...) per balance locked.
const QString &transitionSql()
{
    static const QString sql = QStringLiteral(
        "WITH v AS MATERIALIZED (SELECT * FROM json_to_recordset(CAST($1 AS json)) AS v("
        " id text, expected_seq bigint, expected_status text, lease_token bigint,"
        " release_lease boolean, status text, attempt integer, seq bigint, updated_at bigint,"
        " route_json integer,"
        " result_json integer, error_code text, error_message text, error_permanent boolean,"
        " retry_at bigint, tx_signature text, tx_json integer, token_out_mint text,"
        " token_out_decimals integer, h_ts bigint, h_details integer, f_attempt integer,"
        " f_code text, f_message text, f_permanent boolean, f_at bigint)),"
        " locked AS MATERIALIZED (SELECT o.id, o.wallet_state AS held FROM orders o"
        " WHERE o.id IN (SELECT id FROM v) ORDER BY o.id COLLATE \"C\" FOR UPDATE),"
        // The compare-and-set of each row: the seq (and status) its writer read and the fencing
        // token it holds.
        " moved AS (UPDATE orders o SET status = v.status, attempt = v.attempt, seq = v.seq,"
        " updated_at = v.updated_at,"
        " result_json = ($3::text[])[v.result_json]::json, error_code = v.error_code,"
        " error_message = v.error_message, error_permanent = v.error_permanent,"
        " retry_at = v.retry_at, tx_signature = v.tx_signature,"
        " tx_json = ($3::text[])[v.tx_json]::json,"
        " token_out_mint = v.token_out_mint, token_out_decimals = v.token_out_decimals,"
        " lease_owner = CASE WHEN v.release_lease THEN NULL ELSE o.lease_owner END,"
        " lease_expires_at = CASE WHEN v.release_lease THEN NULL ELSE o.lease_expires_at END,"
        " wallet_state = CASE WHEN locked.held = 'open'"
        " AND v.status IN ('confirmed', 'failed', 'cancelled', 'expired')"
        " THEN CASE v.status WHEN 'confirmed' THEN 'settled' ELSE 'released' END"
        " ELSE o.wallet_state END"
        " FROM v JOIN locked USING (id)"
        " WHERE o.id = v.id AND o.seq = v.expected_seq"
        " AND o.status = COALESCE(v.expected_status, o.status) AND o.lease_token = v.lease_token"
        " RETURNING o.id, (locked.held = 'open'"
        " AND v.status IN ('confirmed', 'failed', 'cancelled', 'expired')) IS TRUE AS closed,"
        " o.token_in, o.reserved_in),"
        " history AS (INSERT INTO order_status_history"
        " (order_id, seq, status, attempt, ts, details_json)"
        " SELECT v.id, v.seq, v.status, v.attempt, v.h_ts, ($3::text[])[v.h_details]::json"
        " FROM v JOIN moved USING (id)),"
        // The route of an attempt, on its way to building (SqlOrderRows::storesRoute); rows of
        // one order are in different statements (rounds), so no row is upserted twice.
        " routes AS (INSERT INTO order_routes (order_id, route_json)"
        " SELECT v.id, ($3::text[])[v.route_json]::json FROM v JOIN moved USING (id)"
        " WHERE v.route_json IS NOT NULL"
        " ON CONFLICT (order_id) DO UPDATE SET route_json = EXCLUDED.route_json),"
        " failures AS (INSERT INTO order_failures (order_id, attempt, code, message, permanent, at)"
        " SELECT v.id, v.f_attempt, v.f_code, v.f_message, v.f_permanent, v.f_at"
        " FROM v JOIN moved USING (id) WHERE v.f_code IS NOT NULL"
        " ON CONFLICT (order_id, attempt) DO NOTHING),"
        " balances AS MATERIALIZED (SELECT token, decimals, total, reserved, cost_usdc,"
        " realised_usdc, cost_known FROM wallet_balances"
        " WHERE token IN (SELECT jsonb_array_elements_text(CAST($2 AS jsonb)))"
        " AND (SELECT count(*) FROM moved) >= 0 ORDER BY token COLLATE \"C\" FOR UPDATE)"
        " SELECT 'o', id, NULL::integer, reserved_in::text, NULL::text, NULL::text, NULL::text,"
        " closed, token_in FROM moved"
        " UNION ALL SELECT 'b', token, decimals, total::text, reserved::text, cost_usdc::text,"
        " realised_usdc::text, cost_known, NULL FROM balances");
    return sql;
}

void addHistoryColumns(JsonRowWriter &row, const StoreWrite &write)
{
    const QVariantMap history = SqlOrderRows::historyValues(write.order, write.event);
    row.add(u"h_ts", history.value(QStringLiteral("ts")));
    row.add(u"h_details", history.value(QStringLiteral("details_json")));
}

QByteArray insertRow(const StoreWrite &write, QByteArrayList &documents)
{
    JsonRowWriter row(documents);
    addHistoryColumns(row, write);
    row.addAll(SqlOrderRows::newOrderValues(write.order));
    row.add(u"route_json", SqlOrderRows::routeJson(write));
    return row.take();
}

QByteArray transitionRow(const StoreWrite &write, QByteArrayList &documents)
{
    const Order &order = write.order;
    JsonRowWriter row(documents);
    addHistoryColumns(row, write);
    row.addAll(SqlOrderRows::orderStateValues(order));
    row.add(u"route_json", SqlOrderRows::routeJson(write));
    row.addAll(SqlOrderRows::compareAndSetValues(write));
    row.add(u"release_lease", order.leaseOwner.isEmpty());
    // A sniper order's token gets its mint when it launches, on the way to routing.
    row.add(u"token_out_mint", SqlOrderRows::mintText(order.tokenOut));
    row.add(u"token_out_decimals", qint64(order.tokenOut.decimals));
    if (write.failure) {
        QVariantMap failure = SqlOrderRows::failureValues(order, *write.failure);
        failure.remove(QStringLiteral("order_id"));
        row.addAll(failure, u"f_");
    }
    return row.take();
}

// The rows as one JSON array, for the statement's $1.
QByteArray rowsText(const QByteArrayList &rows)
{
    return '[' + rows.join(',') + ']';
}

QJsonArray walletRows(const QList<WalletBalance> &balances)
{
    QJsonArray rows;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const WalletBalance &balance : balances) {
        rows.append(QJsonObject{{QStringLiteral("token"), balance.token},
                                {QStringLiteral("decimals"), balance.decimals},
                                {QStringLiteral("total"), Decimal::toString(balance.total)},
                                {QStringLiteral("reserved"), Decimal::toString(balance.reserved)},
                                {QStringLiteral("cost_usdc"), Decimal::toString(balance.costUsdc)},
                                {QStringLiteral("realised_usdc"), Decimal::toString(balance.realisedUsdc)},
                                {QStringLiteral("cost_known"), balance.costKnown},
                                {QStringLiteral("updated_at"), now}});
    }
    return rows;
}

// A set-based statement sees each row once: the second write of one order goes into the next
// round, which runs after the first round's statement. Positions in `members`, per round.
QList<QList<qsizetype>> roundsOf(const QList<StoreWrite> &writes, const QList<qsizetype> &members,
                                 StoreWrite::Kind kind)
{
    QHash<QString, int> seen;
    QList<QList<qsizetype>> rounds;
    for (qsizetype k = 0; k < members.size(); ++k) {
        const StoreWrite &write = writes.at(members.at(k));
        if (write.kind != kind)
            continue;
        const int round = seen[write.order.id]++;
        if (round >= rounds.size())
            rounds.resize(round + 1);
        rounds[round].append(k);
    }
    return rounds;
}

void markResults(const QList<StoreWrite> &writes, const QList<qsizetype> &members,
                 const QList<qsizetype> &round, const QSet<QString> &applied, WriteResult otherwise,
                 QList<WriteResult> *results)
{
    for (const qsizetype k : round) {
        const bool done = applied.contains(writes.at(members.at(k)).order.id);
        (*results)[k] = done ? WriteResult::Applied : otherwise;
    }
}

} // namespace

WriteResult SqlBatchStatements::applyInserts(SqlSession &session, const QList<StoreWrite> &writes,
                                             const QList<qsizetype> &members,
                                             QList<WriteResult> *results,
                                             const QList<WalletBalance> &balances)
{
    results->fill(WriteResult::Error, members.size());
    QList<QList<qsizetype>> rounds = roundsOf(writes, members, StoreWrite::Kind::Insert);
    if (rounds.isEmpty() && !balances.isEmpty())
        rounds.append(QList<qsizetype>{}); // the balances alone
    for (qsizetype r = 0; r < rounds.size(); ++r) {
        QByteArrayList rows;
        QByteArrayList documents;
        for (const qsizetype k : std::as_const(rounds.at(r)))
            rows.append(insertRow(writes.at(members.at(k)), documents));
        const QList<WalletBalance> written = r == 0 ? balances : QList<WalletBalance>{};
        const std::optional<PgResult> result = session.execParams(
            insertSql(),
            {rowsText(rows), JsonText::compact(walletRows(written)),
             PgParam::textArray(documents)},
            "insert orders");
        if (!result)
            return WriteResult::Error;
        QSet<QString> applied;
        qsizetype walletRowsWritten = 0;
        for (int row = 0; row < result->rows(); ++row) {
            if (result->text(row, 0) == "w")
                walletRowsWritten = result->text(row, 1).toLongLong();
            else
                applied.insert(QString::fromUtf8(result->text(row, 1)));
        }
        if (walletRowsWritten != written.size()) {
            session.fail("write wallet", QStringLiteral("%1 of %2 wallet rows are missing")
                                             .arg(written.size() - walletRowsWritten)
                                             .arg(written.size()));
            return WriteResult::Error;
        }
        markResults(writes, members, rounds.at(r), applied, WriteResult::Duplicate, results);
    }
    return WriteResult::Applied;
}

WriteResult SqlBatchStatements::applyTransitions(SqlSession &session,
                                                 const QList<StoreWrite> &writes,
                                                 const QList<qsizetype> &members,
                                                 QList<WriteResult> *results,
                                                 const QHash<QString, int> &lockTokens,
                                                 SqlWallet::ClosedAndLocked *wallet)
{
    results->fill(WriteResult::Error, members.size());
    QStringList tokens = lockTokens.keys();
    std::sort(tokens.begin(), tokens.end());
    QList<QList<qsizetype>> rounds = roundsOf(writes, members, StoreWrite::Kind::Transition);
    if (rounds.isEmpty() && !tokens.isEmpty())
        rounds.append(QList<qsizetype>{}); // the balances alone
    for (qsizetype r = 0; r < rounds.size(); ++r) {
        QByteArrayList rows;
        QByteArrayList documents;
        for (const qsizetype k : std::as_const(rounds.at(r)))
            rows.append(transitionRow(writes.at(members.at(k)), documents));
        const QJsonArray locked = QJsonArray::fromStringList(r == 0 ? tokens : QStringList{});
        const std::optional<PgResult> result = session.execParams(
            transitionSql(),
            {rowsText(rows), JsonText::compact(locked), PgParam::textArray(documents)},
            "apply transitions");
        if (!result)
            return WriteResult::Error;
        QSet<QString> applied;
        for (int row = 0; row < result->rows(); ++row) {
            const QString id = QString::fromUtf8(result->text(row, 1));
            if (result->text(row, 0) == "b") {
                std::optional<WalletBalance> balance = SqlWallet::balanceAt(PgRow(*result, row), 1);
                if (!balance) {
                    session.fail("lock wallet", QStringLiteral("the wallet row of %1 is unreadable").arg(id));
                    return WriteResult::Error;
                }
                wallet->balances.append(*balance);
                continue;
            }
            applied.insert(id);
            if (result->text(row, 7) != "t")
                continue;
            const std::optional<Int128> reserved = Decimal::fromString(result->value(row, 3).toString());
            if (!reserved) {
                session.fail("close reservations",
                             QStringLiteral("order %1 has an unreadable reserved_in").arg(id));
                return WriteResult::Error;
            }
            wallet->closed.append({id, QString::fromUtf8(result->text(row, 8)), *reserved});
        }
        markResults(writes, members, rounds.at(r), applied, WriteResult::Conflict, results);
    }
    if (wallet->balances.size() < tokens.size()) {
        // A token bought for the first time: its row first (lockBalances makes it).
        std::optional<QList<WalletBalance>> balances = SqlWallet::lockBalances(session, lockTokens);
        if (!balances)
            return WriteResult::Error;
        wallet->balances = std::move(*balances);
    }
    return WriteResult::Applied;
}

WriteResult SqlBatchStatements::apply(SqlSession &session, const QList<StoreWrite> &writes,
                                      const QList<qsizetype> &members, QList<WriteResult> *results)
{
    results->fill(WriteResult::Error, members.size());
    QList<qsizetype> inserts;
    QList<qsizetype> transitions;
    for (const qsizetype i : members)
        (writes.at(i).kind == StoreWrite::Kind::Insert ? inserts : transitions).append(i);
    QList<WriteResult> inserted;
    QList<WriteResult> moved;
    SqlWallet::ClosedAndLocked untouched;
    if (applyInserts(session, writes, inserts, &inserted, {}) != WriteResult::Applied
        || applyTransitions(session, writes, transitions, &moved, {}, &untouched) != WriteResult::Applied) {
        return WriteResult::Error;
    }
    qsizetype nextInsert = 0;
    qsizetype nextTransition = 0;
    for (qsizetype k = 0; k < members.size(); ++k) {
        (*results)[k] = writes.at(members.at(k)).kind == StoreWrite::Kind::Insert
                            ? inserted.at(nextInsert++)
                            : moved.at(nextTransition++);
    }
    return WriteResult::Applied;
}

} // namespace OrderDesk
