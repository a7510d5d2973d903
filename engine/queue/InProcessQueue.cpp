#include "InProcessQueue.h"

#include <QDeadlineTimer>

#include <algorithm>

namespace OrderDesk {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

bool InProcessQueue::open(QString *)
{
    return true;
}

QString InProcessQueue::describe() const
{
    return QStringLiteral("in-process");
}

bool InProcessQueue::isHealthy()
{
    return true;
}

bool InProcessQueue::enqueue(const QueueItem &item)
{
    QMutexLocker locker(&m_mutex);
    countInLocked(item.orderId);
    pushReadyLocked(item);
    return true;
}

bool InProcessQueue::enqueueDelayed(const QueueItem &item, const QDateTime &due)
{
    QMutexLocker locker(&m_mutex);
    countInLocked(item.orderId);
    m_delayed.emplace(due.toMSecsSinceEpoch(), item);
    // The dispatcher may be waiting for a later due time: let it recompute its wait.
    m_wake.wakeAll();
    return true;
}

std::optional<QueueLease> InProcessQueue::take(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QMutexLocker locker(&m_mutex);
    for (;;) {
        promoteDueLocked(nowMs());
        std::deque<QueueItem> &source = m_priority.empty() ? m_ready : m_priority;
        if (!source.empty()) {
            QueueLease lease{source.front(), QString::number(++m_nextReceipt)};
            source.pop_front();
            m_active.insert(lease.receipt, lease.item);
            return lease;
        }
        if (m_interrupted || deadline.hasExpired()) {
            m_interrupted = false;
            return std::nullopt;
        }
        qint64 waitMs = deadline.remainingTime();
        if (!m_delayed.empty())
            waitMs = std::clamp<qint64>(m_delayed.begin()->first - nowMs(), 0, waitMs);
        m_wake.wait(&m_mutex, QDeadlineTimer(waitMs));
    }
}

void InProcessQueue::acknowledge(const QueueLease &lease)
{
    QMutexLocker locker(&m_mutex);
    if (m_active.remove(lease.receipt) > 0)
        countOutLocked(lease.item.orderId);
}

void InProcessQueue::release(const QueueLease &lease)
{
    QMutexLocker locker(&m_mutex);
    if (m_active.remove(lease.receipt) > 0)
        pushReadyLocked(lease.item, true);
}

void InProcessQueue::interrupt()
{
    QMutexLocker locker(&m_mutex);
    m_interrupted = true;
    m_wake.wakeAll();
}

std::optional<bool> InProcessQueue::contains(const QString &orderId)
{
    QMutexLocker locker(&m_mutex);
    return m_entries.contains(orderId);
}

QueueCounts InProcessQueue::counts()
{
    QMutexLocker locker(&m_mutex);
    promoteDueLocked(nowMs());
    return {qint64(m_priority.size() + m_ready.size()), qint64(m_active.size()),
            qint64(m_delayed.size())};
}

qint64 InProcessQueue::tryAcquireStart(int limit, qint64 windowMs)
{
    if (limit <= 0)
        return 0;
    QMutexLocker locker(&m_mutex);
    const qint64 now = nowMs();
    pruneStartsLocked(now, windowMs);
    if (m_starts.size() < static_cast<std::size_t>(limit)) {
        m_starts.push_back(now);
        return 0;
    }
    // The oldest start leaves the window windowMs after it happened.
    return std::max<qint64>(1, m_starts.front() + windowMs - now);
}

int InProcessQueue::startsInWindow(qint64 windowMs)
{
    QMutexLocker locker(&m_mutex);
    pruneStartsLocked(nowMs(), windowMs);
    return static_cast<int>(m_starts.size());
}

void InProcessQueue::promoteDueLocked(qint64 now)
{
    while (!m_delayed.empty() && m_delayed.begin()->first <= now) {
        pushReadyLocked(m_delayed.begin()->second);
        m_delayed.erase(m_delayed.begin());
    }
}

void InProcessQueue::pushReadyLocked(const QueueItem &item, bool front)
{
    std::deque<QueueItem> &target = item.priority ? m_priority : m_ready;
    if (front)
        target.push_front(item);
    else
        target.push_back(item);
    m_wake.wakeAll();
}

void InProcessQueue::countInLocked(const QString &orderId)
{
    ++m_entries[orderId];
}

void InProcessQueue::countOutLocked(const QString &orderId)
{
    const auto it = m_entries.find(orderId);
    if (it != m_entries.end() && --it.value() <= 0)
        m_entries.erase(it);
}

void InProcessQueue::pruneStartsLocked(qint64 now, qint64 windowMs)
{
    while (!m_starts.empty() && m_starts.front() <= now - windowMs)
        m_starts.pop_front();
}

} // namespace OrderDesk
