#pragma once

#include "Market.h"

#include <QHash>
#include <QMutex>
#include <QWaitCondition>

#include <QDeadlineTimer>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace OrderDesk {

// Asks the market about every signature the workers are waiting on in one getSignatureStatuses
// round per block, instead of one request per waiting order per block, and wakes the workers
// with the answers. It only carries statuses: what a status means for an order is the
// OrderProcessor's to decide.
class SignatureWatcher
{
public:
    explicit SignatureWatcher(Market &market);
    ~SignatureWatcher();
    SignatureWatcher(const SignatureWatcher &) = delete;
    SignatureWatcher &operator=(const SignatureWatcher &) = delete;

    void start();
    void stop(); // wakes every waiter

    // Blocks until a round of the market's answers after this call says `signature` landed, or
    // that the chain is past `lastValidBlockHeight` without it, or until `waitMs` passed. Returns
    // the latest status a round after this call brought (decisive or not); nullopt when no round
    // reached the market meanwhile.
    std::optional<SignatureStatus> next(const QString &signature, qint64 lastValidBlockHeight,
                                        qint64 waitMs);

    using Callback = std::function<void(const std::optional<SignatureStatus> &)>;
    // next() without a thread waiting: `callback` gets what next() would return, on the watcher's
    // thread (so it must hand real work elsewhere), or nullopt when the watcher stops.
    void watch(const QString &signature, qint64 lastValidBlockHeight, qint64 waitMs,
               Callback callback);

private:
    struct Watch
    {
        qint64 lastValidBlockHeight = 0;
        std::optional<SignatureStatus> status;
        quint64 round = 0; // the round that brought `status`
        int waiters = 0;
    };

    struct AsyncWaiter
    {
        QString signature;
        quint64 asked = 0; // the round before it started waiting
        QDeadlineTimer deadline;
        Callback callback;
    };
    using Answer = std::pair<Callback, std::optional<SignatureStatus>>;

    void run();
    static bool isDecisive(const Watch &watch);
    // Takes the async waiters whose answer is in (or whose time is up); m_mutex held.
    std::vector<Answer> takeAnswered(bool all);
    // Drops one waiter of `signature`'s watch; the watch goes with its last waiter.
    void release(const QString &signature);

    Market &m_market;
    QMutex m_mutex;
    QWaitCondition m_answered; // a round brought answers
    QWaitCondition m_wanted;   // a signature is waited on
    QHash<QString, Watch> m_watches;
    std::vector<AsyncWaiter> m_async;
    quint64 m_round = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace OrderDesk
