#pragma once

#include <QObject>
#include <QStringList>

namespace OrderDesk {

class Engine;

// Cancel-all for the console: finds every order waiting for its trigger (limit and sniper
// orders in `waiting`) by paging the store in the background, then cancels exactly those. Orders
// already routing, or that triggered in between, are left alone and counted as too late.
class WaitingOrderCanceller : public QObject
{
    Q_OBJECT

public:
    explicit WaitingOrderCanceller(Engine &engine, QObject *parent = nullptr);

    // Starts reading; waitingFound() or readFailed() follows on this thread.
    void findWaiting();

    struct Outcome
    {
        int cancelled = 0;
        QStringList tooLate; // short ids with the engine's reason
    };
    // Cancels each of `orderIds` (the engine answers once its store has decided); cancelled()
    // follows on this thread when every one has answered.
    void cancel(const QStringList &orderIds);

Q_SIGNALS:
    void waitingFound(const QStringList &orderIds);
    void readFailed(const QString &message);
    void cancelled(const OrderDesk::WaitingOrderCanceller::Outcome &outcome);

private:
    void readPage(const QString &afterId, QStringList found);

    Engine &m_engine;
};

} // namespace OrderDesk
