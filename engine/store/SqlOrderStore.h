#pragma once

#include "OrderStore.h"
#include "SqlStoreConfig.h"

#include <QString>

#include <map>
#include <memory>

namespace OrderDesk {

class SqlConnections;
class SqlExclusiveLock;
class SqlSession;

// OrderStore over QSql, for QSQLITE (the embedded default) and QPSQL, one class with a few
// dialect differences. The pieces: SqlStoreConfig (the URL), SqlConnections and SqlSession
// (a connection per thread, transactions), SqlSchema (migrations), SqlOrderRows (columns,
// binding and reading rows), SqlExclusiveLock (exclusive use).
//
// lastError() is per thread and describes the last call made from that thread: it is empty
// after a call that succeeded (so "not found" and "failed" can be told apart).
class SqlOrderStore final : public OrderStore
{
public:
    using Backend = SqlBackend;

    // Accepts `sqlite:/path/file.db` (also `sqlite:///path/file.db`) and
    // `postgresql://[user[:password]@]host[:port]/db[?schema=NAME&sslmode=…&connect_timeout=…
    // &application_name=…]` (also `postgres://`). `schema` makes the store create and use that
    // schema instead of the user's default search_path. Null with `error` naming the problem
    // when the URL is not usable; nothing is connected until open().
    static std::unique_ptr<OrderStore> fromUrl(const QString &url, QString *error);

    // The schema version this build creates and understands; open() refuses a newer database.
    static int latestSchemaVersion();

    ~SqlOrderStore() override;

    bool open(QString *error) override;
    QString describe() const override;
    bool isHealthy() override;

    QList<WriteResult> applyBatchAndClaim(const QList<StoreWrite> &writes,
                                          LeaseClaims &claims) override;
    std::optional<int> renewLeases(const QString &owner, const QStringList &orderIds,
                                   qint64 leaseMs) override;
    WriteResult releaseLeases(const QString &owner) override;
    WriteResult releaseAllLeases() override;
    QList<Order> orphanedOrders(qint64 overdueMs, int limit) override;

    bool lockExclusive(QString *holder) override;

    std::optional<Order> order(const QString &id) override;
    std::optional<Order> orderByClientId(const QString &clientOrderId) override;
    QList<Order> orders(const OrderListQuery &query) override;
    QList<OrderEvent> history(const QString &orderId) override;
    QList<FailureRecord> failures(const QString &orderId) override;
    QList<Order> unfinishedOrders() override;
    QHash<OrderStatus, qint64> countByStatus() override;

    std::optional<QList<WalletBalance>> walletBalances() override;
    std::optional<QList<WalletReservation>> walletReservations(int limit) override;
    std::optional<bool> fundWallet(const QList<WalletBalance> &funding) override;
    bool markWalletCosts(const QHash<QString, Int128> &costs) override;

    QString lastError() const override;

    Backend backend() const;

private:
    SqlOrderStore() = default;

    QList<Order> fetchOrders(const char *what, const QString &sql, const QVariantMap &bindings);

    // applyBatchAndClaim's parts.
    QList<qsizetype> validWrites(const QList<StoreWrite> &writes);
    bool validClaim(const LeaseClaims &claims);
    static WriteResult writeIn(SqlSession &session, const QList<StoreWrite> &writes,
                               const QList<qsizetype> &valid, QList<WriteResult> *applied);
    static WriteResult claimIn(SqlSession &session, const LeaseClaims &claims,
                               std::map<QString, Order> *taken);
    static WriteResult startIn(SqlSession &session, const LeaseClaims &claims,
                               std::map<QString, Order> *taken,
                               std::map<QString, OrderEvent> *started);
    static void sortClaimed(LeaseClaims &claims, std::map<QString, Order> *taken,
                            std::map<QString, OrderEvent> *started);

    std::shared_ptr<const SqlStoreConfig> m_config;
    std::unique_ptr<SqlConnections> m_connections;
    // Declared after the connections: released before they close.
    std::unique_ptr<SqlExclusiveLock> m_lock;
    bool m_open = false;
};

} // namespace OrderDesk
