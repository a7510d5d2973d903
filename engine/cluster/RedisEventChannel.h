#pragma once

#include "Order.h"
#include "OrderEvent.h"
#include "RedisUrl.h"

#include <QMutex>
#include <QWaitCondition>
#include <QObject>

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
// (`redis-cli GET <prefix>:active:<id>`); it trails the store by up to one transition, so the
// engine itself reads the store.
//
//   <prefix>:events          pub/sub channel: {"node", "event", "order"}
//   <prefix>:active:<id>     the order's JSON while it is not terminal
class RedisEventChannel : public QObject
{
    Q_OBJECT

public:
    RedisEventChannel(const RedisUrl &url, const QString &keyPrefix, const QString &nodeId,
                      const TokenRegistry &tokens, QObject *parent = nullptr);
    ~RedisEventChannel() override;

    bool open(QString *error);
    void close();

    // Any thread; after the change is stored. Never blocks on Redis: the event is queued for
    // the publisher thread, which sends events in order and keeps them while Redis is away;
    // the store stays the record either way.
    void publish(const OrderEvent &event, const Order &order);

Q_SIGNALS:
    // Another node's event, emitted from the subscriber thread.
    void received(const OrderDesk::OrderEvent &event, const OrderDesk::Order &order);

private:
    struct Unpublished
    {
        QByteArray activeKey;
        QByteArray snapshot;
        QByteArray message;
        bool terminal = false;
    };

    void subscribeLoop();
    void publishLoop();
    void deliver(const QByteArray &message);

    const RedisUrl m_url;
    const QByteArray m_channel;
    const QString m_activePrefix;
    const QString m_nodeId;
    const TokenRegistry &m_tokens;
    std::unique_ptr<RedisConnection> m_publisher; // used by the publisher thread only
    QMutex m_outboxMutex;
    QWaitCondition m_outboxReady;
    std::deque<Unpublished> m_outbox; // events not yet in Redis, oldest first
    std::unique_ptr<QThread> m_publisherThread;
    std::unique_ptr<QThread> m_subscriber;
    std::atomic<bool> m_stopping{false};
};

} // namespace OrderDesk
