#include "Ledger.h"

#include "JsonText.h"
#include "Logging.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QVariant>

#include <algorithm>
#include <atomic>

namespace OrderDesk {

namespace {
std::atomic<quint64> s_instances{0};

const char *const Schema[] = {
    "CREATE TABLE IF NOT EXISTS chain_base ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " chain_id TEXT NOT NULL,"
    " height INTEGER NOT NULL,"
    " wall_ms INTEGER NOT NULL,"
    " interval_ms INTEGER NOT NULL)",
    // Amounts are text: base units of 128-bit integers do not fit SQLite's 64-bit INTEGER.
    "CREATE TABLE IF NOT EXISTS transactions ("
    " sequence INTEGER PRIMARY KEY,"
    " signature TEXT NOT NULL UNIQUE,"
    " order_id TEXT NOT NULL,"
    " attempt INTEGER NOT NULL,"
    " venue TEXT NOT NULL,"
    " input_mint TEXT NOT NULL, input_symbol TEXT NOT NULL, input_decimals INTEGER NOT NULL,"
    " output_mint TEXT NOT NULL, output_symbol TEXT NOT NULL, output_decimals INTEGER NOT NULL,"
    " amount_in TEXT NOT NULL,"
    " amount_out TEXT NOT NULL,"
    " executed_price TEXT NOT NULL,"
    " slot INTEGER NOT NULL,"
    " error_code TEXT,"
    " error_message TEXT,"
    " error_permanent INTEGER,"
    " landed_at TEXT NOT NULL,"
    " route_json TEXT)",
    "CREATE INDEX IF NOT EXISTS transactions_executed ON transactions (sequence)"
    " WHERE error_code IS NULL",
};

const char SelectColumns[] =
    "SELECT sequence, signature, order_id, attempt, venue, input_mint, input_symbol,"
    " input_decimals, output_mint, output_symbol, output_decimals, amount_in, amount_out,"
    " executed_price, slot, error_code, error_message, error_permanent, landed_at, route_json"
    " FROM transactions ";

LandedTransaction readRow(const QSqlQuery &query)
{
    LandedTransaction tx;
    tx.sequence = query.value(0).toLongLong();
    tx.signature = query.value(1).toString();
    tx.orderId = query.value(2).toString();
    tx.attempt = query.value(3).toInt();
    tx.venue = venueFromString(query.value(4).toString()).value_or(Venue::Raydium);
    tx.tokenIn = {query.value(6).toString(), query.value(5).toString(), query.value(7).toInt()};
    tx.tokenOut = {query.value(9).toString(), query.value(8).toString(), query.value(10).toInt()};
    tx.amountIn = Decimal::fromString(query.value(11).toString()).value_or(0);
    tx.amountOut = Decimal::fromString(query.value(12).toString()).value_or(0);
    tx.executedPrice = Decimal::fromString(query.value(13).toString()).value_or(0);
    tx.slot = query.value(14).toLongLong();
    if (!query.value(15).isNull()) {
        tx.error = OrderError{query.value(15).toString(), query.value(16).toString(),
                              query.value(17).toBool()};
    }
    tx.landedAt = QDateTime::fromString(query.value(18).toString(), Qt::ISODateWithMs);
    tx.landedAt.setTimeSpec(Qt::UTC);
    if (!query.value(19).isNull()) {
        tx.legs = RouteLeg::listFromJson(QJsonDocument::fromJson(query.value(19).toString().toUtf8()).array())
                      .value_or(QList<RouteLeg>());
    }
    return tx;
}

QString describe(const QSqlError &error)
{
    return error.text().isEmpty() ? QStringLiteral("unknown SQLite error") : error.text();
}
} // namespace

Ledger::Ledger(const QString &path)
    : m_path(path),
      m_namePrefix(QStringLiteral("orderdesk-market-ledger-%1-").arg(++s_instances))
{
    if (m_path.isEmpty()) {
        // Not :memory:, which is one database per connection, and the ledger has one per thread.
        m_tempDir = std::make_unique<QTemporaryDir>();
        m_path = m_tempDir->filePath(QStringLiteral("market-ledger.db"));
    }
}

Ledger::~Ledger()
{
    QMutexLocker locker(&m_mutex);
    // Other threads' connections may only be removed from here, not used (not even to close
    // them): removing one closes it, and no handle to it is alive outside a call.
    for (const QString &name : std::as_const(m_connections))
        QSqlDatabase::removeDatabase(name);
}

QSqlDatabase Ledger::connection(QString *error)
{
    const Qt::HANDLE thread = QThread::currentThreadId();
    QMutexLocker locker(&m_mutex);
    QString name = m_connections.value(thread);
    if (!name.isEmpty()) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid() && db.isOpen())
            return db;
        // A thread id reused by a new thread: the old connection belongs to a thread now gone.
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    name = m_namePrefix + QString::number(reinterpret_cast<quintptr>(thread), 16);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        if (error)
            *error = describe(db.lastError());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return {};
    }
    QSqlQuery pragma(db);
    pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    // A block's landings are what the engine confirms orders on: on disk before anyone can read.
    pragma.exec(QStringLiteral("PRAGMA synchronous=FULL"));
    m_connections.insert(thread, name);
    return db;
}

void Ledger::releaseThreadConnection()
{
    QMutexLocker locker(&m_mutex);
    const QString name = m_connections.take(QThread::currentThreadId());
    if (name.isEmpty())
        return;
    { QSqlDatabase::database(name, false).close(); }
    QSqlDatabase::removeDatabase(name);
}

bool Ledger::open(QString *error)
{
    const QFileInfo file(m_path);
    if (!QDir().mkpath(file.absolutePath())) {
        *error = QStringLiteral("cannot create %1").arg(file.absolutePath());
        return false;
    }
    QString why;
    QSqlDatabase db = connection(&why);
    if (!db.isValid()) {
        *error = QStringLiteral("cannot open the market ledger %1: %2").arg(m_path, why);
        return false;
    }
    QSqlQuery query(db);
    for (const char *statement : Schema) {
        if (!query.exec(QString::fromLatin1(statement))) {
            *error = QStringLiteral("cannot create the market ledger's tables in %1: %2")
                         .arg(m_path, describe(query.lastError()));
            return false;
        }
    }
    // Ledgers written before routes had legs lack the route's column.
    bool hasRoute = false;
    query.exec(QStringLiteral("PRAGMA table_info(transactions)"));
    while (query.next())
        hasRoute = hasRoute || query.value(1).toString() == QLatin1String("route_json");
    if (!hasRoute && !query.exec(QStringLiteral("ALTER TABLE transactions ADD COLUMN route_json TEXT"))) {
        *error = QStringLiteral("cannot add the route to the market ledger %1: %2")
                     .arg(m_path, describe(query.lastError()));
        return false;
    }
    return true;
}

std::optional<Ledger::ChainBase> Ledger::chainBase(QString *error)
{
    QSqlDatabase db = connection(error);
    if (!db.isValid())
        return std::nullopt;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral(
            "SELECT chain_id, height, wall_ms, interval_ms FROM chain_base WHERE id = 1"))) {
        *error = describe(query.lastError());
        return std::nullopt;
    }
    error->clear();
    if (!query.next())
        return std::nullopt;
    return ChainBase{query.value(0).toString(), query.value(1).toLongLong(),
                     query.value(2).toLongLong(), query.value(3).toLongLong()};
}

bool Ledger::saveChainBase(const ChainBase &base, QString *error)
{
    QSqlDatabase db = connection(error);
    if (!db.isValid())
        return false;
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO chain_base (id, chain_id, height, wall_ms, interval_ms) VALUES (1, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET chain_id = excluded.chain_id, height = excluded.height,"
        " wall_ms = excluded.wall_ms, interval_ms = excluded.interval_ms"));
    query.addBindValue(base.chainId);
    query.addBindValue(base.height);
    query.addBindValue(base.wallMs);
    query.addBindValue(base.intervalMs);
    if (!query.exec()) {
        *error = describe(query.lastError());
        return false;
    }
    return true;
}

bool Ledger::appendBlock(const QList<LandedTransaction> &block, QString *error)
{
    if (block.isEmpty())
        return true;
    QSqlDatabase db = connection(error);
    if (!db.isValid())
        return false;
    if (!db.transaction()) {
        *error = describe(db.lastError());
        return false;
    }
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO transactions (sequence, signature, order_id, attempt, venue, input_mint,"
        " input_symbol, input_decimals, output_mint, output_symbol, output_decimals, amount_in,"
        " amount_out, executed_price, slot, error_code, error_message, error_permanent, landed_at,"
        " route_json)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const LandedTransaction &tx : block) {
        const QVariant noText = QVariant(QMetaType::fromType<QString>());
        query.addBindValue(tx.sequence);
        query.addBindValue(tx.signature);
        query.addBindValue(tx.orderId);
        query.addBindValue(tx.attempt);
        query.addBindValue(toString(tx.venue));
        query.addBindValue(tx.tokenIn.mint);
        query.addBindValue(tx.tokenIn.symbol);
        query.addBindValue(tx.tokenIn.decimals);
        query.addBindValue(tx.tokenOut.mint);
        query.addBindValue(tx.tokenOut.symbol);
        query.addBindValue(tx.tokenOut.decimals);
        query.addBindValue(Decimal::toString(tx.amountIn));
        query.addBindValue(Decimal::toString(tx.amountOut));
        query.addBindValue(Decimal::toString(tx.executedPrice));
        query.addBindValue(tx.slot);
        query.addBindValue(tx.error ? QVariant(tx.error->code) : noText);
        query.addBindValue(tx.error ? QVariant(tx.error->message) : noText);
        query.addBindValue(tx.error ? QVariant(int(tx.error->permanent))
                                    : QVariant(QMetaType::fromType<int>()));
        query.addBindValue(tx.landedAt.toUTC().toString(Qt::ISODateWithMs));
        query.addBindValue(tx.legs.isEmpty()
                               ? noText
                               : QVariant(QString::fromUtf8(JsonText::compact(RouteLeg::toJson(tx.legs)))));
        if (!query.exec()) {
            *error = describe(query.lastError());
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        *error = describe(db.lastError());
        db.rollback();
        return false;
    }
    return true;
}

namespace {
Ledger::Landing readLanding(const QSqlQuery &query)
{
    Ledger::Landing landing{query.value(0).toString(), query.value(1).toLongLong(), std::nullopt};
    if (!query.value(2).isNull()) {
        landing.error = OrderError{query.value(2).toString(), query.value(3).toString(),
                                   query.value(4).toBool()};
    }
    return landing;
}
} // namespace

std::optional<QList<Ledger::Landing>> Ledger::recentLandings(qint64 afterSlot, QString *error)
{
    QSqlDatabase db = connection(error);
    if (!db.isValid())
        return std::nullopt;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT signature, slot, error_code, error_message,"
                                   " error_permanent FROM transactions ORDER BY sequence DESC"))) {
        *error = describe(query.lastError());
        return std::nullopt;
    }
    QList<Landing> result;
    while (query.next() && query.value(1).toLongLong() > afterSlot)
        result.append(readLanding(query));
    std::reverse(result.begin(), result.end());
    return result;
}

std::optional<QList<Ledger::Landing>> Ledger::landings(const QStringList &signatures,
                                                       QString *error)
{
    constexpr int Chunk = 256; // well under SQLite's limit on bound parameters
    QSqlDatabase db = connection(error);
    if (!db.isValid())
        return std::nullopt;
    QList<Landing> result;
    for (qsizetype first = 0; first < signatures.size(); first += Chunk) {
        const QStringList chunk = signatures.mid(first, Chunk);
        QStringList marks;
        marks.fill(QStringLiteral("?"), chunk.size());
        QSqlQuery query(db);
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT signature, slot, error_code, error_message,"
                                     " error_permanent FROM transactions WHERE signature IN (%1)")
                          .arg(marks.join(QLatin1Char(','))));
        for (const QString &signature : chunk)
            query.addBindValue(signature);
        if (!query.exec()) {
            *error = describe(query.lastError());
            return std::nullopt;
        }
        while (query.next())
            result.append(readLanding(query));
    }
    return result;
}

std::optional<qint64> Ledger::highestSlot(QString *error)
{
    QSqlDatabase db = connection(error);
    if (!db.isValid())
        return std::nullopt;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT slot FROM transactions ORDER BY sequence DESC LIMIT 1"))) {
        *error = describe(query.lastError());
        return std::nullopt;
    }
    return query.next() ? query.value(0).toLongLong() : 0;
}

std::optional<qint64> Ledger::lastSequence(QString *error)
{
    QSqlDatabase db = connection(error);
    if (!db.isValid())
        return std::nullopt;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(sequence), 0) FROM transactions"))
        || !query.next()) {
        *error = describe(query.lastError());
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

std::optional<LandedTransaction> Ledger::transaction(const QString &signature)
{
    QString error;
    QSqlDatabase db = connection(&error);
    if (!db.isValid()) {
        qCWarning(lcChain).noquote() << "ledger unreadable:" << error;
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.prepare(QString::fromLatin1(SelectColumns) + QStringLiteral("WHERE signature = ?"));
    query.addBindValue(signature);
    if (!query.exec()) {
        qCWarning(lcChain).noquote() << "ledger unreadable:" << describe(query.lastError());
        return std::nullopt;
    }
    if (!query.next())
        return LandedTransaction{};
    return readRow(query);
}

std::optional<QList<LandedTransaction>> Ledger::executed(qint64 after, int limit)
{
    QString error;
    QSqlDatabase db = connection(&error);
    if (!db.isValid()) {
        qCWarning(lcChain).noquote() << "ledger unreadable:" << error;
        return std::nullopt;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QString::fromLatin1(SelectColumns)
                  + QStringLiteral("WHERE sequence > ? AND error_code IS NULL"
                                   " ORDER BY sequence LIMIT ?"));
    query.addBindValue(after);
    query.addBindValue(limit);
    if (!query.exec()) {
        qCWarning(lcChain).noquote() << "ledger unreadable:" << describe(query.lastError());
        return std::nullopt;
    }
    QList<LandedTransaction> result;
    while (query.next())
        result.append(readRow(query));
    return result;
}

} // namespace OrderDesk
