#pragma once

#include "Order.h"
#include "OrderEvent.h"
#include "WalletBalance.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace OrderDesk {

struct OrderListQuery
{
    std::optional<OrderStatus> status;
    int limit = 50;           // 1..500
    QDateTime before;         // only orders created strictly before this (paging); null = newest
    QString beforeId;         // tie-break for orders created in the same millisecond
};

// One write of a batch (OrderStore::applyBatch): a new order with its first history row, or a
// transition of a stored one (see insertOrder and applyTransition for what each means).
struct StoreWrite
{
    enum class Kind { Insert, Transition };

    Kind kind = Kind::Transition;
    Order order;
    OrderEvent event;
    std::optional<FailureRecord> failure; // transitions only
    // Transitions only: the status the writer saw the order in, compared with the seq. Two
    // writers can store the same seq with the same token (a cancel and the worker holding the
    // order race for seq n + 1): a write the loser makes next must not land on the winner's
    // status. The engine always names it; without it only seq and token are compared.
    std::optional<OrderStatus> expectedStatus;

    static StoreWrite insert(const Order &order, const OrderEvent &event)
    {
        return {Kind::Insert, order, event, std::nullopt, std::nullopt};
    }
    static StoreWrite transition(const Order &order, const OrderEvent &event,
                                 const std::optional<FailureRecord> &failure = {},
                                 std::optional<OrderStatus> expectedStatus = {})
    {
        return {Kind::Transition, order, event, failure, expectedStatus};
    }
};

// The durable record of every order. Implementations: SqlOrderStore over QSQLITE (embedded)
// and QPSQL. Every method may be called from any thread (each thread gets its own connection);
// every write is one transaction.
class OrderStore
{
public:
    enum class WriteResult {
        Applied,  // committed
        Conflict, // the order is not at the expected seq (someone else moved it): nothing written
        Duplicate,// insert only: the clientOrderId exists; nothing written
        Error,    // the database failed; nothing written (see lastError())
        // insert only: the wallet's available tokenIn cannot cover the order's reservation;
        // nothing of the order written
        InsufficientFunds
    };

    // What starts a claimed order's work, made from the order as claimed: its first transition,
    // or nothing.
    using FirstWrite = std::function<std::optional<StoreWrite>(const Order &claimed)>;

    // The claims of one owner and lease length (claimAll): asked for, and answered.
    struct LeaseClaims
    {
        QStringList orderIds;
        QString owner;
        qint64 leaseMs = 0;
        // Optional, per id: a first write applied to the order in its claim's transaction, so the
        // claim and the first step of the work share a commit. It may be refused (then the
        // claim alone stands) but never fails alone: a failed transaction fails the claim too.
        QList<FirstWrite> firstWrites;
        QList<WriteResult> results; // filled in: one per id
        // Filled in: at an Applied id's index, the order as stored, with its new lease (and moved
        // on by its first write when that was applied: firstEvents holds the write's event).
        QList<Order> claimed;
        QList<std::optional<OrderEvent>> firstEvents;
    };

    virtual ~OrderStore() = default;

    // Connects and creates or migrates the schema. False with `error` set on failure.
    virtual bool open(QString *error) = 0;
    virtual QString describe() const = 0; // "sqlite:/path" or "postgresql://host:port/db", no password
    virtual bool isHealthy() = 0;         // a cheap round trip

    // Applies `writes` in one transaction, in the order given, with one commit for all of them
    // (group commit: what makes thousands of transitions a second affordable). Each member gets
    // its own result: a Conflict or Duplicate member writes nothing and does not disturb the
    // others. When the transaction itself fails, every member is Error and nothing is written.
    // A member that is malformed is Error on its own and is not sent.
    //
    // The wallet (SPEC §3) moves in the same transaction: an insert whose order carries a
    // reservation (Order::reservedIn) reserves it, in the batch's arrival order, or is refused
    // with InsufficientFunds when the available balance cannot cover it (the others are not
    // disturbed); a transition to a terminal status closes its order's open reservation, once:
    // confirmed settles (the executed input debited, the rest released, the output credited),
    // failed / cancelled / expired release it.
    QList<WriteResult> applyBatch(const QList<StoreWrite> &writes)
    {
        LeaseClaims none;
        return applyBatchAndClaim(writes, none);
    }

    // applyBatch(writes), then claimAll() of `claims`: what the store writer hands over after
    // each commit. In one transaction where the backend locks the whole database (SQLite), so
    // one commit serves both; where it locks rows (PostgreSQL, whose transactions lock several
    // rows in id order only) the claims get their own transaction after the writes. The claims'
    // first writes (LeaseClaims::firstWrites) run in the claims' transaction, after them. A failed
    // transaction makes each of its writes or claims Error.
    virtual QList<WriteResult> applyBatchAndClaim(const QList<StoreWrite> &writes,
                                                  LeaseClaims &claims) = 0;

    // Stores a new order and its first history row (`event`, seq 1) atomically.
    WriteResult insertOrder(const Order &order, const OrderEvent &event)
    {
        return applyBatch({StoreWrite::insert(order, event)}).constFirst();
    }

    // Moves an order to `order.status` with `event` appended to its history, if and only if the
    // stored order is still at seq `event.seq - 1` (in the write's expectedStatus, when it names
    // one) and still carries the fencing token `order.leaseToken` (the token the caller read or
    // claimed). `failure`, when given, is stored in the same transaction (at most one per order
    // and attempt). The order's other state (transaction, result, error, retryAt) is stored as
    // given; its route only on the way to Building, where an attempt chooses it (every other
    // transition keeps the stored one). An empty `order.leaseOwner` releases the lease (owner
    // and expiry cleared, token kept); otherwise the lease is left as it is. This compare-and-set
    // is what makes every transition happen once even when two workers (or nodes) hold the same
    // order.
    WriteResult applyTransition(const Order &order, const OrderEvent &event,
                                const std::optional<FailureRecord> &failure = {})
    {
        return applyBatch({StoreWrite::transition(order, event, failure)}).constFirst();
    }


    // --- leases (SPEC "Ownership") -----------------------------------------------------------
    // Takes the lease of each unfinished order in `orderIds` for `owner` until the database's
    // now + leaseMs, if nobody holds a live lease on it (none, or expired by the database's
    // clock), and increments its fencing token; all in one transaction. Per id: Applied, and
    // `claimed` at the same index holds the order as stored, with its new lease; Conflict:
    // someone holds a live lease, the order is finished, or it does not exist. When the
    // transaction fails every id is Error.
    QList<WriteResult> claimAll(const QStringList &orderIds, const QString &owner, qint64 leaseMs,
                                QList<Order> *claimed)
    {
        LeaseClaims claims{orderIds, owner, leaseMs, {}, {}, {}, {}};
        applyBatchAndClaim({}, claims);
        if (claimed)
            *claimed = claims.claimed;
        return claims.results;
    }
    // claimAll() of one: the claim of a single order.
    WriteResult claim(const QString &orderId, const QString &owner, qint64 leaseMs, Order *claimed)
    {
        QList<Order> orders;
        const WriteResult result = claimAll({orderId}, owner, leaseMs, &orders).constFirst();
        if (result == WriteResult::Applied && claimed)
            *claimed = orders.constFirst();
        return result;
    }
    // Extends the leases `owner` holds on `orderIds` (the orders its workers are working on right
    // now) to the database's now + leaseMs: one statement for all of a node's orders. A lease
    // the node holds but no worker works on is left to lapse, so the sweeper resumes it.
    // Returns how many leases were extended (nullopt: the database failed).
    virtual std::optional<int> renewLeases(const QString &owner, const QStringList &orderIds,
                                           qint64 leaseMs) = 0;
    // Gives up every lease `owner` holds (a node shutting down hands its orders back).
    virtual WriteResult releaseLeases(const QString &owner) = 0;
    // Gives up every lease (a process that holds the store exclusively, starting up: whoever
    // held them before is gone).
    virtual WriteResult releaseAllLeases() = 0;
    // Unfinished orders that need a worker and have none, oldest first: in flight (routing,
    // building, submitted) with no live lease; retrying with no live lease whose retryAt passed
    // more than `overdueMs` ago; pending with no live lease last updated more than `overdueMs`
    // ago. What a sweeper resumes or queues again when an owner died or a queue entry was lost.
    virtual QList<Order> orphanedOrders(qint64 overdueMs, int limit) = 0;

    // --- exclusive use ------------------------------------------------------------------------
    // Without Redis a store belongs to one process (SPEC §2). Takes that exclusive hold (a lock
    // file beside the SQLite file; a PostgreSQL session advisory lock keyed on the schema) for
    // as long as the store is open. False with `holder` naming who has it ("pid 1234 on host
    // x") or why it could not be taken.
    virtual bool lockExclusive(QString *holder) = 0;

    virtual std::optional<Order> order(const QString &id) = 0;
    virtual std::optional<Order> orderByClientId(const QString &clientOrderId) = 0;
    virtual QList<Order> orders(const OrderListQuery &query) = 0;
    virtual QList<OrderEvent> history(const QString &orderId) = 0;
    virtual QList<FailureRecord> failures(const QString &orderId) = 0;

    // Every order not in a terminal status, oldest first: what a restart must finish.
    virtual QList<Order> unfinishedOrders() = 0;

    // --- the wallet ---------------------------------------------------------------------------
    // Every token's balance, by token; nullopt when the database failed.
    virtual std::optional<QList<WalletBalance>> walletBalances() = 0;
    // The open reservations, oldest first, at most `limit`.
    virtual std::optional<QList<WalletReservation>> walletReservations(int limit) = 0;
    // Funds the wallet with `funding` unless it was ever funded: true when this call funded it.
    virtual std::optional<bool> fundWallet(const QList<WalletBalance> &funding) = 0;
    // Gives holdings whose cost is unknown (just funded) the cost in `costs` (token → USDC base
    // units for the whole holding).
    virtual bool markWalletCosts(const QHash<QString, Int128> &costs) = 0;

    // Counts per status, for metrics.
    virtual QHash<OrderStatus, qint64> countByStatus() = 0;

    virtual QString lastError() const = 0;
};

} // namespace OrderDesk
