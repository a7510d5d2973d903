#include "SqlConnections.h"

#include "Logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlQuery>
#include <QThread>

namespace OrderDesk {

namespace {
QAtomicInteger<quint64> g_storeCounter;
}

struct SqlConnections::Registry
{
    QMutex mutex;
    QHash<QThread *, std::shared_ptr<SqlSession>> sessions;
    QString prefix;
    quint64 nextConnection = 0;
};

SqlConnections::SqlConnections(std::shared_ptr<const SqlStoreConfig> config)
    : m_config(std::move(config)), m_registry(std::make_shared<Registry>())
{
    m_registry->prefix =
        QStringLiteral("orderdesk.store.%1").arg(g_storeCounter.fetchAndAddRelaxed(1));
}

SqlConnections::~SqlConnections()
{
    closeAll();
}

QString SqlConnections::connectionName(const QString &suffix) const
{
    return m_registry->prefix + QLatin1Char('.') + suffix;
}

bool SqlConnections::setUp(QString *error)
{
    const QString driver = m_config->driverName();
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        *error = QStringLiteral("the Qt SQL driver %1 is not installed (Debian package %2)")
                     .arg(driver, m_config->backend == SqlBackend::Sqlite
                                      ? QStringLiteral("libqt6sql6-sqlite")
                                      : QStringLiteral("libqt6sql6-psql"));
        return false;
    }
    m_template = QSqlDatabase::addDatabase(driver, connectionName(QStringLiteral("template")));
    m_template.setNumericalPrecisionPolicy(QSql::HighPrecision);
    if (m_config->backend == SqlBackend::Sqlite) {
        const QFileInfo file(m_config->sqlitePath);
        if (!QDir().mkpath(file.absolutePath())) {
            *error = QStringLiteral("cannot create the directory %1").arg(file.absolutePath());
            return false;
        }
        m_template.setDatabaseName(m_config->sqlitePath);
    } else {
        m_template.setHostName(m_config->host);
        m_template.setPort(m_config->port);
        m_template.setDatabaseName(m_config->databaseName);
        m_template.setUserName(m_config->userName);
        m_template.setPassword(m_config->password);
        m_template.setConnectOptions(m_config->connectOptions);
    }
    return true;
}

void SqlConnections::closeAll()
{
    QHash<QThread *, std::shared_ptr<SqlSession>> sessions;
    {
        QMutexLocker locker(&m_registry->mutex);
        sessions.swap(m_registry->sessions);
    }
    // Sessions of threads that are still alive (e.g. idle pool threads) are closed from here;
    // the store is going away, so none of them is in use.
    for (const std::shared_ptr<SqlSession> &session : std::as_const(sessions)) {
        QObject::disconnect(session->threadFinished);
        session->close();
    }
    if (m_template.isValid()) {
        const QString name = m_template.connectionName();
        m_template = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
}

SqlSession *SqlConnections::session()
{
    QThread *thread = QThread::currentThread();
    std::shared_ptr<SqlSession> session;
    {
        QMutexLocker locker(&m_registry->mutex);
        session = m_registry->sessions.value(thread);
        if (!session) {
            session = std::make_shared<SqlSession>(
                QStringLiteral("%1.t%2").arg(m_registry->prefix).arg(m_registry->nextConnection++),
                m_config);
            m_registry->sessions.insert(thread, session);
            // Runs in the finishing thread itself, which owns the connection. A weak pointer:
            // the thread may outlive the store.
            std::weak_ptr<Registry> weakRegistry = m_registry;
            session->threadFinished = QObject::connect(
                thread, &QThread::finished, thread,
                [weakRegistry, thread] {
                    const std::shared_ptr<Registry> registry = weakRegistry.lock();
                    if (!registry)
                        return;
                    std::shared_ptr<SqlSession> finished;
                    {
                        QMutexLocker locker(&registry->mutex);
                        finished = registry->sessions.take(thread);
                    }
                    if (finished) {
                        QObject::disconnect(finished->threadFinished);
                        finished->close();
                    }
                },
                Qt::DirectConnection);
        }
    }
    session->clearError();
    if (!session->isOpen() && !session->open(m_template))
        return nullptr;
    return session.get();
}

QString SqlConnections::lastError() const
{
    QMutexLocker locker(&m_registry->mutex);
    const std::shared_ptr<SqlSession> session =
        m_registry->sessions.value(QThread::currentThread());
    return session ? session->lastError() : QString();
}

QSqlQuery *SqlConnections::read(const char *what, const QString &sql, const QVariantMap &bindings,
                                SqlSession **sessionOut)
{
    for (int round = 0; round < 2; ++round) {
        SqlSession *session = this->session();
        if (!session)
            return nullptr;
        if (QSqlQuery *query = session->prepared(sql)) {
            for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
                query->bindValue(it.key(), it.value());
            if (session->exec(*query, what)) {
                *sessionOut = session;
                return query;
            }
            query->finish();
        }
        // A connection the server dropped (restart, idle timeout) fails its first statement; a
        // read is safe to run again on a fresh one. Anything else is a real error.
        if (session->isOpen())
            return nullptr;
    }
    return nullptr;
}

} // namespace OrderDesk
