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
    // The amount as asked: of tokenIn, or of tokenOut for a buy (exact out).
    static QString amountText(const Order &order);
    // The pair as base/quote and the side that says which way the order goes (CanonicalPair).
    static QString pairText(const Order &order);
    static OrderSide side(const Order &order);
    // A price the engine keeps as tokenOut per tokenIn, shown as quote per base.
    static std::optional<Int128> quotePerBase(const Order &order, Int128 outPerIn);
    // "USDC per SOL"
    static QString priceUnit(const Order &order);
    static QString priceText(Int128 price);
    // Executed price against the quote the router chose, in basis points; positive is worse for
    // the trader. nullopt until the order executed.
    static std::optional<qint64> slippageBps(const Order &order);
    static QString ppmAsPercent(int ppm);
    // Why a retrying order waits and until when: "attempt 1 failed (code: message); attempt 2 at
    // 12:00:01.500, 1.0 s back-off". `from` is when the attempt failed (the retrying event).
    static QString retryText(const Order &order, const QDateTime &from = {});
    // A back-off in seconds with one decimal: "1.0 s".
    static QString backoffText(qint64 ms);
    static QString timeText(const QDateTime &time);
    static QString dateTimeText(const QDateTime &time);
};

} // namespace OrderDesk
