#pragma once

#include <QString>

#include <optional>

namespace OrderDesk {

enum class SqlBackend { Sqlite, Postgres };

// Where a SqlOrderStore keeps its data, parsed from the database URL. Nothing here connects;
// it is what every connection (per thread, and the exclusive-lock one) is opened with.
class SqlStoreConfig
{
public:
    // Accepts `sqlite:/path/file.db` (also `sqlite:///path/file.db`) and
    // `postgresql://[user[:password]@]host[:port]/db[?schema=NAME&sslmode=…&connect_timeout=…
    // &application_name=…]` (also `postgres://`). Nullopt with `error` naming the problem.
    static std::optional<SqlStoreConfig> fromUrl(const QString &url, QString *error);

    // "pid 1234 on host": how this process names itself to other processes that find the
    // store taken (the SQLite lock file, the PostgreSQL application_name).
    static QString processIdentity();

    QString describe() const; // the URL without the password
    QString driverName() const;

    SqlBackend backend = SqlBackend::Sqlite;
    QString sqlitePath; // absolute
    QString host;
    int port = 5432;
    QString databaseName;
    QString userName;
    QString password;
    QString schema;         // lower case; empty: the user's search_path
    // QPSQL connect options; application_name is "<application_name or orderdesk> pid N on
    // host" (PostgreSQL keeps its first 63 bytes).
    QString connectOptions;
};

} // namespace OrderDesk
