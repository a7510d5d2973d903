#pragma once

#include "EventBatch.h"
#include "Order.h"
#include "OrderEvent.h"
#include "RedisUrl.h"

#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <memory>

class QThread;

namespace OrderDesk {

class RedisConnection;
class TokenRegistry;

// What makes several nodes on one Redis look like one engine to their clients: every status
// event goes out on a pub/sub channel, and each node re-emits what the others published, so a
// WebSocket client on one node sees orders worked on another. The channel also keeps a snapshot
// of every active order (removed at its terminal status) for dashboards and operators
// (`redis-cli GET '{<prefix>}:active:<id>'`); it is at least as new as the last event published
// for the order and may trail the store, so the engine itself reads the store.
//
//   {<prefix>}:events          pub/sub channel: EventBatch messages
//   {<prefix>}:active:<id>     the order's JSON while it is not terminal
//
// The publisher sends whatever has accumulated since its last round trip as one batch: one
// MSET of the snapshots, one DEL of the finished ones and one PUBLISH, pipelined. On a Redis
// Cluster the keys share one slot (the hash tag) and PUBLISH reaches subscribers on every node,
// so the subscriber may connect to any of them.
class RedisEventChannel : public QObject
{
    Q_OBJECT

public:
    RedisEventChannel(const RedisUrl &url, const QString &keyPrefix, const QString &nodeId,
                      const TokenRegistry &tokens, QObject *parent = nullptr);
    ~RedisEventChannel() override;

    // Events published before open() wait in the outbox and go out first.
    bool open(QString *error);
    // Sends what is still in the outbox if Redis answers at once, then stops.
    void close();

    // Any thread; after the change is stored. Never blocks on Redis: the event is queued for
    // the publisher thread, which sends events in order and keeps them while Redis is away;
    // the store stays the record either way.
    void publish(const OrderEvent &event, const Order &order);

    // Batches sent so far (one round trip each).
    quint64 batchesSent() const { return m_batchesSent.load(); }
    // Whether the subscriber is listening: other nodes' events published before that are not
    // received (the hubs catch up from the store).
    bool isSubscribed() const { return m_subscribed.load(); }

Q_SIGNALS:
    // Another node's event, emitted from the subscriber thread, in the order it was published.
    void received(const OrderDesk::OrderEvent &event, const OrderDesk::Order &order);

private:
    void subscribeLoop();
    void publishLoop();
    // Sends the oldest events of `pending` as one batch; how many went out (0: none, Redis
    // did not take the batch).
    size_t sendBatch(const std::deque<EventBatch::Entry> &pending);
    void deliver(const QByteArray &message);

    const RedisUrl m_url;
    const QByteArray m_channel;
    const QByteArray m_activePrefix;
    const QString m_nodeId;
    const TokenRegistry &m_tokens;
    std::unique_ptr<RedisConnection> m_publisher; // used by the publisher thread only
    QMutex m_outboxMutex;
    QWaitCondition m_outboxReady;
    std::deque<EventBatch::Entry> m_outbox; // events not yet in Redis, oldest first
    std::unique_ptr<QThread> m_publisherThread;
    std::unique_ptr<QThread> m_subscriber;
    std::atomic<bool> m_stopping{false};
    std::atomic<quint64> m_batchesSent{0};
    std::atomic<bool> m_subscribed{false};
};

} // namespace OrderDesk
