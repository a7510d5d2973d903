#include "RedisUrl.h"

#include <QUrl>

#include <algorithm>
#include <limits>

namespace OrderDesk {

std::optional<RedisUrl> RedisUrl::parse(const QString &text, QString *error)
{
    const auto fail = [&](const QString &why) -> std::optional<RedisUrl> {
        if (error)
            *error = QStringLiteral("invalid Redis URL (expected "
                                    "redis://[:password@]host:port[/db]): %1")
                         .arg(why);
        return std::nullopt;
    };

    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return fail(url.errorString());
    if (url.scheme() != QLatin1String("redis"))
        return fail(QStringLiteral("the scheme must be redis://"));
    if (url.host().isEmpty())
        return fail(QStringLiteral("no host"));
    if (!url.userName().isEmpty())
        return fail(QStringLiteral("a user name is not supported, only :password@"));
    if (url.hasQuery() || url.hasFragment())
        return fail(QStringLiteral("no query or fragment allowed"));
    if (url.port() == 0)
        return fail(QStringLiteral("port 0"));

    RedisUrl result;
    result.m_host = url.host();
    if (url.port() > 0)
        result.m_port = static_cast<quint16>(url.port());
    result.m_password = url.password();

    const QString path = url.path();
    if (!path.isEmpty() && path != QLatin1String("/")) {
        const QString db = path.mid(1);
        bool ok = false;
        const qlonglong value = db.toLongLong(&ok);
        // toLongLong accepts signs and spaces; a db is plain digits.
        const bool digits = !db.isEmpty() && std::all_of(db.cbegin(), db.cend(), [](QChar c) {
            return c >= QLatin1Char('0') && c <= QLatin1Char('9');
        });
        if (!ok || !digits || value > std::numeric_limits<int>::max())
            return fail(QStringLiteral("the db must be a whole number"));
        result.m_db = static_cast<int>(value);
    }
    return result;
}

QString RedisUrl::hostPort() const
{
    const QString host =
        m_host.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_host + QLatin1Char(']') : m_host;
    return host + QLatin1Char(':') + QString::number(m_port);
}

QString RedisUrl::describe() const
{
    return QStringLiteral("redis://%1/%2").arg(hostPort()).arg(m_db);
}

} // namespace OrderDesk
