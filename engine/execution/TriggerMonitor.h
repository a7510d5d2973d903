#pragma once

#include "Order.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <set>
#include <utility>

namespace OrderDesk {

class Market;
class TokenRegistry;

// Watches the waiting orders: a limit order fires when the best venue's executable price for
// its size reaches the limit, a sniper order when its pair gets a pool (a launch or a liquidity
// event), and either expires at its expiresAt. It only tells (signals); the engine moves the
// order. Lives on the engine's thread; reads the venues' streamed state, never waits for them.
//
// Indexed so that a market move costs what it could change, not one check per waiting order:
// limit orders by direction and limit price (no size executes above the spot price, so only the
// limits at or below the best spot are looked at), snipers by the pair they wait for, expiries by
// time.
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
    // Disarms the order if the watched copy is older than `seq`: an event of a later change says
    // it no longer waits (another node triggered or cancelled it), an older one says nothing.
    void disarmBefore(const QString &orderId, qint64 seq);
    // Any thread: the metrics read it.
    int armedCount() const { return m_armedCount.load(std::memory_order_relaxed); }
    bool isArmed(const QString &orderId) const { return m_armed.contains(orderId); }

    // The best executable price (tokenOut per tokenIn, PriceScale) for the order's size across
    // the venues, and the venue offering it; nullopt without any pool.
    std::optional<std::pair<Int128, Venue>> bestPrice(const Order &order) const;

Q_SIGNALS:
    // The order left the watch list; `trigger` says why it fired (for the routing event).
    void triggered(const OrderDesk::Order &order, const QJsonObject &trigger);
    void expired(const OrderDesk::Order &order);

private:
    // The limit orders of one direction (tokenIn → tokenOut), lowest limit first.
    struct LimitBook
    {
        Token tokenIn;
        Token tokenOut;
        std::set<std::pair<Int128, QString>> byLimit;
    };

    void checkPrices();
    void checkPools(const QString &tokenA, const QString &tokenB);
    void checkExpiries();
    bool check(const Order &order); // fires and disarms when due; true if it fired
    void fire(const Order &order, const QJsonObject &trigger);
    void scheduleExpiryCheck();
    void index(const Order &order);
    void remove(const QString &orderId); // from the watch list and every index
    std::optional<Int128> bestSpot(const LimitBook &book) const;

    static QString directionKey(const Order &order);
    static QString pairKey(const QString &symbolA, const QString &symbolB);

    Market &m_market;
    const TokenRegistry &m_tokens;
    QHash<QString, Order> m_armed;
    std::atomic<int> m_armedCount{0};
    QHash<QString, LimitBook> m_limits;       // direction → its limit orders
    QHash<QString, QSet<QString>> m_snipers;  // unordered symbol pair → order ids
    std::set<std::pair<qint64, QString>> m_expiries; // expiresAt (ms since epoch), order id
    QTimer m_expiryTimer;
};

} // namespace OrderDesk
