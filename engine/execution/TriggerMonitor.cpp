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

QString TriggerMonitor::directionKey(const Order &order)
{
    // By symbol: a sniper's token has no mint until it launches, and symbols are unique.
    return order.tokenIn.symbol + QLatin1Char('>') + order.tokenOut.symbol;
}

QString TriggerMonitor::pairKey(const QString &symbolA, const QString &symbolB)
{
    return symbolA < symbolB ? symbolA + QLatin1Char('/') + symbolB
                             : symbolB + QLatin1Char('/') + symbolA;
}

void TriggerMonitor::arm(const Order &order, bool checkNow)
{
    if (order.expiresAt && *order.expiresAt <= QDateTime::currentDateTimeUtc()) {
        Q_EMIT expired(order);
        return;
    }
    remove(order.id); // armed again: the new copy replaces the old one in every index
    if (checkNow && check(order))
        return;
    index(order);
    scheduleExpiryCheck();
}

void TriggerMonitor::disarm(const QString &orderId)
{
    remove(orderId);
}

void TriggerMonitor::disarmBefore(const QString &orderId, qint64 seq)
{
    const auto it = m_armed.constFind(orderId);
    if (it != m_armed.cend() && it->seq < seq)
        remove(orderId);
}

void TriggerMonitor::index(const Order &order)
{
    m_armed.insert(order.id, order);
    m_armedCount.store(int(m_armed.size()), std::memory_order_relaxed);
    if (order.type == OrderType::Limit && order.limitPrice) {
        LimitBook &book = m_limits[directionKey(order)];
        if (book.byLimit.empty()) {
            book.tokenIn = order.tokenIn;
            book.tokenOut = order.tokenOut;
        }
        book.byLimit.emplace(*order.limitPrice, order.id);
    } else if (order.type == OrderType::Sniper) {
        m_snipers[pairKey(order.tokenIn.symbol, order.tokenOut.symbol)].insert(order.id);
    }
    if (order.expiresAt)
        m_expiries.emplace(order.expiresAt->toMSecsSinceEpoch(), order.id);
}

void TriggerMonitor::remove(const QString &orderId)
{
    const auto it = m_armed.constFind(orderId);
    if (it == m_armed.cend())
        return;
    const Order &order = *it;
    if (order.type == OrderType::Limit && order.limitPrice) {
        const auto book = m_limits.find(directionKey(order));
        if (book != m_limits.end()) {
            book->byLimit.erase({*order.limitPrice, order.id});
            if (book->byLimit.empty())
                m_limits.erase(book);
        }
    } else if (order.type == OrderType::Sniper) {
        const auto snipers = m_snipers.find(pairKey(order.tokenIn.symbol, order.tokenOut.symbol));
        if (snipers != m_snipers.end()) {
            snipers->remove(order.id);
            if (snipers->isEmpty())
                m_snipers.erase(snipers);
        }
    }
    if (order.expiresAt)
        m_expiries.erase({order.expiresAt->toMSecsSinceEpoch(), order.id});
    m_armed.erase(it);
    m_armedCount.store(int(m_armed.size()), std::memory_order_relaxed);
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

std::optional<Int128> TriggerMonitor::bestSpot(const LimitBook &book) const
{
    const std::optional<Token> tokenOut = book.tokenOut.mint.isEmpty()
                                              ? m_tokens.find(book.tokenOut.symbol)
                                              : book.tokenOut;
    if (!tokenOut)
        return std::nullopt;
    std::optional<Int128> best;
    for (const Venue venue : AllVenues) {
        const std::optional<Int128> spot = m_market.spotPrice(venue, book.tokenIn, *tokenOut);
        if (spot && (!best || *spot > *best))
            best = spot;
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
    remove(order.id);
    qCInfo(lcEngine).noquote() << "order" << order.id << "triggered:"
                               << trigger.value(QStringLiteral("reason")).toString();
    Q_EMIT triggered(order, trigger);
}

void TriggerMonitor::checkPrices()
{
    // An order's executable price never exceeds the spot price (a trade only moves the price
    // against itself, and the fee comes on top), so limits above the best spot cannot fire.
    QStringList candidates;
    for (const LimitBook &book : std::as_const(m_limits)) {
        const std::optional<Int128> spot = bestSpot(book);
        if (!spot)
            continue;
        for (auto it = book.byLimit.cbegin(); it != book.byLimit.cend() && it->first <= *spot; ++it)
            candidates << it->second;
    }
    // Collected first: firing changes the indexes, and a listener may arm or disarm.
    for (const QString &id : std::as_const(candidates)) {
        const auto it = m_armed.constFind(id);
        if (it != m_armed.cend())
            check(Order(*it));
    }
}

void TriggerMonitor::checkPools(const QString &tokenA, const QString &tokenB)
{
    const QSet<QString> waiting = m_snipers.value(pairKey(tokenA, tokenB));
    for (const QString &id : waiting) {
        const auto it = m_armed.constFind(id);
        if (it != m_armed.cend())
            check(Order(*it));
    }
}

void TriggerMonitor::checkExpiries()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // One at a time: a listener of expired() may arm or disarm.
    while (!m_expiries.empty() && m_expiries.begin()->first <= now) {
        const QString id = m_expiries.begin()->second;
        const auto it = m_armed.constFind(id);
        if (it == m_armed.cend()) {
            m_expiries.erase(m_expiries.begin());
            continue;
        }
        const Order order = *it;
        remove(id);
        Q_EMIT expired(order);
    }
    scheduleExpiryCheck();
}

void TriggerMonitor::scheduleExpiryCheck()
{
    if (m_expiries.empty()) {
        m_expiryTimer.stop();
        return;
    }
    const qint64 ms = m_expiries.begin()->first - QDateTime::currentMSecsSinceEpoch();
    m_expiryTimer.start(int(std::clamp<qint64>(ms, 0, 60'000)));
}

} // namespace OrderDesk
