#include "SqlBatchStatements.h"

#include "SqlOrderRows.h"
#include "SqlSession.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>

namespace OrderDesk {

namespace {

using WriteResult = OrderStore::WriteResult;

// The history row of an insert or transition travels in the order's row: h_* and f_* columns.
const QString &insertSql()
{
    static const QString sql = QStringLiteral(
        "WITH v AS MATERIALIZED (SELECT * FROM json_to_recordset(CAST(:rows AS json)) AS v("
        " id text, client_order_id text, type text, side text, token_in text, token_in_mint text,"
        " token_in_decimals integer, token_out text, token_out_mint text,"
        " token_out_decimals integer, amount_in text, slippage_bps integer, limit_price text,"
        " expires_at bigint, status text, attempt integer, seq bigint, created_at bigint,"
        " updated_at bigint, route_json text, result_json text, error_code text,"
        " error_message text, error_permanent boolean, retry_at bigint, tx_signature text,"
        " tx_json text, swap_mode text, reserved_in text, wallet_state text, h_ts bigint, h_details text)),"
        " inserted AS (INSERT INTO orders (id, client_order_id, type, side, swap_mode, token_in,"
        " token_in_mint, token_in_decimals, token_out, token_out_mint, token_out_decimals,"
        " amount_in, slippage_bps, limit_price, expires_at, status, attempt, seq, created_at,"
        " updated_at, route_json, result_json, error_code, error_message, error_permanent,"
        " retry_at, tx_signature, tx_json, reserved_in, wallet_state)"
        " SELECT id, client_order_id, type, side, swap_mode, token_in, token_in_mint, token_in_decimals,"
        " token_out, token_out_mint, token_out_decimals, amount_in::numeric, slippage_bps,"
        " limit_price::numeric, expires_at, status, attempt, seq, created_at, updated_at,"
        " route_json::jsonb, result_json::jsonb, error_code, error_message, error_permanent,"
        " retry_at, tx_signature, tx_json::jsonb, reserved_in::numeric, wallet_state FROM v"
        // A clientOrderId already stored (or twice in this batch): that row is skipped.
        " ON CONFLICT (client_order_id) DO NOTHING RETURNING id),"
        " history AS (INSERT INTO order_status_history"
        " (order_id, seq, status, attempt, ts, details_json)"
        " SELECT v.id, v.seq, v.status, v.attempt, v.h_ts, v.h_details::jsonb"
        " FROM v JOIN inserted USING (id))"
        " SELECT id FROM inserted");
    return sql;
}

const QString &transitionSql()
{
    static const QString sql = QStringLiteral(
        "WITH v AS MATERIALIZED (SELECT * FROM json_to_recordset(CAST(:rows AS json)) AS v("
        " id text, expected_seq bigint, lease_token bigint, release_lease boolean, status text,"
        " attempt integer, seq bigint, updated_at bigint, route_json text, result_json text,"
        " error_code text, error_message text, error_permanent boolean, retry_at bigint,"
        " tx_signature text, tx_json text, token_out_mint text, token_out_decimals integer,"
        " h_ts bigint, h_details text, f_attempt integer, f_code text, f_message text,"
        " f_permanent boolean, f_at bigint)),"
        " locked AS MATERIALIZED (SELECT o.id FROM orders o WHERE o.id IN (SELECT id FROM v)"
        " ORDER BY o.id COLLATE \"C\" FOR UPDATE),"
        // The compare-and-set of each row: the seq its writer read and the fencing token it holds.
        " moved AS (UPDATE orders o SET status = v.status, attempt = v.attempt, seq = v.seq,"
        " updated_at = v.updated_at, route_json = v.route_json::jsonb,"
        " result_json = v.result_json::jsonb, error_code = v.error_code,"
        " error_message = v.error_message, error_permanent = v.error_permanent,"
        " retry_at = v.retry_at, tx_signature = v.tx_signature, tx_json = v.tx_json::jsonb,"
        " token_out_mint = v.token_out_mint, token_out_decimals = v.token_out_decimals,"
        " lease_owner = CASE WHEN v.release_lease THEN NULL ELSE o.lease_owner END,"
        " lease_expires_at = CASE WHEN v.release_lease THEN NULL ELSE o.lease_expires_at END"
        " FROM v JOIN locked USING (id)"
        " WHERE o.id = v.id AND o.seq = v.expected_seq AND o.lease_token = v.lease_token"
        " RETURNING o.id),"
        " history AS (INSERT INTO order_status_history"
        " (order_id, seq, status, attempt, ts, details_json)"
        " SELECT v.id, v.seq, v.status, v.attempt, v.h_ts, v.h_details::jsonb"
        " FROM v JOIN moved USING (id)),"
        " failures AS (INSERT INTO order_failures (order_id, attempt, code, message, permanent, at)"
        " SELECT v.id, v.f_attempt, v.f_code, v.f_message, v.f_permanent, v.f_at"
        " FROM v JOIN moved USING (id) WHERE v.f_code IS NOT NULL"
        " ON CONFLICT (order_id, attempt) DO NOTHING)"
        " SELECT id FROM moved");
    return sql;
}

void addValues(QJsonObject &row, const QVariantMap &values, const QString &prefix = {})
{
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        row.insert(prefix + it.key(), SqlOrderRows::jsonValue(it.value()));
}

QJsonObject historyColumns(const StoreWrite &write)
{
    const QVariantMap history = SqlOrderRows::historyValues(write.order, write.event);
    return {{QStringLiteral("h_ts"), SqlOrderRows::jsonValue(history.value(QStringLiteral("ts")))},
            {QStringLiteral("h_details"), history.value(QStringLiteral("details_json")).toString()}};
}

QJsonObject insertRow(const StoreWrite &write)
{
    QJsonObject row = historyColumns(write);
    addValues(row, SqlOrderRows::newOrderValues(write.order));
    return row;
}

QJsonObject transitionRow(const StoreWrite &write)
{
    const Order &order = write.order;
    QJsonObject row = historyColumns(write);
    addValues(row, SqlOrderRows::orderStateValues(order));
    row.insert(QStringLiteral("id"), order.id);
    row.insert(QStringLiteral("expected_seq"), write.event.seq - 1);
    row.insert(QStringLiteral("lease_token"), order.leaseToken);
    row.insert(QStringLiteral("release_lease"), order.leaseOwner.isEmpty());
    // A sniper order's token gets its mint when it launches, on the way to routing.
    row.insert(QStringLiteral("token_out_mint"), SqlOrderRows::mintText(order.tokenOut));
    row.insert(QStringLiteral("token_out_decimals"), order.tokenOut.decimals);
    if (write.failure) {
        QVariantMap failure = SqlOrderRows::failureValues(order, *write.failure);
        failure.remove(QStringLiteral("order_id"));
        addValues(row, failure, QStringLiteral("f_"));
    }
    return row;
}

// Runs one set-based statement over `rows`; the ids it returns are the rows it applied.
std::optional<QSet<QString>> run(SqlSession &session, const QString &sql, const char *what,
                                 const QJsonArray &rows)
{
    QSqlQuery *query = session.prepared(sql);
    if (!query)
        return std::nullopt;
    SqlFinishGuard guard(*query);
    query->bindValue(QStringLiteral(":rows"),
                     QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
    if (!session.exec(*query, what))
        return std::nullopt;
    QSet<QString> applied;
    while (query->next())
        applied.insert(query->value(0).toString());
    return applied;
}

} // namespace

WriteResult SqlBatchStatements::apply(SqlSession &session, const QList<StoreWrite> &writes,
                                      const QList<qsizetype> &order, QList<WriteResult> *results)
{
    results->fill(WriteResult::Error, order.size());
    // A set-based statement sees each row once: the second write of one order goes into the
    // next round, which runs after the first round's statements.
    QHash<QString, int> seen;
    QList<QList<qsizetype>> rounds; // positions in `order`
    for (qsizetype k = 0; k < order.size(); ++k) {
        const int round = seen[writes.at(order.at(k)).order.id]++;
        if (round >= rounds.size())
            rounds.resize(round + 1);
        rounds[round].append(k);
    }

    for (const QList<qsizetype> &round : std::as_const(rounds)) {
        for (const StoreWrite::Kind kind : {StoreWrite::Kind::Insert, StoreWrite::Kind::Transition}) {
            QJsonArray rows;
            QList<qsizetype> members;
            for (const qsizetype k : round) {
                const StoreWrite &write = writes.at(order.at(k));
                if (write.kind != kind)
                    continue;
                rows.append(kind == StoreWrite::Kind::Insert ? insertRow(write) : transitionRow(write));
                members.append(k);
            }
            if (members.isEmpty())
                continue;
            const bool inserting = kind == StoreWrite::Kind::Insert;
            const std::optional<QSet<QString>> applied =
                run(session, inserting ? insertSql() : transitionSql(),
                    inserting ? "insert orders" : "apply transitions", rows);
            if (!applied)
                return WriteResult::Error;
            for (const qsizetype k : std::as_const(members)) {
                const bool done = applied->contains(writes.at(order.at(k)).order.id);
                (*results)[k] = done ? WriteResult::Applied
                                     : inserting ? WriteResult::Duplicate : WriteResult::Conflict;
            }
        }
    }
    return WriteResult::Applied;
}

} // namespace OrderDesk
