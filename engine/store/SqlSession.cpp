#include "SqlSession.h"

#include "Logging.h"
#include "SqlJsonText.h"

#include <QDeadlineTimer>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QStringList>
#include <QThread>

#include <algorithm>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>

namespace OrderDesk {

namespace {

constexpr int SqliteBusyTimeoutMs = 5000;

// SQLite answers with extended result codes (Qt enables them), e.g. 2067 for a UNIQUE
// violation, 517 for BUSY_SNAPSHOT; the primary code is the low byte.
int sqlitePrimaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

} // namespace

SqlFinishGuard::~SqlFinishGuard()
{
    m_query.finish();
}

SqlSession::SqlSession(QString name, std::shared_ptr<const SqlStoreConfig> config)
    : m_name(std::move(name)), m_config(std::move(config))
{
}

SqlSession::~SqlSession()
{
    close();
}

void SqlSession::close()
{
    // Every QSqlQuery and QSqlDatabase handle must be gone before removeDatabase(), or Qt keeps
    // the connection and warns that it is still in use.
    m_statements.clear();
    m_pgStatementNames.clear();
    m_sqliteStatements.clear(); // finalized before their connection closes
    if (m_db.isValid())
        m_db.close();
    const bool known = m_db.isValid();
    m_db = QSqlDatabase();
    if (known || QSqlDatabase::contains(m_name))
        QSqlDatabase::removeDatabase(m_name);
    m_open = false;
    m_sqlite = nullptr;
}

bool SqlSession::open(const QSqlDatabase &templateDb)
{
    if (!templateDb.isValid()) {
        fail("connect", QStringLiteral("the store is not open"));
        return false;
    }
    if (m_db.isValid()) {
        qCInfo(lcStore).noquote() << "reconnecting to" << m_config->describe();
        close();
    }
    m_db = QSqlDatabase::cloneDatabase(templateDb, m_name);
    if (!m_db.open()) {
        const QString reason = describe(m_db.lastError());
        fail("connect", m_config->backend == SqlBackend::Sqlite
                            ? QStringLiteral("cannot open %1: %2").arg(m_config->sqlitePath, reason)
                            : QStringLiteral("cannot connect to PostgreSQL at %1:%2/%3: %4")
                                  .arg(m_config->host)
                                  .arg(m_config->port)
                                  .arg(m_config->databaseName, reason));
        close();
        return false;
    }
    m_open = true;
    return m_config->backend != SqlBackend::Sqlite || configureSqlite();
}

bool SqlSession::configureSqlite()
{
    // Per connection: WAL lets readers run beside the one writer; FULL syncs the WAL on every
    // commit, so a write the API acknowledged survives a power loss too (SPEC §6: a 201 means
    // on disk); busy_timeout makes writers queue instead of failing.
    const QStringList pragmas = {
        QStringLiteral("PRAGMA busy_timeout = %1").arg(SqliteBusyTimeoutMs),
        QStringLiteral("PRAGMA journal_mode = WAL"),
        QStringLiteral("PRAGMA synchronous = FULL"),
        QStringLiteral("PRAGMA foreign_keys = ON"),
    };
    const QDeadlineTimer deadline(SqliteBusyTimeoutMs);
    for (const QString &pragma : pragmas) {
        QSqlQuery query(m_db);
        // Switching a new file to WAL needs an exclusive lock and does not wait for it: when
        // several connections open the same new file at once, the losers try again shortly.
        int round = 0;
        while (!query.exec(pragma) && isTransient(query.lastError()) && !deadline.hasExpired())
            QThread::msleep(std::min(5 * ++round, 50));
        if (!query.isActive()) {
            fail("configure", QStringLiteral("cannot use %1 as a SQLite database: %2")
                                  .arg(m_config->sqlitePath, describe(query.lastError())));
            query = QSqlQuery();
            close();
            return false;
        }
        if (pragma.contains(QLatin1String("journal_mode")) && query.next() &&
            query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
            qCWarning(lcStore).noquote()
                << m_config->sqlitePath << "stays in journal mode" << query.value(0).toString()
                << "(WAL is not available there); concurrent access will be slower";
        }
    }
    // SQLite's own API may be used on QSQLITE's handle only if both are the same library: a Qt
    // built with a bundled SQLite gets Qt's statements instead.
    QSqlQuery source(m_db);
    const QVariant handle = m_db.driver()->handle();
    if (source.exec(QStringLiteral("SELECT sqlite_source_id()")) && source.next()
        && source.value(0).toString() == QLatin1String(sqlite3_sourceid())
        && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        m_sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    } else {
        qCInfo(lcStore) << "QSQLITE runs another SQLite than the engine's; its statements serve";
    }
    return true;
}

void SqlSession::fail(const char *what, const QString &message)
{
    m_lastError = QStringLiteral("%1: %2").arg(QLatin1String(what), message);
    qCWarning(lcStore).noquote() << m_config->describe() << m_lastError;
}

void SqlSession::failWith(const char *what, const QSqlError &error, const QString &context)
{
    m_lastSqlError = error;
    fail(what, context.isEmpty() ? describe(error)
                                 : QStringLiteral("%1 [%2]").arg(describe(error), context));
    if (isConnectionLoss(error))
        m_open = false;
}

void SqlSession::clearError()
{
    m_lastError.clear();
    m_lastSqlError = QSqlError();
}

QSqlQuery *SqlSession::prepared(const QString &sql)
{
    const auto found = m_statements.find(sql);
    if (found != m_statements.end())
        return found->second.get();
    auto query = std::make_unique<QSqlQuery>(m_db);
    query->setForwardOnly(true);
    // NUMERIC columns arrive as exact strings instead of doubles.
    query->setNumericalPrecisionPolicy(QSql::HighPrecision);
    if (!query->prepare(sql)) {
        failWith("prepare", query->lastError(), sql);
        return nullptr;
    }
    return m_statements.emplace(sql, std::move(query)).first->second.get();
}

std::optional<int> SqlSession::execValues(const QString &sql, const QVariantMap &values,
                                          const char *what)
{
    if (sqlite3 *connection = m_open ? m_sqlite : nullptr) {
        auto found = m_sqliteStatements.find(sql);
        QSqlError error;
        if (found == m_sqliteStatements.end()) {
            std::unique_ptr<SqliteStatement> statement = SqliteStatement::prepare(connection, sql, &error);
            if (!statement) {
                failWith("prepare", error, sql);
                return std::nullopt;
            }
            found = m_sqliteStatements.emplace(sql, std::move(statement)).first;
        }
        const std::optional<int> changed = found->second->run(values, &error);
        if (!changed)
            failWith(what, error);
        return changed;
    }
    QSqlQuery *query = prepared(sql);
    if (!query)
        return std::nullopt;
    const SqlFinishGuard finish(*query);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const QVariant &value = it.value();
        query->bindValue(QLatin1Char(':') + it.key(),
                         value.metaType() == QMetaType::fromType<SqlJsonText>()
                             ? QVariant(QString::fromUtf8(value.value<SqlJsonText>().text))
                             : value);
    }
    if (!exec(*query, what))
        return std::nullopt;
    return query->numRowsAffected();
}

bool SqlSession::exec(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    failWith(what, query.lastError());
    return false;
}

bool SqlSession::execDirect(const QString &sql, const char *what)
{
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    failWith(what, query.lastError(), sql);
    return false;
}

pg_conn *SqlSession::pgConnection()
{
    if (!m_open || m_config->backend != SqlBackend::Postgres)
        return nullptr;
    const QVariant handle = m_db.driver()->handle();
    // QPSQL registers the handle as "PGconn*"; QMetaType may know it by libpq's struct name.
    if (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0)
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

void SqlSession::failWithPg(const char *what, const pg_result *result, const QString &context)
{
    PGconn *connection = pgConnection();
    const bool dropped = !connection || PQstatus(connection) != CONNECTION_OK;
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char *message = result ? PQresultErrorMessage(result) : nullptr;
    if (!message || !*message)
        message = connection ? PQerrorMessage(connection) : "no connection";
    failWith(what,
             QSqlError(QStringLiteral("Unable to execute statement"), QString::fromUtf8(message),
                       dropped ? QSqlError::ConnectionError : QSqlError::StatementError,
                       QString::fromLatin1(state ? state : "")),
             context);
}

std::optional<PgResult> SqlSession::execParams(const QString &sql, const QList<PgParam> &params,
                                               const char *what)
{
    PGconn *connection = pgConnection();
    if (!connection) {
        fail(what, QStringLiteral("no PostgreSQL connection"));
        m_open = false;
        return std::nullopt;
    }
    auto named = m_pgStatementNames.find(sql);
    if (named == m_pgStatementNames.end()) {
        // QPSQL names its statements qpsqlpstmt_N on the same connection.
        const QByteArray name = "orderdesk_" + QByteArray::number(m_pgStatementNames.size() + 1);
        const PgResult prepared(PQprepare(connection, name.constData(), sql.toUtf8().constData(),
                                          int(params.size()), nullptr));
        if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
            failWithPg("prepare", prepared.get(), sql);
            return std::nullopt;
        }
        named = m_pgStatementNames.emplace(sql, name).first;
    }
    std::vector<const char *> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const PgParam &param : params) {
        values.push_back(param.value.isNull() ? nullptr : param.value.constData());
        lengths.push_back(int(param.value.size()));
        formats.push_back(param.binary ? 1 : 0);
    }
    PgResult result(PQexecPrepared(connection, named->second.constData(), int(params.size()),
                                   values.data(), lengths.data(), formats.data(), 0));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        failWithPg(what, result.get(), {});
        return std::nullopt;
    }
    return result;
}

std::optional<bool> SqlSession::queryFlag(const QString &sql, const char *what)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(sql) || !query.next()) {
        failWith(what, query.lastError(), sql);
        return std::nullopt;
    }
    return query.value(0).toBool();
}

void SqlSession::rollback()
{
    if (!m_open)
        return;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK"))) {
        // A connection that cannot roll back is in an unknown state: start over with a new one.
        qCWarning(lcStore).noquote() << m_config->describe()
                                     << "rollback failed:" << describe(query.lastError());
        m_open = false;
    }
}

QString SqlSession::nowMs() const
{
    return m_config->backend == SqlBackend::Sqlite
               ? QStringLiteral("CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)")
               : QStringLiteral("CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)");
}

QString SqlSession::textsOfJsonArray(const QString &placeholder) const
{
    return m_config->backend == SqlBackend::Sqlite
               ? QStringLiteral("SELECT value FROM json_each(%1)").arg(placeholder)
               : QStringLiteral("SELECT jsonb_array_elements_text(CAST(%1 AS jsonb))").arg(placeholder);
}

bool SqlSession::isUniqueViolation(const QSqlError &error) const
{
    if (m_config->backend == SqlBackend::Sqlite)
        return sqlitePrimaryCode(error) == 19 /* SQLITE_CONSTRAINT */
               && error.databaseText().contains(QLatin1String("UNIQUE"));
    return error.nativeErrorCode() == QLatin1String("23505");
}

bool SqlSession::isTransient(const QSqlError &error) const
{
    if (m_config->backend == SqlBackend::Sqlite) {
        const int code = sqlitePrimaryCode(error);
        return code == 5 /* SQLITE_BUSY */ || code == 6 /* SQLITE_LOCKED */;
    }
    const QString state = error.nativeErrorCode();
    return state == QLatin1String("40001") || state == QLatin1String("40P01");
}

// A lost PostgreSQL connection reports no SQLSTATE or a connection-class one; the store then
// opens a fresh connection on the thread's next call instead of failing forever.
bool SqlSession::isConnectionLoss(const QSqlError &error) const
{
    if (m_config->backend == SqlBackend::Sqlite)
        return false;
    const QString state = error.nativeErrorCode();
    return error.type() == QSqlError::ConnectionError || state.isEmpty() ||
           state.startsWith(QLatin1String("08")) || state.startsWith(QLatin1String("57P"));
}

QString SqlSession::describe(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    else if (!error.driverText().isEmpty())
        text = error.driverText().trimmed() + QStringLiteral(": ") + text;
    // PostgreSQL's messages span lines ("ERROR: …\nDETAIL: …"); logs want one.
    return text.isEmpty() ? QStringLiteral("unknown database error") : text.simplified();
}

} // namespace OrderDesk
