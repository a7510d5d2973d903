#include "Chain.h"

#include "Base58.h"
#include "Logging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDeadlineTimer>

#include <algorithm>
#include <limits>

namespace OrderDesk {

namespace {
// Drops the entries that landed before `minSlot` from a map kept with its landing order.
template <typename Value>
void forgetOlder(QHash<QString, Value> &bySignature, std::deque<std::pair<qint64, QString>> &bySlot,
                 qint64 minSlot)
{
    while (!bySlot.empty() && bySlot.front().first < minSlot) {
        bySignature.remove(bySlot.front().second);
        bySlot.pop_front();
    }
}
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString newChainId()
{
    // Not from the seed: two markets started with the same seed must still never share a
    // blockhash, or a transaction signed for one could land on the other.
    std::random_device device;
    QByteArray bytes(32, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = static_cast<char>(device() & 0xff);
    return Base58::encode(bytes);
}

SendResult rejected(const QString &code, const QString &message, bool permanent)
{
    SendResult result;
    result.kind = SendResult::Kind::Rejected;
    result.error = {code, message, permanent};
    return result;
}

SendResult accepted()
{
    SendResult result;
    result.kind = SendResult::Kind::Accepted;
    return result;
}
} // namespace

Chain::Chain(Ledger &ledger, const Config &config, Executor executor, LandedCallback onLanded)
    : m_ledger(ledger), m_config(config), m_intervalMs(blockIntervalFor(config.latencyScale)),
      m_recordRetentionBlocks(std::max(config.recordRetentionBlocks, config.recordRetentionMs / m_intervalMs)),
      m_executor(std::move(executor)), m_onLanded(std::move(onLanded))
{
    std::seed_seq sequence{static_cast<quint32>(config.seed), static_cast<quint32>(config.seed >> 32),
                           0xc4a1u};
    m_rng.seed(sequence);
}

Chain::~Chain()
{
    close();
}

qint64 Chain::blockIntervalFor(double latencyScale)
{
    // Never faster than 10 ms: at latency scale 0 a blockhash still lives 1.5 s, long enough to
    // sign and send with it.
    return std::max<qint64>(10, std::llround(400.0 * std::max(0.0, latencyScale)));
}

bool Chain::open(QString *error)
{
    QString why;
    const std::optional<Ledger::ChainBase> stored = m_ledger.chainBase(&why);
    if (!stored && !why.isEmpty()) {
        *error = QStringLiteral("cannot read the chain from %1: %2").arg(m_ledger.path(), why);
        return false;
    }
    const std::optional<qint64> lastSequence = m_ledger.lastSequence(&why);
    const std::optional<qint64> highestSlot = lastSequence ? m_ledger.highestSlot(&why) : std::nullopt;
    // Only the recent landings: older signatures are answered from the ledger when asked.
    const std::optional<QList<Ledger::Landing>> landings =
        highestSlot ? m_ledger.recentLandings(*highestSlot - m_config.landedRetentionBlocks, &why)
                    : std::nullopt;
    if (!landings || !lastSequence || !highestSlot) {
        *error = QStringLiteral("cannot read the ledger %1: %2").arg(m_ledger.path(), why);
        return false;
    }

    QMutexLocker locker(&m_mutex);
    const qint64 now = nowMs();
    m_landed.clear();
    m_landedBySlot.clear();
    {
        QMutexLocker records(&m_recordsMutex);
        m_records.clear();
        m_recordsBySlot.clear();
    }
    for (const Ledger::Landing &landing : *landings)
        rememberLandingLocked(landing);
    m_lastSequence = *lastSequence;

    bool rebase = true;
    if (stored) {
        m_base = *stored;
        const qint64 derived = heightAtLocked(now);
        const qint64 start = std::max({derived, stored->height, *highestSlot});
        // Same interval and a clock that did not go back: the stored base still describes the
        // chain. Otherwise start a new base at the height reached, so the height never goes back.
        rebase = stored->intervalMs != m_intervalMs || now < stored->wallMs || start != derived;
        if (rebase)
            m_base = {stored->chainId, start, now, m_intervalMs};
    } else {
        m_base = {newChainId(), 1, now, m_intervalMs};
    }
    if (rebase && !m_ledger.saveChainBase(m_base, &why)) {
        *error = QStringLiteral("cannot write the chain to %1: %2").arg(m_ledger.path(), why);
        return false;
    }
    m_produced = heightAtLocked(now);
    m_open = true;
    m_stopping = false;
    qCInfo(lcChain).noquote() << QStringLiteral("chain %1 at height %2, a block every %3 ms, %4 "
                                                "landed transactions in %5")
                                     .arg(m_base.chainId.left(8))
                                     .arg(m_produced)
                                     .arg(m_intervalMs)
                                     .arg(*lastSequence)
                                     .arg(m_ledger.path());
    locker.unlock();
    m_producer = std::thread([this] { run(); });
    return true;
}

void Chain::close()
{
    {
        QMutexLocker locker(&m_mutex);
        if (!m_open || m_stopping)
            return; // closed, or being closed
        m_stopping = true;
        m_wake.wakeAll();
    }
    if (m_producer.joinable())
        m_producer.join();
    QMutexLocker locker(&m_mutex);
    produce(locker);
    m_open = false;
    // The height reached, at this moment: a restart continues from here even if the clock is
    // set back while the market is down.
    m_base = {m_base.chainId, m_produced, nowMs(), m_intervalMs};
    QString why;
    if (!m_ledger.saveChainBase(m_base, &why))
        qCWarning(lcChain).noquote() << "cannot record the chain's height:" << why;
}

QString Chain::blockhashAt(qint64 height) const
{
    const QByteArray seed = m_base.chainId.toLatin1() + ':' + QByteArray::number(height);
    return Base58::encode(QCryptographicHash::hash(seed, QCryptographicHash::Sha256));
}

qint64 Chain::heightAtLocked(qint64 wallMs) const
{
    if (wallMs <= m_base.wallMs)
        return m_base.height;
    return m_base.height + (wallMs - m_base.wallMs) / m_base.intervalMs;
}

qint64 Chain::clockHeightLocked() const
{
    return std::max(heightAtLocked(nowMs()), m_produced);
}

void Chain::produce(QMutexLocker<QMutex> &locker)
{
    if (!m_open)
        return;
    const qint64 target = clockHeightLocked();
    if (target <= m_produced)
        return;
    while (!m_pendingByDue.empty()) {
        const qint64 height = std::max(m_pendingByDue.begin()->first.first, m_produced + 1);
        if (height > target)
            break;

        QList<Pending> due;
        while (!m_pendingByDue.empty() && m_pendingByDue.begin()->first.first <= height) {
            due.append(m_pending.take(m_pendingByDue.begin()->second));
            m_pendingByDue.erase(m_pendingByDue.begin());
        }
        std::sort(due.begin(), due.end(),
                  [](const Pending &a, const Pending &b) { return a.arrival < b.arrival; });

        const QDateTime blockTime = QDateTime::fromMSecsSinceEpoch(
            m_base.wallMs + (height - m_base.height) * m_base.intervalMs, Qt::UTC);
        QList<LandedTransaction> block;
        for (const Pending &pending : std::as_const(due)) {
            const SwapTransaction &tx = pending.tx;
            if (height > tx.lastValidBlockHeight) {
                qCDebug(lcChain).noquote() << tx.signature.left(12) << "expired before block"
                                           << height << ": it never lands";
                continue;
            }
            const SubmitOutcome outcome = m_executor(tx);
            LandedTransaction landed;
            landed.signature = tx.signature;
            landed.orderId = tx.orderId;
            landed.attempt = tx.attempt;
            landed.venue = tx.venue;
            landed.tokenIn = tx.tokenIn;
            landed.tokenOut = tx.tokenOut;
            landed.slot = height;
            landed.sequence = m_lastSequence + block.size() + 1;
            landed.landedAt = blockTime;
            if (outcome.executed) {
                landed.amountIn = outcome.amountIn;
                landed.amountOut = outcome.amountOut;
                landed.legs = outcome.legs;
                landed.executedPrice = outcome.executedPrice;
            } else {
                landed.error = outcome.error;
            }
            block.append(landed);
        }

        // The ledger is written outside the lock: reads and sends go on meanwhile, at the height
        // before this block (its transactions count as pending), instead of waiting for a sync.
        for (const Pending &pending : std::as_const(due))
            m_sealing.insert(pending.tx.signature);
        locker.unlock();
        QString why;
        const bool written = m_ledger.appendBlock(block, &why);
        locker.relock();
        m_sealing.clear();
        if (!written) {
            // The pools moved but nothing is recorded: to anyone asking, these never landed. The
            // same signed bytes sent again must not run their swaps a second time: they are
            // dropped, as a transaction that never lands is, until their blockhash expires.
            qCCritical(lcChain).noquote() << "block" << height << "could not be written, its"
                                          << block.size() << "transactions are lost:" << why;
            for (const Pending &pending : std::as_const(due)) {
                if (height > pending.tx.lastValidBlockHeight)
                    continue; // expired: not in the block, and refused if sent again
                m_dropped.insert(pending.tx.signature, pending.tx.lastValidBlockHeight);
                m_droppedByExpiry.emplace(pending.tx.lastValidBlockHeight, pending.tx.signature);
            }
        } else if (!block.isEmpty()) {
            m_lastSequence += block.size();
            QMutexLocker records(&m_recordsMutex);
            for (const LandedTransaction &landed : std::as_const(block)) {
                rememberLandingLocked({landed.signature, landed.slot, landed.error});
                m_records.insert(landed.signature, landed);
                m_recordsBySlot.emplace_back(landed.slot, landed.signature);
            }
            m_landedBlocks.append({height, int(block.size())});
            qCDebug(lcChain) << "block" << height << ":" << block.size() << "landed";
        }
        m_produced = height;
    }
    m_produced = target;
    // Forgotten only now that every read sees the height past their blockhash's life (a send of
    // them again is refused as expired): while the blocks were written it was not.
    while (!m_droppedByExpiry.empty() && m_produced > m_droppedByExpiry.begin()->first) {
        m_dropped.remove(m_droppedByExpiry.begin()->second);
        m_droppedByExpiry.erase(m_droppedByExpiry.begin());
    }
    forgetOlder(m_landed, m_landedBySlot, m_produced - m_config.landedRetentionBlocks);
    QMutexLocker records(&m_recordsMutex);
    forgetOlder(m_records, m_recordsBySlot, m_produced - m_recordRetentionBlocks);
}

void Chain::rememberLandingLocked(const Ledger::Landing &landing)
{
    m_landed.insert(landing.signature, landing);
    m_landedBySlot.emplace_back(landing.slot, landing.signature);
}

void Chain::run()
{
    QMutexLocker locker(&m_mutex);
    while (!m_stopping) {
        produce(locker);
        if (!m_landedBlocks.isEmpty() && m_onLanded) {
            const QList<QPair<qint64, int>> landed = std::exchange(m_landedBlocks, {});
            locker.unlock();
            for (const auto &[height, count] : landed)
                m_onLanded(height, count);
            locker.relock();
            continue;
        }
        m_landedBlocks.clear();
        const qint64 nextBlockMs =
            m_base.wallMs + (m_produced - m_base.height + 1) * m_base.intervalMs;
        m_wake.wait(&m_mutex, QDeadlineTimer(std::max<qint64>(1, nextBlockMs - nowMs())));
    }
    locker.unlock();
    m_ledger.releaseThreadConnection();
}

Blockhash Chain::latestBlockhash()
{
    QMutexLocker locker(&m_mutex);
    return {blockhashAt(m_produced), m_produced + BlockhashValidity, m_produced};
}

qint64 Chain::blockHeight()
{
    QMutexLocker locker(&m_mutex);
    return m_produced;
}

SendResult Chain::send(const SwapTransaction &tx)
{
    // The signature is a function of the message: checked before anything is looked up by it.
    if (!tx.hasValidSignature()) {
        return rejected(QStringLiteral("invalid_signature"),
                        QStringLiteral("transaction signature verification failure"), true);
    }
    QMutexLocker locker(&m_mutex);
    if (!m_open || m_stopping) // closing: its last block may be being written
        return rejected(QStringLiteral("market_closed"), QStringLiteral("the chain is stopped"), false);
    // Idempotent: the same signed bytes again change nothing, whatever became of the first.
    if (m_landed.contains(tx.signature) || m_pending.contains(tx.signature)
        || m_sealing.contains(tx.signature) || m_dropped.contains(tx.signature)) {
        return accepted();
    }
    const qint64 issuedAt = tx.lastValidBlockHeight - BlockhashValidity;
    if (issuedAt < 0 || issuedAt > m_produced || blockhashAt(issuedAt) != tx.blockhash
        || m_produced > tx.lastValidBlockHeight) {
        // Expired, and landed so long ago that only the ledger remembers it.
        QString why;
        const bool genuine = issuedAt >= 0 && issuedAt <= m_produced && blockhashAt(issuedAt) == tx.blockhash;
        if (genuine) {
            const std::optional<QList<Ledger::Landing>> old = m_ledger.landings({tx.signature}, &why);
            if (old && !old->isEmpty())
                return accepted();
        }
        return rejected(QStringLiteral("blockhash_not_found"),
                        QStringLiteral("blockhash not found: %1 is unknown or expired (height %2)")
                            .arg(tx.blockhash)
                            .arg(m_produced),
                        false);
    }
    if (tx.amountIn <= 0 || tx.tokenIn == tx.tokenOut) {
        return rejected(QStringLiteral("invalid_transaction"),
                        QStringLiteral("a swap needs a positive amount of one token for another"),
                        true);
    }

    const double delaySeconds =
        std::uniform_real_distribution<double>(2.0, 3.0)(m_rng) * m_config.latencyScale;
    const bool dropped = std::uniform_real_distribution<double>(0.0, 1.0)(m_rng) < m_config.dropRate;
    if (dropped) {
        // How Solana fails: no error, the transaction just never lands; the sender learns it when
        // the blockhash expires.
        m_dropped.insert(tx.signature, tx.lastValidBlockHeight);
        m_droppedByExpiry.emplace(tx.lastValidBlockHeight, tx.signature);
        qCDebug(lcChain).noquote() << tx.signature.left(12) << "dropped";
        return accepted();
    }
    // Counted in blocks from the height the sender sees: a chain whose thread fell behind its
    // clock (a slow ledger sync) still lands it within its blockhash's life once it catches up.
    const qint64 due = m_produced + 1 + std::llround(delaySeconds * 1000.0) / m_base.intervalMs;
    m_pending.insert(tx.signature, {tx, due, ++m_arrivals});
    m_pendingByDue.emplace(std::make_pair(due, m_arrivals), tx.signature);
    m_wake.wakeAll();
    return accepted();
}

std::optional<QList<SignatureStatus>> Chain::statuses(const QStringList &signatures)
{
    QMutexLocker locker(&m_mutex);
    const qint64 contextSlot = m_produced;
    QList<SignatureStatus> result;
    result.reserve(signatures.size());
    QStringList forgotten; // neither landed recently, nor pending, nor dropped and still valid
    for (const QString &signature : signatures) {
        SignatureStatus status;
        status.contextSlot = contextSlot;
        const auto it = m_landed.constFind(signature);
        if (it != m_landed.cend()) {
            status.landed = true;
            status.slot = it->slot;
            status.error = it->error;
        } else if (!m_pending.contains(signature) && !m_sealing.contains(signature)
                   && !m_dropped.contains(signature)) {
            forgotten << signature;
        }
        result.append(status);
    }
    locker.unlock();
    if (forgotten.isEmpty())
        return result;

    // Outside the lock, blocks go on: whatever this read finds past contextSlot landed after the
    // moment the answer describes, and is left for the next question.
    QString why;
    const std::optional<QList<Ledger::Landing>> old = m_ledger.landings(forgotten, &why);
    if (!old) {
        qCWarning(lcChain).noquote() << "ledger unreadable:" << why;
        return std::nullopt;
    }
    QHash<QString, Ledger::Landing> found;
    for (const Ledger::Landing &landing : *old) {
        if (landing.slot <= contextSlot)
            found.insert(landing.signature, landing);
    }
    for (int i = 0; i < signatures.size(); ++i) {
        const auto it = found.constFind(signatures.at(i));
        if (it == found.cend())
            continue;
        result[i].landed = true;
        result[i].slot = it->slot;
        result[i].error = it->error;
    }
    return result;
}

std::optional<LandedTransaction> Chain::transaction(const QString &signature)
{
    {
        QMutexLocker records(&m_recordsMutex);
        const auto it = m_records.constFind(signature);
        if (it != m_records.cend())
            return *it;
    }
    return m_ledger.transaction(signature);
}

Chain::Footprint Chain::footprint()
{
    QMutexLocker locker(&m_mutex);
    QMutexLocker records(&m_recordsMutex);
    return {int(m_pending.size() + m_sealing.size()), int(m_dropped.size()), int(m_landed.size()),
            int(m_records.size())};
}

} // namespace OrderDesk
