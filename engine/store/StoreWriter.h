#pragma once

#include "HandOffThread.h"
#include "OrderStore.h"

#include <QFuture>
#include <QMutex>
#include <QPromise>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <memory>

namespace OrderDesk {

// Group commit: the one thread through which a node writes its orders. Whoever writes (the HTTP
// thread accepting an order, a worker moving one) hands its write over and gets a future; the
// writer takes everything that queued up while its previous commit ran and stores it with
// OrderStore::applyBatch, one transaction and one commit for all. Nothing waits on a timer: under
// load batches grow by themselves, and a lone write is committed at once.
//
// Writes are applied in the order they were handed over, so two writes of one order in one batch
// keep their sequence. A batch whose transaction fails while the database still answers is
// applied again one write at a time, so that one bad member fails alone (a claim whose first
// write breaks its transaction is made without it); when the database is unreachable every
// member fails (Error), as a single write would.
class StoreWriter
{
public:
    explicit StoreWriter(OrderStore &store, int maxBatch = 256);
    ~StoreWriter(); // stop()

    void start();
    // Writes everything handed over so far, then stops; later writes fail at once.
    void stop();

    // The future finishes once the write's batch committed (or failed). Continuations attached
    // with QtFuture::Launch::Sync run on the writer's thread, after the commit.
    QFuture<OrderStore::WriteResult> write(StoreWrite write);
    // Hands `writes` over together, in the order given: they share a batch and its commit (unless
    // they would overflow it). One future per write.
    QList<QFuture<OrderStore::WriteResult>> write(const QList<StoreWrite> &writes);

    struct Claimed
    {
        OrderStore::WriteResult result = OrderStore::WriteResult::Error;
        Order order; // Applied: as stored, with its new lease (and after its first write)
        std::optional<OrderEvent> firstEvent; // the first write's event, when it was applied
    };
    // OrderStore::claim, in one transaction with the other claims handed over meanwhile, right
    // after the batch of writes that was handed over before it. `firstWrite` (optional) is
    // applied to the order in the claim's transaction (OrderStore::LeaseClaims::firstWrites); it
    // runs on the writer's thread.
    QFuture<Claimed> claim(const QString &orderId, const QString &owner, qint64 leaseMs,
                           OrderStore::FirstWrite firstWrite = {});

    qint64 batches() const { return m_batches; }
    qint64 writes() const { return m_writes; }

private:
    struct Pending
    {
        StoreWrite write;
        QPromise<OrderStore::WriteResult> promise;
    };

    struct PendingClaim
    {
        QString orderId;
        QString owner;
        qint64 leaseMs = 0;
        OrderStore::FirstWrite firstWrite;
        QPromise<Claimed> promise;
    };

    void run();
    // One transaction for the writes and the claims handed over meanwhile, writes first.
    void commit(std::deque<Pending> &batch, std::deque<PendingClaim> &claims);
    // One claim in a transaction of its own (and once more without its first write when that
    // broke the transaction).
    Claimed claimAlone(const PendingClaim &claim);

    OrderStore &m_store;
    const int m_maxBatch;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Pending> m_pending;     // guarded by m_mutex
    std::deque<PendingClaim> m_claims; // guarded by m_mutex
    HandOffThread m_thread{m_mutex, m_wake};
    std::atomic<qint64> m_batches{0};
    std::atomic<qint64> m_writes{0};
};

} // namespace OrderDesk
