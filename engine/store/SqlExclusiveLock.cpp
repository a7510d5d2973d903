#include "SqlExclusiveLock.h"

#include "Logging.h"
#include "SqlSession.h"

#include <QLockFile>
#include <QSqlError>
#include <QSqlQuery>

namespace OrderDesk {

SqlExclusiveLock::SqlExclusiveLock(std::shared_ptr<const SqlStoreConfig> config,
                                   QString connectionName)
    : m_config(std::move(config)), m_connectionName(std::move(connectionName))
{
}

SqlExclusiveLock::~SqlExclusiveLock()
{
    // The file is unlocked by ~QLockFile; the advisory lock ends with its session.
    closeConnection();
}

void SqlExclusiveLock::closeConnection()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
    }
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

bool SqlExclusiveLock::acquire(const QSqlDatabase &templateDb, QString *holder)
{
    if (m_held)
        return true;
    QString why;
    m_held = m_config->backend == SqlBackend::Sqlite ? lockFile(&why)
                                                      : lockPostgres(templateDb, &why);
    if (m_held) {
        qCInfo(lcStore).noquote() << m_config->describe() << "is held exclusively by"
                                  << SqlStoreConfig::processIdentity();
    } else if (holder) {
        *holder = why;
    }
    return m_held;
}

bool SqlExclusiveLock::lockFile(QString *holder)
{
    auto file = std::make_unique<QLockFile>(m_config->sqlitePath + QStringLiteral(".lock"));
    // Never stale by age: the holder may run for months. A dead holder is still detected (its
    // pid is gone) and its lock taken over.
    file->setStaleLockTime(0);
    if (file->tryLock(0)) {
        m_file = std::move(file);
        return true;
    }
    switch (file->error()) {
    case QLockFile::LockFailedError: {
        qint64 pid = 0;
        QString host;
        QString application;
        if (file->getLockInfo(&pid, &host, &application))
            *holder = QStringLiteral("pid %1 on %2").arg(pid).arg(host);
        else
            *holder = QStringLiteral("another process (%1.lock is unreadable)")
                          .arg(m_config->sqlitePath);
        if (!application.isEmpty())
            *holder += QStringLiteral(" (%1)").arg(application);
        break;
    }
    case QLockFile::PermissionError:
        *holder = QStringLiteral("cannot create %1.lock: permission denied")
                      .arg(m_config->sqlitePath);
        break;
    default:
        *holder = QStringLiteral("cannot lock %1.lock").arg(m_config->sqlitePath);
        break;
    }
    return false;
}

bool SqlExclusiveLock::lockPostgres(const QSqlDatabase &templateDb, QString *holder)
{
    if (!templateDb.isValid()) {
        *holder = QStringLiteral("the store is not open");
        return false;
    }
    closeConnection();
    m_db = QSqlDatabase::cloneDatabase(templateDb, m_connectionName);
    if (!m_db.open()) {
        *holder = QStringLiteral("cannot connect to PostgreSQL at %1:%2/%3: %4")
                      .arg(m_config->host)
                      .arg(m_config->port)
                      .arg(m_config->databaseName, SqlSession::describe(m_db.lastError()));
        closeConnection();
        return false;
    }
    // The schema is a checked identifier, so it can be spelled in the statement.
    const QString keySql =
        m_config->schema.isEmpty()
            ? QStringLiteral("hashtextextended('orderdesk.' || current_schema(), 0)")
            : QStringLiteral("hashtextextended('orderdesk.%1', 0)").arg(m_config->schema);
    bool locked = false;
    {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(keySql)) ||
            !query.next()) {
            *holder = QStringLiteral("cannot take the advisory lock: %1")
                          .arg(SqlSession::describe(query.lastError()));
        } else {
            locked = query.value(0).toBool();
        }
    }
    if (!locked) {
        if (holder->isEmpty())
            *holder = postgresHolder(keySql);
        closeConnection();
    }
    return locked;
}

// Who holds the advisory lock, from the session that has it: each store's connections name
// their process in application_name. A bigint advisory key appears in pg_locks split in two:
// classid = high 32 bits, objid = low 32 bits, objsubid = 1.
QString SqlExclusiveLock::postgresHolder(const QString &keySql)
{
    QSqlQuery query(m_db);
    const QString sql =
        QStringLiteral(
            "SELECT a.application_name, host(a.client_addr), a.pid"
            " FROM (SELECT %1 AS key) k, pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND CAST(l.classid AS BIGINT) = ((k.key >> 32) & 4294967295)"
            " AND CAST(l.objid AS BIGINT) = (k.key & 4294967295)"
            " LIMIT 1")
            .arg(keySql);
    if (!query.exec(sql) || !query.next())
        return QStringLiteral("another session (not visible to this database user)");
    const QString application = query.value(0).toString();
    const QString address = query.value(1).toString();
    const qsizetype pid = application.indexOf(QLatin1String("pid "));
    QString who = pid >= 0 ? application.mid(pid)
                           : QStringLiteral("application \"%1\" (server pid %2)")
                                 .arg(application, query.value(2).toString());
    if (!address.isEmpty())
        who += QStringLiteral(" from ") + address;
    return who;
}

} // namespace OrderDesk
