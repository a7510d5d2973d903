#pragma once

#include "Logging.h"
#include "OrderStore.h"
#include "SqlSession.h"
#include "SqlStoreConfig.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantMap>

#include <memory>

class QSqlQuery;

namespace OrderDesk {

// The store's connections: QSqlDatabase connections belong to the thread that opened them, so
// each thread that calls the store gets its own SqlSession, a clone of a template connection
// opened on first use. It is closed and removed when that thread finishes (QThread::finished,
// also emitted for adopted threads) or when the connections are closed, so a dead thread's
// connection is never reused by a thread that got its id.
class SqlConnections
{
public:
    explicit SqlConnections(std::shared_ptr<const SqlStoreConfig> config);
    ~SqlConnections();
    SqlConnections(const SqlConnections &) = delete;
    SqlConnections &operator=(const SqlConnections &) = delete;

    // Registers the template every session clones. False with `error` set.
    bool setUp(QString *error);
    // Closes every session (also those of threads still running) and the template.
    void closeAll();
    const QSqlDatabase &templateDatabase() const { return m_template; }
    // A connection name no other store in the process uses.
    QString connectionName(const QString &suffix) const;

    // The calling thread's session, opened on first use, its last error cleared (nullptr with
    // lastError() set when it cannot be opened).
    SqlSession *session();
    // The calling thread's last error; empty after a call that succeeded.
    QString lastError() const;

    // Runs `body(SqlSession &)` in one write transaction (BEGIN IMMEDIATE on SQLite),
    // committing when it returns Applied and rolling back otherwise; retries when the database
    // is busy and replaces a connection the server dropped before anything was sent.
    template <typename Body> OrderStore::WriteResult write(const char *what, Body body);

    // Prepares (once per connection), binds and runs a read, reconnecting once when the server
    // dropped the connection. The caller reads the rows and finishes the query.
    QSqlQuery *read(const char *what, const QString &sql, const QVariantMap &bindings,
                    SqlSession **session);

private:
    struct Registry;

    std::shared_ptr<const SqlStoreConfig> m_config;
    std::shared_ptr<Registry> m_registry;
    QSqlDatabase m_template;
};

template <typename Body>
OrderStore::WriteResult SqlConnections::write(const char *what, Body body)
{
    // BEGIN IMMEDIATE already waits busy_timeout for the write lock; these are extra rounds for
    // a writer that still lost (or a PostgreSQL serialization failure).
    constexpr int MaxTransientRetries = 4;
    using WriteResult = OrderStore::WriteResult;
    const QString begin = m_config->backend == SqlBackend::Sqlite
                              ? QStringLiteral("BEGIN IMMEDIATE")
                              : QStringLiteral("BEGIN");
    for (int round = 0;; ++round) {
        SqlSession *session = this->session();
        if (!session)
            return WriteResult::Error;
        WriteResult result = WriteResult::Error;
        if (!session->execDirect(begin, what)) {
            // Nothing was sent yet, so a connection the server dropped can be replaced safely.
            if (!session->isOpen() && round == 0)
                continue;
        } else {
            result = body(*session);
            if (result == WriteResult::Applied) {
                if (!session->execDirect(QStringLiteral("COMMIT"), what)) {
                    session->rollback();
                    result = WriteResult::Error;
                }
            } else {
                session->rollback();
            }
        }
        if (result == WriteResult::Error && round < MaxTransientRetries &&
            session->isTransient(session->lastSqlError())) {
            qCInfo(lcStore).noquote() << what << "hit a busy database; trying again";
            continue;
        }
        return result;
    }
}

} // namespace OrderDesk
