#include "SqlSchema.h"

#include "Logging.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QStringList>

#include <vector>

namespace OrderDesk {

const char SqlSchema::UnfinishedPredicate[] =
    "status NOT IN ('confirmed', 'failed', 'cancelled', 'expired')";

namespace {

// pg_advisory_xact_lock key serialising migrations across processes: "ODSCHEMA" in ASCII.
constexpr qint64 MigrationLockKey = 5711781775853047105LL;

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
                 QLatin1String(SqlSchema::UnfinishedPredicate),
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
                 QLatin1String(SqlSchema::UnfinishedPredicate),
             QStringLiteral("CREATE INDEX order_failures_order_idx"
                            " ON order_failures (order_id, attempt)"),
         }},
        // Leases (SPEC "Ownership"): owner, fencing token and expiry by the database's clock;
        // the transaction recorded before it is sent; one failure row per order and attempt.
        {2,
         "leases, recorded transactions, one failure per attempt",
         {
             QStringLiteral("ALTER TABLE orders ADD COLUMN lease_owner TEXT"),
             QStringLiteral("ALTER TABLE orders ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0"),
             QStringLiteral("ALTER TABLE orders ADD COLUMN lease_expires_at INTEGER"),
             QStringLiteral("ALTER TABLE orders ADD COLUMN tx_signature TEXT"),
             QStringLiteral("ALTER TABLE orders ADD COLUMN tx_json TEXT"),
             QStringLiteral("CREATE INDEX orders_lease_owner_idx ON orders (lease_owner)"
                            " WHERE lease_owner IS NOT NULL"),
             QStringLiteral("CREATE INDEX orders_tx_signature_idx ON orders (tx_signature)"
                            " WHERE tx_signature IS NOT NULL"),
             // Earlier builds could store an attempt's failure twice; the first one stays.
             QStringLiteral("DELETE FROM order_failures WHERE id NOT IN"
                            " (SELECT MIN(id) FROM order_failures GROUP BY order_id, attempt)"),
             QStringLiteral("CREATE UNIQUE INDEX order_failures_order_attempt_key"
                            " ON order_failures (order_id, attempt)"),
             // Same columns as the unique index: it would only cost writes.
             QStringLiteral("DROP INDEX order_failures_order_idx"),
         },
         {
             QStringLiteral("ALTER TABLE orders ADD COLUMN lease_owner TEXT,"
                            " ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0,"
                            " ADD COLUMN lease_expires_at BIGINT,"
                            " ADD COLUMN tx_signature TEXT,"
                            " ADD COLUMN tx_json JSONB"),
             QStringLiteral("CREATE INDEX orders_lease_owner_idx ON orders (lease_owner)"
                            " WHERE lease_owner IS NOT NULL"),
             QStringLiteral("CREATE INDEX orders_tx_signature_idx ON orders (tx_signature)"
                            " WHERE tx_signature IS NOT NULL"),
             QStringLiteral("DELETE FROM order_failures f USING order_failures g"
                            " WHERE f.order_id = g.order_id AND f.attempt = g.attempt"
                            " AND f.id > g.id"),
             QStringLiteral("ALTER TABLE order_failures ADD CONSTRAINT"
                            " order_failures_order_attempt_key UNIQUE (order_id, attempt)"),
             QStringLiteral("DROP INDEX order_failures_order_idx"),
         }},
        // The swap mode in a column of its own; schema 2 kept it in the side (a market buy was
        // ExactOut), so an order could run the other way round under another build. Existing
        // rows get what they meant. NULL is left only by a build of schema 2 still writing to
        // this database: the store reads those rows as that build meant them.
        {3,
         "swap mode in its own column",
         {
             QStringLiteral("ALTER TABLE orders ADD COLUMN swap_mode TEXT"
                            " CHECK (swap_mode IN ('ExactIn', 'ExactOut'))"),
             QStringLiteral("UPDATE orders SET swap_mode = CASE WHEN side = 'buy' AND type = 'market'"
                            " THEN 'ExactOut' ELSE 'ExactIn' END"),
         },
         {
             QStringLiteral("ALTER TABLE orders ADD COLUMN swap_mode TEXT"
                            " CONSTRAINT orders_swap_mode_check"
                            " CHECK (swap_mode IN ('ExactIn', 'ExactOut'))"),
             QStringLiteral("UPDATE orders SET swap_mode = CASE WHEN side = 'buy' AND type = 'market'"
                            " THEN 'ExactOut' ELSE 'ExactIn' END"),
         }},
        // The wallet (SPEC §3 "Wallet"): a balance row per token, and each order's reservation of
        // its input, open until its terminal status settles or releases it (exactly once).
        // Orders stored before this step have no reservation (wallet_state NULL).
        {4,
         "the wallet: balances per token, each order's reservation",
         {
             QStringLiteral("ALTER TABLE orders ADD COLUMN reserved_in TEXT"),
             QStringLiteral("ALTER TABLE orders ADD COLUMN wallet_state TEXT"),
             QStringLiteral("CREATE INDEX orders_wallet_open_idx ON orders (created_at, id)"
                            " WHERE wallet_state = 'open'"),
             QStringLiteral("CREATE TABLE wallet_balances ("
                            " token TEXT NOT NULL PRIMARY KEY,"
                            " decimals INTEGER NOT NULL,"
                            " total TEXT NOT NULL,"
                            " reserved TEXT NOT NULL,"
                            " cost_usdc TEXT NOT NULL,"
                            " realised_usdc TEXT NOT NULL,"
                            " cost_known INTEGER NOT NULL,"
                            " updated_at INTEGER NOT NULL)"),
         },
         {
             QStringLiteral("ALTER TABLE orders ADD COLUMN reserved_in NUMERIC(40, 0),"
                            " ADD COLUMN wallet_state TEXT"),
             QStringLiteral("CREATE INDEX orders_wallet_open_idx ON orders (created_at, id)"
                            " WHERE wallet_state = 'open'"),
             // Balances never go negative: the engine never asks for it, and the database
             // refuses it should a bug ever try.
             QStringLiteral("CREATE TABLE wallet_balances ("
                            " token TEXT NOT NULL PRIMARY KEY,"
                            " decimals INTEGER NOT NULL,"
                            " total NUMERIC(40, 0) NOT NULL CHECK (total >= 0),"
                            " reserved NUMERIC(40, 0) NOT NULL CHECK (reserved >= 0 AND reserved <= total),"
                            " cost_usdc NUMERIC(40, 0) NOT NULL,"
                            " realised_usdc NUMERIC(40, 0) NOT NULL,"
                            " cost_known BOOLEAN NOT NULL,"
                            " updated_at BIGINT NOT NULL)"),
         }},
        // The JSON documents are written and read back whole, never queried inside: as json
        // they are stored as written, where jsonb parsed each one into its binary form (a third
        // of the store's CPU per write) and printed it again on every read. A row with its route
        // is past PostgreSQL's 2 kB threshold, so each write compresses it, and pglz was a
        // seventh of that CPU; lz4 does it in a fraction. A server without lz4 keeps pglz.
        {5,
         "JSON documents stored as json, compressed with lz4",
         {},
         {
             QStringLiteral("ALTER TABLE orders ALTER COLUMN route_json TYPE json,"
                            " ALTER COLUMN result_json TYPE json,"
                            " ALTER COLUMN tx_json TYPE json"),
             QStringLiteral("ALTER TABLE order_status_history ALTER COLUMN details_json TYPE json"),
             QStringLiteral(
                 "DO $$ BEGIN"
                 " ALTER TABLE orders ALTER COLUMN route_json SET COMPRESSION lz4,"
                 " ALTER COLUMN result_json SET COMPRESSION lz4,"
                 " ALTER COLUMN tx_json SET COMPRESSION lz4;"
                 " ALTER TABLE order_status_history ALTER COLUMN details_json SET COMPRESSION lz4;"
                 " EXCEPTION WHEN feature_not_supported THEN"
                 " RAISE NOTICE 'this PostgreSQL has no lz4: its documents stay compressed with pglz';"
                 " END $$"),
         }},
        // The route in a table of its own, written once per attempt (on the way to building):
        // SQLite rewrites a whole row on every update, so the 3.5 kB route in the orders row was
        // copied, with its overflow pages, by each of an order's transitions; without it the row
        // fits a fraction of a page.
        {6,
         "the route in a table of its own",
         {
             QStringLiteral("CREATE TABLE order_routes ("
                            " order_id TEXT NOT NULL PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,"
                            " route_json TEXT NOT NULL)"),
             QStringLiteral("INSERT INTO order_routes (order_id, route_json)"
                            " SELECT id, route_json FROM orders WHERE route_json IS NOT NULL"),
             QStringLiteral("ALTER TABLE orders DROP COLUMN route_json"),
         },
         {
             QStringLiteral("CREATE TABLE order_routes ("
                            " order_id TEXT NOT NULL PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,"
                            " route_json json NOT NULL)"),
             QStringLiteral(
                 "DO $$ BEGIN"
                 " ALTER TABLE order_routes ALTER COLUMN route_json SET COMPRESSION lz4;"
                 " EXCEPTION WHEN feature_not_supported THEN"
                 " RAISE NOTICE 'this PostgreSQL has no lz4: routes stay compressed with pglz';"
                 " END $$"),
             QStringLiteral("INSERT INTO order_routes (order_id, route_json)"
                            " SELECT id, route_json FROM orders WHERE route_json IS NOT NULL"),
             QStringLiteral("ALTER TABLE orders DROP COLUMN route_json"),
         }},
    };
    return steps;
}

} // namespace

QStringList SqlSchema::stepStatements(int version, SqlBackend backend)
{
    for (const Migration &step : migrations()) {
        if (step.version == version)
            return backend == SqlBackend::Sqlite ? step.sqlite : step.postgres;
    }
    return {};
}

int SqlSchema::latestVersion()
{
    return migrations().back().version;
}

bool SqlSchema::migrate(SqlSession &connection, const SqlStoreConfig &config, QString *error)
{
    const bool sqlite = config.backend == SqlBackend::Sqlite;
    const int latest = latestVersion();
    auto failMigration = [&](const QString &message) {
        connection.rollback();
        *error = message;
        return false;
    };

    // One transaction per step, each re-reading the version under the lock, so that two
    // processes starting together apply every step exactly once.
    for (;;) {
        if (!connection.execDirect(sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"),
                        "migrate")) {
            *error = connection.lastError();
            return false;
        }
        if (!sqlite) {
            if (!connection.execDirect(
                    QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(MigrationLockKey),
                    "migrate")) {
                return failMigration(connection.lastError());
            }
        }
        // CREATE … IF NOT EXISTS still needs the CREATE privilege: look first, so that a role
        // without DDL rights can open a database that is already up to date.
        if (!sqlite && !config.schema.isEmpty()) {
            const std::optional<bool> exists = connection.queryFlag(
                QStringLiteral("SELECT COUNT(*) > 0 FROM pg_namespace WHERE nspname = '%1'")
                    .arg(config.schema),
                "migrate");
            if (!exists)
                return failMigration(connection.lastError());
            if (!*exists &&
                !connection.execDirect(QStringLiteral("CREATE SCHEMA %1").arg(config.schema),
                            "migrate")) {
                return failMigration(connection.lastError());
            }
        }
        const std::optional<bool> hasVersionTable =
            connection.queryFlag(
                      sqlite ? QStringLiteral("SELECT COUNT(*) > 0 FROM sqlite_master"
                                              " WHERE type = 'table' AND name = 'schema_version'")
                             : QStringLiteral("SELECT to_regclass('schema_version') IS NOT NULL"),
                "migrate");
        if (!hasVersionTable)
            return failMigration(connection.lastError());
        if (!*hasVersionTable &&
            !connection.execDirect(QStringLiteral("CREATE TABLE schema_version ("
                                       "version INTEGER NOT NULL PRIMARY KEY, "
                                       "applied_at %1 NOT NULL)")
                            .arg(sqlite ? QStringLiteral("INTEGER") : QStringLiteral("BIGINT")),
                        "migrate")) {
            return failMigration(connection.lastError());
        }

        int current = 0;
        {
            QSqlQuery query(connection.database());
            query.setForwardOnly(true);
            if (!query.exec(
                    QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) ||
                !query.next()) {
                connection.failWith("migrate", query.lastError());
                query = QSqlQuery();
                return failMigration(connection.lastError());
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
            if (!connection.execDirect(QStringLiteral("COMMIT"), "migrate"))
                return failMigration(connection.lastError());
            qCInfo(lcStore).noquote() << "opened" << config.describe() << "at schema version" << current;
            return true;
        }

        const Migration &step = migrations().at(static_cast<std::size_t>(current));
        Q_ASSERT(step.version == current + 1);
        for (const QString &statement : sqlite ? step.sqlite : step.postgres) {
            if (!connection.execDirect(statement, "migrate"))
                return failMigration(QStringLiteral("migration to schema version %1 failed: %2")
                                         .arg(step.version)
                                         .arg(connection.lastError()));
        }
        {
            QSqlQuery query(connection.database());
            query.prepare(QStringLiteral(
                "INSERT INTO schema_version (version, applied_at) VALUES (:version, :applied_at)"));
            query.bindValue(QStringLiteral(":version"), step.version);
            query.bindValue(QStringLiteral(":applied_at"), QDateTime::currentMSecsSinceEpoch());
            if (!connection.exec(query, "migrate")) {
                query = QSqlQuery();
                return failMigration(connection.lastError());
            }
        }
        if (!connection.execDirect(QStringLiteral("COMMIT"), "migrate"))
            return failMigration(connection.lastError());
        qCInfo(lcStore).noquote() << config.describe() << "migrated to schema version" << step.version
                                  << '(' << step.description << ')';
    }
}

} // namespace OrderDesk
