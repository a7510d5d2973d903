#include "SqlOrderStore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "Logging.h"
#include "SqlBatchStatements.h"
#include "SqlConnections.h"
#include "SqlExclusiveLock.h"
#include "SqlOrderRows.h"
#include "SqlRowStatements.h"
#include "SqlSchema.h"
#include "SqlWallet.h"
#include "SqlWalletBatch.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <map>
#include <numeric>

namespace OrderDesk {


std::unique_ptr<OrderStore> SqlOrderStore::fromUrl(const QString &url, QString *error)
{
    std::optional<SqlStoreConfig> config = SqlStoreConfig::fromUrl(url, error);
    if (!config)
        return nullptr;
    std::unique_ptr<SqlOrderStore> store(new SqlOrderStore);
    store->m_config = std::make_shared<const SqlStoreConfig>(std::move(*config));
    store->m_connections = std::make_unique<SqlConnections>(store->m_config);
    store->m_lock = std::make_unique<SqlExclusiveLock>(
        store->m_config, store->m_connections->connectionName(QStringLiteral("lock")));
    return store;
}

int SqlOrderStore::latestSchemaVersion()
{
    return SqlSchema::latestVersion();
}

SqlOrderStore::~SqlOrderStore() = default;

SqlOrderStore::Backend SqlOrderStore::backend() const
{
    return m_config->backend;
}

QString SqlOrderStore::describe() const
{
    return m_config->describe();
}

bool SqlOrderStore::open(QString *error)
{
    if (m_open)
        return true;
    auto failOpen = [this, error](const QString &message) {
        qCWarning(lcStore).noquote() << describe() << "cannot be opened:" << message;
        if (error)
            *error = message;
        m_connections->closeAll();
        return false;
    };

    QString problem;
    if (!m_connections->setUp(&problem))
        return failOpen(problem);
    SqlSession *session = m_connections->session();
    if (!session)
        return failOpen(m_connections->lastError().section(QStringLiteral(": "), 1));
    if (!SqlSchema::migrate(*session, *m_config, &problem))
        return failOpen(problem);
    m_open = true;
    return true;
}

bool SqlOrderStore::isHealthy()
{
    // A dropped connection fails once and is replaced; a second failure means the database is
    // really unreachable.
    for (int round = 0; round < 2; ++round) {
        SqlSession *connection = m_connections->session();
        if (connection && connection->execDirect(QStringLiteral("SELECT 1"), "health check"))
            return true;
        if (connection && connection->isOpen())
            return false;
    }
    return false;
}

QString SqlOrderStore::lastError() const
{
    return m_connections->lastError();
}

// --- writes -----------------------------------------------------------------------------------

// The writes of a batch that are well formed, in the order their rows are locked: by id, as
// renewLeases locks them (two transactions that lock rows in opposite orders deadlock); stable,
// so the writes of one order keep their sequence. The others are failed here.
QList<qsizetype> SqlOrderStore::validWrites(const QList<StoreWrite> &writes)
{
    QList<qsizetype> valid;
    for (qsizetype i = 0; i < writes.size(); ++i) {
        if (const QString invalid = SqlRowStatements::malformed(writes.at(i)); invalid.isEmpty()) {
            valid.append(i);
        } else if (SqlSession *session = m_connections->session()) {
            session->fail(writes.at(i).kind == StoreWrite::Kind::Insert ? "insert order"
                                                                       : "apply transition",
                          invalid);
        }
    }
    std::stable_sort(valid.begin(), valid.end(), [&](qsizetype a, qsizetype b) {
        return writes.at(a).order.id < writes.at(b).order.id;
    });
    return valid;
}

OrderStore::WriteResult SqlOrderStore::writeIn(SqlSession &session, const QList<StoreWrite> &writes,
                                               const QList<qsizetype> &valid,
                                               QList<WriteResult> *applied)
{
    applied->clear(); // a transient failure runs the whole transaction again
    // Batches of routing, building and submitted transitions (most of them) leave the wallet be.
    const bool wallet = std::any_of(valid.cbegin(), valid.cend(), [&](qsizetype i) {
        return SqlWalletBatch::reserves(writes.at(i)) || SqlWalletBatch::closesReservation(writes.at(i));
    });
    if (wallet)
        return SqlWalletBatch::apply(session, writes, valid, applied);
    return SqlWalletBatch::applyWrites(session, writes, valid, applied);
}

QList<OrderStore::WriteResult> SqlOrderStore::applyBatchAndClaim(const QList<StoreWrite> &writes,
                                                                 LeaseClaims &claims)
{
    QList<WriteResult> results(writes.size(), WriteResult::Error);
    claims.results = QList<WriteResult>(claims.orderIds.size(), WriteResult::Error);
    claims.claimed = QList<Order>(claims.orderIds.size());
    claims.firstEvents = QList<std::optional<OrderEvent>>(claims.orderIds.size());
    const QList<qsizetype> valid = validWrites(writes);
    const bool claiming = !claims.orderIds.isEmpty() && validClaim(claims);
    if (valid.isEmpty() && !claiming)
        return results;

    QList<WriteResult> applied;
    std::map<QString, Order> taken;
    std::map<QString, OrderEvent> started;
    const auto writeBatch = [&](SqlSession &session) {
        return valid.isEmpty() ? WriteResult::Applied : writeIn(session, writes, valid, &applied);
    };
    const auto claim = [&](SqlSession &session) {
        if (!claiming)
            return WriteResult::Applied;
        const WriteResult result = claimIn(session, claims, &taken);
        return result == WriteResult::Applied ? startIn(session, claims, &taken, &started) : result;
    };
    bool written = false;
    bool claimed = false;
    if (m_config->backend == SqlBackend::Sqlite) {
        // SQLite locks the whole file: one transaction, one commit for both.
        const auto writeThenClaim = [&](SqlSession &session) {
            const WriteResult result = writeBatch(session);
            return result == WriteResult::Applied ? claim(session) : result;
        };
        const char *what = claiming ? "write batch and claim" : "write batch";
        written = claimed = m_connections->write(what, writeThenClaim) == WriteResult::Applied;
    } else {
        // PostgreSQL locks rows, and a transaction that locks several takes them in id order
        // (renewLeases and the batch statements do): the writes' rows followed by the claims'
        // are not, so the claims get a transaction of their own, after the writes.
        written = valid.isEmpty()
                  || m_connections->write("write batch", writeBatch) == WriteResult::Applied;
        claimed = !claiming || m_connections->write("claim", claim) == WriteResult::Applied;
    }
    if (written) {
        for (qsizetype k = 0; k < valid.size(); ++k)
            results[valid.at(k)] = applied.at(k);
    }
    if (claiming && claimed)
        sortClaimed(claims, &taken, &started);
    return results;
}

// --- leases -----------------------------------------------------------------------------------

namespace {

// Nobody works the order: no owner, or the owner's lease ran out by the database's clock.
QString noLiveLease(const SqlSession &session)
{
    return QStringLiteral("(lease_owner IS NULL OR lease_expires_at IS NULL"
                          " OR lease_expires_at <= %1)")
        .arg(session.nowMs());
}

} // namespace

bool SqlOrderStore::validClaim(const LeaseClaims &claims)
{
    if (!claims.owner.isEmpty() && claims.leaseMs > 0)
        return true;
    if (SqlSession *session = m_connections->session())
        session->fail("claim", QStringLiteral("a lease needs an owner and a positive "
                                              "duration (owner \"%1\", %2 ms)")
                                   .arg(claims.owner)
                                   .arg(claims.leaseMs));
    return false;
}

OrderStore::WriteResult SqlOrderStore::claimIn(SqlSession &session, const LeaseClaims &claims,
                                               std::map<QString, Order> *taken)
{
    taken->clear(); // a transient failure runs the whole transaction again
    const QStringList &orderIds = claims.orderIds;
    // One statement decides for all: of two claims racing for a free order, the second finds
    // the first one's live lease and changes nothing. PostgreSQL locks the rows in id order,
    // as every batch does.
    // One row needs no lock order, and PostgreSQL plans `id = ANY` of a list cheaper.
    const bool postgres = session.backend() == SqlBackend::Postgres;
    const QString ids = orderIds.size() == 1 ? QStringLiteral(":id")
                        : postgres ? QStringLiteral("SELECT id FROM orders WHERE id IN (%1)"
                                                    " ORDER BY id COLLATE \"C\" FOR UPDATE")
                                         .arg(session.textsOfJsonArray(QStringLiteral(":ids")))
                                   : session.textsOfJsonArray(QStringLiteral(":ids"));
    const QString sql =
        QStringLiteral("UPDATE orders SET lease_owner = :owner,"
                       " lease_token = lease_token + 1, lease_expires_at = %1 + :lease_ms"
                       " WHERE id IN (%5) AND %2 AND %3 RETURNING %4")
            .arg(session.nowMs(), QLatin1String(SqlSchema::UnfinishedPredicate),
                 noLiveLease(session), SqlOrderRows::orderColumns(), ids);
    QSqlQuery *update = session.prepared(sql);
    if (!update)
        return WriteResult::Error;
    SqlFinishGuard guard(*update);
    update->bindValue(QStringLiteral(":owner"), claims.owner);
    update->bindValue(QStringLiteral(":lease_ms"), claims.leaseMs);
    if (orderIds.size() == 1)
        update->bindValue(QStringLiteral(":id"), orderIds.constFirst());
    else
        update->bindValue(QStringLiteral(":ids"),
                          QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(orderIds))
                                                .toJson(QJsonDocument::Compact)));
    if (!session.exec(*update, "claim"))
        return WriteResult::Error;
    while (update->next()) {
        QString problem;
        std::optional<Order> order = SqlOrderRows::readOrder(*update, &problem);
        if (!order) {
            session.fail("claim", problem);
            return WriteResult::Error;
        }
        taken->insert_or_assign(order->id, std::move(*order));
    }
    return WriteResult::Applied;
}

OrderStore::WriteResult SqlOrderStore::startIn(SqlSession &session, const LeaseClaims &claims,
                                               std::map<QString, Order> *taken,
                                               std::map<QString, OrderEvent> *started)
{
    started->clear(); // a transient failure runs the whole transaction again
    QList<StoreWrite> writes;
    QSet<QString> asked;
    for (qsizetype i = 0; i < std::min(claims.firstWrites.size(), claims.orderIds.size()); ++i) {
        const auto order = taken->find(claims.orderIds.at(i));
        if (!claims.firstWrites.at(i) || order == taken->end() || asked.contains(order->first))
            continue;
        asked.insert(order->first);
        std::optional<StoreWrite> write = claims.firstWrites.at(i)(order->second);
        if (!write)
            continue;
        if (const QString invalid = SqlRowStatements::malformed(*write); !invalid.isEmpty()) {
            qCWarning(lcStore).noquote() << "first write of order" << order->first
                                         << "not applied:" << invalid;
            continue;
        }
        writes.append(std::move(*write));
    }
    QList<qsizetype> valid(writes.size());
    std::iota(valid.begin(), valid.end(), 0);
    QList<WriteResult> applied;
    const WriteResult result = writes.isEmpty() ? WriteResult::Applied
                                                : writeIn(session, writes, valid, &applied);
    for (qsizetype k = 0; result == WriteResult::Applied && k < applied.size(); ++k) {
        if (applied.at(k) != WriteResult::Applied)
            continue; // refused: the claim stands as it is
        const StoreWrite &write = writes.at(valid.at(k));
        (*taken)[write.order.id] = write.order;
        started->insert_or_assign(write.order.id, write.event);
    }
    return result;
}

void SqlOrderStore::sortClaimed(LeaseClaims &claims, std::map<QString, Order> *taken,
                                std::map<QString, OrderEvent> *started)
{
    for (qsizetype i = 0; i < claims.orderIds.size(); ++i) {
        // An id asked for twice is claimed once: the second asker finds the first one's lease.
        auto node = taken->extract(claims.orderIds.at(i));
        claims.results[i] = node ? WriteResult::Applied : WriteResult::Conflict;
        if (!node)
            continue;
        claims.claimed[i] = std::move(node.mapped());
        if (auto event = started->extract(claims.orderIds.at(i)))
            claims.firstEvents[i] = std::move(event.mapped());
    }
}

std::optional<int> SqlOrderStore::renewLeases(const QString &owner, const QStringList &orderIds,
                                             qint64 leaseMs)
{
    if (orderIds.isEmpty())
        return 0;
    int held = 0;
    const WriteResult result = m_connections->write("renew leases", [&](SqlSession &session) {
        // A lease that ran out but that nobody claimed is still this owner's (its token did not
        // move), so it is extended as well.
        // PostgreSQL: rows locked in id order, the order every batch of the writer locks them in,
        // so that a renewal and a batch never wait for each other in a circle (a deadlock costs
        // both a second before PostgreSQL breaks it). SQLite locks the whole file instead.
        const QString ids = session.backend() == SqlBackend::Postgres
                                ? QStringLiteral("SELECT id FROM orders WHERE id IN (%1)"
                                                 " ORDER BY id COLLATE \"C\"" // as QString sorts ids (ASCII)
                                                 " FOR UPDATE")
                                      .arg(session.textsOfJsonArray(QStringLiteral(":ids")))
                                : session.textsOfJsonArray(QStringLiteral(":ids"));
        const QString sql = QStringLiteral("UPDATE orders SET lease_expires_at = %1 + :lease_ms"
                                           " WHERE lease_owner = :owner AND id IN (%3) AND %2")
                                .arg(session.nowMs(),
                                     QLatin1String(SqlSchema::UnfinishedPredicate), ids);
        QSqlQuery *update = session.prepared(sql);
        if (!update)
            return WriteResult::Error;
        SqlFinishGuard guard(*update);
        update->bindValue(QStringLiteral(":lease_ms"), leaseMs);
        update->bindValue(QStringLiteral(":owner"), owner);
        update->bindValue(QStringLiteral(":ids"),
                          QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(orderIds))
                                                .toJson(QJsonDocument::Compact)));
        if (!session.exec(*update, "renew leases"))
            return WriteResult::Error;
        held = update->numRowsAffected();
        return WriteResult::Applied;
    });
    return result == WriteResult::Applied ? std::optional<int>(held) : std::nullopt;
}

OrderStore::WriteResult SqlOrderStore::releaseLeases(const QString &owner)
{
    return m_connections->write("release leases", [&](SqlSession &session) {
        QSqlQuery *update = session.prepared(
            QStringLiteral("UPDATE orders SET lease_owner = NULL, lease_expires_at = NULL"
                           " WHERE lease_owner = :owner"));
        if (!update)
            return WriteResult::Error;
        SqlFinishGuard guard(*update);
        update->bindValue(QStringLiteral(":owner"), owner);
        return session.exec(*update, "release leases") ? WriteResult::Applied
                                                        : WriteResult::Error;
    });
}

OrderStore::WriteResult SqlOrderStore::releaseAllLeases()
{
    return m_connections->write("release all leases", [&](SqlSession &session) {
        return session.execDirect(
                   QStringLiteral("UPDATE orders SET lease_owner = NULL, lease_expires_at = NULL"
                                  " WHERE lease_owner IS NOT NULL"),
                   "release all leases")
                   ? WriteResult::Applied
                   : WriteResult::Error;
    });
}

QList<Order> SqlOrderStore::orphanedOrders(qint64 overdueMs, int limit)
{
    SqlSession *session = m_connections->session();
    if (!session)
        return {};
    // retry_at and updated_at were written by the engine's clock; the database's is the only
    // one every node shares, so "overdue" is measured against it.
    const QString sql =
        SqlOrderRows::selectOrders() +
        QStringLiteral(" WHERE %1 AND %2 AND (status IN ('routing', 'building', 'submitted')"
                       " OR (status = 'retrying'"
                       " AND COALESCE(retry_at, updated_at) < %3 - :overdue_retry)"
                       " OR (status = 'pending' AND updated_at < %3 - :overdue_pending))"
                       " ORDER BY created_at, id LIMIT :limit")
            .arg(QLatin1String(SqlSchema::UnfinishedPredicate), noLiveLease(*session),
                 session->nowMs());
    return fetchOrders("list orphaned orders", sql,
                       {{QStringLiteral(":overdue_retry"), std::max<qint64>(overdueMs, 0)},
                        {QStringLiteral(":overdue_pending"), std::max<qint64>(overdueMs, 0)},
                        {QStringLiteral(":limit"), std::clamp(limit, 1, 10000)}});
}

// --- exclusive use -----------------------------------------------------------------------------

bool SqlOrderStore::lockExclusive(QString *holder)
{
    QString why = QStringLiteral("the store is not open");
    if (m_open && m_lock->acquire(m_connections->templateDatabase(), &why))
        return true;
    if (holder)
        *holder = why;
    return false;
}

// --- reads ------------------------------------------------------------------------------------

QList<Order> SqlOrderStore::fetchOrders(const char *what, const QString &sql,
                                        const QVariantMap &bindings)
{
    SqlSession *connection = nullptr;
    QSqlQuery *query = m_connections->read(what, sql, bindings, &connection);
    if (!query)
        return {};
    SqlFinishGuard guard(*query);
    QList<Order> result;
    while (query->next()) {
        QString problem;
        if (std::optional<Order> order = SqlOrderRows::readOrder(*query, &problem))
            result.append(std::move(*order));
        else
            connection->fail("read order", problem);
    }
    return result;
}

std::optional<Order> SqlOrderStore::order(const QString &id)
{
    static const QString sql = SqlOrderRows::selectOrders() + QStringLiteral(" WHERE id = :key");
    QList<Order> found = fetchOrders("read order", sql, {{QStringLiteral(":key"), id}});
    return found.isEmpty() ? std::nullopt : std::optional<Order>(found.takeFirst());
}

std::optional<Order> SqlOrderStore::orderByClientId(const QString &clientOrderId)
{
    if (clientOrderId.isEmpty()) {
        m_connections->session(); // still resets this thread's lastError
        return std::nullopt;
    }
    static const QString sql = SqlOrderRows::selectOrders() + QStringLiteral(" WHERE client_order_id = :key");
    QList<Order> found =
        fetchOrders("read order by clientOrderId", sql, {{QStringLiteral(":key"), clientOrderId}});
    return found.isEmpty() ? std::nullopt : std::optional<Order>(found.takeFirst());
}

QList<Order> SqlOrderStore::orders(const OrderListQuery &query)
{
    const bool byStatus = query.status.has_value();
    const bool paged = query.before.isValid();
    const bool tieBreak = paged && !query.beforeId.isEmpty();

    // One statement per filter combination, each prepared once per connection: PostgreSQL cannot
    // type a parameter used only in "IS NULL" tests.
    QStringList conditions;
    QVariantMap bindings;
    if (byStatus) {
        conditions << QStringLiteral("status = :status");
        bindings.insert(QStringLiteral(":status"), toString(*query.status));
    }
    if (tieBreak) {
        conditions << QStringLiteral("(created_at < :before OR (created_at = :before_same"
                                     " AND id < :before_id))");
        bindings.insert(QStringLiteral(":before_same"), query.before.toMSecsSinceEpoch());
        bindings.insert(QStringLiteral(":before_id"), query.beforeId);
    } else if (paged) {
        conditions << QStringLiteral("created_at < :before");
    }
    if (paged)
        bindings.insert(QStringLiteral(":before"), query.before.toMSecsSinceEpoch());
    bindings.insert(QStringLiteral(":limit"), std::clamp(query.limit, 1, 500));

    QString sql = SqlOrderRows::selectOrders();
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    return fetchOrders("list orders", sql, bindings);
}

QList<OrderEvent> SqlOrderStore::history(const QString &orderId)
{
    static const QString sql =
        QStringLiteral("SELECT seq, status, attempt, ts, details_json FROM order_status_history"
                       " WHERE order_id = :order_id ORDER BY seq");
    SqlSession *connection = nullptr;
    QSqlQuery *query =
        m_connections->read("read history", sql, {{QStringLiteral(":order_id"), orderId}}, &connection);
    if (!query)
        return {};
    SqlFinishGuard guard(*query);
    QList<OrderEvent> events;
    while (query->next()) {
        if (std::optional<OrderEvent> event = SqlOrderRows::readHistory(*query, orderId)) {
            events.append(std::move(*event));
        } else {
            connection->fail("read history",
                             QStringLiteral("order %1 history row %2 is unreadable; skipped")
                                 .arg(orderId)
                                 .arg(query->value(0).toLongLong()));
        }
    }
    return events;
}

QList<FailureRecord> SqlOrderStore::failures(const QString &orderId)
{
    static const QString sql =
        QStringLiteral("SELECT attempt, code, message, permanent, at FROM order_failures"
                       " WHERE order_id = :order_id ORDER BY attempt, id");
    SqlSession *connection = nullptr;
    QSqlQuery *query =
        m_connections->read("read failures", sql, {{QStringLiteral(":order_id"), orderId}}, &connection);
    if (!query)
        return {};
    SqlFinishGuard guard(*query);
    QList<FailureRecord> records;
    while (query->next())
        records.append(SqlOrderRows::readFailure(*query, orderId));
    return records;
}

QList<Order> SqlOrderStore::unfinishedOrders()
{
    static const QString sql = SqlOrderRows::selectOrders() + QStringLiteral(" WHERE ") +
                               QLatin1String(SqlSchema::UnfinishedPredicate) +
                               QStringLiteral(" ORDER BY created_at, id");
    return fetchOrders("list unfinished orders", sql, {});
}

QHash<OrderStatus, qint64> SqlOrderStore::countByStatus()
{
    static const QString sql =
        QStringLiteral("SELECT status, COUNT(*) FROM orders GROUP BY status");
    SqlSession *connection = nullptr;
    QSqlQuery *query = m_connections->read("count orders", sql, {}, &connection);
    if (!query)
        return {};
    SqlFinishGuard guard(*query);
    QHash<OrderStatus, qint64> counts;
    for (const OrderStatus status :
         {OrderStatus::Pending, OrderStatus::Waiting, OrderStatus::Routing, OrderStatus::Building,
          OrderStatus::Submitted, OrderStatus::Retrying, OrderStatus::Confirmed, OrderStatus::Failed,
          OrderStatus::Cancelled, OrderStatus::Expired}) {
        counts.insert(status, 0);
    }
    while (query->next()) {
        if (const auto status = orderStatusFromString(query->value(0).toString()))
            counts.insert(*status, query->value(1).toLongLong());
    }
    return counts;
}

// --- the wallet --------------------------------------------------------------------------------

std::optional<QList<WalletBalance>> SqlOrderStore::walletBalances()
{
    SqlSession *session = m_connections->session();
    return session ? SqlWallet::readBalances(*session) : std::nullopt;
}

std::optional<QList<WalletReservation>> SqlOrderStore::walletReservations(int limit)
{
    SqlSession *session = m_connections->session();
    return session ? SqlWallet::readReservations(*session, limit) : std::nullopt;
}

std::optional<bool> SqlOrderStore::fundWallet(const QList<WalletBalance> &funding)
{
    std::optional<bool> funded;
    const WriteResult result = m_connections->write("fund wallet", [&](SqlSession &session) {
        funded = SqlWallet::fundOnce(session, funding);
        return funded ? WriteResult::Applied : WriteResult::Error;
    });
    return result == WriteResult::Applied ? funded : std::nullopt;
}

bool SqlOrderStore::markWalletCosts(const QHash<QString, Int128> &costs)
{
    return m_connections->write("mark wallet costs", [&](SqlSession &session) {
               return SqlWallet::setUnknownCosts(session, costs) ? WriteResult::Applied
                                                                 : WriteResult::Error;
           })
           == WriteResult::Applied;
}

} // namespace OrderDesk
