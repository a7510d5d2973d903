#pragma once

#include "EngineConfig.h"
#include "Order.h"
#include "OrderEvent.h"
#include "OrderStore.h"

#include <QJsonObject>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace OrderDesk {

class Market;
class OrderQueue;
class Router;
class SignatureWatcher;
class StoreWriter;
class TokenRegistry;
struct LandedTransaction;
struct SignatureStatus;

// The order lifecycle, executed. A worker calls process() with an order whose lease it holds,
// and the processor works it through routing → building → submitted → confirmed, or through
// the failure handling (retrying with back-off, or failed).
//
// Executed at most once: each attempt's transaction is recorded (signature, blockhash,
// lastValidBlockHeight) in the same write that moves the order to submitted, before it is sent;
// that write carries the lease's fencing token, so a worker that lost its lease never sends.
// What happened to a sent transaction is only ever learned from the market: landed → confirmed
// with its real amounts; failed on chain or expired without landing → the attempt failed and a
// new transaction may be built; otherwise wait. An order taken over from a dead worker resumes
// the same way from its record.
//
// Every status change is stored (compare-and-set on seq and fencing token) before it is
// published. Runs on worker threads; holds no state of its own between calls.
class OrderProcessor
{
public:
    using Publisher = std::function<void(const OrderEvent &, const Order &)>;
    // Runs a continuation on a worker thread.
    using Executor = std::function<void(std::function<void()>)>;
    // Held by whatever still works on an order: the order's turn on this node ends when the last
    // holder lets go (its deleter tells the dispatcher). Waiting for the market holds one, not a
    // thread.
    using InFlight = std::shared_ptr<void>;

    OrderProcessor(const EngineConfig &config, OrderStore &store, StoreWriter &writer,
                   OrderQueue &queue,
                   Market &market, Router &router, SignatureWatcher &signatures,
                   const TokenRegistry &tokens, Publisher publish, Executor execute,
                   const std::atomic<bool> &stopping);

    // Works `order` (claimed: this node holds its lease) until its attempt's outcome is stored,
    // the lease is lost, or the engine stops (then the order is left for the next owner). Returns
    // once the order waits for the market; `inFlight` is let go when the work is over.
    // `firstEvent`: the claim applied firstWrite() already (`order` is as after it); its event
    // is published here.
    void process(Order order, InFlight inFlight, const std::optional<OrderEvent> &firstEvent = {});

    // The write that starts work on an order this node has just claimed: the move to routing of
    // a pending order, of a waiting one whose trigger fired (unless it expired) and of a retry.
    // Nothing for an order taken over mid-attempt. The dispatcher has it applied in the claim's
    // own transaction (OrderStore::LeaseClaims::firstWrites); any thread.
    std::optional<StoreWrite> firstWrite(const Order &claimed) const;

    // Moves `order` to `status` (store first, then publish). On success `order` holds the new
    // state; false when the store refused (another worker moved the order, or the lease was
    // taken over) or failed. `releaseLease` gives up this worker's lease in the same write.
    bool transition(Order &order, OrderStatus status, const QJsonObject &details = {},
                    const std::optional<FailureRecord> &failure = {}, bool releaseLease = false);

    // The delay before retry number `attempt + 1`: backoffMs doubled for each earlier retry.
    static qint64 backoffDelayMs(qint64 backoffMs, int failedAttempt);

private:
    enum class Written { Applied, Refused, Stopped };

    struct Settling;

    // Stores `writes`, successive transitions of `order` (each from the one before), handed to the
    // writer together so that they share a commit, then publishes each applied one in order.
    // `order` ends as the last one applied; true when all were.
    bool storeAll(Order &order, const QList<StoreWrite> &writes);
    // `order` moved on by one status change: the write and its event.
    static StoreWrite nextWrite(const Order &order, OrderStatus status, const QJsonObject &details,
                                const std::optional<FailureRecord> &failure, bool releaseLease);

    // firstWrite() as of `at`.
    std::optional<StoreWrite> startWrite(const Order &claimed, const QDateTime &at) const;
    static bool expiredAt(const Order &order, const QDateTime &at); // a waiting order's expiry
    // The move to routing of attempt `order.attempt + 1`; nothing when `order` cannot start one.
    std::optional<StoreWrite> attemptStart(const Order &order, const QJsonObject &details) const;
    // The attempt `order` (routing) started: routes, builds, records and sends.
    void routeAndSubmit(Order &order, InFlight inFlight);
    // The transaction is recorded: wait for the market to say what became of it. `delivered`:
    // the market acknowledged the send (false: resend the same bytes first).
    void settle(const Order &order, bool delivered, InFlight inFlight);
    // One round of settling: (re)sends if needed, then waits for the watcher's next answer
    // without holding a thread; the answer continues on a worker (onStatus).
    void awaitStatus(std::shared_ptr<Settling> settling);
    void onStatus(const std::shared_ptr<Settling> &settling,
                  const std::optional<SignatureStatus> &status);
    void confirm(Order &order, const LandedTransaction &landed);
    void attemptFailed(Order &order, const OrderError &error);
    // A write that must land once the swap may have executed: tried again while the store is
    // down, until it is applied, refused (someone else owns the order) or the engine stops.
    Written transitionDurably(Order &order, OrderStatus status, const QJsonObject &details,
                              const std::optional<FailureRecord> &failure);
    int failedAttempts(const Order &order) const; // the failing one included
    bool pause(qint64 ms) const;                  // false when stopping

    const EngineConfig &m_config;
    OrderStore &m_store;   // reads
    StoreWriter &m_writer; // writes, group-committed with every other worker's
    OrderQueue &m_queue;
    Market &m_market;
    Router &m_router;
    SignatureWatcher &m_signatures;
    const TokenRegistry &m_tokens;
    Publisher m_publish;
    Executor m_execute;
    const std::atomic<bool> &m_stopping;
};

} // namespace OrderDesk
