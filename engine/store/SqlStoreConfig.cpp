#include "SqlStoreConfig.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringList>
#include <QSysInfo>
#include <QUrl>
#include <QUrlQuery>

namespace OrderDesk {

namespace {

constexpr int DefaultPostgresConnectTimeoutSec = 10;

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

} // namespace

std::optional<SqlStoreConfig> SqlStoreConfig::fromUrl(const QString &url, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<SqlStoreConfig> {
        if (error)
            *error = message;
        return std::nullopt;
    };

    const QString text = url.trimmed();
    if (text.isEmpty())
        return fail(QStringLiteral("the database URL is empty"));
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString scheme = colon > 0 ? text.left(colon).toLower() : QString();

    SqlStoreConfig config;
    if (scheme == QLatin1String("sqlite")) {
        config.backend = SqlBackend::Sqlite;
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
        config.sqlitePath = QFileInfo(path).absoluteFilePath();
    } else if (scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres")) {
        config.backend = SqlBackend::Postgres;
        const QUrl parsed(text, QUrl::StrictMode);
        if (!parsed.isValid())
            return fail(QStringLiteral("invalid PostgreSQL URL: %1").arg(urlProblem(parsed)));
        config.host = parsed.host(QUrl::FullyDecoded);
        if (config.host.isEmpty())
            return fail(QStringLiteral("the PostgreSQL URL has no host (expected "
                                       "postgresql://user:pass@host:port/db)"));
        config.port = parsed.port(5432);
        if (config.port <= 0)
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
        config.databaseName = database;
        config.userName = parsed.userName(QUrl::FullyDecoded);
        config.password = parsed.password(QUrl::FullyDecoded);

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
                config.schema = value.toLower();
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
        // Every connection names its process: a second process finding the schema locked
        // (SqlExclusiveLock) reads who holds it from pg_stat_activity.
        if (applicationName.isEmpty())
            applicationName = QStringLiteral("orderdesk");
        options << QStringLiteral("application_name=") +
                       conninfoValue(applicationName + QLatin1Char(' ') + processIdentity());
        // NOTICEs ("relation … already exists, skipping" on every start) would go to stderr
        // through libpq's default notice processor.
        QString serverOptions = QStringLiteral("-c client_min_messages=warning");
        // A node stopped in the middle of a transaction (SIGSTOP, a debugger, a VM paused) would
        // hold its rows' locks for as long as it stays stopped, and every other node's claim of
        // those orders would wait behind it: the server ends such a transaction after 10 s of
        // silence, the locks go, and the orders' leases lapse as designed. OrderDesk's own
        // transactions never wait between statements.
        serverOptions += QStringLiteral(" -c idle_in_transaction_session_timeout=10000");
        if (!config.schema.isEmpty())
            serverOptions += QStringLiteral(" -c search_path=") + config.schema;
        options << QStringLiteral("options=") + conninfoValue(serverOptions);
        // QPSQL turns ';' into the spaces libpq expects between conninfo entries.
        config.connectOptions = options.join(QLatin1Char(';'));
    } else if (scheme.isEmpty()) {
        return fail(QStringLiteral("the database URL has no scheme (expected sqlite:/path/file.db "
                                   "or postgresql://user:pass@host:port/db)"));
    } else {
        return fail(QStringLiteral("unsupported database URL scheme \"%1\" (expected "
                                   "sqlite:/path/file.db or postgresql://user:pass@host:port/db)")
                        .arg(scheme));
    }
    return config;
}

QString SqlStoreConfig::processIdentity()
{
    return QStringLiteral("pid %1 on %2")
        .arg(QCoreApplication::applicationPid())
        .arg(QSysInfo::machineHostName());
}

QString SqlStoreConfig::describe() const
{
    if (backend == SqlBackend::Sqlite)
        return QStringLiteral("sqlite:") + sqlitePath;
    const QString shownHost =
        host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    QString text =
        QStringLiteral("postgresql://%1:%2/%3").arg(shownHost).arg(port).arg(databaseName);
    if (!schema.isEmpty())
        text += QStringLiteral("?schema=") + schema;
    return text;
}

QString SqlStoreConfig::driverName() const
{
    return backend == SqlBackend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

} // namespace OrderDesk
