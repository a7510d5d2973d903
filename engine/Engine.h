#pragma once

#include "EngineConfig.h"
#include "EngineError.h"
#include "EngineMetrics.h"
#include "Order.h"
#include "OrderEvent.h"
#include "OrderQueue.h"
#include "OrderRequest.h"
#include "OrderStore.h"
#include "QuoteResult.h"
#include "RecentOrderCache.h"
#include "StoreReader.h"

#include <QFuture>
#include <QJsonObject>
#include <QObject>

#include <atomic>
#include <memory>
#include <variant>

class QThread;

namespace OrderDesk {

class Market;
class TokenRegistry;
class Wallet;

struct SubmitResult
{
    Order order;
    bool created = true; // false: a clientOrderId repeat, `order` is the first one
};

// The execution engine: accepts orders, keeps them durable, works them through the lifecycle
// on a bounded worker pool, and reports every status change through orderEvent(). The GUI and
// the HTTP/WebSocket server are two clients of this class; it knows neither.
//
// Lives on the thread that created it (the main thread); its signals are emitted there, after
// the change they report is stored.
class Engine : public QObject
{
    Q_OBJECT

public:
    explicit Engine(EngineConfig config, QObject *parent = nullptr);
    ~Engine() override;

    // Opens the store, the queue and the market (an error names which and where), takes the
    // store exclusively when no Redis is shared, resumes every unfinished order and starts the
    // workers.
    bool start(QString *error);
    // Starts stopping and returns at once: no new orders, in-flight attempts finish (or are
    // handed back once the drain time is up) while this thread keeps serving reads and publishing
    // their events; stopped() follows. Submissions and cancels are refused meanwhile (Unavailable,
    // "shutting_down"), nothing accepted.
    void beginStop();
    // beginStop(), then waits for the drain; returns stopped.
    void stop();
    bool isAcceptingOrders() const;
    bool isStopping() const; // between beginStop() and stopped()

    using SubmitOutcome = std::variant<SubmitResult, EngineError>;
    // Validates, stores and queues a new order. Refusals of the request itself come back as a
    // finished future; otherwise the future finishes once the order's batch is committed (the
    // caller's thread never waits on the database). Continuations attached with
    // QtFuture::Launch::Sync run on the store's writer thread.
    QFuture<SubmitOutcome> submit(const QJsonObject &request);
    using CancelOutcome = std::variant<Order, EngineError>;
    // Cancels a pending or waiting order. The future finishes once the store has committed the
    // cancel (the cancelled order) or refused it: Conflict once routing began, NotFound,
    // Unavailable when the store did not answer. The caller's thread never waits on the database.
    QFuture<CancelOutcome> cancel(const QString &orderId);

    using SnapshotOutcome = std::variant<OrderSnapshot, EngineError>;
    // The order and its history for a new stream: from the events this node just saw when the
    // order is recent (RecentOrderCache), otherwise read on the engine's read pool (the caller's
    // thread never waits on the database). NotFound for an unknown order, Unavailable when the
    // store is away.
    QFuture<SnapshotOutcome> snapshot(const QString &orderId) const;
    // The same, always read from the store: what a stream that may have missed events catches
    // up from.
    QFuture<SnapshotOutcome> storedSnapshot(const QString &orderId) const;

    // The store's reads for clients that must not wait on the database and must tell "no such
    // order" from "the database did not answer" (the API): none while the engine is stopped.
    std::optional<StoreReader> reader() const;

    std::optional<Order> order(const QString &orderId) const;
    QList<Order> orders(const OrderListQuery &query) const;
    QList<OrderEvent> history(const QString &orderId) const;
    QList<FailureRecord> failures(const QString &orderId) const;

    // Every candidate route for a hypothetical order and which would win, without executing;
    // resolves on a pool thread after the quote latency. `swapMode` as an order's (empty:
    // ExactIn).
    QFuture<std::variant<QuoteResult, EngineError>> quote(const QString &tokenIn,
                                                         const QString &tokenOut,
                                                         const QString &amount,
                                                         const QString &swapMode = {}) const;

    // Both any thread, and neither waits for a backend.
    EngineMetrics metrics() const;
    ComponentHealth health() const;
    const EngineConfig &config() const { return m_config; }
    bool usesEmbeddedDefaults() const;

    // The operator's wallet: balances, reservations, positions and P&L (SPEC §3); null while
    // the engine is stopped. Lives on the engine's thread.
    Wallet *wallet() const;

    TokenRegistry &tokens() const;
    // The market this engine trades on; valid once start() succeeded.
    Market &market() const;
    qint64 leaseTakeovers() const;

Q_SIGNALS:
    // A status change, stored; `order` is the order as of this event.
    void orderEvent(const OrderDesk::OrderEvent &event, const OrderDesk::Order &order);
    void metricsChanged();
    // The drain begun by beginStop() (or stop()) is over: nothing of this engine runs any more.
    void stopped();

private:
    struct Runtime;
    bool openBackends(QString *error);
    void armWaiting(const QList<Order> &orders);
    void drain();      // on m_drain: waits for the workers, hands back, stops the threads
    void finishStop(); // on the engine's thread, once the drain is over
    void publish(const OrderEvent &event, const Order &order); // any thread
    // The accepted order's insert, answered once its batch committed.
    QFuture<SubmitOutcome> insert(const Order &order, const OrderEvent &accepted,
                                  const OrderRequest &request);
    SubmitOutcome stored(OrderStore::WriteResult result, const Order &order,
                         const OrderEvent &accepted, const OrderRequest &request);

    EngineConfig m_config;
    std::unique_ptr<TokenRegistry> m_tokens;
    std::unique_ptr<Market> m_market;
    std::unique_ptr<OrderStore> m_store;
    std::unique_ptr<OrderQueue> m_queue;
    std::unique_ptr<Runtime> m_runtime;
    std::unique_ptr<QThread> m_drain; // while stopping
    std::atomic<bool> m_stopping{false};
    bool m_accepting = false;
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::Order)
