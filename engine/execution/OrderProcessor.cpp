#include "OrderProcessor.h"

#include "DexVenue.h"
#include "Logging.h"
#include "OrderLifecycle.h"
#include "OrderQueue.h"
#include "OrderStore.h"
#include "Router.h"
#include "Token.h"

#include <QJsonArray>

namespace OrderDesk {

namespace {
QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

// The signature of the order's last submission, from its history: what a restart asks the venue
// about when the process stopped while the order was submitted.
QString lastSubmittedSignature(OrderStore &store, const QString &orderId)
{
    const QList<OrderEvent> events = store.history(orderId);
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        if (it->status == OrderStatus::Submitted)
            return it->details.value(QStringLiteral("signature")).toString();
    }
    return {};
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
} // namespace

OrderProcessor::OrderProcessor(const EngineConfig &config, OrderStore &store, OrderQueue &queue,
                               Router &router, const TokenRegistry &tokens, Publisher publish)
    : m_config(config)
    , m_store(store)
    , m_queue(queue)
    , m_router(router)
    , m_tokens(tokens)
    , m_publish(std::move(publish))
{
}

qint64 OrderProcessor::backoffDelayMs(qint64 backoffMs, int failedAttempt)
{
    return backoffMs << std::clamp(failedAttempt - 1, 0, 30);
}

void OrderProcessor::process(Order order)
{
    switch (order.status) {
    case OrderStatus::Pending:
        runAttempt(order, 1, {});
        return;
    case OrderStatus::Waiting: // a limit or sniper order whose trigger fired
        if (order.tokenOut.mint.isEmpty()) {
            // A sniper order placed before its token launched: the launch registered it.
            if (const std::optional<Token> launched = m_tokens.find(order.tokenOut.symbol))
                order.tokenOut = *launched;
        }
        runAttempt(order, 1, {{QStringLiteral("trigger"), triggerDetails(order)}});
        return;
    case OrderStatus::Routing:
    case OrderStatus::Building:
    case OrderStatus::Submitted:
        if (order.retryAt) {
            QJsonObject details{{QStringLiteral("retryOf"), order.attempt}};
            if (order.lastError)
                details.insert(QStringLiteral("previousError"), order.lastError->toJson());
            runAttempt(order, order.attempt + 1, details);
        } else {
            // Another worker is in the middle of this attempt (a second delivery). Interrupted
            // attempts are marked by recovery and the sweeper, never guessed here.
            qCInfo(lcEngine) << "order" << order.id << "is already being worked on; skipping";
        }
        return;
    case OrderStatus::Confirmed:
    case OrderStatus::Failed:
    case OrderStatus::Cancelled:
    case OrderStatus::Expired:
        return; // finished meanwhile (cancelled while queued, or a duplicate delivery)
    }
}

bool OrderProcessor::transition(Order &order, OrderStatus status, const QJsonObject &details,
                                const std::optional<FailureRecord> &failure)
{
    Order next = order;
    next.status = status;
    next.seq = order.seq + 1;
    next.updatedAt = now();
    if (status != OrderStatus::Routing || next.attempt != order.attempt)
        next.retryAt.reset();

    const OrderEvent event{next.id, next.seq, status, next.attempt, next.updatedAt, details};
    switch (m_store.applyTransition(next, event, failure)) {
    case OrderStore::WriteResult::Applied:
        order = next;
        m_publish(event, order);
        return true;
    case OrderStore::WriteResult::Conflict:
        qCInfo(lcEngine) << "order" << order.id << "moved by someone else; leaving it";
        return false;
    default:
        qCWarning(lcEngine) << "order" << order.id << "could not be stored as" << toString(status)
                            << ':' << m_store.lastError();
        return false;
    }
}

void OrderProcessor::runAttempt(Order &order, int attempt, const QJsonObject &startDetails)
{
    const int previousAttempt = order.attempt;
    order.attempt = attempt;
    if (!OrderLifecycle::canTransition(order.status, previousAttempt, OrderStatus::Routing, attempt)
        || !transition(order, OrderStatus::Routing, startDetails)) {
        return;
    }

    const QList<VenueQuote> quotes = m_router.quoteAll(order.tokenIn, order.tokenOut, order.amountIn);
    const std::optional<RouteDecision> decision = Router::decide(order, quotes);
    if (!decision) {
        QStringList reasons;
        for (const VenueQuote &quote : quotes)
            reasons << toString(quote.venue) + QStringLiteral(": ") + quote.unavailableReason;
        attemptFailed(order, {QStringLiteral("no_route"),
                              QStringLiteral("no venue can fill %1 (%2)")
                                  .arg(order.pair(), reasons.join(QStringLiteral("; "))),
                              true});
        return;
    }
    order.route = decision;
    if (!transition(order, OrderStatus::Building,
                    {{QStringLiteral("route"), decision->toJson(order.tokenIn, order.tokenOut)}})) {
        return;
    }

    DexVenue *venue = m_router.venue(decision->venue);
    SwapTransaction transaction{order.id,        {},
                                decision->venue, order.tokenIn,
                                order.tokenOut,  order.amountIn,
                                decision->minAmountOut, decision->wrapSol,
                                decision->unwrapSol};
    venue->prepare(transaction);
    if (!transition(order, OrderStatus::Submitted,
                    {{QStringLiteral("signature"), transaction.signature},
                     {QStringLiteral("venue"), toString(decision->venue)}})) {
        return;
    }

    const SubmitOutcome outcome = venue->submit(transaction);
    if (!outcome.executed) {
        attemptFailed(order, outcome.error);
        return;
    }
    order.execution = ExecutionResult{transaction.signature, decision->venue, outcome.amountOut,
                                      outcome.executedPrice, now()};
    order.lastError.reset();
    transition(order, OrderStatus::Confirmed,
               {{QStringLiteral("result"), order.execution->toJson(order.tokenOut)}});
}

void OrderProcessor::markInterrupted(Order &order)
{
    // The process that held this order stopped in the middle of an attempt. Before submission
    // nothing reached a venue; after it, the venue's ledger says whether the swap landed.
    OrderError error{QStringLiteral("interrupted"),
                     QStringLiteral("the engine stopped while the order was %1")
                         .arg(toString(order.status)),
                     false};
    if (order.status == OrderStatus::Submitted) {
        const QString signature = lastSubmittedSignature(m_store, order.id);
        DexVenue *venue = order.route ? m_router.venue(order.route->venue) : nullptr;
        if (venue && venue->hasExecuted(signature)) {
            // The ledger knows the swap but not its result: fail loudly rather than execute twice.
            error = {QStringLiteral("unknown_outcome"),
                     QStringLiteral("transaction %1 executed but its result was lost").arg(signature),
                     true};
        } else {
            error = {QStringLiteral("tx_dropped"),
                     QStringLiteral("transaction %1 never landed (the engine stopped while it was "
                                    "submitted)")
                         .arg(signature),
                     false};
        }
    }
    attemptFailed(order, error);
}

void OrderProcessor::attemptFailed(Order &order, const OrderError &error)
{
    const FailureRecord failure{order.id, order.attempt, error.code, error.message, now(),
                                error.permanent};
    order.lastError = error;
    if (error.permanent || order.attempt >= m_config.maxAttempts) {
        QJsonObject details{{QStringLiteral("error"), error.toJson()},
                            {QStringLiteral("attempts"), order.attempt}};
        transition(order, OrderStatus::Failed, details, failure);
        return;
    }

    const qint64 delayMs = backoffDelayMs(m_config.backoffMs, order.attempt);
    order.retryAt = now().addMSecs(delayMs);
    if (m_store.recordRetry(order, failure) != OrderStore::WriteResult::Applied) {
        qCWarning(lcEngine) << "order" << order.id << "failed attempt could not be stored:"
                            << m_store.lastError();
        return;
    }
    qCInfo(lcEngine).noquote() << "order" << order.id << "attempt" << order.attempt << "failed ("
                               << error.code << "), retry in" << delayMs << "ms";
    m_queue.enqueueDelayed({order.id, order.type == OrderType::Sniper}, *order.retryAt);
}

} // namespace OrderDesk
