#pragma once

#include "SqlStoreConfig.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

class QLockFile;

namespace OrderDesk {

// Without Redis a store belongs to one process (SPEC §2). This is that hold, kept until it is
// destroyed:
// - SQLite: a QLockFile "<db file>.lock" beside the database. It records pid and host; a lock
//   left by a process that died is taken over (QLockFile checks that pid).
// - PostgreSQL: a session advisory lock keyed on hashtextextended('orderdesk.<schema>', 0),
//   taken on a connection of its own. Advisory keys are per database, not per schema, hence
//   the schema in the key; the lock lives as long as that session, which is why it is not one
//   of the per-thread connections (those are replaced when they drop).
class SqlExclusiveLock
{
public:
    SqlExclusiveLock(std::shared_ptr<const SqlStoreConfig> config, QString connectionName);
    ~SqlExclusiveLock();
    SqlExclusiveLock(const SqlExclusiveLock &) = delete;
    SqlExclusiveLock &operator=(const SqlExclusiveLock &) = delete;

    // Takes the hold (true at once when this object already has it). False with `holder`
    // naming who has it ("pid 1234 on host x") or why it could not be taken.
    bool acquire(const QSqlDatabase &templateDb, QString *holder);
    bool isHeld() const { return m_held; }

private:
    bool lockFile(QString *holder);
    bool lockPostgres(const QSqlDatabase &templateDb, QString *holder);
    QString postgresHolder(const QString &keySql);
    void closeConnection();

    std::shared_ptr<const SqlStoreConfig> m_config;
    QString m_connectionName;
    std::unique_ptr<QLockFile> m_file;
    QSqlDatabase m_db;
    bool m_held = false;
};

} // namespace OrderDesk
