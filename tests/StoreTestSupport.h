#pragma once

#include "SqlOrderStore.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <memory>

// The OrderStore contract runs against every available backend: SQLite always (a temp file per
// test), PostgreSQL when ORDERDESK_TEST_DATABASE_URL names a server (a fresh schema per test).
// StoreFixture gives a test class the store, the backend rows and a raw connection.

namespace QTest {
template <> inline char *toString(const OrderDesk::OrderStore::WriteResult &result)
{
    static const char *const names[] = {"Applied", "Conflict", "Duplicate", "Error",
                                        "InsufficientFunds"};
    return qstrdup(names[static_cast<int>(result)]);
}
} // namespace QTest

namespace StoreTest {

using namespace OrderDesk;
using WriteResult = OrderStore::WriteResult;

inline const QDateTime BaseTime = QDateTime::fromMSecsSinceEpoch(1'767'225'600'123, Qt::UTC);

inline QDateTime at(qint64 offsetMs)
{
    return BaseTime.addMSecs(offsetMs);
}

inline Int128 units(const char *text, int scale)
{
    return *Decimal::parse(QString::fromLatin1(text), scale);
}

inline Order newOrder(const QString &id, qint64 createdOffsetMs = 0, const QString &clientOrderId = {})
{
    Order order;
    order.id = id;
    order.clientOrderId = clientOrderId;
    order.tokenIn = TokenRegistry::sol();
    order.tokenOut = TokenRegistry::usdc();
    order.amountIn = units("1.5", 9);
    order.seq = 1;
    order.createdAt = at(createdOffsetMs);
    order.updatedAt = order.createdAt;
    return order;
}

inline OrderEvent firstEvent(const Order &order)
{
    return {order.id,      order.seq,       order.status,
            order.attempt, order.createdAt, {{QStringLiteral("source"), QStringLiteral("test")}}};
}

// Moves `order` one step as the engine does, returning the event that describes the step.
inline OrderEvent advance(Order &order, OrderStatus status, const QJsonObject &details = {})
{
    order.status = status;
    ++order.seq;
    order.updatedAt = order.updatedAt.addMSecs(7);
    return {order.id, order.seq, status, order.attempt, order.updatedAt, details};
}

// A route with both quotes, one unavailable for a reason full of JSON escapes.
inline RouteDecision sampleRoute()
{
    VenueQuote raydium;
    raydium.venue = Venue::Raydium;
    raydium.available = true;
    raydium.amountIn = units("1000000000000", 9);
    raydium.amountOut = units("187123456789.123456", 6);
    raydium.feeAmount = units("2500000000", 9);
    raydium.feePpm = 2500;
    raydium.priceImpactPpm = 1234;
    raydium.spotPrice = units("187.5", PriceScale);
    raydium.executionPrice = units("187.123456789123456", PriceScale);
    raydium.quotedAt = at(50);

    VenueQuote meteora;
    meteora.venue = Venue::Meteora;
    meteora.available = false;
    meteora.unavailableReason = QStringLiteral("no pool for \"SOL/USDC\" \\ it's closed");
    meteora.quotedAt = at(51);

    RouteDecision route;
    route.quotes = {raydium, meteora};
    route.venue = Venue::Raydium;
    route.reason = QStringLiteral("only Raydium quoted — Meteora unavailable");
    route.minAmountOut = units("186187841505.179", 6);
    route.wrapSol = true;
    return route;
}

inline ExecutionResult sampleExecution()
{
    ExecutionResult result;
    result.signature = QStringLiteral(
        "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW");
    result.venue = Venue::Raydium;
    result.amountOut = units("187000000000.000001", 6);
    result.executedPrice = units("187.000000000000000001", PriceScale);
    result.executedAt = at(900);
    return result;
}

class StoreFixture : public QObject
{
protected:
    // Call from initTestCase_data(), init() and cleanup() of the test class.
    void addBackendRows();
    void initBackend(const char *testName);
    void cleanupBackend();

    bool isPostgres() const { return m_backend == QLatin1String("postgresql"); }
    std::unique_ptr<OrderStore> openStore();
    // A plain connection to this test's database, for what the store does not offer on purpose
    // (triggers that make a write fail, forging a newer schema version).
    bool rawExec(const QStringList &statements, QString *error = nullptr);
    int rawCount(const QString &sql);
    QSqlDatabase rawDatabase();
    void dropRawDatabase();

    QString m_backend;
    QString m_url;
    QString m_schema;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OrderStore> m_store;
    int m_testNumber = 0;
    QString m_testName;
};

inline void StoreFixture::addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    if (!qEnvironmentVariableIsEmpty("ORDERDESK_TEST_DATABASE_URL"))
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    else
        qInfo("ORDERDESK_TEST_DATABASE_URL is not set: PostgreSQL rows skipped");
}

inline void StoreFixture::initBackend(const char *testName)
{
    QFETCH_GLOBAL(QString, backend);
    m_testName = QString::fromLatin1(testName);
    m_backend = backend;
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    if (isPostgres()) {
        // A schema of its own per test: runs never see each other's rows, even in parallel.
        m_schema = QStringLiteral("%4_%1_%2_%3")
                       .arg(QCoreApplication::applicationPid())
                       .arg(++m_testNumber)
                       .arg(QRandomGenerator::global()->generate() % 100000)
                       .arg(m_testName);
        const QString base = qEnvironmentVariable("ORDERDESK_TEST_DATABASE_URL");
        m_url = base + (base.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) +
                QStringLiteral("schema=") + m_schema + QStringLiteral("&application_name=") +
                m_schema;
    } else {
        m_schema.clear();
        m_url = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("orders.db"));
    }
    m_store = openStore();
    QVERIFY(m_store);
}

inline void StoreFixture::cleanupBackend()
{
    m_store.reset();
    if (isPostgres() && !m_schema.isEmpty())
        rawExec({QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema)});
    dropRawDatabase();
    m_dir.reset();
}

inline std::unique_ptr<OrderStore> StoreFixture::openStore()
{
    QString error;
    std::unique_ptr<OrderStore> store = SqlOrderStore::fromUrl(m_url, &error);
    if (!store) {
        qWarning().noquote() << "fromUrl:" << error;
        return nullptr;
    }
    if (!store->open(&error)) {
        qWarning().noquote() << "open:" << error;
        return nullptr;
    }
    return store;
}

inline QSqlDatabase StoreFixture::rawDatabase()
{
    const QString name = m_testName + QStringLiteral(".raw");
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    QSqlDatabase db;
    if (isPostgres()) {
        const QUrl url(qEnvironmentVariable("ORDERDESK_TEST_DATABASE_URL"));
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setDatabaseName(url.path().mid(1));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setConnectOptions(
            QStringLiteral("options='-c search_path=%1 -c client_min_messages=warning'")
                .arg(m_schema));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_dir->filePath(QStringLiteral("orders.db")));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    }
    if (!db.open())
        qWarning().noquote() << "raw connection:" << db.lastError().text();
    return db;
}

inline void StoreFixture::dropRawDatabase()
{
    const QString name = m_testName + QStringLiteral(".raw");
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase::database(name).close();
        QSqlDatabase::removeDatabase(name);
    }
}

inline bool StoreFixture::rawExec(const QStringList &statements, QString *error)
{
    QSqlDatabase db = rawDatabase();
    for (const QString &sql : statements) {
        QSqlQuery query(db);
        if (!query.exec(sql)) {
            if (error)
                *error = query.lastError().text() + QStringLiteral(" [") + sql + QLatin1Char(']');
            return false;
        }
    }
    return true;
}

inline int StoreFixture::rawCount(const QString &sql)
{
    QSqlQuery query(rawDatabase());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

} // namespace StoreTest
