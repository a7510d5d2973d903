#include "TriggerMonitor.h"

#include "Logging.h"
#include "Market.h"
#include "Token.h"

#include <QDateTime>

namespace OrderDesk {

TriggerMonitor::TriggerMonitor(Market &market, const TokenRegistry &tokens, QObject *parent)
    : QObject(parent)
    , m_market(market)
    , m_tokens(tokens)
{
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &TriggerMonitor::checkExpiries);
    connect(&m_market, &Market::pricesMoved, this, &TriggerMonitor::checkPrices);
    connect(&m_market, &Market::poolCreated, this,
            [this](Venue, const QString &tokenA, const QString &tokenB) { checkPools(tokenA, tokenB); });
}

void TriggerMonitor::arm(const Order &order, bool checkNow)
{
    if (order.expiresAt && *order.expiresAt <= QDateTime::currentDateTimeUtc()) {
        Q_EMIT expired(order);
        return;
    }
    if (checkNow && check(order))
        return;
    m_armed.insert(order.id, order);
    scheduleExpiryCheck();
}

void TriggerMonitor::disarm(const QString &orderId)
{
    m_armed.remove(orderId);
}

std::optional<std::pair<Int128, Venue>> TriggerMonitor::bestPrice(const Order &order) const
{
    std::optional<std::pair<Int128, Venue>> best;
    // A sniper's token may have launched since the order was placed: look it up by symbol.
    const std::optional<Token> tokenOut = order.tokenOut.mint.isEmpty()
                                              ? m_tokens.find(order.tokenOut.symbol)
                                              : order.tokenOut;
    if (!tokenOut)
        return best;
    for (const Venue venue : AllVenues) {
        const VenueQuote quote = m_market.indicativeQuote(venue, order.tokenIn, *tokenOut,
                                                          order.amountIn);
        if (quote.available && (!best || quote.executionPrice > best->first))
            best = std::make_pair(quote.executionPrice, venue);
    }
    return best;
}

bool TriggerMonitor::check(const Order &order)
{
    if (order.type == OrderType::Limit && order.limitPrice) {
        const auto best = bestPrice(order);
        if (!best || best->first < *order.limitPrice)
            return false;
        fire(order, {{QStringLiteral("type"), QStringLiteral("limit")},
                     {QStringLiteral("reason"), QStringLiteral("limit price reached")},
                     {QStringLiteral("limitPrice"), Decimal::format(*order.limitPrice, PriceScale)},
                     {QStringLiteral("price"), Decimal::format(best->first, PriceScale)},
                     {QStringLiteral("venue"), toString(best->second)}});
        return true;
    }
    if (order.type == OrderType::Sniper) {
        const auto best = bestPrice(order);
        if (!best)
            return false;
        fire(order, {{QStringLiteral("type"), QStringLiteral("sniper")},
                     {QStringLiteral("reason"),
                      QStringLiteral("%1 has a pool on %2").arg(order.pair(), toString(best->second))},
                     {QStringLiteral("price"), Decimal::format(best->first, PriceScale)},
                     {QStringLiteral("venue"), toString(best->second)}});
        return true;
    }
    return false;
}

void TriggerMonitor::fire(const Order &order, const QJsonObject &trigger)
{
    m_armed.remove(order.id);
    qCInfo(lcEngine).noquote() << "order" << order.id << "triggered:"
                               << trigger.value(QStringLiteral("reason")).toString();
    Q_EMIT triggered(order, trigger);
}

void TriggerMonitor::checkPrices()
{
    // Copied: firing changes the watch list.
    const QList<Order> armed = m_armed.values();
    for (const Order &order : armed) {
        if (order.type == OrderType::Limit)
            check(order);
    }
}

void TriggerMonitor::checkPools(const QString &tokenA, const QString &tokenB)
{
    const QList<Order> armed = m_armed.values();
    for (const Order &order : armed) {
        const QStringList pair{order.tokenIn.symbol, order.tokenOut.symbol};
        if (order.type == OrderType::Sniper && pair.contains(tokenA) && pair.contains(tokenB))
            check(order);
    }
}

void TriggerMonitor::checkExpiries()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<Order> armed = m_armed.values();
    for (const Order &order : armed) {
        if (order.expiresAt && *order.expiresAt <= now) {
            m_armed.remove(order.id);
            Q_EMIT expired(order);
        }
    }
    scheduleExpiryCheck();
}

void TriggerMonitor::scheduleExpiryCheck()
{
    std::optional<QDateTime> next;
    for (const Order &order : std::as_const(m_armed)) {
        if (order.expiresAt && (!next || *order.expiresAt < *next))
            next = order.expiresAt;
    }
    if (!next) {
        m_expiryTimer.stop();
        return;
    }
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(*next);
    m_expiryTimer.start(int(std::clamp<qint64>(ms, 0, 60'000)));
}

} // namespace OrderDesk
