#pragma once

#include "EngineError.h"
#include "WalletSnapshot.h"

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <memory>
#include <variant>

class QThreadPool;

namespace OrderDesk {

class Market;
class OrderStore;
class TokenRegistry;

// The wallet as the engine's clients see it (SPEC §3 "Wallet"). The balances live in the store
// and move inside the order writes' transactions (OrderStore::applyBatch); this class reads
// them on the engine's read pool, never on the caller's thread, marks them at the market's mid
// price and tells its listeners: changed() after every refresh, on the thread it lives on (the
// engine's), once the store has committed what the refresh shows.
//
// refresh() is cheap to call often: refreshes are coalesced (one read in flight, at most one
// every RefreshIntervalMs), so a busy engine does not read its wallet per order.
class Wallet : public QObject
{
    Q_OBJECT

public:
    static constexpr int RefreshIntervalMs = 200;
    static constexpr int MaxReservationsShown = 500;

    Wallet(OrderStore &store, const Market &market, const TokenRegistry &tokens,
           QThreadPool &readPool, QObject *parent = nullptr);
    ~Wallet() override;

    using ReadOutcome = std::variant<WalletSnapshot, EngineError>;
    // A fresh read of the store, marked now; Unavailable when the database does not answer.
    QFuture<ReadOutcome> read() const;
    // The last snapshot read (empty before the first refresh finished); any thread.
    WalletSnapshot snapshot() const;
    bool hasSnapshot() const;

public Q_SLOTS:
    // Something moved the balances (an order accepted or finished, here or on another node).
    void refresh();
    // Prices moved: the snapshot is marked again, without a read.
    void remark();

Q_SIGNALS:
    void changed(const OrderDesk::WalletSnapshot &snapshot);

private:
    void startRead();
    void publish(const WalletSnapshot &snapshot);

    OrderStore &m_store;
    const Market &m_market;
    const TokenRegistry &m_tokens;
    QThreadPool &m_readPool;
    QTimer m_throttle;
    QTimer m_remarkThrottle;
    bool m_reading = false;
    bool m_dirty = false;
    mutable QMutex m_mutex;
    WalletSnapshot m_snapshot; // guarded by m_mutex
    bool m_hasSnapshot = false; // guarded by m_mutex
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace OrderDesk
