#pragma once

#include "Decimal.h"
#include "Order.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace OrderDesk {

// How the console words and colours orders: one place, so the blotter, the detail pane, the
// ticket and the CSV export agree, and every word goes through the translator.
class OrderPresentation
{
    Q_DECLARE_TR_FUNCTIONS(OrderDesk::OrderPresentation)

public:
    static QString statusText(OrderStatus status);
    static QString typeText(OrderType type);
    static QString sideText(OrderSide side);
    static QString venueText(Venue venue);

    // The chip colour of a status; `dark` picks a variant that reads on a dark background.
    static QColor statusColor(OrderStatus status, bool dark);

    // Ids are UUID-like; eight characters are enough to tell orders apart on one screen.
    static QString shortId(const QString &id);
    static QString amountText(const Order &order);
    static QString priceText(Int128 price);
    // Executed price against the quote the router chose, in basis points; positive is worse for
    // the trader. nullopt until the order executed.
    static std::optional<qint64> slippageBps(const Order &order);
    static QString ppmAsPercent(int ppm);
    static QString timeText(const QDateTime &time);
    static QString dateTimeText(const QDateTime &time);
};

} // namespace OrderDesk
