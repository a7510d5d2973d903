#pragma once

#include "PgParam.h"
#include "PgResult.h"
#include "SqlStoreConfig.h"
#include "SqliteStatement.h"

#include <QHash> // std::hash<QString>, before <unordered_map>
#include <QMetaObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVariantMap>

#include <memory>
#include <optional>
#include <unordered_map>

class QSqlQuery;
struct pg_conn;
struct sqlite3;

namespace OrderDesk {

// One database connection and what belongs to it: its prepared statements and the last error
// of the calls made on it. QSql connections belong to the thread that opened them, so a session
// is used by one thread at a time (SqlConnections hands each thread its own).
//
// A failed call records why in lastError() and logs it; a failure that means the server dropped
// the connection marks the session closed, so the next call opens a fresh one.
class SqlSession
{
public:
    SqlSession(QString name, std::shared_ptr<const SqlStoreConfig> config);
    ~SqlSession();
    SqlSession(const SqlSession &) = delete;
    SqlSession &operator=(const SqlSession &) = delete;

    // Opens a clone of `templateDb` (closing an earlier, dropped connection first) and
    // configures it for the store. False with lastError() set.
    bool open(const QSqlDatabase &templateDb);
    void close();
    bool isOpen() const { return m_open; }
    QSqlDatabase &database() { return m_db; }
    SqlBackend backend() const { return m_config->backend; }

    // The statement for `sql`, prepared once per connection (nullptr with lastError set).
    QSqlQuery *prepared(const QString &sql);
    // Runs the write `sql`, prepared once per connection, with each :name parameter bound to
    // values[name] (SqlJsonText documents as their text): the rows it changed, or nullopt with
    // lastError set. On SQLite through SQLite's own API (SqliteStatement).
    std::optional<int> execValues(const QString &sql, const QVariantMap &values, const char *what);
    bool exec(QSqlQuery &query, const char *what);
    bool execDirect(const QString &sql, const char *what);
    // PostgreSQL only: `sql`, with $1, $2 and so on for `params`, prepared once per connection
    // and run through libpq with the values beside the statement (text, or binary where a
    // PgParam says so). QPSQL instead writes every bound value into an EXECUTE statement as an
    // escaped literal, which PostgreSQL lexes again: for a batch's kilobytes of JSON that was a
    // tenth of its CPU.
    // nullopt with lastError set when it failed; the connection is marked dropped if it was.
    std::optional<PgResult> execParams(const QString &sql, const QList<PgParam> &params,
                                       const char *what);
    // The first column of the first row of `sql` as a bool; nullopt when it failed.
    std::optional<bool> queryFlag(const QString &sql, const char *what);
    void rollback();

    // Records a failed call (logged, and what lastError() says until the next call).
    void fail(const char *what, const QString &message);
    // As fail(), for a statement that failed with `error`.
    void failWith(const char *what, const QSqlError &error, const QString &context = {});
    void clearError();
    const QString &lastError() const { return m_lastError; }
    const QSqlError &lastSqlError() const { return m_lastSqlError; }

    // The database's clock in ms since the epoch, as an SQL expression. Lease expiry is computed
    // and compared with it, in the statement, never with a client's clock: nodes' clocks
    // differ, the database's is the one they share.
    QString nowMs() const;
    // A subquery yielding the strings of the JSON array bound to `placeholder` (a list of ids in
    // one parameter, on both dialects).
    QString textsOfJsonArray(const QString &placeholder) const;

    bool isUniqueViolation(const QSqlError &error) const;
    // Busy database or serialization failure: the same transaction may succeed if run again.
    bool isTransient(const QSqlError &error) const;
    bool isConnectionLoss(const QSqlError &error) const;
    static QString describe(const QSqlError &error);

    // Disconnected by SqlConnections when the session is closed before its thread ends.
    QMetaObject::Connection threadFinished;

private:
    bool configureSqlite();
    pg_conn *pgConnection();
    void failWithPg(const char *what, const pg_result *result, const QString &context);

    QString m_name;
    std::shared_ptr<const SqlStoreConfig> m_config;
    QSqlDatabase m_db;
    bool m_open = false;
    // QSQLITE's connection, for SQLite's own API: null unless its SQLite is the engine's.
    sqlite3 *m_sqlite = nullptr;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
    std::unordered_map<QString, QByteArray> m_pgStatementNames; // execParams' statements
    std::unordered_map<QString, std::unique_ptr<SqliteStatement>> m_sqliteStatements; // execValues'
    QString m_lastError;
    QSqlError m_lastSqlError;
};

// A cached statement is reset after each use: on SQLite an unfinished statement keeps its read
// snapshot (and blocks COMMIT) until then.
class SqlFinishGuard
{
public:
    explicit SqlFinishGuard(QSqlQuery &query) : m_query(query) {}
    ~SqlFinishGuard();
    SqlFinishGuard(const SqlFinishGuard &) = delete;
    SqlFinishGuard &operator=(const SqlFinishGuard &) = delete;

private:
    QSqlQuery &m_query;
};

} // namespace OrderDesk
