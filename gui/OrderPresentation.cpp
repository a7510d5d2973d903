#include "OrderPresentation.h"

#include "CanonicalPair.h"

#include <QLocale>

#include <algorithm>

namespace OrderDesk {

QString OrderPresentation::statusText(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Pending:
        return tr("pending");
    case OrderStatus::Waiting:
        return tr("waiting");
    case OrderStatus::Routing:
        return tr("routing");
    case OrderStatus::Building:
        return tr("building");
    case OrderStatus::Submitted:
        return tr("submitted");
    case OrderStatus::Retrying:
        return tr("retrying");
    case OrderStatus::Confirmed:
        return tr("confirmed");
    case OrderStatus::Failed:
        return tr("failed");
    case OrderStatus::Cancelled:
        return tr("cancelled");
    case OrderStatus::Expired:
        return tr("expired");
    }
    return {};
}

QString OrderPresentation::typeText(OrderType type)
{
    switch (type) {
    case OrderType::Market:
        return tr("market");
    case OrderType::Limit:
        return tr("limit");
    case OrderType::Sniper:
        return tr("sniper");
    }
    return {};
}

QString OrderPresentation::sideText(OrderSide side)
{
    switch (side) {
    case OrderSide::Buy:
        return tr("buy");
    case OrderSide::Sell:
        return tr("sell");
    case OrderSide::Unspecified:
        break;
    }
    return QStringLiteral("–");
}

QString OrderPresentation::venueText(Venue venue)
{
    // Proper names: the same in every language.
    return venue == Venue::Raydium ? QStringLiteral("Raydium") : QStringLiteral("Meteora");
}

QColor OrderPresentation::statusColor(OrderStatus status, bool dark)
{
    // Calm, distinct hues: blue-grey while queued, amber while working, green / red at the end.
    // The dark variants are lighter so the chip's dark text stays readable on them.
    switch (status) {
    case OrderStatus::Pending:
        return dark ? QColor(0x8d, 0xa4, 0xbf) : QColor(0xc9, 0xd6, 0xe6);
    case OrderStatus::Waiting:
        return dark ? QColor(0xa9, 0x9b, 0xd8) : QColor(0xdb, 0xd3, 0xf5);
    case OrderStatus::Routing:
    case OrderStatus::Building:
        return dark ? QColor(0xe0, 0xb8, 0x5a) : QColor(0xf6, 0xdf, 0xa6);
    case OrderStatus::Submitted:
        return dark ? QColor(0x6f, 0xb8, 0xd6) : QColor(0xbf, 0xe3, 0xf2);
    case OrderStatus::Retrying:
        return dark ? QColor(0xe0, 0x95, 0x5a) : QColor(0xf8, 0xd2, 0xb0);
    case OrderStatus::Confirmed:
        return dark ? QColor(0x6c, 0xc4, 0x88) : QColor(0xbf, 0xe8, 0xc9);
    case OrderStatus::Failed:
        return dark ? QColor(0xe0, 0x7a, 0x73) : QColor(0xf5, 0xc2, 0xbe);
    case OrderStatus::Cancelled:
    case OrderStatus::Expired:
        return dark ? QColor(0x9a, 0x9a, 0x9a) : QColor(0xdd, 0xdd, 0xdd);
    }
    return {};
}

QString OrderPresentation::shortId(const QString &id)
{
    // Order ids are UUIDv7: they start with the time, so orders placed together share their
    // first digits. The last eight are random and tell them apart.
    return id.right(8);
}

QString OrderPresentation::amountText(const Order &order)
{
    const Token &token = order.amountToken();
    return Decimal::format(order.amountIn, token.decimals) + QLatin1Char(' ') + token.symbol;
}

QString OrderPresentation::pairText(const Order &order)
{
    return CanonicalPair::of(order).text();
}

OrderSide OrderPresentation::side(const Order &order)
{
    return CanonicalPair::of(order).side();
}

std::optional<Int128> OrderPresentation::quotePerBase(const Order &order, Int128 outPerIn)
{
    return CanonicalPair::of(order).quotePerBase(outPerIn);
}

QString OrderPresentation::priceUnit(const Order &order)
{
    const CanonicalPair pair = CanonicalPair::of(order);
    return tr("%1 per %2").arg(pair.quote().symbol, pair.base().symbol);
}

QString OrderPresentation::priceText(Int128 price)
{
    // Eighteen decimals are exact but unreadable; nine significant fraction digits are what a
    // trader compares, and truncation (not rounding) keeps the shown digits true.
    const QString exact = Decimal::format(price, PriceScale);
    const qsizetype dot = exact.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return exact;
    qsizetype firstSignificant = dot + 1;
    while (firstSignificant < exact.size() && exact.at(firstSignificant) == QLatin1Char('0'))
        ++firstSignificant;
    const qsizetype integerDigits = exact.startsWith(QLatin1String("0.")) ? 0 : dot;
    const qsizetype keep = integerDigits >= 6 ? 2 : std::max<qsizetype>(6 - integerDigits, 0);
    const qsizetype end = std::min(exact.size(),
                                   integerDigits > 0 ? dot + 1 + keep : firstSignificant + 6);
    QString shown = exact.left(end);
    while (shown.endsWith(QLatin1Char('0')))
        shown.chop(1);
    if (shown.endsWith(QLatin1Char('.')))
        shown.chop(1);
    return shown;
}

std::optional<qint64> OrderPresentation::slippageBps(const Order &order)
{
    if (!order.execution || !order.route)
        return std::nullopt;
    const VenueQuote *quoted = order.route->chosenQuote();
    if (!quoted || quoted->executionPrice <= 0)
        return std::nullopt;
    const Int128 difference = quoted->executionPrice - order.execution->executedPrice;
    const std::optional<Int128> bps = Decimal::mulDiv(difference < 0 ? -difference : difference,
                                                      10'000, quoted->executionPrice);
    if (!bps)
        return std::nullopt;
    return difference < 0 ? -qint64(*bps) : qint64(*bps);
}

QString OrderPresentation::ppmAsPercent(int ppm)
{
    // 2500 ppm = 0.25 %: integer arithmetic, never a float.
    return Decimal::format(Int128(ppm), 4) + QStringLiteral(" %");
}

QString OrderPresentation::retryText(const Order &order, const QDateTime &from)
{
    const QString error = order.lastError
                              ? order.lastError->code + QStringLiteral(": ") + order.lastError->message
                              : tr("unknown error");
    if (!order.retryAt)
        return tr("attempt %1 failed (%2)").arg(order.attempt).arg(error);
    const QDateTime failedAt = from.isValid() ? from : order.updatedAt;
    return tr("attempt %1 failed (%2); attempt %3 at %4, %5 back-off")
        .arg(order.attempt)
        .arg(error)
        .arg(order.attempt + 1)
        .arg(timeText(*order.retryAt), backoffText(failedAt.msecsTo(*order.retryAt)));
}

QString OrderPresentation::backoffText(qint64 ms)
{
    // Tenths of a second, integer arithmetic.
    const qint64 tenths = (std::max<qint64>(ms, 0) + 50) / 100;
    return tr("%1 s").arg(QStringLiteral("%1.%2").arg(tenths / 10).arg(tenths % 10));
}

QString OrderPresentation::timeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")) : QString();
}

QString OrderPresentation::dateTimeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                          : QString();
}

} // namespace OrderDesk
