#pragma once

#include "EngineConfig.h"
#include "Order.h"
#include "OrderEvent.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace OrderDesk {

class OrderQueue;
class OrderStore;
class Router;
class TokenRegistry;

// The order lifecycle, executed: takes one queue delivery of an order and works it through
// routing → building → submitted → confirmed, or through the failure handling (retry with
// back-off, or failed). Every status change is stored (compare-and-set on the order's seq)
// before it is published, so an order whose transition was taken by someone else is simply
// left alone. Runs on worker threads; holds no state of its own between calls.
class OrderProcessor
{
public:
    using Publisher = std::function<void(const OrderEvent &, const Order &)>;

    OrderProcessor(const EngineConfig &config, OrderStore &store, OrderQueue &queue, Router &router,
                   const TokenRegistry &tokens, Publisher publish);

    void process(Order order);

    // Moves `order` to `status` (store first, then publish). On success `order` holds the new
    // state; false when the store refused (another worker moved the order) or failed.
    bool transition(Order &order, OrderStatus status, const QJsonObject &details = {},
                    const std::optional<FailureRecord> &failure = {});

    // Records that the attempt in flight was interrupted (its process stopped) and schedules the
    // retry, or fails the order when no attempt is left. Guarded like every write: if the order
    // moved meanwhile, nothing happens.
    void markInterrupted(Order &order);

    // The delay before retry number `attempt + 1`: backoffMs doubled for each earlier retry.
    static qint64 backoffDelayMs(qint64 backoffMs, int failedAttempt);

private:
    void runAttempt(Order &order, int attempt, const QJsonObject &startDetails);
    void attemptFailed(Order &order, const OrderError &error);

    const EngineConfig &m_config;
    OrderStore &m_store;
    OrderQueue &m_queue;
    Router &m_router;
    const TokenRegistry &m_tokens;
    Publisher m_publish;
};

} // namespace OrderDesk
