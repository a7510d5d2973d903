#pragma once

#include "SqlSession.h"
#include "SqlStoreConfig.h"

#include <QString>
#include <QStringList>

namespace OrderDesk {

// The store's tables, created and migrated step by step with a schema version (SPEC §6).
class SqlSchema
{
public:
    // The status list of "not finished", spelled the same in every query and in the partial
    // index on it: SQLite only uses a partial index when the query repeats its WHERE term.
    static const char UnfinishedPredicate[];

    // The schema version this build creates and understands.
    static int latestVersion();

    // Brings the database to latestVersion(), one transaction per step, each re-reading the
    // version under a lock so that processes starting together apply every step once. Refuses
    // a database newer than this build. False with `error` set.
    static bool migrate(SqlSession &session, const SqlStoreConfig &config, QString *error);

    // The statements of one shipped step on `backend`: how a test builds a database as an older
    // build left it (without the schema_version table, which migrate() creates).
    static QStringList stepStatements(int version, SqlBackend backend);
};

} // namespace OrderDesk
