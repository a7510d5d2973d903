#pragma once

#include "Decimal.h"
#include "OrderTypes.h"

#include <QHash>
#include <QList>
#include <QString>

namespace OrderDesk {

// Mid prices the console has seen since it started, per canonical pair and venue (quote per
// base, PriceScale), oldest first and bounded: what the price chart draws.
class PriceHistory
{
public:
    struct Point
    {
        qint64 msSinceEpoch = 0;
        Int128 price = 0;
    };
    static constexpr int MaxPoints = 7200;

    void record(const QString &pair, Venue venue, qint64 msSinceEpoch, Int128 price);
    QList<Point> points(const QString &pair, Venue venue) const;

private:
    static QString key(const QString &pair, Venue venue);
    QHash<QString, QList<Point>> m_points;
};

} // namespace OrderDesk
