#pragma once

#include <QByteArray>
#include <QString>

namespace OrderDesk {

// The bearer-token check shared by HTTP requests and WebSocket submissions.
class ApiAuth
{
public:
    // True when no token is configured, or when `authorizationHeader` is "Bearer <token>".
    static bool isAuthorized(const QByteArray &authorizationHeader, const QString &token);
};

} // namespace OrderDesk
