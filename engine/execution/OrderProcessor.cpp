#include "OrderProcessor.h"

#include "Logging.h"
#include "Market.h"
#include "OrderLifecycle.h"
#include "OrderQueue.h"
#include "OrderStore.h"
#include "Router.h"
#include "SignatureWatcher.h"
#include "StoreWriter.h"
#include "Token.h"
#include "WalletValuation.h"

#include <QThread>

#include <algorithm>

namespace OrderDesk {

namespace {
QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

QJsonObject triggerDetails(const Order &order)
{
    QJsonObject trigger{{QStringLiteral("type"), toString(order.type)}};
    if (order.type == OrderType::Limit && order.limitPrice) {
        trigger.insert(QStringLiteral("reason"), QStringLiteral("limit price reached"));
        trigger.insert(QStringLiteral("limitPrice"), Decimal::format(*order.limitPrice, PriceScale));
    } else {
        trigger.insert(QStringLiteral("reason"),
                       QStringLiteral("%1 has a pool").arg(order.tokenOut.symbol));
    }
    return trigger;
}

// Writes that may follow an executed swap are tried again at this pace while the store is down.
constexpr qint64 FirstStoreRetryMs = 100;
constexpr qint64 MaxStoreRetryMs = 2000;
// How long before this node lets an order go while the market does not answer (its lease lapses
// and any node that reaches the market settles it).
constexpr qint64 MarketGiveUpMs = 10'000;
// How long one wait for the watcher's next answer lasts before the worker looks around.
constexpr qint64 StatusWaitMs = 1000;
// A write the store keeps refusing while it answers otherwise is not an outage: after this many
// rounds the worker lets the order go (and says so loudly) instead of retrying for ever.
constexpr int MaxRefusedWrites = 8;
} // namespace

OrderProcessor::OrderProcessor(const EngineConfig &config, OrderStore &store, StoreWriter &writer,
                               OrderQueue &queue,
                               Market &market, Router &router, SignatureWatcher &signatures,
                               const TokenRegistry &tokens, Publisher publish, Executor execute,
                               const std::atomic<bool> &stopping)
    : m_config(config)
    , m_store(store)
    , m_writer(writer)
    , m_queue(queue)
    , m_market(market)
    , m_router(router)
    , m_signatures(signatures)
    , m_tokens(tokens)
    , m_publish(std::move(publish))
    , m_execute(std::move(execute))
    , m_stopping(stopping)
{
}

qint64 OrderProcessor::backoffDelayMs(qint64 backoffMs, int failedAttempt)
{
    return backoffMs << std::clamp(failedAttempt - 1, 0, 30);
}

std::optional<StoreWrite> OrderProcessor::firstWrite(const Order &claimed) const
{
    return startWrite(claimed, now());
}

bool OrderProcessor::expiredAt(const Order &order, const QDateTime &at)
{
    return order.status == OrderStatus::Waiting && order.expiresAt && *order.expiresAt <= at;
}

std::optional<StoreWrite> OrderProcessor::startWrite(const Order &claimed, const QDateTime &at) const
{
    switch (claimed.status) {
    case OrderStatus::Pending:
        return attemptStart(claimed, {});
    case OrderStatus::Waiting: { // a limit or sniper order whose trigger fired
        if (expiredAt(claimed, at))
            return std::nullopt; // expired meanwhile: process() says so
        Order triggered = claimed;
        if (triggered.tokenOut.mint.isEmpty()) {
            // A sniper order placed before its token launched: the launch registered it.
            if (const std::optional<Token> launched = m_tokens.find(triggered.tokenOut.symbol))
                triggered.tokenOut = *launched;
        }
        return attemptStart(triggered, {{QStringLiteral("trigger"), triggerDetails(triggered)}});
    }
    case OrderStatus::Retrying: {
        QJsonObject details{{QStringLiteral("retryOf"), claimed.attempt}};
        if (claimed.lastError)
            details.insert(QStringLiteral("previousError"), claimed.lastError->toJson());
        return attemptStart(claimed, details);
    }
    default:
        return std::nullopt; // resumed (process() knows how) or finished
    }
}

std::optional<StoreWrite> OrderProcessor::attemptStart(const Order &order,
                                                       const QJsonObject &details) const
{
    const int attempt = order.attempt + 1;
    if (!OrderLifecycle::canTransition(order.status, order.attempt, OrderStatus::Routing, attempt)) {
        qCWarning(lcEngine) << "order" << order.id << "cannot start attempt" << attempt << "from"
                            << toString(order.status);
        return std::nullopt;
    }
    Order routing = order;
    routing.attempt = attempt;
    routing.transaction.reset();
    return nextWrite(routing, OrderStatus::Routing, details, std::nullopt, false);
}

void OrderProcessor::process(Order order, InFlight inFlight,
                             const std::optional<OrderEvent> &firstEvent)
{
    if (firstEvent) {
        // The claim moved it to routing already, in the claim's transaction.
        m_publish(*firstEvent, order);
        routeAndSubmit(order, std::move(inFlight));
        return;
    }
    const QDateTime at = now(); // one moment for the expiry and the start, or an order could miss both
    switch (order.status) {
    case OrderStatus::Waiting:
        if (expiredAt(order, at)) {
            transition(order, OrderStatus::Expired,
                       {{QStringLiteral("reason"),
                         QStringLiteral("triggered after its expiry at %1; not executed")
                             .arg(toIsoString(*order.expiresAt))}},
                       {}, true);
            return;
        }
        [[fallthrough]];
    case OrderStatus::Pending:
    case OrderStatus::Retrying:
        if (const std::optional<StoreWrite> start = startWrite(order, at);
            start && storeAll(order, {*start}))
            routeAndSubmit(order, std::move(inFlight));
        return;
    case OrderStatus::Routing:
    case OrderStatus::Building:
        // Taken over from a worker that stopped before it recorded a transaction: nothing of
        // this attempt reached the market.
        attemptFailed(order, {QStringLiteral("interrupted"),
                              QStringLiteral("the worker stopped while the order was %1")
                                  .arg(toString(order.status)),
                              false});
        return;
    case OrderStatus::Submitted:
        settle(order, false, std::move(inFlight));
        return;
    case OrderStatus::Confirmed:
    case OrderStatus::Failed:
    case OrderStatus::Cancelled:
    case OrderStatus::Expired:
        return; // finished meanwhile (cancelled while queued, or a duplicate delivery)
    }
}

StoreWrite OrderProcessor::nextWrite(const Order &order, OrderStatus status,
                                     const QJsonObject &details,
                                     const std::optional<FailureRecord> &failure, bool releaseLease)
{
    Order next = order;
    next.status = status;
    next.seq = order.seq + 1;
    next.updatedAt = now();
    if (status != OrderStatus::Retrying)
        next.retryAt.reset();
    if (releaseLease)
        next.leaseOwner.clear();
    OrderEvent event{next.id, next.seq, status, next.attempt, next.updatedAt, details};
    return StoreWrite::transition(next, event, failure, order.status);
}

bool OrderProcessor::transition(Order &order, OrderStatus status, const QJsonObject &details,
                                const std::optional<FailureRecord> &failure, bool releaseLease)
{
    return storeAll(order, {nextWrite(order, status, details, failure, releaseLease)});
}

bool OrderProcessor::storeAll(Order &order, const QList<StoreWrite> &writes)
{
    // This thread waits for the batch; the batch is shared with every other worker's writes.
    const QList<QFuture<OrderStore::WriteResult>> results = m_writer.write(writes);
    for (qsizetype i = 0; i < writes.size(); ++i) {
        const StoreWrite &write = writes.at(i);
        switch (results.at(i).result()) {
        case OrderStore::WriteResult::Applied:
            order = write.order;
            m_publish(write.event, order);
            continue;
        case OrderStore::WriteResult::Conflict:
            qCInfo(lcEngine) << "order" << order.id << "moved or taken over by someone else; leaving it";
            return false;
        default:
            // The writer's thread logged the database's reason.
            qCWarning(lcEngine) << "order" << order.id << "could not be stored as"
                                << toString(write.order.status);
            return false;
        }
    }
    return true;
}

OrderProcessor::Written OrderProcessor::transitionDurably(Order &order, OrderStatus status,
                                                          const QJsonObject &details,
                                                          const std::optional<FailureRecord> &failure)
{
    int refusedWhileUp = 0;
    for (qint64 delayMs = FirstStoreRetryMs;; delayMs = std::min(delayMs * 2, MaxStoreRetryMs)) {
        if (transition(order, status, details, failure, true))
            return Written::Applied;
        // A refusal is final: the order moved on or someone else holds it now, and they will
        // learn the same outcome from the market. Anything else is the store being away.
        if (const std::optional<Order> stored = m_store.order(order.id)) {
            if (stored->seq == order.seq + 1 && stored->status == status
                && stored->leaseToken == order.leaseToken) {
                // Our commit went through though its answer was lost with the connection.
                order = *stored;
                m_publish(OrderEvent{order.id, order.seq, status, order.attempt, order.updatedAt,
                                     details},
                          order);
                return Written::Applied;
            }
            if (stored->seq != order.seq || stored->status != order.status
                || stored->leaseToken != order.leaseToken)
                return Written::Refused;
            if (++refusedWhileUp >= MaxRefusedWrites) {
                qCCritical(lcEngine).noquote()
                    << "order" << order.id << "cannot be stored as" << toString(status)
                    << "although the database answers:" << m_store.lastError()
                    << "- leaving it to the sweeper";
                return Written::Refused;
            }
        }
        if (!pause(delayMs)) {
            qCWarning(lcEngine).noquote()
                << "order" << order.id << "is left" << toString(order.status)
                << "while stopping; its next owner settles it from the market";
            return Written::Stopped;
        }
    }
}

void OrderProcessor::routeAndSubmit(Order &order, InFlight inFlight)
{
    const std::variant<RouteDecision, OrderError> routed = m_router.route(order);
    if (const auto *error = std::get_if<OrderError>(&routed)) {
        attemptFailed(order, *error); // no_route, price_impact_too_high: permanent
        return;
    }
    RouteDecision chosen = std::get<RouteDecision>(routed);
    const RouteDecision *decision = &chosen;
    if (const std::optional<Int128> limitOut = Router::limitAmountOut(order);
        limitOut && decision->amountOut < *limitOut) {
        // The trigger saw the limit reached, the routing quotes a moment later do not: watch
        // the order again rather than fill it below its limit.
        transition(order, OrderStatus::Waiting,
                   {{QStringLiteral("reason"),
                     QStringLiteral("the best route returns %1 %3, below the limit's %2 %3; "
                                    "waiting for the price again")
                         .arg(Decimal::format(decision->amountOut, order.tokenOut.decimals),
                              Decimal::format(*limitOut, order.tokenOut.decimals),
                              order.tokenOut.symbol)}},
                   {}, true);
        return;
    }
    // An ExactOut order spends at most what the wallet reserved for it when it was accepted:
    // its settlement can never debit more than it holds (SPEC §3 "Wallet").
    if (order.swapMode == SwapMode::ExactOut && order.reservedIn
        && chosen.maxAmountIn > *order.reservedIn) {
        if (chosen.amountIn > *order.reservedIn) {
            attemptFailed(order, {QStringLiteral("reservation_exceeded"),
                                  QStringLiteral("the best route needs %1 %3, more than the %2 %3 "
                                                 "reserved when the order was accepted")
                                      .arg(Decimal::format(chosen.amountIn, order.tokenIn.decimals),
                                           Decimal::format(*order.reservedIn, order.tokenIn.decimals),
                                           order.tokenIn.symbol),
                                  false});
            return;
        }
        chosen.maxAmountIn = *order.reservedIn;
        chosen.jsonCache.reset();
    }
    order.route = *decision;
    const std::optional<Blockhash> blockhash = m_market.latestBlockhash();
    if (!blockhash) {
        attemptFailed(order, {QStringLiteral("market_unreachable"),
                              QStringLiteral("the market did not answer for a recent blockhash"),
                              false});
        return;
    }
    // Made here, on the order's own route: every copy of the order from now on (its writes, its
    // events, its snapshots) shares this text instead of making its own.
    const QByteArray routeText = order.route->toJsonText(order.tokenIn, order.tokenOut);
    StoreWrite building = nextWrite(order, OrderStatus::Building, {}, {}, false);
    building.event.routeText = routeText;
    Order recorded = building.order;
    recorded.transaction = Router::transactionFor(order, *decision, *blockhash);
    const SwapTransaction &transaction = *recorded.transaction;
    transaction.toJsonText(); // made here, once: the writes and events from now on share it
    const StoreWrite submitted =
        nextWrite(recorded, OrderStatus::Submitted,
                  {{QStringLiteral("signature"), transaction.signature},
                   {QStringLiteral("lastValidBlockHeight"), transaction.lastValidBlockHeight},
                   {QStringLiteral("venue"), toString(decision->venue)}},
                  {}, false);
    // The route and the transaction built on it share one commit. The record before the send,
    // and the last check of the lease: a worker whose lease was taken over is refused here and
    // never sends.
    if (!storeAll(order, {building, submitted}))
        return;

    const SendResult sent = m_market.sendTransaction(transaction);
    if (sent.kind == SendResult::Kind::Rejected) {
        attemptFailed(order, sent.error); // refused for sure: it can never land
        return;
    }
    settle(order, sent.kind == SendResult::Kind::Accepted, std::move(inFlight));
}

struct OrderProcessor::Settling
{
    Order order;
    bool delivered = false;
    qint64 unreachableSinceMs = -1; // while the market does not answer
    InFlight inFlight;
};

void OrderProcessor::settle(const Order &order, bool delivered, InFlight inFlight)
{
    if (!order.transaction) {
        // Only orders submitted before transactions were recorded (schema 1) lack one: what
        // they sent cannot be asked about safely, so they are never executed again.
        Order unknown = order;
        attemptFailed(unknown, {QStringLiteral("unknown_outcome"),
                                QStringLiteral("the order was submitted without a recorded "
                                               "transaction; check the market's ledger"),
                                true});
        return;
    }
    awaitStatus(std::make_shared<Settling>(Settling{order, delivered, -1, std::move(inFlight)}));
}

void OrderProcessor::awaitStatus(std::shared_ptr<Settling> settling)
{
    if (m_stopping) {
        qCInfo(lcEngine) << "order" << settling->order.id
                         << "left submitted while stopping; its next owner settles it from the market";
        return;
    }
    const SwapTransaction &transaction = *settling->order.transaction;
    if (!settling->delivered) {
        // The first send got no answer, or this worker took the order over: the same signed
        // bytes again are harmless (the market executes a signature once) and make sure the
        // transaction had its chance to land.
        settling->delivered = m_market.sendTransaction(transaction).kind != SendResult::Kind::Unreachable;
    }
    // One round of the market's answers for every waiting order, each block; no thread waits.
    m_signatures.watch(transaction.signature, transaction.lastValidBlockHeight, StatusWaitMs,
                       [this, settling](const std::optional<SignatureStatus> &status) {
                           m_execute([this, settling, status] { onStatus(settling, status); });
                       });
}

void OrderProcessor::onStatus(const std::shared_ptr<Settling> &settling,
                              const std::optional<SignatureStatus> &status)
{
    if (m_stopping) {
        qCInfo(lcEngine) << "order" << settling->order.id
                         << "left submitted while stopping; its next owner settles it from the market";
        return;
    }
    Order &order = settling->order;
    const SwapTransaction &transaction = *order.transaction;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (!status) {
        // Unreachable never means "not landed": wait, and after a while let another node that
        // can reach the market settle it (this one may be the one cut off).
        if (settling->unreachableSinceMs < 0)
            settling->unreachableSinceMs = nowMs;
        if (nowMs - settling->unreachableSinceMs > MarketGiveUpMs) {
            qCWarning(lcEngine) << "order" << order.id << "left submitted: the market has not"
                                << "answered for" << MarketGiveUpMs << "ms";
            return;
        }
        awaitStatus(settling);
        return;
    }
    settling->unreachableSinceMs = -1;
    if (status->landed) {
        if (status->error) {
            attemptFailed(order, *status->error); // on chain, but nothing was swapped
            return;
        }
        const std::optional<LandedTransaction> landed = m_market.transaction(transaction.signature);
        if (!landed || landed->signature.isEmpty()) {
            awaitStatus(settling); // asked again after the next round
            return;
        }
        confirm(order, *landed);
        return;
    }
    if (status->contextSlot > transaction.lastValidBlockHeight) {
        attemptFailed(order, {QStringLiteral("tx_expired"),
                              QStringLiteral("transaction %1 was not included by block %2: "
                                             "its blockhash expired, it can never land")
                                  .arg(transaction.signature.left(16))
                                  .arg(transaction.lastValidBlockHeight),
                              false});
        return;
    }
    awaitStatus(settling); // still pending: the next round
}

void OrderProcessor::confirm(Order &order, const LandedTransaction &landed)
{
    order.execution = ExecutionResult{landed.signature, landed.venue, landed.amountOut,
                                      landed.executedPrice, now()};
    // What the wallet settles: the real input, and the trade's worth for the position's cost.
    order.execution->amountIn = landed.amountIn;
    const QString quote = TokenRegistry::usdc().symbol;
    order.execution->valueUsdc =
        order.tokenOut.symbol == quote ? landed.amountOut
        : order.tokenIn.symbol == quote
            ? landed.amountIn
            : WalletValuation(m_market).valueUsdc(order.tokenOut, landed.amountOut).value_or(0);
    order.lastError.reset();
    QJsonObject result = order.execution->toJson(order.tokenOut);
    result.insert(QStringLiteral("amountIn"), Decimal::format(landed.amountIn, order.tokenIn.decimals));
    result.insert(QStringLiteral("slot"), landed.slot);
    if (!landed.legs.isEmpty())
        result.insert(QStringLiteral("legs"), RouteLeg::toJson(landed.legs));
    const QJsonObject details{
        {QStringLiteral("result"), result},
        {QStringLiteral("txHash"), landed.signature},
        {QStringLiteral("signature"), landed.signature},
        {QStringLiteral("venue"), toString(landed.venue)},
        {QStringLiteral("executedPrice"), result.value(QStringLiteral("executedPrice"))},
        {QStringLiteral("amountIn"), result.value(QStringLiteral("amountIn"))},
        {QStringLiteral("amountOut"), result.value(QStringLiteral("amountOut"))},
    };
    transitionDurably(order, OrderStatus::Confirmed, details, std::nullopt);
}

void OrderProcessor::attemptFailed(Order &order, const OrderError &error)
{
    const FailureRecord failure{order.id, order.attempt, error.code, error.message, now(),
                                error.permanent};
    order.lastError = error;
    if (error.permanent || failedAttempts(order) >= m_config.maxAttempts) {
        transitionDurably(order, OrderStatus::Failed,
                          {{QStringLiteral("error"), error.toJson()},
                           {QStringLiteral("attempts"), order.attempt}},
                          failure);
        return;
    }

    const qint64 delayMs = backoffDelayMs(m_config.backoffMs, order.attempt);
    order.retryAt = now().addMSecs(delayMs);
    if (transitionDurably(order, OrderStatus::Retrying,
                          {{QStringLiteral("error"), error.toJson()},
                           {QStringLiteral("retryAt"), toIsoString(*order.retryAt)},
                           {QStringLiteral("nextAttempt"), order.attempt + 1}},
                          failure)
        != Written::Applied) {
        return;
    }
    qCInfo(lcEngine).noquote() << "order" << order.id << "attempt" << order.attempt << "failed ("
                               << error.code << "), retry in" << delayMs << "ms";
    // If the queue cannot take it now, the sweeper finds the overdue retry in the store.
    m_queue.enqueueDelayed({order.id, order.type == OrderType::Sniper}, *order.retryAt);
}

int OrderProcessor::failedAttempts(const Order &order) const
{
    // Attempts count routings, and a limit order that went back to waiting routed without
    // failing: what bounds the retries is the failures, this one included.
    const QList<FailureRecord> earlier = m_store.failures(order.id);
    if (!m_store.lastError().isEmpty())
        return order.attempt; // the store cannot tell: the stricter count
    return 1 + int(std::count_if(earlier.cbegin(), earlier.cend(), [&](const FailureRecord &f) {
               return f.attempt != order.attempt;
           }));
}

bool OrderProcessor::pause(qint64 ms) const
{
    // In slices, so that a stopping engine is not kept waiting by a long back-off.
    constexpr qint64 SliceMs = 50;
    for (qint64 left = ms; left > 0 && !m_stopping; left -= SliceMs)
        QThread::msleep(static_cast<unsigned long>(std::min(left, SliceMs)));
    return !m_stopping;
}

} // namespace OrderDesk
