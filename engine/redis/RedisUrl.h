#pragma once

#include <QString>

#include <optional>

namespace OrderDesk {

// Where the shared queue lives: redis://[:password@]host:port[/db]. The port defaults to 6379
// and the db to 0; anything else in the URL (a user name, a query) is refused rather than
// silently ignored.
class RedisUrl
{
public:
    static std::optional<RedisUrl> parse(const QString &text, QString *error);

    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    QString password() const { return m_password; }
    int db() const { return m_db; }

    // "host:port" (IPv6 in brackets), for messages.
    QString hostPort() const;
    // "redis://host:port/db": never the password, so it can be logged and shown.
    QString describe() const;

private:
    QString m_host;
    quint16 m_port = 6379;
    QString m_password;
    int m_db = 0;
};

} // namespace OrderDesk
