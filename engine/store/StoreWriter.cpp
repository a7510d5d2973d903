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
    return this->write(QList<StoreWrite>{std::move(write)}).constFirst();
}

QList<QFuture<OrderStore::WriteResult>> StoreWriter::write(const QList<StoreWrite> &writes)
{
    QList<QFuture<OrderStore::WriteResult>> futures;
    std::deque<Pending> handed;
    for (const StoreWrite &write : writes) {
        Pending &pending = handed.emplace_back(Pending{write, {}});
        pending.promise.start();
        futures.append(pending.promise.future());
    }
    QMutexLocker locker(&m_mutex);
    if (!m_thread.isRunning()) {
        locker.unlock();
        for (Pending &pending : handed) {
            qCWarning(lcStore) << "write of order" << pending.write.order.id
                               << "refused: the writer is stopped";
            finish(pending.promise, OrderStore::WriteResult::Error);
        }
        return futures;
    }
    const bool wasIdle = m_pending.empty() && m_claims.empty();
    std::move(handed.begin(), handed.end(), std::back_inserter(m_pending));
    if (wasIdle)
        m_wake.wakeOne();
    return futures;
}

QFuture<StoreWriter::Claimed> StoreWriter::claim(const QString &orderId, const QString &owner,
                                                 qint64 leaseMs, OrderStore::FirstWrite firstWrite)
{
    PendingClaim pending{orderId, owner, leaseMs, std::move(firstWrite), {}};
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
        commit(batch, claims);
        batch.clear();
        claims.clear();
    }
}

void StoreWriter::commit(std::deque<Pending> &batch, std::deque<PendingClaim> &claims)
{
    QList<StoreWrite> writes;
    writes.reserve(qsizetype(batch.size()));
    for (const Pending &pending : batch)
        writes.append(pending.write);
    // The claims of the first owner and lease length share the writes' transaction and commit;
    // a node asks with one of each, so others are rare and get their own.
    OrderStore::LeaseClaims shared;
    std::vector<PendingClaim *> sharing;
    std::vector<PendingClaim *> alone;
    for (PendingClaim &claim : claims) {
        if (sharing.empty() || (claim.owner == shared.owner && claim.leaseMs == shared.leaseMs)) {
            shared.owner = claim.owner;
            shared.leaseMs = claim.leaseMs;
            shared.orderIds << claim.orderId;
            shared.firstWrites << claim.firstWrite;
            sharing.push_back(&claim);
        } else {
            alone.push_back(&claim);
        }
    }

    QList<OrderStore::WriteResult> results = m_store.applyBatchAndClaim(writes, shared);
    if (!batch.empty())
        ++m_batches;
    m_writes += qsizetype(batch.size());

    const auto failed = [](const QList<OrderStore::WriteResult> &all) {
        return !all.isEmpty()
            && std::all_of(all.cbegin(), all.cend(),
                           [](auto result) { return result == OrderStore::WriteResult::Error; });
    };
    std::vector<Claimed> answers;
    for (qsizetype k = 0; k < qsizetype(sharing.size()); ++k)
        answers.push_back({shared.results.at(k), shared.claimed.value(k), shared.firstEvents.value(k)});
    // A failure of the whole while the database answers means one member broke it for all:
    // alone, each stands or falls by itself. Claims are asked again when writes or first writes
    // failed with them; claims that failed alone would only fail again.
    const bool firstWrites = std::any_of(sharing.cbegin(), sharing.cend(),
                                         [](const PendingClaim *claim) { return bool(claim->firstWrite); });
    const bool writesAgain = failed(results) && (batch.size() > 1 || !sharing.empty());
    const bool claimsAgain =
        failed(shared.results) && (!batch.empty() || sharing.size() > 1 || firstWrites);
    if ((writesAgain || claimsAgain) && m_store.isHealthy()) {
        qCWarning(lcStore) << "a batch of" << batch.size() << "writes and" << sharing.size()
                           << "claims failed as a whole; writing them one at a time";
        for (qsizetype i = 0; writesAgain && i < writes.size(); ++i)
            results[i] = m_store.applyBatch({writes.at(i)}).constFirst();
        for (std::size_t k = 0; claimsAgain && k < sharing.size(); ++k)
            answers[k] = claimAlone(*sharing[k]);
    }
    qsizetype i = 0;
    for (Pending &pending : batch)
        finish(pending.promise, results.at(i++));
    for (std::size_t k = 0; k < sharing.size(); ++k) {
        sharing[k]->promise.addResult(answers[k]);
        sharing[k]->promise.finish();
    }
    for (PendingClaim *claim : alone) {
        claim->promise.addResult(claimAlone(*claim));
        claim->promise.finish();
    }
}

StoreWriter::Claimed StoreWriter::claimAlone(const PendingClaim &claim)
{
    OrderStore::LeaseClaims one{{claim.orderId}, claim.owner, claim.leaseMs,
                                {claim.firstWrite}, {}, {}, {}};
    m_store.applyBatchAndClaim({}, one);
    if (one.results.constFirst() == OrderStore::WriteResult::Error && claim.firstWrite
        && m_store.isHealthy()) {
        // A first write that breaks the transaction must not keep its order from being claimed:
        // without it, the worker makes the move itself (and fails alone if it must).
        qCWarning(lcStore) << "claim of order" << claim.orderId
                           << "failed with its first write; claiming it without";
        one.firstWrites = {OrderStore::FirstWrite{}};
        m_store.applyBatchAndClaim({}, one);
    }
    return {one.results.constFirst(), one.claimed.constFirst(), one.firstEvents.constFirst()};
}

} // namespace OrderDesk
