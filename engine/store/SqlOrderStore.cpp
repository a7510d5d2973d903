#include "SqlOrderStore.h"

#include "Logging.h"

#include <QAtomicInteger>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QMutex>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>
#include <unordered_map>
#include <vector>

namespace OrderDesk {

namespace {

constexpr int SqliteBusyTimeoutMs = 5000;
// BEGIN IMMEDIATE already waits busy_timeout for the write lock; these are extra rounds for a
// writer that still lost (or a PostgreSQL serialization failure).
constexpr int MaxTransientRetries = 4;
constexpr int DefaultPostgresConnectTimeoutSec = 10;
// pg_advisory_xact_lock key serialising migrations across processes: "ODSCHEMA" in ASCII.
constexpr qint64 MigrationLockKey = 5711781775853047105LL;

// Both the unfinished-orders query and the partial index spell the predicate this way: SQLite
// only uses a partial index when the query repeats its WHERE term.
const char UnfinishedPredicate[] = "status NOT IN ('confirmed', 'failed', 'cancelled', 'expired')";

struct Migration
{
    int version;
    const char *description;
    QStringList sqlite;
    QStringList postgres;
};

// Append-only: a shipped step never changes, a schema change is a new step.
const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> steps = {
        {1,
         "orders, status history and failures",
         {
             QStringLiteral("CREATE TABLE orders ("
                            " id TEXT NOT NULL PRIMARY KEY,"
                            " client_order_id TEXT,"
                            " type TEXT NOT NULL,"
                            " side TEXT,"
                            " token_in TEXT NOT NULL,"
                            " token_in_mint TEXT NOT NULL,"
                            " token_in_decimals INTEGER NOT NULL,"
                            " token_out TEXT NOT NULL,"
                            " token_out_mint TEXT NOT NULL,"
                            " token_out_decimals INTEGER NOT NULL,"
                            " amount_in TEXT NOT NULL,"
                            " slippage_bps INTEGER NOT NULL,"
                            " limit_price TEXT,"
                            " expires_at INTEGER,"
                            " status TEXT NOT NULL,"
                            " attempt INTEGER NOT NULL,"
                            " seq INTEGER NOT NULL,"
                            " created_at INTEGER NOT NULL,"
                            " updated_at INTEGER NOT NULL,"
                            " route_json TEXT,"
                            " result_json TEXT,"
                            " error_code TEXT,"
                            " error_message TEXT,"
                            " error_permanent INTEGER,"
                            " retry_at INTEGER,"
                            " CONSTRAINT orders_client_order_id_key UNIQUE (client_order_id))"),
             QStringLiteral("CREATE TABLE order_status_history ("
                            " order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
                            " seq INTEGER NOT NULL,"
                            " status TEXT NOT NULL,"
                            " attempt INTEGER NOT NULL,"
                            " ts INTEGER NOT NULL,"
                            " details_json TEXT NOT NULL,"
                            " PRIMARY KEY (order_id, seq))"),
             QStringLiteral("CREATE TABLE order_failures ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
                            " attempt INTEGER NOT NULL,"
                            " code TEXT NOT NULL,"
                            " message TEXT NOT NULL,"
                            " permanent INTEGER NOT NULL,"
                            " at INTEGER NOT NULL)"),
             QStringLiteral("CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC)"),
             QStringLiteral("CREATE INDEX orders_status_created_idx"
                            " ON orders (status, created_at DESC, id DESC)"),
             QStringLiteral(
                 "CREATE INDEX orders_unfinished_idx ON orders (created_at, id) WHERE ") +
                 QLatin1String(UnfinishedPredicate),
             QStringLiteral("CREATE INDEX order_failures_order_idx"
                            " ON order_failures (order_id, attempt)"),
         },
         {
             QStringLiteral("CREATE TABLE orders ("
                            " id TEXT NOT NULL PRIMARY KEY,"
                            " client_order_id TEXT,"
                            " type TEXT NOT NULL,"
                            " side TEXT,"
                            " token_in TEXT NOT NULL,"
                            " token_in_mint TEXT NOT NULL,"
                            " token_in_decimals INTEGER NOT NULL,"
                            " token_out TEXT NOT NULL,"
                            " token_out_mint TEXT NOT NULL,"
                            " token_out_decimals INTEGER NOT NULL,"
                            " amount_in NUMERIC(40, 0) NOT NULL,"
                            " slippage_bps INTEGER NOT NULL,"
                            " limit_price NUMERIC(40, 0),"
                            " expires_at BIGINT,"
                            " status TEXT NOT NULL,"
                            " attempt INTEGER NOT NULL,"
                            " seq BIGINT NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL,"
                            " route_json JSONB,"
                            " result_json JSONB,"
                            " error_code TEXT,"
                            " error_message TEXT,"
                            " error_permanent BOOLEAN,"
                            " retry_at BIGINT,"
                            " CONSTRAINT orders_client_order_id_key UNIQUE (client_order_id))"),
             QStringLiteral("CREATE TABLE order_status_history ("
                            " order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
                            " seq BIGINT NOT NULL,"
                            " status TEXT NOT NULL,"
                            " attempt INTEGER NOT NULL,"
                            " ts BIGINT NOT NULL,"
                            " details_json JSONB NOT NULL,"
                            " PRIMARY KEY (order_id, seq))"),
             QStringLiteral("CREATE TABLE order_failures ("
                            " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            " order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,"
                            " attempt INTEGER NOT NULL,"
                            " code TEXT NOT NULL,"
                            " message TEXT NOT NULL,"
                            " permanent BOOLEAN NOT NULL,"
                            " at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC)"),
             QStringLiteral("CREATE INDEX orders_status_created_idx"
                            " ON orders (status, created_at DESC, id DESC)"),
             QStringLiteral(
                 "CREATE INDEX orders_unfinished_idx ON orders (created_at, id) WHERE ") +
                 QLatin1String(UnfinishedPredicate),
             QStringLiteral("CREATE INDEX order_failures_order_idx"
                            " ON order_failures (order_id, attempt)"),
         }},
    };
    return steps;
}

// The orders columns in the order every SELECT lists them; OrderColumn indexes into it.
const QStringList &orderColumnNames()
{
    static const QStringList names = {
        QStringLiteral("id"),
        QStringLiteral("client_order_id"),
        QStringLiteral("type"),
        QStringLiteral("side"),
        QStringLiteral("token_in"),
        QStringLiteral("token_in_mint"),
        QStringLiteral("token_in_decimals"),
        QStringLiteral("token_out"),
        QStringLiteral("token_out_mint"),
        QStringLiteral("token_out_decimals"),
        QStringLiteral("amount_in"),
        QStringLiteral("slippage_bps"),
        QStringLiteral("limit_price"),
        QStringLiteral("expires_at"),
        QStringLiteral("status"),
        QStringLiteral("attempt"),
        QStringLiteral("seq"),
        QStringLiteral("created_at"),
        QStringLiteral("updated_at"),
        QStringLiteral("route_json"),
        QStringLiteral("result_json"),
        QStringLiteral("error_code"),
        QStringLiteral("error_message"),
        QStringLiteral("error_permanent"),
        QStringLiteral("retry_at"),
    };
    return names;
}

enum OrderColumn {
    ColId,
    ColClientOrderId,
    ColType,
    ColSide,
    ColTokenIn,
    ColTokenInMint,
    ColTokenInDecimals,
    ColTokenOut,
    ColTokenOutMint,
    ColTokenOutDecimals,
    ColAmountIn,
    ColSlippageBps,
    ColLimitPrice,
    ColExpiresAt,
    ColStatus,
    ColAttempt,
    ColSeq,
    ColCreatedAt,
    ColUpdatedAt,
    ColRouteJson,
    ColResultJson,
    ColErrorCode,
    ColErrorMessage,
    ColErrorPermanent,
    ColRetryAt,
    ColumnCount
};

const QString &selectOrders()
{
    Q_ASSERT(orderColumnNames().size() == ColumnCount);
    static const QString sql = QStringLiteral("SELECT ") +
                               orderColumnNames().join(QStringLiteral(", ")) +
                               QStringLiteral(" FROM orders");
    return sql;
}

const QString &insertOrderSql()
{
    static const QString sql = [] {
        QStringList placeholders;
        for (const QString &name : orderColumnNames())
            placeholders << QLatin1Char(':') + name;
        return QStringLiteral("INSERT INTO orders (%1) VALUES (%2)")
            .arg(orderColumnNames().join(QStringLiteral(", ")),
                 placeholders.join(QStringLiteral(", ")));
    }();
    return sql;
}

const QString InsertHistorySql = QStringLiteral(
    "INSERT INTO order_status_history (order_id, seq, status, attempt, ts, details_json)"
    " VALUES (:order_id, :seq, :status, :attempt, :ts, :details_json)");

// A token not launched yet has no mint: stored as '' (a null QString would bind as NULL).
QString mintText(const Token &token)
{
    return token.mint.isNull() ? QStringLiteral("") : token.mint;
}

const QString InsertFailureSql =
    QStringLiteral("INSERT INTO order_failures (order_id, attempt, code, message, permanent, at)"
                   " VALUES (:order_id, :attempt, :code, :message, :permanent, :at)");

const QString ApplyTransitionSql = QStringLiteral(
    "UPDATE orders SET status = :status, attempt = :attempt, seq = :seq,"
    " updated_at = :updated_at, route_json = :route_json, result_json = :result_json,"
    " error_code = :error_code, error_message = :error_message,"
    " error_permanent = :error_permanent, retry_at = :retry_at,"
    " token_out_mint = :token_out_mint, token_out_decimals = :token_out_decimals"
    " WHERE id = :id AND seq = :expected_seq");

const QString RecordRetrySql =
    QStringLiteral("UPDATE orders SET retry_at = :retry_at, error_code = :error_code,"
                   " error_message = :error_message, error_permanent = :error_permanent,"
                   " updated_at = :updated_at"
                   " WHERE id = :id AND seq = :seq");

// A cached statement is reset after each use: on SQLite an unfinished statement keeps its read
// snapshot (and blocks COMMIT) until then.
class FinishGuard
{
public:
    explicit FinishGuard(QSqlQuery &query) : m_query(query) {}
    ~FinishGuard() { m_query.finish(); }
    FinishGuard(const FinishGuard &) = delete;
    FinishGuard &operator=(const FinishGuard &) = delete;

private:
    QSqlQuery &m_query;
};

QVariant nullString()
{
    return QVariant(QMetaType::fromType<QString>());
}
QVariant nullInt64()
{
    return QVariant(QMetaType::fromType<qint64>());
}
QVariant nullBool()
{
    return QVariant(QMetaType::fromType<bool>());
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? nullString() : QVariant(text);
}

QVariant msOrNull(const std::optional<QDateTime> &time)
{
    return time && time->isValid() ? QVariant(time->toMSecsSinceEpoch()) : nullInt64();
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString jsonText(const QJsonObject &json)
{
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

std::optional<QJsonObject> parseJsonObject(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// SQLite answers with extended result codes (Qt enables them), e.g. 2067 for a UNIQUE
// violation, 517 for BUSY_SNAPSHOT; the primary code is the low byte.
int sqlitePrimaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

bool isUniqueViolation(SqlOrderStore::Backend backend, const QSqlError &error)
{
    if (backend == SqlOrderStore::Backend::Sqlite)
        return sqlitePrimaryCode(error) == 19 /* SQLITE_CONSTRAINT */
               && error.databaseText().contains(QLatin1String("UNIQUE"));
    return error.nativeErrorCode() == QLatin1String("23505");
}

bool isTransient(SqlOrderStore::Backend backend, const QSqlError &error)
{
    if (backend == SqlOrderStore::Backend::Sqlite) {
        const int code = sqlitePrimaryCode(error);
        return code == 5 /* SQLITE_BUSY */ || code == 6 /* SQLITE_LOCKED */;
    }
    const QString state = error.nativeErrorCode();
    return state == QLatin1String("40001") || state == QLatin1String("40P01");
}

// A lost PostgreSQL connection reports no SQLSTATE or a connection-class one; the store then
// opens a fresh connection on the thread's next call instead of failing forever.
bool isConnectionLoss(SqlOrderStore::Backend backend, const QSqlError &error)
{
    if (backend == SqlOrderStore::Backend::Sqlite)
        return false;
    const QString state = error.nativeErrorCode();
    return error.type() == QSqlError::ConnectionError || state.isEmpty() ||
           state.startsWith(QLatin1String("08")) || state.startsWith(QLatin1String("57P"));
}

QString describeSqlError(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.driverText().trimmed();
    else if (!error.driverText().isEmpty())
        text = error.driverText().trimmed() + QStringLiteral(": ") + text;
    // PostgreSQL's messages span lines ("ERROR: …\nDETAIL: …"); logs want one.
    return text.isEmpty() ? QStringLiteral("unknown database error") : text.simplified();
}

// Values in a libpq conninfo string: quoted, with ' and \ escaped.
QString conninfoValue(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

// QUrl::errorString() quotes the whole URL, password included: keep only the reason.
QString urlProblem(const QUrl &url)
{
    return url.errorString().section(QStringLiteral("; source was"), 0, 0).trimmed();
}

QAtomicInteger<quint64> g_storeCounter;

} // namespace

struct SqlOrderStore::ThreadConnection
{
    QString name;
    QSqlDatabase db;
    bool open = false;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> statements;
    QString lastError;
    QSqlError lastSqlError;
    QMetaObject::Connection threadFinished;

    void close()
    {
        // Every QSqlQuery and QSqlDatabase handle must be gone before removeDatabase(), or Qt
        // keeps the connection and warns that it is still in use.
        statements.clear();
        if (db.isValid())
            db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        open = false;
    }
};

struct SqlOrderStore::Registry
{
    QMutex mutex;
    QHash<QThread *, std::shared_ptr<ThreadConnection>> connections;
    QString prefix;
    quint64 nextConnection = 0;
};

// --- URL --------------------------------------------------------------------------------------

std::unique_ptr<OrderStore> SqlOrderStore::fromUrl(const QString &url, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return nullptr;
    };

    const QString text = url.trimmed();
    if (text.isEmpty())
        return fail(QStringLiteral("the database URL is empty"));
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString scheme = colon > 0 ? text.left(colon).toLower() : QString();

    std::unique_ptr<SqlOrderStore> store(new SqlOrderStore);
    store->m_registry = std::make_shared<Registry>();
    store->m_registry->prefix =
        QStringLiteral("orderdesk.store.%1").arg(g_storeCounter.fetchAndAddRelaxed(1));
    if (scheme == QLatin1String("sqlite")) {
        store->m_backend = Backend::Sqlite;
        const QString rest = text.mid(colon + 1);
        QString path = rest;
        if (rest.startsWith(QLatin1String("//"))) {
            const QUrl parsed(text, QUrl::StrictMode);
            if (!parsed.isValid())
                return fail(QStringLiteral("invalid SQLite URL: %1").arg(urlProblem(parsed)));
            if (!parsed.host().isEmpty() && parsed.host() != QLatin1String("localhost"))
                return fail(QStringLiteral("a SQLite URL cannot name a host (%1); use "
                                           "sqlite:/path/file.db")
                                .arg(parsed.host()));
            if (parsed.hasQuery())
                return fail(QStringLiteral("a SQLite URL takes no parameters"));
            path = parsed.path(QUrl::FullyDecoded);
        }
        if (path.isEmpty())
            return fail(QStringLiteral("the SQLite URL has no file path (expected "
                                       "sqlite:/path/file.db)"));
        if (path == QLatin1String(":memory:") || path.contains(QLatin1String("mode=memory")))
            return fail(QStringLiteral("an in-memory SQLite database exists once per connection "
                                       "and cannot be shared by the engine's threads; use a file"));
        store->m_sqlitePath = QFileInfo(path).absoluteFilePath();
    } else if (scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres")) {
        store->m_backend = Backend::Postgres;
        const QUrl parsed(text, QUrl::StrictMode);
        if (!parsed.isValid())
            return fail(QStringLiteral("invalid PostgreSQL URL: %1").arg(urlProblem(parsed)));
        store->m_host = parsed.host(QUrl::FullyDecoded);
        if (store->m_host.isEmpty())
            return fail(QStringLiteral("the PostgreSQL URL has no host (expected "
                                       "postgresql://user:pass@host:port/db)"));
        store->m_port = parsed.port(5432);
        if (store->m_port <= 0)
            return fail(QStringLiteral("the PostgreSQL URL has an invalid port"));
        QString database = parsed.path(QUrl::FullyDecoded);
        if (database.startsWith(QLatin1Char('/')))
            database.remove(0, 1);
        if (database.isEmpty())
            return fail(QStringLiteral("the PostgreSQL URL names no database (expected "
                                       "postgresql://user:pass@host:port/db)"));
        if (database.contains(QLatin1Char('/')))
            return fail(QStringLiteral("the PostgreSQL URL's database name \"%1\" contains '/'")
                            .arg(database));
        if (parsed.hasFragment())
            return fail(QStringLiteral("the PostgreSQL URL has a fragment ('#…'); remove it"));
        store->m_databaseName = database;
        store->m_userName = parsed.userName(QUrl::FullyDecoded);
        store->m_password = parsed.password(QUrl::FullyDecoded);

        QStringList options;
        int connectTimeout = DefaultPostgresConnectTimeoutSec;
        QString applicationName = QStringLiteral("orderdesk");
        const QUrlQuery query(parsed);
        for (const auto &[key, rawValue] : query.queryItems(QUrl::FullyDecoded)) {
            const QString value = rawValue.trimmed();
            if (key == QLatin1String("schema")) {
                static const QRegularExpression identifier(
                    QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
                if (!identifier.match(value).hasMatch())
                    return fail(QStringLiteral("the PostgreSQL URL's schema \"%1\" is not a plain "
                                               "identifier (letters, digits, _)")
                                    .arg(value));
                store->m_schema = value.toLower();
            } else if (key == QLatin1String("sslmode")) {
                static const QStringList modes = {
                    QStringLiteral("disable"),   QStringLiteral("allow"),
                    QStringLiteral("prefer"),    QStringLiteral("require"),
                    QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
                if (!modes.contains(value))
                    return fail(QStringLiteral("the PostgreSQL URL's sslmode \"%1\" is not one of "
                                               "%2")
                                    .arg(value, modes.join(QStringLiteral(", "))));
                options << QStringLiteral("sslmode=") + value;
            } else if (key == QLatin1String("connect_timeout")) {
                bool ok = false;
                connectTimeout = value.toInt(&ok);
                if (!ok || connectTimeout < 0)
                    return fail(QStringLiteral("the PostgreSQL URL's connect_timeout \"%1\" is not "
                                               "a number of seconds")
                                    .arg(value));
            } else if (key == QLatin1String("application_name")) {
                applicationName = value;
            } else {
                return fail(QStringLiteral("unknown parameter \"%1\" in the PostgreSQL URL "
                                           "(supported: schema, sslmode, connect_timeout, "
                                           "application_name)")
                                .arg(key));
            }
        }
        options << QStringLiteral("connect_timeout=%1").arg(connectTimeout);
        if (!applicationName.isEmpty())
            options << QStringLiteral("application_name=") + conninfoValue(applicationName);
        // NOTICEs ("relation … already exists, skipping" on every start) would go to stderr
        // through libpq's default notice processor.
        QString serverOptions = QStringLiteral("-c client_min_messages=warning");
        if (!store->m_schema.isEmpty())
            serverOptions += QStringLiteral(" -c search_path=") + store->m_schema;
        options << QStringLiteral("options=") + conninfoValue(serverOptions);
        // QPSQL turns ';' into the spaces libpq expects between conninfo entries.
        store->m_connectOptions = options.join(QLatin1Char(';'));
    } else if (scheme.isEmpty()) {
        return fail(QStringLiteral("the database URL has no scheme (expected sqlite:/path/file.db "
                                   "or postgresql://user:pass@host:port/db)"));
    } else {
        return fail(QStringLiteral("unsupported database URL scheme \"%1\" (expected "
                                   "sqlite:/path/file.db or postgresql://user:pass@host:port/db)")
                        .arg(scheme));
    }

    return store;
}

int SqlOrderStore::latestSchemaVersion()
{
    return migrations().back().version;
}

QString SqlOrderStore::describe() const
{
    if (m_backend == Backend::Sqlite)
        return QStringLiteral("sqlite:") + m_sqlitePath;
    const QString host =
        m_host.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_host + QLatin1Char(']') : m_host;
    QString text =
        QStringLiteral("postgresql://%1:%2/%3").arg(host).arg(m_port).arg(m_databaseName);
    if (!m_schema.isEmpty())
        text += QStringLiteral("?schema=") + m_schema;
    return text;
}

// --- connections ------------------------------------------------------------------------------

SqlOrderStore::~SqlOrderStore()
{
    closeAll();
}

void SqlOrderStore::closeAll()
{
    QHash<QThread *, std::shared_ptr<ThreadConnection>> connections;
    {
        QMutexLocker locker(&m_registry->mutex);
        connections.swap(m_registry->connections);
    }
    // Connections of threads that are still alive (e.g. idle pool threads) are closed from
    // here; the store is going away, so none of them is in use.
    for (const std::shared_ptr<ThreadConnection> &connection : std::as_const(connections)) {
        QObject::disconnect(connection->threadFinished);
        connection->close();
    }
    if (m_template.isValid()) {
        const QString name = m_template.connectionName();
        m_template = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    m_open = false;
}

SqlOrderStore::ThreadConnection *SqlOrderStore::connection()
{
    QThread *thread = QThread::currentThread();
    std::shared_ptr<ThreadConnection> connection;
    {
        QMutexLocker locker(&m_registry->mutex);
        connection = m_registry->connections.value(thread);
        if (!connection) {
            connection = std::make_shared<ThreadConnection>();
            connection->name =
                QStringLiteral("%1.t%2").arg(m_registry->prefix).arg(m_registry->nextConnection++);
            m_registry->connections.insert(thread, connection);
            // Runs in the finishing thread itself, which owns the connection. A weak pointer:
            // the thread may outlive the store.
            std::weak_ptr<Registry> weakRegistry = m_registry;
            connection->threadFinished = QObject::connect(
                thread, &QThread::finished, thread,
                [weakRegistry, thread] {
                    const std::shared_ptr<Registry> registry = weakRegistry.lock();
                    if (!registry)
                        return;
                    std::shared_ptr<ThreadConnection> finished;
                    {
                        QMutexLocker locker(&registry->mutex);
                        finished = registry->connections.take(thread);
                    }
                    if (finished) {
                        QObject::disconnect(finished->threadFinished);
                        finished->close();
                    }
                },
                Qt::DirectConnection);
        }
    }
    connection->lastError.clear();
    connection->lastSqlError = QSqlError();
    if (!connection->open && !openConnection(*connection))
        return nullptr;
    return connection.get();
}

bool SqlOrderStore::openConnection(ThreadConnection &connection)
{
    if (!m_template.isValid()) {
        fail(connection, "connect", QStringLiteral("the store is not open"));
        return false;
    }
    if (connection.db.isValid()) {
        qCInfo(lcStore).noquote() << "reconnecting to" << describe();
        connection.close();
    }
    connection.db = QSqlDatabase::cloneDatabase(m_template, connection.name);
    if (!connection.db.open()) {
        const QString reason = describeSqlError(connection.db.lastError());
        fail(connection, "connect",
             m_backend == Backend::Sqlite
                 ? QStringLiteral("cannot open %1: %2").arg(m_sqlitePath, reason)
                 : QStringLiteral("cannot connect to PostgreSQL at %1:%2/%3: %4")
                       .arg(m_host)
                       .arg(m_port)
                       .arg(m_databaseName, reason));
        connection.close();
        return false;
    }
    connection.open = true;
    if (m_backend == Backend::Sqlite) {
        // Per connection: WAL lets readers run beside the one writer; NORMAL is durable across
        // application crashes in WAL mode; busy_timeout makes writers queue instead of failing.
        const QStringList pragmas = {
            QStringLiteral("PRAGMA busy_timeout = %1").arg(SqliteBusyTimeoutMs),
            QStringLiteral("PRAGMA journal_mode = WAL"),
            QStringLiteral("PRAGMA synchronous = NORMAL"),
            QStringLiteral("PRAGMA foreign_keys = ON"),
        };
        const QDeadlineTimer deadline(SqliteBusyTimeoutMs);
        for (const QString &pragma : pragmas) {
            QSqlQuery query(connection.db);
            // Switching a new file to WAL needs an exclusive lock and does not wait for it: when
            // several connections open the same new file at once, the losers try again shortly.
            int round = 0;
            while (!query.exec(pragma) && isTransient(m_backend, query.lastError()) &&
                   !deadline.hasExpired()) {
                QThread::msleep(std::min(5 * ++round, 50));
            }
            if (!query.isActive()) {
                fail(connection, "configure",
                     QStringLiteral("cannot use %1 as a SQLite database: %2")
                         .arg(m_sqlitePath, describeSqlError(query.lastError())));
                query = QSqlQuery();
                connection.close();
                return false;
            }
            if (pragma.contains(QLatin1String("journal_mode")) && query.next() &&
                query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
                qCWarning(lcStore).noquote()
                    << m_sqlitePath << "stays in journal mode" << query.value(0).toString()
                    << "(WAL is not available there); concurrent access will be slower";
            }
        }
    }
    return true;
}

void SqlOrderStore::fail(ThreadConnection &connection, const char *what, const QString &message)
{
    connection.lastError = QStringLiteral("%1: %2").arg(QLatin1String(what), message);
    qCWarning(lcStore).noquote() << describe() << connection.lastError;
}

QSqlQuery *SqlOrderStore::prepared(ThreadConnection &connection, const QString &sql)
{
    const auto found = connection.statements.find(sql);
    if (found != connection.statements.end())
        return found->second.get();
    auto query = std::make_unique<QSqlQuery>(connection.db);
    query->setForwardOnly(true);
    // NUMERIC columns arrive as exact strings instead of doubles.
    query->setNumericalPrecisionPolicy(QSql::HighPrecision);
    if (!query->prepare(sql)) {
        connection.lastSqlError = query->lastError();
        fail(connection, "prepare",
             QStringLiteral("%1 [%2]").arg(describeSqlError(query->lastError()), sql));
        if (isConnectionLoss(m_backend, query->lastError()))
            connection.open = false;
        return nullptr;
    }
    return connection.statements.emplace(sql, std::move(query)).first->second.get();
}

bool SqlOrderStore::exec(ThreadConnection &connection, QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    connection.lastSqlError = query.lastError();
    fail(connection, what, describeSqlError(query.lastError()));
    if (isConnectionLoss(m_backend, query.lastError()))
        connection.open = false;
    return false;
}

bool SqlOrderStore::execDirect(ThreadConnection &connection, const QString &sql, const char *what)
{
    QSqlQuery query(connection.db);
    if (query.exec(sql))
        return true;
    connection.lastSqlError = query.lastError();
    fail(connection, what, QStringLiteral("%1 [%2]").arg(describeSqlError(query.lastError()), sql));
    if (isConnectionLoss(m_backend, query.lastError()))
        connection.open = false;
    return false;
}

void SqlOrderStore::rollback(ThreadConnection &connection)
{
    if (!connection.open)
        return;
    QSqlQuery query(connection.db);
    if (!query.exec(QStringLiteral("ROLLBACK"))) {
        // A connection that cannot roll back is in an unknown state: start over with a new one.
        qCWarning(lcStore).noquote()
            << describe() << "rollback failed:" << describeSqlError(query.lastError());
        connection.open = false;
    }
}

template <typename Body>
OrderStore::WriteResult SqlOrderStore::writeTransaction(const char *what, Body body)
{
    const QString begin =
        m_backend == Backend::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
    for (int round = 0;; ++round) {
        ThreadConnection *connection = this->connection();
        if (!connection)
            return WriteResult::Error;
        WriteResult result = WriteResult::Error;
        if (!execDirect(*connection, begin, what)) {
            // Nothing was sent yet, so a connection the server dropped can be replaced safely.
            if (!connection->open && round == 0)
                continue;
        } else {
            result = body(*connection);
            if (result == WriteResult::Applied) {
                if (!execDirect(*connection, QStringLiteral("COMMIT"), what)) {
                    rollback(*connection);
                    result = WriteResult::Error;
                }
            } else {
                rollback(*connection);
            }
        }
        if (result == WriteResult::Error && round < MaxTransientRetries &&
            isTransient(m_backend, connection->lastSqlError)) {
            qCInfo(lcStore).noquote() << what << "hit a busy database; trying again";
            continue;
        }
        return result;
    }
}

// --- schema -----------------------------------------------------------------------------------

bool SqlOrderStore::open(QString *error)
{
    if (m_open)
        return true;
    auto failOpen = [this, error](const QString &message) {
        qCWarning(lcStore).noquote() << describe() << "cannot be opened:" << message;
        if (error)
            *error = message;
        closeAll();
        return false;
    };

    const QString driver =
        m_backend == Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
    if (!QSqlDatabase::isDriverAvailable(driver))
        return failOpen(QStringLiteral("the Qt SQL driver %1 is not installed (Debian package %2)")
                            .arg(driver, m_backend == Backend::Sqlite
                                             ? QStringLiteral("libqt6sql6-sqlite")
                                             : QStringLiteral("libqt6sql6-psql")));

    m_template =
        QSqlDatabase::addDatabase(driver, m_registry->prefix + QStringLiteral(".template"));
    m_template.setNumericalPrecisionPolicy(QSql::HighPrecision);
    if (m_backend == Backend::Sqlite) {
        const QFileInfo file(m_sqlitePath);
        if (!QDir().mkpath(file.absolutePath()))
            return failOpen(
                QStringLiteral("cannot create the directory %1").arg(file.absolutePath()));
        m_template.setDatabaseName(m_sqlitePath);
    } else {
        m_template.setHostName(m_host);
        m_template.setPort(m_port);
        m_template.setDatabaseName(m_databaseName);
        m_template.setUserName(m_userName);
        m_template.setPassword(m_password);
        m_template.setConnectOptions(m_connectOptions);
    }

    ThreadConnection *connection = this->connection();
    if (!connection) {
        const QString reason = lastError();
        return failOpen(reason.section(QStringLiteral(": "), 1));
    }
    QString migrationError;
    if (!migrate(*connection, &migrationError))
        return failOpen(migrationError);
    m_open = true;
    return true;
}

std::optional<bool> SqlOrderStore::queryFlag(ThreadConnection &connection, const QString &sql)
{
    QSqlQuery query(connection.db);
    query.setForwardOnly(true);
    if (!query.exec(sql) || !query.next()) {
        connection.lastSqlError = query.lastError();
        fail(connection, "migrate",
             QStringLiteral("%1 [%2]").arg(describeSqlError(query.lastError()), sql));
        return std::nullopt;
    }
    return query.value(0).toBool();
}

bool SqlOrderStore::migrate(ThreadConnection &connection, QString *error)
{
    const bool sqlite = m_backend == Backend::Sqlite;
    const int latest = latestSchemaVersion();
    auto failMigration = [&](const QString &message) {
        rollback(connection);
        *error = message;
        return false;
    };

    // One transaction per step, each re-reading the version under the lock, so that two
    // processes starting together apply every step exactly once.
    for (;;) {
        if (!execDirect(connection,
                        sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"),
                        "migrate")) {
            *error = connection.lastError;
            return false;
        }
        if (!sqlite) {
            if (!execDirect(
                    connection,
                    QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(MigrationLockKey),
                    "migrate")) {
                return failMigration(connection.lastError);
            }
        }
        // CREATE … IF NOT EXISTS still needs the CREATE privilege: look first, so that a role
        // without DDL rights can open a database that is already up to date.
        if (!sqlite && !m_schema.isEmpty()) {
            const std::optional<bool> exists = queryFlag(
                connection,
                QStringLiteral("SELECT COUNT(*) > 0 FROM pg_namespace WHERE nspname = '%1'")
                    .arg(m_schema));
            if (!exists)
                return failMigration(connection.lastError);
            if (!*exists &&
                !execDirect(connection, QStringLiteral("CREATE SCHEMA %1").arg(m_schema),
                            "migrate")) {
                return failMigration(connection.lastError);
            }
        }
        const std::optional<bool> hasVersionTable =
            queryFlag(connection,
                      sqlite ? QStringLiteral("SELECT COUNT(*) > 0 FROM sqlite_master"
                                              " WHERE type = 'table' AND name = 'schema_version'")
                             : QStringLiteral("SELECT to_regclass('schema_version') IS NOT NULL"));
        if (!hasVersionTable)
            return failMigration(connection.lastError);
        if (!*hasVersionTable &&
            !execDirect(connection,
                        QStringLiteral("CREATE TABLE schema_version ("
                                       "version INTEGER NOT NULL PRIMARY KEY, "
                                       "applied_at %1 NOT NULL)")
                            .arg(sqlite ? QStringLiteral("INTEGER") : QStringLiteral("BIGINT")),
                        "migrate")) {
            return failMigration(connection.lastError);
        }

        int current = 0;
        {
            QSqlQuery query(connection.db);
            query.setForwardOnly(true);
            if (!query.exec(
                    QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) ||
                !query.next()) {
                connection.lastSqlError = query.lastError();
                fail(connection, "migrate", describeSqlError(query.lastError()));
                query = QSqlQuery();
                return failMigration(connection.lastError);
            }
            current = query.value(0).toInt();
        }
        if (current > latest) {
            return failMigration(
                QStringLiteral("the database has schema version %1, newer than the %2 this "
                               "OrderDesk understands; upgrade OrderDesk or use another database")
                    .arg(current)
                    .arg(latest));
        }
        if (current == latest) {
            if (!execDirect(connection, QStringLiteral("COMMIT"), "migrate"))
                return failMigration(connection.lastError);
            qCInfo(lcStore).noquote() << "opened" << describe() << "at schema version" << current;
            return true;
        }

        const Migration &step = migrations().at(static_cast<std::size_t>(current));
        Q_ASSERT(step.version == current + 1);
        for (const QString &statement : sqlite ? step.sqlite : step.postgres) {
            if (!execDirect(connection, statement, "migrate"))
                return failMigration(QStringLiteral("migration to schema version %1 failed: %2")
                                         .arg(step.version)
                                         .arg(connection.lastError));
        }
        {
            QSqlQuery query(connection.db);
            query.prepare(QStringLiteral(
                "INSERT INTO schema_version (version, applied_at) VALUES (:version, :applied_at)"));
            query.bindValue(QStringLiteral(":version"), step.version);
            query.bindValue(QStringLiteral(":applied_at"), QDateTime::currentMSecsSinceEpoch());
            if (!exec(connection, query, "migrate")) {
                query = QSqlQuery();
                return failMigration(connection.lastError);
            }
        }
        if (!execDirect(connection, QStringLiteral("COMMIT"), "migrate"))
            return failMigration(connection.lastError);
        qCInfo(lcStore).noquote() << describe() << "migrated to schema version" << step.version
                                  << '(' << step.description << ')';
    }
}

bool SqlOrderStore::isHealthy()
{
    // A dropped connection fails once and is replaced; a second failure means the database is
    // really unreachable.
    for (int round = 0; round < 2; ++round) {
        ThreadConnection *connection = this->connection();
        if (connection && execDirect(*connection, QStringLiteral("SELECT 1"), "health check"))
            return true;
        if (connection && connection->open)
            return false;
    }
    return false;
}

QString SqlOrderStore::lastError() const
{
    QMutexLocker locker(&m_registry->mutex);
    const std::shared_ptr<ThreadConnection> connection =
        m_registry->connections.value(QThread::currentThread());
    return connection ? connection->lastError : QString();
}

// --- writes -----------------------------------------------------------------------------------

namespace {

void bindOrderState(QSqlQuery &query, const Order &order)
{
    query.bindValue(QStringLiteral(":status"), toString(order.status));
    query.bindValue(QStringLiteral(":attempt"), order.attempt);
    query.bindValue(QStringLiteral(":seq"), order.seq);
    query.bindValue(
        QStringLiteral(":updated_at"),
        (order.updatedAt.isValid() ? order.updatedAt : order.createdAt).toMSecsSinceEpoch());
    query.bindValue(QStringLiteral(":route_json"),
                    order.route
                        ? QVariant(jsonText(order.route->toJson(order.tokenIn, order.tokenOut)))
                        : nullString());
    query.bindValue(QStringLiteral(":result_json"),
                    order.execution ? QVariant(jsonText(order.execution->toJson(order.tokenOut)))
                                    : nullString());
    query.bindValue(QStringLiteral(":error_code"),
                    order.lastError ? QVariant(order.lastError->code) : nullString());
    query.bindValue(QStringLiteral(":error_message"),
                    order.lastError ? QVariant(order.lastError->message) : nullString());
    query.bindValue(QStringLiteral(":error_permanent"),
                    order.lastError ? QVariant(order.lastError->permanent) : nullBool());
    query.bindValue(QStringLiteral(":retry_at"), msOrNull(order.retryAt));
}

void bindHistory(QSqlQuery &query, const Order &order, const OrderEvent &event)
{
    query.bindValue(QStringLiteral(":order_id"), order.id);
    query.bindValue(QStringLiteral(":seq"), event.seq);
    query.bindValue(QStringLiteral(":status"), toString(event.status));
    query.bindValue(QStringLiteral(":attempt"), event.attempt);
    query.bindValue(
        QStringLiteral(":ts"),
        (event.timestamp.isValid() ? event.timestamp : order.updatedAt).toMSecsSinceEpoch());
    query.bindValue(QStringLiteral(":details_json"), jsonText(event.details));
}

void bindFailure(QSqlQuery &query, const Order &order, const FailureRecord &failure)
{
    query.bindValue(QStringLiteral(":order_id"), order.id);
    query.bindValue(QStringLiteral(":attempt"), failure.attempt);
    query.bindValue(QStringLiteral(":code"), failure.code);
    query.bindValue(QStringLiteral(":message"), failure.message);
    query.bindValue(QStringLiteral(":permanent"), failure.permanent);
    query.bindValue(
        QStringLiteral(":at"),
        (failure.at.isValid() ? failure.at : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch());
}

// The caller's order and event must describe the same change; a mismatch would store a seq the
// caller does not hold and break the compare-and-set for its next transition.
QString mismatch(const Order &order, const OrderEvent &event,
                 const std::optional<FailureRecord> &failure)
{
    if (order.id.isEmpty())
        return QStringLiteral("the order has no id");
    if (!event.orderId.isEmpty() && event.orderId != order.id)
        return QStringLiteral("the event is for order %1, not %2").arg(event.orderId, order.id);
    if (event.seq != order.seq)
        return QStringLiteral("order %1 is at seq %2 but its event has seq %3")
            .arg(order.id)
            .arg(order.seq)
            .arg(event.seq);
    if (event.status != order.status)
        return QStringLiteral("order %1 is %2 but its event says %3")
            .arg(order.id, toString(order.status), toString(event.status));
    if (failure && !failure->orderId.isEmpty() && failure->orderId != order.id)
        return QStringLiteral("the failure is for order %1, not %2")
            .arg(failure->orderId, order.id);
    return {};
}

} // namespace

OrderStore::WriteResult SqlOrderStore::insertOrder(const Order &order, const OrderEvent &event)
{
    QString invalid = mismatch(order, event, std::nullopt);
    if (invalid.isEmpty() && !order.createdAt.isValid())
        invalid = QStringLiteral("order %1 has no creation time").arg(order.id);
    if (invalid.isEmpty() && order.seq < 1)
        invalid = QStringLiteral("order %1 starts at seq %2, not 1").arg(order.id).arg(order.seq);
    if (!invalid.isEmpty()) {
        if (ThreadConnection *connection = this->connection())
            fail(*connection, "insert order", invalid);
        return WriteResult::Error;
    }

    return writeTransaction("insert order", [&](ThreadConnection &connection) {
        QSqlQuery *insert = prepared(connection, insertOrderSql());
        if (!insert)
            return WriteResult::Error;
        {
            FinishGuard guard(*insert);
            insert->bindValue(QStringLiteral(":id"), order.id);
            insert->bindValue(QStringLiteral(":client_order_id"), textOrNull(order.clientOrderId));
            insert->bindValue(QStringLiteral(":type"), toString(order.type));
            insert->bindValue(QStringLiteral(":side"), textOrNull(toString(order.side)));
            insert->bindValue(QStringLiteral(":token_in"), order.tokenIn.symbol);
            insert->bindValue(QStringLiteral(":token_in_mint"), order.tokenIn.mint);
            insert->bindValue(QStringLiteral(":token_in_decimals"), order.tokenIn.decimals);
            insert->bindValue(QStringLiteral(":token_out"), order.tokenOut.symbol);
            insert->bindValue(QStringLiteral(":token_out_mint"), mintText(order.tokenOut));
            insert->bindValue(QStringLiteral(":token_out_decimals"), order.tokenOut.decimals);
            insert->bindValue(QStringLiteral(":amount_in"), Decimal::toString(order.amountIn));
            insert->bindValue(QStringLiteral(":slippage_bps"), order.slippageBps);
            insert->bindValue(QStringLiteral(":limit_price"),
                              order.limitPrice ? QVariant(Decimal::toString(*order.limitPrice))
                                               : nullString());
            insert->bindValue(QStringLiteral(":expires_at"), msOrNull(order.expiresAt));
            insert->bindValue(QStringLiteral(":created_at"), order.createdAt.toMSecsSinceEpoch());
            bindOrderState(*insert, order);
            if (!insert->exec()) {
                const QSqlError error = insert->lastError();
                // Only the clientOrderId is unique besides the id; the database decides, so two
                // submissions racing with the same value cannot both get in.
                if (isUniqueViolation(m_backend, error) &&
                    error.databaseText().contains(QLatin1String("client_order_id"))) {
                    qCInfo(lcStore).noquote() << "clientOrderId" << order.clientOrderId
                                              << "already stored; order" << order.id << "refused";
                    return WriteResult::Duplicate;
                }
                connection.lastSqlError = error;
                fail(connection, "insert order",
                     QStringLiteral("order %1: %2").arg(order.id, describeSqlError(error)));
                if (isConnectionLoss(m_backend, error))
                    connection.open = false;
                return WriteResult::Error;
            }
        }

        QSqlQuery *history = prepared(connection, InsertHistorySql);
        if (!history)
            return WriteResult::Error;
        FinishGuard guard(*history);
        bindHistory(*history, order, event);
        return exec(connection, *history, "insert order history") ? WriteResult::Applied
                                                                  : WriteResult::Error;
    });
}

OrderStore::WriteResult SqlOrderStore::applyTransition(const Order &order, const OrderEvent &event,
                                                       const std::optional<FailureRecord> &failure)
{
    QString invalid = mismatch(order, event, failure);
    if (invalid.isEmpty() && event.seq < 2)
        invalid = QStringLiteral("a transition of order %1 needs seq 2 or more, not %2")
                      .arg(order.id)
                      .arg(event.seq);
    if (!invalid.isEmpty()) {
        if (ThreadConnection *connection = this->connection())
            fail(*connection, "apply transition", invalid);
        return WriteResult::Error;
    }

    return writeTransaction("apply transition", [&](ThreadConnection &connection) {
        QSqlQuery *update = prepared(connection, ApplyTransitionSql);
        if (!update)
            return WriteResult::Error;
        {
            FinishGuard guard(*update);
            bindOrderState(*update, order);
            update->bindValue(QStringLiteral(":id"), order.id);
            update->bindValue(QStringLiteral(":expected_seq"), event.seq - 1);
            // A sniper order's token gets its mint when it launches, on the way to routing.
            update->bindValue(QStringLiteral(":token_out_mint"), mintText(order.tokenOut));
            update->bindValue(QStringLiteral(":token_out_decimals"), order.tokenOut.decimals);
            if (!exec(connection, *update, "apply transition"))
                return WriteResult::Error;
            if (update->numRowsAffected() == 0)
                return WriteResult::Conflict;
        }
        {
            QSqlQuery *history = prepared(connection, InsertHistorySql);
            if (!history)
                return WriteResult::Error;
            FinishGuard guard(*history);
            bindHistory(*history, order, event);
            if (!exec(connection, *history, "append history"))
                return WriteResult::Error;
        }
        if (failure) {
            QSqlQuery *insert = prepared(connection, InsertFailureSql);
            if (!insert)
                return WriteResult::Error;
            FinishGuard guard(*insert);
            bindFailure(*insert, order, *failure);
            if (!exec(connection, *insert, "record failure"))
                return WriteResult::Error;
        }
        return WriteResult::Applied;
    });
}

OrderStore::WriteResult SqlOrderStore::recordRetry(const Order &order, const FailureRecord &failure)
{
    QString invalid;
    if (order.id.isEmpty())
        invalid = QStringLiteral("the order has no id");
    else if (!failure.orderId.isEmpty() && failure.orderId != order.id)
        invalid =
            QStringLiteral("the failure is for order %1, not %2").arg(failure.orderId, order.id);
    if (!invalid.isEmpty()) {
        if (ThreadConnection *connection = this->connection())
            fail(*connection, "record retry", invalid);
        return WriteResult::Error;
    }
    const OrderError error = order.lastError
                                 ? *order.lastError
                                 : OrderError{failure.code, failure.message, failure.permanent};

    return writeTransaction("record retry", [&](ThreadConnection &connection) {
        QSqlQuery *update = prepared(connection, RecordRetrySql);
        if (!update)
            return WriteResult::Error;
        {
            FinishGuard guard(*update);
            update->bindValue(QStringLiteral(":retry_at"), msOrNull(order.retryAt));
            update->bindValue(QStringLiteral(":error_code"), error.code);
            update->bindValue(QStringLiteral(":error_message"), error.message);
            update->bindValue(QStringLiteral(":error_permanent"), error.permanent);
            update->bindValue(
                QStringLiteral(":updated_at"),
                (order.updatedAt.isValid() ? order.updatedAt : QDateTime::currentDateTimeUtc())
                    .toMSecsSinceEpoch());
            update->bindValue(QStringLiteral(":id"), order.id);
            update->bindValue(QStringLiteral(":seq"), order.seq);
            if (!exec(connection, *update, "record retry"))
                return WriteResult::Error;
            if (update->numRowsAffected() == 0)
                return WriteResult::Conflict;
        }
        QSqlQuery *insert = prepared(connection, InsertFailureSql);
        if (!insert)
            return WriteResult::Error;
        FinishGuard guard(*insert);
        bindFailure(*insert, order, failure);
        return exec(connection, *insert, "record failure") ? WriteResult::Applied
                                                           : WriteResult::Error;
    });
}

// --- reads ------------------------------------------------------------------------------------

std::optional<Order> SqlOrderStore::readOrder(ThreadConnection &connection, const QSqlQuery &query)
{
    Order order;
    order.id = query.value(ColId).toString();
    auto corrupt = [&](const QString &what) {
        fail(connection, "read order",
             QStringLiteral("order %1 has an unreadable %2; skipped").arg(order.id, what));
        return std::nullopt;
    };

    if (!query.isNull(ColClientOrderId))
        order.clientOrderId = query.value(ColClientOrderId).toString();
    const auto type = orderTypeFromString(query.value(ColType).toString());
    if (!type)
        return corrupt(QStringLiteral("type"));
    order.type = *type;
    if (!query.isNull(ColSide)) {
        const auto side = orderSideFromString(query.value(ColSide).toString());
        if (!side)
            return corrupt(QStringLiteral("side"));
        order.side = *side;
    }
    order.tokenIn = {query.value(ColTokenIn).toString(), query.value(ColTokenInMint).toString(),
                     query.value(ColTokenInDecimals).toInt()};
    order.tokenOut = {query.value(ColTokenOut).toString(), query.value(ColTokenOutMint).toString(),
                      query.value(ColTokenOutDecimals).toInt()};
    const auto amount = Decimal::fromString(query.value(ColAmountIn).toString());
    if (!amount)
        return corrupt(QStringLiteral("amount_in"));
    order.amountIn = *amount;
    order.slippageBps = query.value(ColSlippageBps).toInt();
    if (!query.isNull(ColLimitPrice)) {
        const auto price = Decimal::fromString(query.value(ColLimitPrice).toString());
        if (!price)
            return corrupt(QStringLiteral("limit_price"));
        order.limitPrice = *price;
    }
    if (!query.isNull(ColExpiresAt))
        order.expiresAt = fromMs(query.value(ColExpiresAt).toLongLong());
    const auto status = orderStatusFromString(query.value(ColStatus).toString());
    if (!status)
        return corrupt(QStringLiteral("status"));
    order.status = *status;
    order.attempt = query.value(ColAttempt).toInt();
    order.seq = query.value(ColSeq).toLongLong();
    order.createdAt = fromMs(query.value(ColCreatedAt).toLongLong());
    order.updatedAt = fromMs(query.value(ColUpdatedAt).toLongLong());
    if (!query.isNull(ColRouteJson)) {
        const auto json = parseJsonObject(query.value(ColRouteJson).toString());
        order.route =
            json ? RouteDecision::fromJson(*json, order.tokenIn, order.tokenOut) : std::nullopt;
        if (!order.route)
            return corrupt(QStringLiteral("route_json"));
    }
    if (!query.isNull(ColResultJson)) {
        const auto json = parseJsonObject(query.value(ColResultJson).toString());
        order.execution = json ? ExecutionResult::fromJson(*json, order.tokenOut) : std::nullopt;
        if (!order.execution)
            return corrupt(QStringLiteral("result_json"));
    }
    if (!query.isNull(ColErrorCode)) {
        order.lastError = OrderError{query.value(ColErrorCode).toString(),
                                     query.value(ColErrorMessage).toString(),
                                     query.value(ColErrorPermanent).toBool()};
    }
    if (!query.isNull(ColRetryAt))
        order.retryAt = fromMs(query.value(ColRetryAt).toLongLong());
    return order;
}

QSqlQuery *SqlOrderStore::runRead(const char *what, const QString &sql, const QVariantMap &bindings,
                                  ThreadConnection **connectionOut)
{
    for (int round = 0; round < 2; ++round) {
        ThreadConnection *connection = this->connection();
        if (!connection)
            return nullptr;
        if (QSqlQuery *query = prepared(*connection, sql)) {
            for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
                query->bindValue(it.key(), it.value());
            if (exec(*connection, *query, what)) {
                *connectionOut = connection;
                return query;
            }
            query->finish();
        }
        // A connection the server dropped (restart, idle timeout) fails its first statement; a
        // read is safe to run again on a fresh one. Anything else is a real error.
        if (connection->open)
            return nullptr;
    }
    return nullptr;
}

QList<Order> SqlOrderStore::fetchOrders(const char *what, const QString &sql,
                                        const QVariantMap &bindings)
{
    ThreadConnection *connection = nullptr;
    QSqlQuery *query = runRead(what, sql, bindings, &connection);
    if (!query)
        return {};
    FinishGuard guard(*query);
    QList<Order> result;
    while (query->next()) {
        if (std::optional<Order> order = readOrder(*connection, *query))
            result.append(std::move(*order));
    }
    return result;
}

std::optional<Order> SqlOrderStore::order(const QString &id)
{
    static const QString sql = selectOrders() + QStringLiteral(" WHERE id = :key");
    QList<Order> found = fetchOrders("read order", sql, {{QStringLiteral(":key"), id}});
    return found.isEmpty() ? std::nullopt : std::optional<Order>(found.takeFirst());
}

std::optional<Order> SqlOrderStore::orderByClientId(const QString &clientOrderId)
{
    if (clientOrderId.isEmpty()) {
        connection(); // still resets this thread's lastError
        return std::nullopt;
    }
    static const QString sql = selectOrders() + QStringLiteral(" WHERE client_order_id = :key");
    QList<Order> found =
        fetchOrders("read order by clientOrderId", sql, {{QStringLiteral(":key"), clientOrderId}});
    return found.isEmpty() ? std::nullopt : std::optional<Order>(found.takeFirst());
}

QList<Order> SqlOrderStore::orders(const OrderListQuery &query)
{
    const bool byStatus = query.status.has_value();
    const bool paged = query.before.isValid();
    const bool tieBreak = paged && !query.beforeId.isEmpty();

    // One statement per filter combination, each prepared once per connection: PostgreSQL cannot
    // type a parameter used only in "IS NULL" tests.
    QStringList conditions;
    QVariantMap bindings;
    if (byStatus) {
        conditions << QStringLiteral("status = :status");
        bindings.insert(QStringLiteral(":status"), toString(*query.status));
    }
    if (tieBreak) {
        conditions << QStringLiteral("(created_at < :before OR (created_at = :before_same"
                                     " AND id < :before_id))");
        bindings.insert(QStringLiteral(":before_same"), query.before.toMSecsSinceEpoch());
        bindings.insert(QStringLiteral(":before_id"), query.beforeId);
    } else if (paged) {
        conditions << QStringLiteral("created_at < :before");
    }
    if (paged)
        bindings.insert(QStringLiteral(":before"), query.before.toMSecsSinceEpoch());
    bindings.insert(QStringLiteral(":limit"), std::clamp(query.limit, 1, 500));

    QString sql = selectOrders();
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    return fetchOrders("list orders", sql, bindings);
}

QList<OrderEvent> SqlOrderStore::history(const QString &orderId)
{
    static const QString sql =
        QStringLiteral("SELECT seq, status, attempt, ts, details_json FROM order_status_history"
                       " WHERE order_id = :order_id ORDER BY seq");
    ThreadConnection *connection = nullptr;
    QSqlQuery *query =
        runRead("read history", sql, {{QStringLiteral(":order_id"), orderId}}, &connection);
    if (!query)
        return {};
    FinishGuard guard(*query);
    QList<OrderEvent> events;
    while (query->next()) {
        OrderEvent event;
        event.orderId = orderId;
        event.seq = query->value(0).toLongLong();
        const auto status = orderStatusFromString(query->value(1).toString());
        const auto details = parseJsonObject(query->value(4).toString());
        if (!status || !details) {
            fail(*connection, "read history",
                 QStringLiteral("order %1 history row %2 is unreadable; skipped")
                     .arg(orderId)
                     .arg(event.seq));
            continue;
        }
        event.status = *status;
        event.attempt = query->value(2).toInt();
        event.timestamp = fromMs(query->value(3).toLongLong());
        event.details = *details;
        events.append(event);
    }
    return events;
}

QList<FailureRecord> SqlOrderStore::failures(const QString &orderId)
{
    static const QString sql =
        QStringLiteral("SELECT attempt, code, message, permanent, at FROM order_failures"
                       " WHERE order_id = :order_id ORDER BY attempt, id");
    ThreadConnection *connection = nullptr;
    QSqlQuery *query =
        runRead("read failures", sql, {{QStringLiteral(":order_id"), orderId}}, &connection);
    if (!query)
        return {};
    FinishGuard guard(*query);
    QList<FailureRecord> records;
    while (query->next()) {
        FailureRecord record;
        record.orderId = orderId;
        record.attempt = query->value(0).toInt();
        record.code = query->value(1).toString();
        record.message = query->value(2).toString();
        record.permanent = query->value(3).toBool();
        record.at = fromMs(query->value(4).toLongLong());
        records.append(record);
    }
    return records;
}

QList<Order> SqlOrderStore::unfinishedOrders()
{
    static const QString sql = selectOrders() + QStringLiteral(" WHERE ") +
                               QLatin1String(UnfinishedPredicate) +
                               QStringLiteral(" ORDER BY created_at, id");
    return fetchOrders("list unfinished orders", sql, {});
}

QHash<OrderStatus, qint64> SqlOrderStore::countByStatus()
{
    static const QString sql =
        QStringLiteral("SELECT status, COUNT(*) FROM orders GROUP BY status");
    ThreadConnection *connection = nullptr;
    QSqlQuery *query = runRead("count orders", sql, {}, &connection);
    if (!query)
        return {};
    FinishGuard guard(*query);
    QHash<OrderStatus, qint64> counts;
    for (const OrderStatus status :
         {OrderStatus::Pending, OrderStatus::Waiting, OrderStatus::Routing, OrderStatus::Building,
          OrderStatus::Submitted, OrderStatus::Confirmed, OrderStatus::Failed,
          OrderStatus::Cancelled, OrderStatus::Expired}) {
        counts.insert(status, 0);
    }
    while (query->next()) {
        if (const auto status = orderStatusFromString(query->value(0).toString()))
            counts.insert(*status, query->value(1).toLongLong());
    }
    return counts;
}

} // namespace OrderDesk
