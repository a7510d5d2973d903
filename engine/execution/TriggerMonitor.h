#pragma once

#include "Order.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace OrderDesk {

class Market;
class TokenRegistry;

// Watches the waiting orders: a limit order fires when the best venue's executable price for
// its size reaches the limit, a sniper order when its pair gets a pool (a launch or a liquidity
// event), and either expires at its expiresAt. It only tells (signals); the engine moves the
// order. Lives on the engine's thread; reads the venues' streamed state, never waits for them.
class TriggerMonitor : public QObject
{
    Q_OBJECT

public:
    TriggerMonitor(Market &market, const TokenRegistry &tokens, QObject *parent = nullptr);

    // Starts watching `order` (status waiting) and, with `checkNow`, checks it at once: a limit
    // already reached or a pool already there fires without waiting for the next market move.
    // Without, it fires on the next move (an order whose price just moved away again).
    void arm(const Order &order, bool checkNow = true);
    void disarm(const QString &orderId);
    int armedCount() const { return int(m_armed.size()); }
    bool isArmed(const QString &orderId) const { return m_armed.contains(orderId); }

    // The best executable price (tokenOut per tokenIn, PriceScale) for the order's size across
    // the venues, and the venue offering it; nullopt without any pool.
    std::optional<std::pair<Int128, Venue>> bestPrice(const Order &order) const;

Q_SIGNALS:
    // The order left the watch list; `trigger` says why it fired (for the routing event).
    void triggered(const OrderDesk::Order &order, const QJsonObject &trigger);
    void expired(const OrderDesk::Order &order);

private:
    void checkPrices();
    void checkPools(const QString &tokenA, const QString &tokenB);
    void checkExpiries();
    bool check(const Order &order); // fires and disarms when due; true if it fired
    void fire(const Order &order, const QJsonObject &trigger);
    void scheduleExpiryCheck();

    Market &m_market;
    const TokenRegistry &m_tokens;
    QHash<QString, Order> m_armed;
    QTimer m_expiryTimer;
};

} // namespace OrderDesk
