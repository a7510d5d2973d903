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

// Asks the market about every signature orders are waiting on in one getSignatureStatuses round
// per block, instead of one request per waiting order per block, and answers each waiter through
// its callback: an order waiting for the chain holds no thread. It only carries statuses: what a
// status means for an order is the OrderProcessor's to decide.
class SignatureWatcher
{
public:
    explicit SignatureWatcher(Market &market);
    ~SignatureWatcher();
    SignatureWatcher(const SignatureWatcher &) = delete;
    SignatureWatcher &operator=(const SignatureWatcher &) = delete;

    void start();
    void stop(); // wakes every waiter

    using Callback = std::function<void(const std::optional<SignatureStatus> &)>;
    // Calls `callback` once a round of the market's answers after this call says `signature`
    // landed, or that the chain is past `lastValidBlockHeight` without it, or once `waitMs`
    // passed: with the latest status a round after this call brought (decisive or not), or
    // nullopt when no round reached the market meanwhile or the watcher stops. Nobody waits
    // meanwhile; the callback runs on the watcher's thread, so it must hand real work elsewhere.
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
    QWaitCondition m_wanted;   // a signature is waited on
    QHash<QString, Watch> m_watches;
    std::vector<AsyncWaiter> m_async;
    quint64 m_round = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace OrderDesk
