#pragma once

#include "OrderStore.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantMap>
#include <memory>

class QSqlQuery;

namespace OrderDesk {

// OrderStore over QSql, for QSQLITE (the embedded default) and QPSQL, one class with a few
// dialect differences.
//
// Connections: QSqlDatabase connections belong to the thread that opened them, so each thread
// that calls the store gets its own clone of a template connection on first use. The clone is
// closed and removed when that thread finishes (QThread::finished, also emitted for adopted
// threads) or when the store is destroyed, so a dead thread's connection is never reused.
//
// Storage: amounts and prices are Int128 base units kept as decimal strings (TEXT on SQLite,
// NUMERIC(40,0) on PostgreSQL): SQLite's INTEGER is 64-bit, too small for 1e21. Timestamps are
// milliseconds since the epoch (UTC) in BIGINT columns on both, exact and free of driver time
// zone handling.
//
// lastError() is per thread and describes the last call made from that thread: it is empty
// after a call that succeeded (so "not found" and "failed" can be told apart).
class SqlOrderStore final : public OrderStore
{
public:
    enum class Backend { Sqlite, Postgres };

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

    WriteResult insertOrder(const Order &order, const OrderEvent &event) override;
    WriteResult applyTransition(const Order &order, const OrderEvent &event,
                                const std::optional<FailureRecord> &failure = {}) override;
    WriteResult recordRetry(const Order &order, const FailureRecord &failure) override;

    std::optional<Order> order(const QString &id) override;
    std::optional<Order> orderByClientId(const QString &clientOrderId) override;
    QList<Order> orders(const OrderListQuery &query) override;
    QList<OrderEvent> history(const QString &orderId) override;
    QList<FailureRecord> failures(const QString &orderId) override;
    QList<Order> unfinishedOrders() override;
    QHash<OrderStatus, qint64> countByStatus() override;

    QString lastError() const override;

    Backend backend() const { return m_backend; }

private:
    struct ThreadConnection;
    struct Registry;

    SqlOrderStore() = default;
    void closeAll();

    // The calling thread's connection, opened on first use (nullptr with lastError set when it
    // cannot be opened).
    ThreadConnection *connection();
    bool openConnection(ThreadConnection &connection);
    bool migrate(ThreadConnection &connection, QString *error);
    std::optional<bool> queryFlag(ThreadConnection &connection, const QString &sql);

    // Runs `body` in one write transaction (BEGIN IMMEDIATE on SQLite), committing when it
    // returns Applied and rolling back otherwise; retries when the database is busy.
    template <typename Body> WriteResult writeTransaction(const char *what, Body body);

    QSqlQuery *prepared(ThreadConnection &connection, const QString &sql);
    bool exec(ThreadConnection &connection, QSqlQuery &query, const char *what);
    bool execDirect(ThreadConnection &connection, const QString &sql, const char *what);
    void rollback(ThreadConnection &connection);
    void fail(ThreadConnection &connection, const char *what, const QString &message);

    // Prepares (once per connection), binds and runs a read, reconnecting once when the server
    // dropped the connection. The caller reads the rows and finishes the query.
    QSqlQuery *runRead(const char *what, const QString &sql, const QVariantMap &bindings,
                       ThreadConnection **connection);
    std::optional<Order> readOrder(ThreadConnection &connection, const QSqlQuery &query);
    QList<Order> fetchOrders(const char *what, const QString &sql, const QVariantMap &bindings);

    Backend m_backend = Backend::Sqlite;
    QString m_sqlitePath;
    QString m_host;
    int m_port = 5432;
    QString m_databaseName;
    QString m_userName;
    QString m_password;
    QString m_schema;
    QString m_connectOptions;

    std::shared_ptr<Registry> m_registry;
    QSqlDatabase m_template;
    bool m_open = false;
};

} // namespace OrderDesk
