#include "StreamTarget.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace OrderDesk {

std::optional<StreamTarget> StreamTarget::of(const QUrl &url)
{
    static const QRegularExpression orderPath(
        QStringLiteral("^/api/orders/([^/]+)/(?:ws|status|stream)$"));
    static const QRegularExpression wsOrderPath(QStringLiteral("^/ws/orders/([^/]+)$"));

    const QString path = url.path();
    const QString queryId =
        QUrlQuery(url).queryItemValue(QStringLiteral("orderId"), QUrl::FullyDecoded);
    if (path == QLatin1String("/api/orders/execute")) {
        if (queryId.isEmpty())
            return StreamTarget{Kind::Submission, {}};
        return StreamTarget{Kind::OrderStream, queryId};
    }
    // The all-orders streams narrow to one order when asked for one.
    if (path == QLatin1String("/ws") || path == QLatin1String("/ws/orders") ||
        path == QLatin1String("/api/orders/status")) {
        if (queryId.isEmpty())
            return StreamTarget{Kind::AllOrders, {}};
        return StreamTarget{Kind::OrderStream, queryId};
    }
    if (const auto match = orderPath.match(path); match.hasMatch())
        return StreamTarget{Kind::OrderStream, match.captured(1)};
    if (const auto match = wsOrderPath.match(path); match.hasMatch())
        return StreamTarget{Kind::OrderStream, match.captured(1)};
    return std::nullopt;
}

} // namespace OrderDesk
