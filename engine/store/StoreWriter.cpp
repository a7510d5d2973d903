#include "StoreWriter.h"

#include "Logging.h"


namespace OrderDesk {

namespace {
void finish(QPromise<OrderStore::WriteResult> &promise, OrderStore::WriteResult result)
{
    promise.addResult(result);
    promise.finish();
}
} // namespace

StoreWriter::StoreWriter(OrderStore &store, int maxBatch)
    : m_store(store)
    , m_maxBatch(std::max(1, maxBatch))
{
}

StoreWriter::~StoreWriter()
{
    stop();
}

void StoreWriter::start()
{
    m_thread.start(QStringLiteral("store-writer"), [this] { run(); });
}

void StoreWriter::stop()
{
    m_thread.stop();
}

QFuture<OrderStore::WriteResult> StoreWriter::write(StoreWrite write)
{
    Pending pending{std::move(write), {}};
    pending.promise.start();
    QFuture<OrderStore::WriteResult> future = pending.promise.future();
    QMutexLocker locker(&m_mutex);
    if (!m_thread.isRunning()) {
        locker.unlock();
        qCWarning(lcStore) << "write of order" << pending.write.order.id << "refused: the writer is stopped";
        finish(pending.promise, OrderStore::WriteResult::Error);
        return future;
    }
    m_pending.push_back(std::move(pending));
    if (m_pending.size() == 1)
        m_wake.wakeOne();
    return future;
}

QFuture<StoreWriter::Claimed> StoreWriter::claim(const QString &orderId, const QString &owner,
                                                 qint64 leaseMs)
{
    PendingClaim pending{orderId, owner, leaseMs, {}};
    pending.promise.start();
    QFuture<Claimed> future = pending.promise.future();
    QMutexLocker locker(&m_mutex);
    if (!m_thread.isRunning()) {
        locker.unlock();
        pending.promise.addResult(Claimed{});
        pending.promise.finish();
        return future;
    }
    m_claims.push_back(std::move(pending));
    if (m_claims.size() + m_pending.size() == 1)
        m_wake.wakeOne();
    return future;
}

void StoreWriter::run()
{
    std::deque<Pending> batch;
    std::deque<PendingClaim> claims;
    // Takes up to a batch from the front of `from`.
    auto takeSome = [this](auto &from, auto &to) {
        const auto take = std::min<std::size_t>(from.size(), std::size_t(m_maxBatch));
        std::move(from.begin(), from.begin() + qsizetype(take), std::back_inserter(to));
        from.erase(from.begin(), from.begin() + qsizetype(take));
    };
    for (;;) {
        {
            QMutexLocker locker(&m_mutex);
            while (m_pending.empty() && m_claims.empty() && m_thread.isRunning())
                m_wake.wait(&m_mutex);
            if (m_pending.empty() && m_claims.empty())
                return; // stopped, and everything handed over is written
            takeSome(m_pending, batch);
            takeSome(m_claims, claims);
        }
        if (!batch.empty())
            commit(batch);
        if (!claims.empty())
            commitClaims(claims);
        batch.clear();
        claims.clear();
    }
}

void StoreWriter::commitClaims(std::deque<PendingClaim> &claims)
{
    // One transaction per owner and lease length; a node asks with one of each.
    while (!claims.empty()) {
        const QString owner = claims.front().owner;
        const qint64 leaseMs = claims.front().leaseMs;
        QStringList ids;
        std::vector<PendingClaim *> members;
        for (PendingClaim &claim : claims) {
            if (claim.owner == owner && claim.leaseMs == leaseMs) {
                ids << claim.orderId;
                members.push_back(&claim);
            }
        }
        QList<Order> orders;
        const QList<OrderStore::WriteResult> results = m_store.claimAll(ids, owner, leaseMs, &orders);
        for (std::size_t i = 0; i < members.size(); ++i) {
            members[i]->promise.addResult(Claimed{results.at(qsizetype(i)), orders.value(qsizetype(i))});
            members[i]->promise.finish();
        }
        claims.erase(std::remove_if(claims.begin(), claims.end(),
                                    [&](const PendingClaim &claim) {
                                        return claim.owner == owner && claim.leaseMs == leaseMs;
                                    }),
                     claims.end());
    }
}

void StoreWriter::commit(std::deque<Pending> &batch)
{
    QList<StoreWrite> writes;
    writes.reserve(qsizetype(batch.size()));
    for (const Pending &pending : batch)
        writes.append(pending.write);
    QList<OrderStore::WriteResult> results = m_store.applyBatch(writes);
    ++m_batches;
    m_writes += qsizetype(batch.size());

    const bool allFailed = std::all_of(results.cbegin(), results.cend(), [](auto result) {
        return result == OrderStore::WriteResult::Error;
    });
    if (allFailed && batch.size() > 1 && m_store.isHealthy()) {
        // The database answers, so one member broke the transaction for all: alone, each
        // stands or falls by itself.
        qCWarning(lcStore) << "a batch of" << batch.size()
                           << "writes failed as a whole; writing them one at a time";
        for (qsizetype i = 0; i < writes.size(); ++i)
            results[i] = m_store.applyBatch({writes.at(i)}).constFirst();
    }
    qsizetype i = 0;
    for (Pending &pending : batch)
        finish(pending.promise, results.at(i++));
}

} // namespace OrderDesk
