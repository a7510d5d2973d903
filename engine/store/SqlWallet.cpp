#include "SqlWallet.h"

#include "SqlSession.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace OrderDesk {

namespace {

QString jsonList(const QStringList &values)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

std::optional<Int128> amount(const QSqlQuery &query, int column)
{
    return Decimal::fromString(query.value(column).toString());
}

const char BalanceColumns[] =
    "token, decimals, total, reserved, cost_usdc, realised_usdc, cost_known";

std::optional<QList<WalletBalance>> balancesOf(SqlSession &session, QSqlQuery &query,
                                                 const char *what)
{
    QList<WalletBalance> rows;
    while (query.next()) {
        std::optional<WalletBalance> balance = SqlWallet::balanceAt(query, 0);
        if (!balance) {
            session.fail(what, QStringLiteral("the wallet row of %1 is unreadable")
                                   .arg(query.value(0).toString()));
            return std::nullopt;
        }
        rows.append(*balance);
    }
    return rows;
}

bool insertRow(SqlSession &session, const WalletBalance &balance, bool onlyIfMissing)
{
    QSqlQuery *insert = session.prepared(
        QStringLiteral("INSERT INTO wallet_balances (%1, updated_at) VALUES (:token, :decimals,"
                       " :total, :reserved, :cost_usdc, :realised_usdc, :cost_known, :updated_at)%2")
            .arg(QLatin1String(BalanceColumns),
                 onlyIfMissing ? QStringLiteral(" ON CONFLICT (token) DO NOTHING") : QString()));
    if (!insert)
        return false;
    SqlFinishGuard guard(*insert);
    insert->bindValue(QStringLiteral(":token"), balance.token);
    insert->bindValue(QStringLiteral(":decimals"), balance.decimals);
    insert->bindValue(QStringLiteral(":total"), Decimal::toString(balance.total));
    insert->bindValue(QStringLiteral(":reserved"), Decimal::toString(balance.reserved));
    insert->bindValue(QStringLiteral(":cost_usdc"), Decimal::toString(balance.costUsdc));
    insert->bindValue(QStringLiteral(":realised_usdc"), Decimal::toString(balance.realisedUsdc));
    insert->bindValue(QStringLiteral(":cost_known"), balance.costKnown);
    insert->bindValue(QStringLiteral(":updated_at"), QDateTime::currentMSecsSinceEpoch());
    return session.exec(*insert, "create wallet row");
}

} // namespace

std::optional<QList<SqlWallet::Closed>> SqlWallet::closeReservations(SqlSession &session,
                                                                     const QStringList &orderIds)
{
    QList<Closed> closed;
    if (orderIds.isEmpty())
        return closed;
    QSqlQuery *update = session.prepared(
        QStringLiteral("UPDATE orders SET wallet_state = CASE WHEN status = 'confirmed'"
                       " THEN 'settled' ELSE 'released' END"
                       " WHERE id IN (%1) AND wallet_state = 'open'"
                       " AND status IN ('confirmed', 'failed', 'cancelled', 'expired')"
                       " RETURNING id, token_in, reserved_in")
            .arg(session.textsOfJsonArray(QStringLiteral(":ids"))));
    if (!update)
        return std::nullopt;
    SqlFinishGuard guard(*update);
    update->bindValue(QStringLiteral(":ids"), jsonList(orderIds));
    if (!session.exec(*update, "close reservations"))
        return std::nullopt;
    while (update->next()) {
        const std::optional<Int128> reserved = amount(*update, 2);
        if (!reserved) {
            session.fail("close reservations", QStringLiteral("order %1 has an unreadable reserved_in")
                                                   .arg(update->value(0).toString()));
            return std::nullopt;
        }
        closed.append({update->value(0).toString(), update->value(1).toString(), *reserved});
    }
    return closed;
}

std::optional<QList<WalletBalance>> SqlWallet::lockBalances(SqlSession &session,
                                                            const QHash<QString, int> &tokens)
{
    QStringList names = tokens.keys();
    std::sort(names.begin(), names.end());
    const bool postgres = session.backend() == SqlBackend::Postgres;
    const QString sql =
        QStringLiteral("SELECT %1 FROM wallet_balances WHERE token IN (%2) ORDER BY token%3")
            .arg(QLatin1String(BalanceColumns), session.textsOfJsonArray(QStringLiteral(":tokens")),
                 postgres ? QStringLiteral(" COLLATE \"C\" FOR UPDATE") : QString());
    for (int round = 0; round < 2; ++round) {
        QSqlQuery *select = session.prepared(sql);
        if (!select)
            return std::nullopt;
        std::optional<QList<WalletBalance>> rows;
        {
            SqlFinishGuard guard(*select);
            select->bindValue(QStringLiteral(":tokens"), jsonList(names));
            if (!session.exec(*select, "lock wallet"))
                return std::nullopt;
            rows = balancesOf(session, *select, "lock wallet");
        }
        if (!rows || rows->size() == names.size() || round == 1)
            return rows;
        // New tokens (bought for the first time): their rows first, then all of them locked.
        for (const QString &name : std::as_const(names)) {
            const bool present = std::any_of(rows->cbegin(), rows->cend(),
                                             [&](const WalletBalance &b) { return b.token == name; });
            if (present)
                continue;
            WalletBalance empty;
            empty.token = name;
            empty.decimals = tokens.value(name);
            empty.costKnown = true;
            if (!insertRow(session, empty, true))
                return std::nullopt;
        }
    }
    return std::nullopt;
}

bool SqlWallet::writeBalances(SqlSession &session, const QList<WalletBalance> &rows)
{
    if (rows.isEmpty())
        return true;
    for (const WalletBalance &balance : rows) {
        QSqlQuery *update = session.prepared(QStringLiteral(
            "UPDATE wallet_balances SET total = :total, reserved = :reserved,"
            " cost_usdc = :cost_usdc, realised_usdc = :realised_usdc, cost_known = :cost_known,"
            " decimals = :decimals, updated_at = :updated_at WHERE token = :token"));
        if (!update)
            return false;
        SqlFinishGuard guard(*update);
        update->bindValue(QStringLiteral(":total"), Decimal::toString(balance.total));
        update->bindValue(QStringLiteral(":reserved"), Decimal::toString(balance.reserved));
        update->bindValue(QStringLiteral(":cost_usdc"), Decimal::toString(balance.costUsdc));
        update->bindValue(QStringLiteral(":realised_usdc"), Decimal::toString(balance.realisedUsdc));
        update->bindValue(QStringLiteral(":cost_known"), balance.costKnown);
        update->bindValue(QStringLiteral(":decimals"), balance.decimals);
        update->bindValue(QStringLiteral(":updated_at"), QDateTime::currentMSecsSinceEpoch());
        update->bindValue(QStringLiteral(":token"), balance.token);
        if (!session.exec(*update, "write wallet"))
            return false;
        if (update->numRowsAffected() != 1) {
            session.fail("write wallet", QStringLiteral("the wallet row of %1 is missing").arg(balance.token));
            return false;
        }
    }
    return true;
}

std::optional<QList<WalletBalance>> SqlWallet::readBalances(SqlSession &session)
{
    QSqlQuery *select = session.prepared(
        QStringLiteral("SELECT %1 FROM wallet_balances ORDER BY token").arg(QLatin1String(BalanceColumns)));
    if (!select)
        return std::nullopt;
    SqlFinishGuard guard(*select);
    if (!session.exec(*select, "read wallet"))
        return std::nullopt;
    return balancesOf(session, *select, "read wallet");
}

std::optional<QList<WalletReservation>> SqlWallet::readReservations(SqlSession &session, int limit)
{
    QSqlQuery *select = session.prepared(QStringLiteral(
        "SELECT id, token_in, token_in_decimals, reserved_in, status, created_at FROM orders"
        " WHERE wallet_state = 'open' ORDER BY created_at, id LIMIT :limit"));
    if (!select)
        return std::nullopt;
    SqlFinishGuard guard(*select);
    select->bindValue(QStringLiteral(":limit"), std::clamp(limit, 1, 10000));
    if (!session.exec(*select, "read reservations"))
        return std::nullopt;
    QList<WalletReservation> reservations;
    while (select->next()) {
        WalletReservation reservation;
        reservation.orderId = select->value(0).toString();
        reservation.token = select->value(1).toString();
        reservation.decimals = select->value(2).toInt();
        reservation.amount = amount(*select, 3).value_or(0);
        reservation.status = select->value(4).toString();
        reservation.createdAt = QDateTime::fromMSecsSinceEpoch(select->value(5).toLongLong(), Qt::UTC);
        reservations.append(reservation);
    }
    return reservations;
}

std::optional<bool> SqlWallet::fundOnce(SqlSession &session, const QList<WalletBalance> &funding)
{
    // Two nodes starting together: the table lock makes the second one wait and find the rows.
    if (session.backend() == SqlBackend::Postgres
        && !session.execDirect(QStringLiteral("LOCK TABLE wallet_balances IN SHARE ROW EXCLUSIVE MODE"),
                               "fund wallet")) {
        return std::nullopt;
    }
    const std::optional<bool> funded =
        session.queryFlag(QStringLiteral("SELECT COUNT(*) > 0 FROM wallet_balances"), "fund wallet");
    if (!funded)
        return std::nullopt;
    if (*funded)
        return false;
    for (const WalletBalance &balance : funding) {
        if (!insertRow(session, balance, false))
            return std::nullopt;
    }
    return true;
}

bool SqlWallet::setUnknownCosts(SqlSession &session, const QHash<QString, Int128> &marks)
{
    for (auto it = marks.cbegin(); it != marks.cend(); ++it) {
        QSqlQuery *update = session.prepared(QStringLiteral(
            "UPDATE wallet_balances SET cost_usdc = :cost_usdc, cost_known = :known"
            " WHERE token = :token AND cost_known = :unknown"));
        if (!update)
            return false;
        SqlFinishGuard guard(*update);
        update->bindValue(QStringLiteral(":cost_usdc"), Decimal::toString(it.value()));
        update->bindValue(QStringLiteral(":known"), true);
        update->bindValue(QStringLiteral(":token"), it.key());
        update->bindValue(QStringLiteral(":unknown"), false);
        if (!session.exec(*update, "mark wallet cost"))
            return false;
    }
    return true;
}

} // namespace OrderDesk
