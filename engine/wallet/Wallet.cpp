#include "Wallet.h"

#include "Market.h"
#include "OrderStore.h"
#include "PoolTask.h"
#include "Token.h"
#include "WalletValuation.h"

#include <QThreadPool>

namespace OrderDesk {

Wallet::Wallet(OrderStore &store, const Market &market, const TokenRegistry &tokens,
               QThreadPool &readPool, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_market(market)
    , m_tokens(tokens)
    , m_readPool(readPool)
{
    qRegisterMetaType<OrderDesk::WalletSnapshot>();
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(RefreshIntervalMs);
    connect(&m_throttle, &QTimer::timeout, this, [this] {
        if (m_dirty && !m_reading)
            startRead();
    });
    m_remarkThrottle.setSingleShot(true);
    m_remarkThrottle.setInterval(RefreshIntervalMs * 5);
    connect(&m_remarkThrottle, &QTimer::timeout, this, [this] {
        if (!hasSnapshot() || m_reading)
            return;
        publish(snapshot().remarked(WalletValuation(m_market), m_tokens));
    });
}

Wallet::~Wallet()
{
    *m_alive = false;
}

QFuture<Wallet::ReadOutcome> Wallet::read() const
{
    OrderStore *store = &m_store;
    const Market *market = &m_market;
    const TokenRegistry *tokens = &m_tokens;
    return runOnPool(m_readPool, [store, market, tokens] {
        const std::optional<QList<WalletBalance>> balances = store->walletBalances();
        const std::optional<QList<WalletReservation>> reservations =
            balances ? store->walletReservations(MaxReservationsShown) : std::nullopt;
        if (!balances || !reservations)
            return ReadOutcome(EngineError::unavailable(QStringLiteral("the database is unavailable")));
        return ReadOutcome(WalletSnapshot::make(*balances, *reservations, WalletValuation(*market), *tokens));
    });
}

WalletSnapshot Wallet::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_snapshot;
}

bool Wallet::hasSnapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_hasSnapshot;
}

void Wallet::refresh()
{
    m_dirty = true;
    if (!m_reading && !m_throttle.isActive())
        startRead();
}

void Wallet::remark()
{
    if (!m_remarkThrottle.isActive())
        m_remarkThrottle.start();
}

void Wallet::startRead()
{
    m_dirty = false;
    m_reading = true;
    m_throttle.start(); // the next read no sooner than this
    std::weak_ptr<bool> alive = m_alive;
    read().then(this, [this, alive](const ReadOutcome &outcome) {
        if (alive.expired())
            return;
        m_reading = false;
        if (const auto *snapshot = std::get_if<WalletSnapshot>(&outcome))
            publish(*snapshot);
        else
            m_dirty = true; // the database did not answer: the next refresh tries again
        if (m_dirty && !m_throttle.isActive())
            startRead();
    });
}

void Wallet::publish(const WalletSnapshot &snapshot)
{
    {
        QMutexLocker lock(&m_mutex);
        m_snapshot = snapshot;
        m_hasSnapshot = true;
    }
    emit changed(snapshot);
}

} // namespace OrderDesk
