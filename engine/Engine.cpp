#include "Engine.h"

#include "Dispatcher.h"
#include "EngineMonitor.h"
#include "HeldOrders.h"
#include "InProcessQueue.h"
#include "LeaseKeeper.h"
#include "LocalMarket.h"
#include "Logging.h"
#include "OrderCanceller.h"
#include "OrderProcessor.h"
#include "OrderReservation.h"
#include "OrderRequest.h"
#include "PoolTask.h"
#include "RedisEventChannel.h"
#include "QueueFeeder.h"
#include "RecentOrderCache.h"
#include "RedisQueue.h"
#include "RemoteMarket.h"
#include "SignatureWatcher.h"
#include "Router.h"
#include "SqlOrderStore.h"
#include "StoreWriter.h"
#include "Token.h"
#include "TriggerMonitor.h"
#include "Wallet.h"
#include "WalletFunding.h"

#include <QCoreApplication>
#include <QDir>
#include <QSysInfo>
#include <QThreadPool>
#include <QThread>
#include <QUuid>

namespace OrderDesk {

namespace {
// Orders in flight beyond this many threads wait for the chain without one. The steps that still
// block a thread (a quote, a send, a commit) are short at latency scale 0; at scale 1 a quote
// takes 150-250 ms, so this many threads (and as many for the second venue's quotes) bound how
// many orders a second start routing there.
constexpr int MaxWorkerThreads = 128;

EngineError shuttingDown()
{
    return {EngineError::Kind::Unavailable, QStringLiteral("shutting_down"),
            QStringLiteral("the server is shutting down; nothing was accepted, try another node or "
                           "again once it is back"),
            {}};
}

std::variant<SubmitResult, EngineError> repeated(const Order &existing, const OrderRequest &request)
{
    if (request.repeats(existing))
        return SubmitResult{existing, false};
    return request.clientOrderIdReused(existing);
}

} // namespace

// What the engine runs on once started; torn down in reverse order by stop().
struct Engine::Runtime
{
    RecentOrderCache recent; // most new streams' snapshots without a read; first in, last out
    std::unique_ptr<QueueFeeder> feeder; // new and triggered orders onto the queue, in batches
    std::unique_ptr<StoreWriter> writer; // every order write of this node, group-committed
    std::unique_ptr<SignatureWatcher> signatures; // outlives the processor that waits on it
    std::unique_ptr<Router> router;
    std::unique_ptr<OrderProcessor> processor;
    std::unique_ptr<OrderCanceller> canceller; // cancels and expiries, on readPool
    std::unique_ptr<Dispatcher> dispatcher;
    std::unique_ptr<TriggerMonitor> triggers;
    std::unique_ptr<RedisEventChannel> events; // several nodes: only with Redis
    HeldOrders held; // the orders this node's workers are on: the leases it renews
    std::unique_ptr<LeaseKeeper> leases;       // lives on leaseThread
    QThread leaseThread;
    QThreadPool quotePool; // quote previews never take a worker from the orders
    QThreadPool readPool;  // reads and cancels, off the callers' threads
    QThreadPool workers;   // the orders' work; waiting for the market holds none of them
    std::unique_ptr<EngineMonitor> monitor; // what metrics() and health() read
    std::unique_ptr<Wallet> wallet; // reads on readPool: declared after it, destroyed before
};

Engine::Engine(EngineConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_tokens(std::make_unique<TokenRegistry>())
{
    if (m_config.nodeId.isEmpty()) {
        // Unique per run: a restarted process must not pass for its predecessor, whose leases
        // are somebody else's to take over.
        m_config.nodeId = QStringLiteral("%1-%2-%3")
                              .arg(QSysInfo::machineHostName())
                              .arg(QCoreApplication::applicationPid())
                              .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    }
    qRegisterMetaType<OrderDesk::OrderEvent>();
    qRegisterMetaType<OrderDesk::Order>();
    qRegisterMetaType<QList<OrderDesk::Order>>();
}

Engine::~Engine()
{
    stop();
}

bool Engine::usesEmbeddedDefaults() const
{
    return m_config.redisUrl.isEmpty() && m_config.databaseUrl.isEmpty();
}

bool Engine::openBackends(QString *error)
{
    QString databaseUrl = m_config.databaseUrl;
    if (databaseUrl.isEmpty()) {
        QDir().mkpath(m_config.dataDir);
        databaseUrl = QStringLiteral("sqlite:") + QDir(m_config.dataDir).filePath(QStringLiteral("orderdesk.db"));
    }
    QString reason;
    m_store = SqlOrderStore::fromUrl(databaseUrl, &reason);
    if (!m_store || !m_store->open(&reason)) {
        *error = QStringLiteral("database %1: %2")
                     .arg(m_store ? m_store->describe() : databaseUrl, reason);
        m_store.reset();
        return false;
    }
    if (m_config.redisUrl.isEmpty()) {
        // Nobody shares this store's work: a second process on it would "recover" our live
        // orders, so it belongs to this process alone.
        QString holder;
        if (!m_store->lockExclusive(&holder)) {
            *error = QStringLiteral("database %1 is in use by another OrderDesk (%2); without "
                                    "Redis a store belongs to one process")
                         .arg(m_store->describe(), holder);
            m_store.reset();
            return false;
        }
        m_store->releaseAllLeases(); // whoever held them is gone: we hold the store alone
    }

    if (m_config.redisUrl.isEmpty())
        m_queue = std::make_unique<InProcessQueue>();
    else
        m_queue = std::make_unique<RedisQueue>(m_config.redisUrl, m_config.nodeId,
                                               m_config.redisKeyPrefix, m_config.redisVisibilityMs);
    if (!m_queue->open(&reason)) {
        *error = reason; // names redis and host:port already
        m_queue.reset();
        return false;
    }

    if (m_config.marketUrl.isEmpty()) {
        MarketConfig market;
        market.latencyScale = m_config.latencyScale;
        market.failureRate = m_config.dexFailureRate;
        market.seed = m_config.seed;
        market.volatility = m_config.marketVolatility.value_or(market.volatility);
        market.dataDir = m_config.dataDir; // the ledger survives restarts beside the store
        auto local = std::make_unique<LocalMarket>(market, *m_tokens);
        if (m_config.marketTickMs > 0)
            local->simulator().startTicking(m_config.marketTickMs);
        m_market = std::move(local);
    } else {
        m_market = std::make_unique<RemoteMarket>(QUrl(m_config.marketUrl), *m_tokens);
    }
    if (!m_market->open(&reason)) {
        *error = QStringLiteral("market %1: %2").arg(m_market->describe(), reason);
        m_market.reset();
        return false;
    }
    return true;
}

bool Engine::start(QString *error)
{
    if (!openBackends(error))
        return false;
    if (!WalletFunding::fund(*m_store, *m_market, *m_tokens, m_config.walletFunding, error))
        return false;

    m_stopping = false;
    m_runtime = std::make_unique<Runtime>();
    m_runtime->feeder = std::make_unique<QueueFeeder>(*m_queue);
    m_runtime->feeder->start();
    m_runtime->writer = std::make_unique<StoreWriter>(*m_store);
    m_runtime->writer->start();
    if (!m_config.redisUrl.isEmpty()) {
        m_runtime->events = std::make_unique<RedisEventChannel>(
            *RedisUrl::parse(m_config.redisUrl, nullptr), m_config.redisKeyPrefix,
            m_config.nodeId, *m_tokens);
        if (!m_runtime->events->open(error)) {
            m_runtime.reset();
            return false;
        }
        // Recorded on the subscriber's thread, before the event reaches any stream.
        connect(m_runtime->events.get(), &RedisEventChannel::received, this,
                [runtime = m_runtime.get()](const OrderEvent &event, const Order &order) {
                    runtime->recent.record(event, order);
                }, Qt::DirectConnection);
        connect(m_runtime->events.get(), &RedisEventChannel::received, this, &Engine::orderEvent);
        // An order another node moved on is no longer this node's to watch.
        connect(m_runtime->events.get(), &RedisEventChannel::received, this,
                [this](const OrderEvent &event, const Order &) {
                    if (m_runtime && event.status != OrderStatus::Waiting)
                        m_runtime->triggers->disarmBefore(event.orderId, event.seq);
                });
    }
    Router::Limits routing;
    routing.maxPriceImpactBps = m_config.maxPriceImpactBps;
    for (const QString &symbol : {QStringLiteral("SOL"), QStringLiteral("USDC"), QStringLiteral("USDT")}) {
        if (const std::optional<Token> middle = m_tokens->find(symbol))
            routing.intermediates.append(*middle);
    }
    m_runtime->router = std::make_unique<Router>(
        *m_market, std::min(m_config.workers, MaxWorkerThreads) + 4, routing);
    m_runtime->signatures = std::make_unique<SignatureWatcher>(*m_market);
    m_runtime->signatures->start();
    m_runtime->processor = std::make_unique<OrderProcessor>(
        m_config, *m_store, *m_runtime->writer, *m_queue, *m_market, *m_runtime->router,
        *m_runtime->signatures,
        *m_tokens,
        [this](const OrderEvent &event, const Order &order) { publish(event, order); },
        [workers = &m_runtime->workers](std::function<void()> work) { workers->start(std::move(work)); },
        m_stopping);
    // Threads for the orders' blocking steps (quotes, sends, writes); the waits for the chain hold
    // none. Kept alive: each worker thread holds its own database connection.
    m_runtime->workers.setMaxThreadCount(std::min(m_config.workers, MaxWorkerThreads));
    m_runtime->workers.setExpiryTimeout(-1);
    m_runtime->dispatcher = std::make_unique<Dispatcher>(m_config, *m_runtime->writer, *m_queue,
                                                         *m_runtime->processor, m_runtime->held,
                                                         m_runtime->workers, m_stopping);
    m_runtime->quotePool.setMaxThreadCount(4);
    m_runtime->readPool.setMaxThreadCount(4);
    m_runtime->readPool.setExpiryTimeout(-1); // each thread keeps its database connection
    m_runtime->canceller = std::make_unique<OrderCanceller>(*m_store, *m_runtime->processor,
                                                            m_runtime->readPool);
    m_runtime->triggers = std::make_unique<TriggerMonitor>(*m_market, *m_tokens);
    connect(m_runtime->triggers.get(), &TriggerMonitor::triggered, this,
            [this](const Order &order, const QJsonObject &) {
                // Sniper orders jump the queue: a launch is worth most in its first seconds.
                m_runtime->feeder->enqueue({order.id, order.type == OrderType::Sniper});
            });
    connect(m_runtime->triggers.get(), &TriggerMonitor::expired, this,
            [canceller = m_runtime->canceller.get()](const Order &order) { canceller->expire(order); });

    Dispatcher *dispatcher = m_runtime->dispatcher.get();
    m_runtime->leases = std::make_unique<LeaseKeeper>(
        m_config, *m_store, *m_queue, m_runtime->held, [dispatcher](const Order &claimed) { dispatcher->resume(claimed); });
    connect(m_runtime->leases.get(), &LeaseKeeper::waitingOrdersFound, this, &Engine::armWaiting);

    // Start-up recovery, before anything new arrives: every order whose owner is gone resumes,
    // every pending order and retry without a queue entry is queued.
    const int recovered = m_runtime->leases->sweep(0);
    if (recovered > 0)
        qCInfo(lcEngine) << "recovered" << recovered << "unfinished orders from the store";
    m_runtime->leases->moveToThread(&m_runtime->leaseThread);
    m_runtime->leaseThread.setObjectName(QStringLiteral("leases"));
    m_runtime->leaseThread.start();
    QMetaObject::invokeMethod(m_runtime->leases.get(), &LeaseKeeper::start, Qt::QueuedConnection);

    m_runtime->wallet = std::make_unique<Wallet>(*m_store, *m_market, *m_tokens, m_runtime->readPool);
    // The balances move when an order is accepted and when it finishes (here or on another
    // node: both come through orderEvent, after the change is stored).
    connect(this, &Engine::orderEvent, m_runtime->wallet.get(),
            [wallet = m_runtime->wallet.get()](const OrderEvent &event, const Order &) {
                if (event.seq == 1 || isTerminal(event.status))
                    wallet->refresh();
            });
    connect(m_market.get(), &Market::pricesMoved, m_runtime->wallet.get(), &Wallet::remark,
            Qt::QueuedConnection);
    m_runtime->wallet->refresh();

    m_runtime->monitor =
        std::make_unique<EngineMonitor>(*m_queue, *m_store, *m_market, m_config.rateWindowMs);
    m_runtime->monitor->start();
    m_runtime->dispatcher->start();
    m_accepting = true;
    qCInfo(lcEngine).noquote() << QStringLiteral("engine started: %1 workers, queue %2, store %3, market %4")
                                      .arg(m_config.workers)
                                      .arg(m_queue->describe(), m_store->describe(), m_market->describe());
    return true;
}

void Engine::armWaiting(const QList<Order> &orders)
{
    if (!m_runtime)
        return;
    for (const Order &order : orders) {
        if (!m_runtime->triggers->isArmed(order.id))
            m_runtime->triggers->arm(order);
    }
}

void Engine::beginStop()
{
    if (!m_runtime || m_drain)
        return;
    m_accepting = false;
    qCInfo(lcEngine) << "stopping: no new orders; waiting for in-flight attempts";
    // A waiting order that fires now stays waiting for whoever runs next (as it would have while
    // this thread waited for the drain); nothing new is queued or expired from here on.
    disconnect(m_runtime->triggers.get(), nullptr, this, nullptr);
    // Everything that waits runs on a thread of its own: this thread keeps serving reads and
    // publishing the events of the orders that finish meanwhile.
    m_drain.reset(QThread::create([this] { drain(); }));
    m_drain->setObjectName(QStringLiteral("drain"));
    connect(m_drain.get(), &QThread::finished, this, &Engine::finishStop);
    m_drain->start();
}

// On the drain thread: everything stop() waits for, in order.
void Engine::drain()
{
    // No takeovers from here on: nothing new may start while the workers drain.
    QMetaObject::invokeMethod(m_runtime->leases.get(), &LeaseKeeper::stopSweeping,
                              Qt::BlockingQueuedConnection);
    m_runtime->dispatcher->stopTaking();
    if (!m_runtime->dispatcher->waitForIdle(int(m_config.drainMs))) {
        qCInfo(lcEngine) << "handing back the orders still in flight";
        m_stopping = true;
        m_runtime->signatures->stop(); // wakes the workers waiting for the market
        m_runtime->dispatcher->waitForIdle(-1);
    }
    m_stopping = true;
    m_runtime->signatures->stop();
    m_runtime->quotePool.waitForDone();
    m_runtime->readPool.waitForDone(); // cancels and expiries under way write before the writer stops
    m_runtime->workers.waitForDone();
    m_runtime->writer->stop(); // whatever the workers handed over is written
    m_runtime->feeder->stop(); // and whatever was accepted, queued
    // The keeper hands this node's leases back on its own thread (its store connection).
    QMetaObject::invokeMethod(m_runtime->leases.get(), &LeaseKeeper::stop, Qt::BlockingQueuedConnection);
    m_runtime->leaseThread.quit();
    m_runtime->leaseThread.wait();
}

void Engine::finishStop()
{
    if (!m_drain)
        return;
    m_drain->wait(); // finished() is emitted just before the thread ends
    m_drain.reset();
    if (m_runtime->monitor)
        m_runtime->monitor->stop();
    // The wallet goes with the runtime, on this thread, which its timers belong to (and before
    // the read pool its reads run on); until then it follows the orders the drain finishes.
    m_runtime.reset();
    qCInfo(lcEngine) << "engine stopped";
    emit stopped();
}

void Engine::stop()
{
    beginStop();
    finishStop();
}

bool Engine::isStopping() const
{
    return m_drain != nullptr;
}

bool Engine::isAcceptingOrders() const
{
    return m_accepting;
}

QFuture<Engine::SubmitOutcome> Engine::submit(const QJsonObject &json)
{
    auto refuse = [](const EngineError &error) {
        return QtFuture::makeReadyFuture(SubmitOutcome(error));
    };
    if (!m_accepting || !m_runtime)
        return refuse(shuttingDown());

    auto parsed = OrderRequest::fromJson(json, *m_tokens);
    if (auto *error = std::get_if<EngineError>(&parsed))
        return refuse(*error);
    const OrderRequest request = std::get<OrderRequest>(std::move(parsed));

    auto [order, accepted] = request.toNewOrder(QDateTime::currentDateTimeUtc());
    if (order.swapMode == SwapMode::ExactIn) {
        order.reservedIn = OrderReservation::amountFor(order, *m_runtime->router);
        return insert(order, accepted, request);
    }
    // An ExactOut order reserves its route's maximum input: routing is CPU the caller's thread
    // (the HTTP server's, the GUI's) does not spend.
    return runOnPool(m_runtime->quotePool,
                     [order = order, router = m_runtime->router.get()] {
                         return OrderReservation::amountFor(order, *router);
                     })
        .then(QtFuture::Launch::Sync,
              [this, order = order, accepted = accepted, request](std::optional<Int128> reserved) mutable {
                  order.reservedIn = reserved;
                  return insert(order, accepted, request);
              })
        .unwrap();
}

QFuture<Engine::SubmitOutcome> Engine::insert(const Order &order, const OrderEvent &accepted,
                                              const OrderRequest &request)
{
    // A repeated clientOrderId is found by the insert itself (the database's unique key), not by
    // a read before it: one round trip for the common case, and no race between two submissions.
    return m_runtime->writer->write(StoreWrite::insert(order, accepted))
        .then(QtFuture::Launch::Sync, [this, order, accepted, request](OrderStore::WriteResult result) {
            return stored(result, order, accepted, request);
        });
}

// On the writer's thread, right after the order's batch committed (or failed).
Engine::SubmitOutcome Engine::stored(OrderStore::WriteResult result, const Order &order,
                                     const OrderEvent &accepted, const OrderRequest &request)
{
    switch (result) {
    case OrderStore::WriteResult::Applied:
        break;
    case OrderStore::WriteResult::InsufficientFunds: {
        // A resubmission of an accepted order is answered with that order, as always: it holds
        // its reservation already.
        if (!request.clientOrderId.isEmpty()) {
            if (std::optional<Order> existing = m_store->orderByClientId(request.clientOrderId))
                return repeated(*existing, request);
        }
        return OrderReservation::insufficientFunds(order);
    }
    case OrderStore::WriteResult::Duplicate:
        if (std::optional<Order> existing = m_store->orderByClientId(request.clientOrderId))
            return repeated(*existing, request);
        return EngineError::unavailable(QStringLiteral("the database did not answer"));
    default:
        // The commit may have gone through with only its answer lost: a row that is there is an
        // accepted order (the sweeper would run it), so the client must hear 201, not 503.
        if (const std::optional<Order> stored = m_store->order(order.id); !stored) {
            qCWarning(lcEngine).noquote() << "order not stored:" << m_store->lastError();
            return EngineError::unavailable(QStringLiteral("the database did not store the order"));
        }
        qCWarning(lcEngine) << "order" << order.id << "was stored although its commit failed to answer";
        break;
    }
    publish(accepted, order);

    // Committed first, queued second: if queuing fails, the order is still on record and the
    // sweeper queues it.
    if (order.type == OrderType::Market)
        m_runtime->feeder->enqueue({order.id, false});
    return SubmitResult{order, true};
}

QFuture<Engine::CancelOutcome> Engine::cancel(const QString &orderId)
{
    if (!m_accepting || !m_runtime)
        return QtFuture::makeReadyFuture(CancelOutcome(shuttingDown()));
    return m_runtime->canceller->cancel(orderId);
}

QFuture<Engine::SnapshotOutcome> Engine::snapshot(const QString &orderId) const
{
    if (m_runtime) {
        if (std::optional<OrderSnapshot> recent = m_runtime->recent.find(orderId))
            return QtFuture::makeReadyFuture(SnapshotOutcome(std::move(*recent)));
    }
    return storedSnapshot(orderId);
}

QFuture<Engine::SnapshotOutcome> Engine::storedSnapshot(const QString &orderId) const
{
    if (!m_runtime)
        return QtFuture::makeReadyFuture(SnapshotOutcome(EngineError::unavailable(QStringLiteral("the engine is stopped"))));
    return reader()->snapshot(orderId);
}

std::optional<StoreReader> Engine::reader() const
{
    if (!m_runtime)
        return std::nullopt;
    return StoreReader(*m_store, m_runtime->readPool);
}

std::optional<Order> Engine::order(const QString &orderId) const
{
    // Always the record. The Redis snapshot is written after the row commits, so for a moment it
    // lags by one transition; next to a history read from the store that made WebSocket
    // snapshots disagree with themselves, and a stream could miss its terminal status.
    return m_store->order(orderId);
}

QList<Order> Engine::orders(const OrderListQuery &query) const
{
    return m_store->orders(query);
}

QList<OrderEvent> Engine::history(const QString &orderId) const
{
    return m_store->history(orderId);
}

QList<FailureRecord> Engine::failures(const QString &orderId) const
{
    return m_store->failures(orderId);
}

QFuture<std::variant<QuoteResult, EngineError>> Engine::quote(const QString &tokenIn,
                                                             const QString &tokenOut,
                                                             const QString &amount,
                                                             const QString &swapMode) const
{
    using Result = std::variant<QuoteResult, EngineError>;
    // The same rules as an order: one place decides what a valid pair and amount are.
    QJsonObject asOrder{{QStringLiteral("tokenIn"), tokenIn},
                        {QStringLiteral("tokenOut"), tokenOut},
                        {QStringLiteral("amount"), amount}};
    if (!swapMode.isEmpty())
        asOrder.insert(QStringLiteral("swapMode"), swapMode);
    auto parsed = OrderRequest::fromJson(asOrder, *m_tokens);
    if (auto *error = std::get_if<EngineError>(&parsed))
        return QtFuture::makeReadyFuture(Result(*error));
    if (!m_runtime)
        return QtFuture::makeReadyFuture(Result(EngineError::unavailable(QStringLiteral("the engine is stopped"))));

    const Order hypothetical = std::get<OrderRequest>(parsed).toNewOrder(QDateTime::currentDateTimeUtc()).first;
    return runOnPool(m_runtime->quotePool, [router = m_runtime->router.get(), hypothetical] {
        return Result(QuoteResult::of(*router, hypothetical));
    });
}

EngineMetrics Engine::metrics() const
{
    EngineMetrics metrics;
    metrics.workers = m_config.workers;
    metrics.rateLimit = m_config.rateLimit;
    metrics.rateWindowMs = m_config.rateWindowMs;
    if (!m_runtime || !m_runtime->monitor)
        return metrics;
    metrics.workersBusy = m_runtime->dispatcher->busyWorkers();
    metrics.waitingArmed = m_runtime->triggers->armedCount();
    m_runtime->monitor->fill(metrics);
    return metrics;
}

ComponentHealth Engine::health() const
{
    ComponentHealth health;
    if (m_queue)
        health.queueBackend = m_queue->describe();
    if (m_store)
        health.databaseBackend = m_store->describe();
    if (m_market)
        health.marketBackend = m_market->describe();
    if (m_runtime && m_runtime->monitor)
        m_runtime->monitor->fill(health);
    return health;
}

Wallet *Engine::wallet() const
{
    return m_runtime ? m_runtime->wallet.get() : nullptr;
}

TokenRegistry &Engine::tokens() const
{
    return *m_tokens;
}

Market &Engine::market() const
{
    return *m_market;
}

qint64 Engine::leaseTakeovers() const
{
    return m_runtime ? m_runtime->leases->takeovers() : 0;
}

void Engine::publish(const OrderEvent &event, const Order &order)
{
    // Workers call this after the change is stored; listeners live on the engine's thread.
    if (m_runtime)
        m_runtime->recent.record(event, order);
    if (m_runtime && m_runtime->events)
        m_runtime->events->publish(event, order);
    if (m_runtime && m_runtime->monitor)
        m_runtime->monitor->observe(event, order);
    QMetaObject::invokeMethod(
        this,
        [this, event, order] {
            // Waiting orders are watched from here: a new one checked at once, a limit order
            // back from routing (its price moved away) from the next market move on (at once it
            // would fire again on the same view).
            if (event.status == OrderStatus::Waiting && m_runtime
                && !m_runtime->triggers->isArmed(order.id)) {
                m_runtime->triggers->arm(order, event.seq == 1);
            } else if (event.status != OrderStatus::Waiting && m_runtime) {
                m_runtime->triggers->disarmBefore(order.id, event.seq);
            }
            emit orderEvent(event, order);
        },
        Qt::QueuedConnection);
}

} // namespace OrderDesk
