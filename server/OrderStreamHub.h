#pragma once

#include "Engine.h"
#include "StreamTarget.h"
#include "WalletSnapshot.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimer>

#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

class QWebSocket;

namespace OrderDesk {

class ClientRateLimiter;
class WebSocketTickets;

// The WebSocket side of the API (SPEC §5). Takes upgraded connections from the HTTP server and
// serves, by path:
//   per-order streams  /api/orders/execute?orderId=…, /api/orders/{id}/ws, /api/orders/{id}/stream,
//                      /api/orders/{id}/status, /ws/orders/{id}, /ws/orders?orderId=…, /ws?orderId=…
//   submissions        /api/orders/execute (no orderId): each text message is an order
//   all orders         /ws, /ws/orders, /api/orders/status (no orderId); subscribe (or a bare
//                      {"orderId"}) / unsubscribe narrow it. These clients also get a
//                      {"type":"wallet",…} message (balances and totals) whenever the wallet
//                      changes; a client that subscribed to particular orders gets only those.
// Every order stream starts with a snapshot read from the engine; later events are forwarded
// only when their seq is past the snapshot's, so a stream has no gap and no repeat. A gap (an
// event that never reached this node) is filled from the store, and a per-order stream that goes
// quiet asks the store now and then, so every stream ends with its order's terminal status.
class OrderStreamHub : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString apiToken;           // submissions need it when set
        qint64 maxBufferBytes = 0;  // unsent bytes per client before it is dropped
        qint64 maxMessageBytes = 0; // largest message a client may send
        WebSocketTickets *tickets = nullptr; // ?ticket= stands for the token when redeemed
    };

    using Kind = StreamTarget::Kind;

    // Close codes beyond the RFC's: an application's own range is 4000-4999.
    static constexpr int CloseOrderNotFound = 4404;
    static constexpr int CloseTryAgainLater = 1013; // RFC 6455 registry: the store is away

    OrderStreamHub(Engine &engine, Options options, ClientRateLimiter &limiter,
                   QObject *parent = nullptr);
    ~OrderStreamHub() override;

    void addClient(std::unique_ptr<QWebSocket> socket);
    // The connection was failed below the hub (FrameGatedSocket) and is closing: nothing more is
    // sent on it.
    void silence(const QWebSocket *socket);
    int clientCount() const { return m_connected; }
    // Clients dropped for not reading fast enough, since the start.
    qint64 droppedSlowClients() const { return m_droppedSlowClients; }

Q_SIGNALS:
    void clientCountChanged(int count);

private:
    struct Client;

    void onOrderEvent(const OrderEvent &event, const Order &order);
    void onWalletChanged(const WalletSnapshot &snapshot);
    void onTextMessage(Client *client, const QString &text);
    void onDisconnected(Client *client);

    void startOrderStream(Client *client, const QString &orderId);
    void handleSubmission(Client *client, const QString &text);
    Client *clientOf(const QWebSocket *socket) const; // null once it disconnected
    void handleControlMessage(Client *client, const QString &text);
    void subscribe(Client *client, const QString &orderId);
    enum class Read { Snapshot, CatchUp };
    // Reads the order off this thread, then sends it (a snapshot, or the history events the
    // client has not had) followed by the live events that arrived meanwhile.
    void read(Client *client, const QString &orderId, Read what);
    bool sendSnapshot(Client *client, const OrderSnapshot &snapshot); // false: stream over
    bool sendHistory(Client *client, const OrderSnapshot &snapshot);
    void backOffCatchUp(Client *client, bool progressed);
    void deliver(Client *client, const OrderEvent &event, const QString &text);
    // Sends the events of `orderId` the client has not had yet, read from the store (a gap, or
    // a stream that went quiet because an event never reached this node).
    void sendMissing(Client *client, const QString &orderId);
    void catchUpIdleStreams();

    // Whom an order's events go to: a client follows an order while it has a cursor on it or a
    // read of it on its way. Call follow() before adding either, unfollowIfDone() after removing.
    void follow(Client *client, const QString &orderId);
    void unfollowIfDone(Client *client, const QString &orderId);
    void finish(Client *client, const QString &orderId, OrderStatus status); // terminal, sent
    void forget(Client *client);

    bool send(Client *client, const QJsonObject &message);
    bool sendText(Client *client, const QString &text);
    void sendError(Client *client, const QString &code, const QString &message,
                   const QString &field = {});
    void sendError(Client *client, const QJsonObject &error);
    void closeClient(Client *client, int code, const QString &reason);
    void drop(Client *client);

    Engine &m_engine;
    Options m_options;
    ClientRateLimiter &m_limiter;
    // An event reaches the clients following its order and the unfiltered all-orders clients,
    // never a scan of every connection; quiet streams are found by time, not by a scan either.
    std::unordered_map<quint64, std::unique_ptr<Client>> m_clients; // by Client::id
    QHash<const QWebSocket *, Client *> m_bySocket;
    quint64 m_nextClientId = 0;
    QHash<QString, QList<Client *>> m_followers; // order id → the clients following it
    std::unordered_set<Client *> m_firehose;    // all-orders clients that did not subscribe
    std::multimap<qint64, quint64> m_catchUps;   // when to look at a per-order stream, its id
    int m_connected = 0;
    qint64 m_droppedSlowClients = 0;
    QTimer m_catchUpTimer;
};

} // namespace OrderDesk
