#include "SignatureWatcher.h"

#include <QDeadlineTimer>

#include <algorithm>

namespace OrderDesk {

namespace {
// A round is at most this many signatures (getSignatureStatuses takes 256; the market splits).
constexpr int MaxSignaturesPerRound = 4096;
// How long the watcher rests when nobody waits, or after a round the market did not answer.
constexpr qint64 IdleMs = 100;
} // namespace

SignatureWatcher::SignatureWatcher(Market &market) : m_market(market) {}

SignatureWatcher::~SignatureWatcher()
{
    stop();
}

void SignatureWatcher::start()
{
    QMutexLocker locker(&m_mutex);
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void SignatureWatcher::stop()
{
    std::vector<Answer> answers;
    {
        QMutexLocker locker(&m_mutex);
        m_stopping = true;
        m_wanted.wakeAll();
    }
    if (m_thread.joinable())
        m_thread.join();
    {
        QMutexLocker locker(&m_mutex);
        answers = takeAnswered(true);
    }
    for (const auto &[callback, status] : answers)
        callback(std::nullopt); // stopping: no answer, whatever the last round said
}

void SignatureWatcher::watch(const QString &signature, qint64 lastValidBlockHeight, qint64 waitMs,
                             Callback callback)
{
    QMutexLocker locker(&m_mutex);
    if (m_stopping) {
        locker.unlock();
        callback(std::nullopt);
        return;
    }
    Watch &watch = m_watches[signature];
    watch.lastValidBlockHeight = lastValidBlockHeight;
    ++watch.waiters;
    m_async.push_back({signature, m_round, QDeadlineTimer(waitMs), std::move(callback)});
    m_wanted.wakeOne();
}

std::vector<SignatureWatcher::Answer> SignatureWatcher::takeAnswered(bool all)
{
    std::vector<Answer> answers;
    auto answered = [&](AsyncWaiter &waiter) {
        const Watch &watch = m_watches[waiter.signature];
        const bool fresh = watch.round > waiter.asked;
        if (!all && !(fresh && isDecisive(watch)) && !waiter.deadline.hasExpired())
            return false;
        answers.emplace_back(std::move(waiter.callback), fresh ? watch.status : std::nullopt);
        release(waiter.signature);
        return true;
    };
    m_async.erase(std::remove_if(m_async.begin(), m_async.end(), answered), m_async.end());
    return answers;
}

void SignatureWatcher::release(const QString &signature)
{
    const auto it = m_watches.find(signature);
    if (it != m_watches.end() && --it->waiters <= 0)
        m_watches.erase(it);
}

bool SignatureWatcher::isDecisive(const Watch &watch)
{
    return watch.status
           && (watch.status->landed || watch.status->contextSlot > watch.lastValidBlockHeight);
}

void SignatureWatcher::run()
{
    const qint64 blockMs = std::max<qint64>(1, m_market.blockIntervalMs());
    QMutexLocker locker(&m_mutex);
    while (!m_stopping) {
        QStringList signatures;
        for (auto it = m_watches.cbegin(); it != m_watches.cend() && signatures.size() < MaxSignaturesPerRound; ++it)
            signatures << it.key();
        if (signatures.isEmpty()) {
            m_wanted.wait(&m_mutex, QDeadlineTimer(IdleMs));
            continue;
        }
        auto answer = [&] {
            // Outside the lock: a callback may watch again at once.
            std::vector<Answer> answers = takeAnswered(false);
            if (answers.empty())
                return;
            locker.unlock();
            for (const auto &[callback, status] : answers)
                callback(status);
            locker.relock();
        };
        locker.unlock();
        const std::optional<QList<SignatureStatus>> statuses = m_market.signatureStatuses(signatures);
        locker.relock();
        if (statuses && statuses->size() == signatures.size()) {
            const quint64 round = ++m_round;
            for (int i = 0; i < signatures.size(); ++i) {
                const auto it = m_watches.find(signatures.at(i));
                if (it == m_watches.end())
                    continue; // its waiters gave up meanwhile
                it->status = statuses->at(i);
                it->round = round;
            }
            }
        answer(); // also those whose time ran out, answered or not
        // The next block brings the next news (an unanswered round waits a little longer):
        // waiters arriving meanwhile are served by the next round, not each by one of its own.
        const QDeadlineTimer nextRound(statuses ? blockMs : IdleMs);
        while (!m_stopping && !nextRound.hasExpired())
            m_wanted.wait(&m_mutex, nextRound);
    }
}

} // namespace OrderDesk
