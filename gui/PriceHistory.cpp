#include "PriceHistory.h"

namespace OrderDesk {

QString PriceHistory::key(const QString &pair, Venue venue)
{
    return pair + QLatin1Char('|') + toString(venue);
}

void PriceHistory::record(const QString &pair, Venue venue, qint64 msSinceEpoch, Int128 price)
{
    QList<Point> &points = m_points[key(pair, venue)];
    // An unchanged price adds nothing a line would show but a point to draw.
    if (points.size() >= 2 && points.constLast().price == price
        && points.at(points.size() - 2).price == price) {
        points.last().msSinceEpoch = msSinceEpoch;
        return;
    }
    points.append({msSinceEpoch, price});
    if (points.size() > MaxPoints)
        points.remove(0, points.size() - MaxPoints);
}

QList<PriceHistory::Point> PriceHistory::points(const QString &pair, Venue venue) const
{
    return m_points.value(key(pair, venue));
}

} // namespace OrderDesk
