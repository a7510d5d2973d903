#pragma once

#include <QHash>
#include <QSqlError>
#include <QString>
#include <QVariantMap>

#include <memory>
#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace OrderDesk {

// A write statement run through SQLite's own API on QSQLITE's connection, prepared once per
// connection. QSQLITE binds every QString as UTF-16, which SQLite converts back to UTF-8 as it
// runs: a JSON document made as UTF-8 crossed that boundary twice, and with Qt's result
// machinery around each run this was most of the store writer's time that was not SQLite's.
class SqliteStatement
{
public:
    // nullptr with `error` set when SQLite cannot prepare `sql`.
    static std::unique_ptr<SqliteStatement> prepare(sqlite3 *db, const QString &sql, QSqlError *error);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Binds each of `values` to the parameter named ":" + its key (parameters not given are
    // NULL), runs the statement to its end and resets it; the rows it changed, or nullopt with
    // `error` set (SQLite's extended result code as its native code, as QSQLITE reports it).
    std::optional<int> run(const QVariantMap &values, QSqlError *error);

private:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement);
    QSqlError lastError(const QString &what) const;
    int parameterIndex(const QString &name); // of ":" + name; 0 when the statement has none

    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
    QHash<QString, int> m_parameterIndex;
};

} // namespace OrderDesk
