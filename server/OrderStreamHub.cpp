#include "OrderStreamHub.h"

#include "JsonText.h"
#include "Wallet.h"

#include "ApiAuth.h"
#include "ApiError.h"
#include "ApiJson.h"
#include "ClientRateLimiter.h"
#include "ServerLogging.h"
#include "StreamTarget.h"
#include "WebSocketTickets.h"

#include <QJsonDocument>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>

namespace OrderDesk {

namespace {
// A client told to go away gets this long to complete the closing handshake.
constexpr int CloseGraceMs = 5000;
// A per-order stream that heard nothing for this long asks the store whether it missed an event
// (a node that could not publish, a Redis outage); the pause doubles while nothing changes.
constexpr qint64 FirstCatchUpMs = 2000;
constexpr qint64 MaxCatchUpMs = 30000;
constexpr int CatchUpTickMs = 1000;

QString compact(const QJsonObject &message)
{
    return QString::fromUtf8(JsonText::compact(message));
}
} // namespace

struct OrderStreamHub::Client
{
    quint64 id = 0;
    std::unique_ptr<QWebSocket> socket;
    Kind kind = Kind::AllOrders;
    QHostAddress peer;
    bool authorized = false;
    bool subscribedOnly = false; // an all-orders client that asked for particular orders
    bool closing = false;        // no more messages: a close is under way
    bool connected = true;
    QHash<QString, qint64> orders; // order id -> seq of the last message sent for it
    // Orders whose snapshot or catch-up read is on its way: their live events wait here, to
    // follow what the read brings in seq order.
    QHash<QString, QList<OrderEvent>> awaiting;
    // Per-order streams: when to ask the store next, and the pause after that.
    qint64 nextCatchUpMs = 0;
    qint64 catchUpPauseMs = FirstCatchUpMs;
};

OrderStreamHub::OrderStreamHub(Engine &engine, Options options, ClientRateLimiter &limiter,
                               QObject *parent)
    : QObject(parent), m_engine(engine), m_options(std::move(options)), m_limiter(limiter)
{
    connect(&m_engine, &Engine::orderEvent, this, &OrderStreamHub::onOrderEvent);
    if (Wallet *wallet = m_engine.wallet())
        connect(wallet, &Wallet::changed, this, &OrderStreamHub::onWalletChanged);
    m_catchUpTimer.setInterval(CatchUpTickMs);
    connect(&m_catchUpTimer, &QTimer::timeout, this, &OrderStreamHub::catchUpIdleStreams);
    m_catchUpTimer.start();
}

OrderStreamHub::~OrderStreamHub()
{
    // Clients learn why the connection ends; the close frame is flushed, not waited for.
    for (const auto &[id, client] : m_clients) {
        client->socket->disconnect(this);
        if (client->connected && !client->closing) {
            client->socket->close(QWebSocketProtocol::CloseCodeGoingAway,
                                  QStringLiteral("server shutting down"));
            client->socket->flush();
        }
        client->socket->abort();
    }
}

void OrderStreamHub::addClient(std::unique_ptr<QWebSocket> socket)
{
    // The HTTP server's internal QWebSocketServer parents the sockets it hands out; the hub is
    // the only owner, whichever of the two is destroyed first.
    socket->setParent(nullptr);

    auto owned = std::make_unique<Client>();
    Client *client = owned.get();
    client->socket = std::move(socket);
    client->peer = client->socket->peerAddress();
    // A browser cannot set Authorization on a handshake: it brings a ticket instead.
    const QString ticket = QUrlQuery(client->socket->requestUrl())
                               .queryItemValue(QStringLiteral("ticket"), QUrl::FullyDecoded);
    client->authorized =
        ApiAuth::isAuthorized(client->socket->request().rawHeader(QByteArrayLiteral("Authorization")),
                              m_options.apiToken) ||
        (!ticket.isEmpty() && m_options.tickets && m_options.tickets->redeem(ticket));
    if (m_options.maxMessageBytes > 0) {
        client->socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxMessageBytes));
        client->socket->setMaxAllowedIncomingFrameSize(quint64(m_options.maxMessageBytes));
    }
    client->id = ++m_nextClientId;
    m_bySocket.insert(client->socket.get(), client);
    m_clients.emplace(client->id, std::move(owned));
    ++m_connected;

    QWebSocket *socketPtr = client->socket.get();
    connect(socketPtr, &QWebSocket::textMessageReceived, this,
            [this, client](const QString &text) { onTextMessage(client, text); });
    connect(socketPtr, &QWebSocket::binaryMessageReceived, this, [this, client] {
        sendError(client, QStringLiteral("unsupported_message"),
                  QStringLiteral("binary messages are not supported; send JSON text"));
    });
    connect(socketPtr, &QWebSocket::disconnected, this, [this, client] { onDisconnected(client); });

    const QUrl url = client->socket->requestUrl();
    qCDebug(lcServer) << "websocket connected:" << url.toString() << "from" << client->peer;
    Q_EMIT clientCountChanged(m_connected);
    if (socketPtr->state() != QAbstractSocket::ConnectedState) {
        onDisconnected(client); // gone before it was handed over: no signal will tell
        return;
    }

    const auto target = StreamTarget::of(url);
    // A stream of no order receives nothing until the path is refused below.
    client->kind = target ? target->kind : Kind::OrderStream;
    if (client->kind == Kind::AllOrders)
        m_firehose.insert(client);

    // The first message (and for a finished or unknown order, the close) waits one turn of the
    // event loop: Qt 6.4's WebSocket server still has a handshake read queued for this socket,
    // which warns about a closed device if the stream has already ended.
    QMetaObject::invokeMethod(
        this,
        [this, client, target, url] {
            if (!client->connected || client->closing)
                return;
            if (!target) {
                // QHttpServer 6.4 upgrades on any matching route, not only on stream paths.
                sendError(client, QStringLiteral("not_found"),
                          QStringLiteral("no WebSocket stream at %1").arg(url.path()));
                closeClient(client, QWebSocketProtocol::CloseCodePolicyViolated,
                            QStringLiteral("no stream at this path"));
            } else if (client->kind == Kind::OrderStream) {
                startOrderStream(client, target->orderId);
            }
        },
        Qt::QueuedConnection);
}

void OrderStreamHub::silence(const QWebSocket *socket)
{
    if (Client *client = m_bySocket.value(socket))
        client->closing = true;
}

void OrderStreamHub::onWalletChanged(const WalletSnapshot &snapshot)
{
    if (m_firehose.empty())
        return;
    // The firehose already carries every order's events: its reservations are left out.
    QJsonObject json = snapshot.toJson(WalletSnapshot::Reservations::Left);
    json.insert(QStringLiteral("type"), QStringLiteral("wallet"));
    const QString text = compact(json);
    const std::vector<Client *> firehose(m_firehose.cbegin(), m_firehose.cend());
    for (Client *client : firehose) {
        if (client->connected && !client->closing)
            sendText(client, text);
    }
}

void OrderStreamHub::onOrderEvent(const OrderEvent &event, const Order &)
{
    QString text; // serialized once, on the first client that wants it
    auto message = [&]() -> const QString & {
        if (text.isEmpty())
            text = QString::fromUtf8(event.toJsonText());
        return text;
    };

    // Copies: a send may close a client, and a closed client leaves the indexes; none is freed
    // before this returns.
    const QList<Client *> followers = m_followers.value(event.orderId);
    for (Client *client : followers) {
        if (!client->connected || client->closing)
            continue;
        if (const auto waiting = client->awaiting.find(event.orderId); waiting != client->awaiting.end())
            waiting->append(event);
        else if (client->orders.contains(event.orderId))
            deliver(client, event, message());
    }
    if (m_firehose.empty())
        return;
    const std::vector<Client *> firehose(m_firehose.cbegin(), m_firehose.cend());
    for (Client *client : firehose) {
        if (client->connected && !client->closing)
            sendText(client, message());
    }
}

void OrderStreamHub::deliver(Client *client, const OrderEvent &event, const QString &text)
{
    const auto it = client->orders.find(event.orderId);
    if (it == client->orders.end() || event.seq <= it.value())
        return; // unsubscribed, already part of the snapshot, or sent
    if (event.seq > it.value() + 1) {
        // A gap: an event that never reached this node. The store has it.
        sendMissing(client, event.orderId);
        return;
    }
    it.value() = event.seq;
    client->catchUpPauseMs = FirstCatchUpMs;
    client->nextCatchUpMs = QDateTime::currentMSecsSinceEpoch() + FirstCatchUpMs;
    if (sendText(client, text.isEmpty() ? compact(event.toJson()) : text) && isTerminal(event.status))
        finish(client, event.orderId, event.status);
}

void OrderStreamHub::finish(Client *client, const QString &orderId, OrderStatus status)
{
    if (client->kind == Kind::OrderStream) {
        closeClient(client, QWebSocketProtocol::CloseCodeNormal,
                    QStringLiteral("order %1").arg(toString(status)));
        return;
    }
    // Nothing follows a terminal status: the cursor would only take up room.
    client->orders.remove(orderId);
    unfollowIfDone(client, orderId);
}

void OrderStreamHub::onTextMessage(Client *client, const QString &text)
{
    if (!client->connected || client->closing)
        return;
    if (client->kind == Kind::Submission)
        handleSubmission(client, text);
    else
        handleControlMessage(client, text);
}

void OrderStreamHub::onDisconnected(Client *client)
{
    if (!client->connected)
        return;
    client->connected = false;
    --m_connected;
    forget(client);
    qCDebug(lcServer) << "websocket disconnected:" << client->socket->requestUrl().toString()
                      << "close code" << client->socket->closeCode();
    Q_EMIT clientCountChanged(m_connected);

    // Freed once the socket's own signal emission is over.
    QTimer::singleShot(0, this, [this, id = client->id] {
        const auto it = m_clients.find(id);
        if (it == m_clients.end())
            return;
        m_bySocket.remove(it->second->socket.get());
        m_clients.erase(it);
    });
}

void OrderStreamHub::startOrderStream(Client *client, const QString &orderId)
{
    client->nextCatchUpMs = QDateTime::currentMSecsSinceEpoch() + FirstCatchUpMs;
    m_catchUps.emplace(client->nextCatchUpMs, client->id);
    read(client, orderId, Read::Snapshot);
}

void OrderStreamHub::subscribe(Client *client, const QString &orderId)
{
    read(client, orderId, Read::Snapshot);
}

void OrderStreamHub::sendMissing(Client *client, const QString &orderId)
{
    if (client->orders.contains(orderId))
        read(client, orderId, Read::CatchUp);
}

void OrderStreamHub::read(Client *client, const QString &orderId, Read what)
{
    if (client->awaiting.contains(orderId))
        return; // a read is on its way; what it misses, the events waiting for it bring
    follow(client, orderId);
    client->awaiting.insert(orderId, {});
    QPointer<QWebSocket> socket = client->socket.get();
    (what == Read::Snapshot ? m_engine.snapshot(orderId) : m_engine.storedSnapshot(orderId)).then(this, [this, socket, orderId, what](const Engine::SnapshotOutcome &outcome) {
        Client *client = clientOf(socket);
        if (!client || !client->awaiting.contains(orderId))
            return; // gone, or unsubscribed meanwhile
        const QList<OrderEvent> waiting = client->awaiting.take(orderId);
        unfollowIfDone(client, orderId); // an order it never had a cursor on
        if (const auto *error = std::get_if<EngineError>(&outcome)) {
            if (what == Read::CatchUp) {
                backOffCatchUp(client, false);
                return; // the next round asks again
            }
            sendError(client, error->kind == EngineError::Kind::NotFound
                                  ? ApiError::orderNotFound(orderId).errorObject()
                                  : error->toJson());
            if (client->kind == Kind::OrderStream) {
                const bool missing = error->kind == EngineError::Kind::NotFound;
                closeClient(client, missing ? CloseOrderNotFound : CloseTryAgainLater,
                            missing ? QStringLiteral("order not found")
                                    : QStringLiteral("the order cannot be read now"));
            }
            return;
        }
        const OrderSnapshot &snapshot = std::get<OrderSnapshot>(outcome);
        if (what == Read::Snapshot ? !sendSnapshot(client, snapshot) : !sendHistory(client, snapshot))
            return;
        for (const OrderEvent &event : waiting)
            deliver(client, event, {});
    });
}

bool OrderStreamHub::sendSnapshot(Client *client, const OrderSnapshot &snapshot)
{
    const Order &order = snapshot.order;
    client->nextCatchUpMs = QDateTime::currentMSecsSinceEpoch() + FirstCatchUpMs;
    follow(client, order.id);
    qint64 &cursor = client->orders[order.id];
    cursor = std::max(cursor, order.seq);

    if (!sendText(client, QString::fromUtf8(ApiJson::snapshot(order, snapshot.history))))
        return false;
    if (isTerminal(order.status)) {
        finish(client, order.id, order.status);
        return false;
    }
    return true;
}

bool OrderStreamHub::sendHistory(Client *client, const OrderSnapshot &snapshot)
{
    const auto cursor = client->orders.find(snapshot.order.id);
    if (cursor == client->orders.end())
        return false;
    bool progressed = false;
    for (const OrderEvent &event : snapshot.history) {
        if (!client->connected)
            return false; // its cursors went with it
        if (event.seq != cursor.value() + 1)
            continue;
        cursor.value() = event.seq;
        progressed = true;
        if (!sendText(client, QString::fromUtf8(event.toJsonText())))
            return false;
        if (isTerminal(event.status)) {
            finish(client, snapshot.order.id, event.status);
            return false;
        }
    }
    backOffCatchUp(client, progressed);
    return true;
}

void OrderStreamHub::backOffCatchUp(Client *client, bool progressed)
{
    client->catchUpPauseMs =
        progressed ? FirstCatchUpMs : std::min(client->catchUpPauseMs * 2, MaxCatchUpMs);
    client->nextCatchUpMs = QDateTime::currentMSecsSinceEpoch() + client->catchUpPauseMs;
}

void OrderStreamHub::handleSubmission(Client *client, const QString &text)
{
    if (const qint64 waitMs = m_limiter.tryAcquire(client->peer); waitMs > 0) {
        QJsonObject error =
            ApiError(ApiError::StatusCode::TooManyRequests, QStringLiteral("rate_limited"),
                     QStringLiteral("too many requests; retry in %1 ms").arg(waitMs))
                .errorObject();
        error.insert(QStringLiteral("retryAfterMs"), waitMs);
        sendError(client, error);
        return;
    }
    if (!client->authorized) {
        sendError(client, QStringLiteral("unauthorized"),
                  QStringLiteral("submitting orders needs \"Authorization: Bearer <token>\" on "
                                 "the WebSocket handshake, or ?ticket= from POST /api/ws-ticket"));
        return;
    }

    QString why;
    const std::optional<QJsonObject> order = ApiJson::parseObject(text.toUtf8(), &why);
    if (!order) {
        sendError(client, QStringLiteral("invalid_json"),
                  QStringLiteral("the message is not a valid order: %1").arg(why));
        return;
    }

    // Answered once the order is committed; the client may be gone by then.
    QPointer<QWebSocket> socket = client->socket.get();
    m_engine.submit(*order).then(this, [this, socket](const Engine::SubmitOutcome &result) {
        Client *client = clientOf(socket);
        if (!client)
            return;
        if (const auto *error = std::get_if<EngineError>(&result)) {
            sendError(client, error->toJson());
            return;
        }
        const SubmitResult &submitted = std::get<SubmitResult>(result);
        const Order &order = submitted.order;

        // The events of this order from here on follow on this connection; the pending one (or,
        // for a repeated clientOrderId, everything so far) is in the answer itself.
        follow(client, order.id);
        qint64 &cursor = client->orders[order.id];
        cursor = std::max(cursor, order.seq);

        JsonWriter accepted(2048);
        accepted.beginObject()
            .field(QLatin1StringView("type"), QStringLiteral("accepted"))
            .field(QLatin1StringView("created"), submitted.created);
        ApiJson::writeSubmitted(accepted, order);
        accepted.endObject();
        sendText(client, QString::fromUtf8(accepted.text()));
    });
}

OrderStreamHub::Client *OrderStreamHub::clientOf(const QWebSocket *socket) const
{
    Client *client = socket ? m_bySocket.value(socket) : nullptr;
    return client && client->connected ? client : nullptr;
}

void OrderStreamHub::handleControlMessage(Client *client, const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QJsonObject message = document.object();
    QString type = message.value(QStringLiteral("type")).toString();
    // {"orderId": "…"} alone is how several existing clients subscribe.
    if (type.isEmpty() && message.contains(QStringLiteral("orderId")))
        type = QStringLiteral("subscribe");
    if (!document.isObject() || type.isEmpty()) {
        sendError(client, QStringLiteral("invalid_message"),
                  QStringLiteral("expected a JSON object with a \"type\""));
        return;
    }

    if (type == QLatin1String("ping")) {
        send(client, QJsonObject{{QStringLiteral("type"), QStringLiteral("pong")}});
        return;
    }
    if (client->kind != Kind::AllOrders ||
        (type != QLatin1String("subscribe") && type != QLatin1String("unsubscribe"))) {
        sendError(client, QStringLiteral("unsupported_message"),
                  QStringLiteral("\"%1\" is not understood on this stream").arg(type),
                  QStringLiteral("type"));
        return;
    }

    const QString orderId = message.value(QStringLiteral("orderId")).toString();
    if (orderId.isEmpty()) {
        sendError(client, QStringLiteral("missing_field"), QStringLiteral("orderId is required"),
                  QStringLiteral("orderId"));
        return;
    }

    if (type == QLatin1String("subscribe")) {
        client->subscribedOnly = true;
        m_firehose.erase(client);
        subscribe(client, orderId);
    } else {
        client->orders.remove(orderId);
        client->awaiting.remove(orderId);
        unfollowIfDone(client, orderId);
        send(client, QJsonObject{{QStringLiteral("type"), QStringLiteral("unsubscribed")},
                                 {QStringLiteral("orderId"), orderId}});
    }
}

void OrderStreamHub::catchUpIdleStreams()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Each per-order stream has one entry, moved on lazily: its events only push the client's
    // own nextCatchUpMs forward, and the entry follows when it comes due.
    while (!m_catchUps.empty() && m_catchUps.begin()->first <= now) {
        const quint64 id = m_catchUps.begin()->second;
        m_catchUps.erase(m_catchUps.begin());
        const auto it = m_clients.find(id);
        if (it == m_clients.end())
            continue;
        Client *client = it->second.get();
        if (!client->connected || client->closing)
            continue;
        if (!client->orders.isEmpty() && now >= client->nextCatchUpMs)
            sendMissing(client, client->orders.constBegin().key());
        m_catchUps.emplace(std::max(client->nextCatchUpMs, now + CatchUpTickMs), id);
    }
}

void OrderStreamHub::follow(Client *client, const QString &orderId)
{
    if (!client->orders.contains(orderId) && !client->awaiting.contains(orderId))
        m_followers[orderId].append(client);
}

void OrderStreamHub::unfollowIfDone(Client *client, const QString &orderId)
{
    if (client->orders.contains(orderId) || client->awaiting.contains(orderId))
        return;
    const auto it = m_followers.find(orderId);
    if (it == m_followers.end())
        return;
    it->removeOne(client);
    if (it->isEmpty())
        m_followers.erase(it);
}

void OrderStreamHub::forget(Client *client)
{
    QStringList followed = client->orders.keys();
    followed += client->awaiting.keys();
    client->orders.clear();
    client->awaiting.clear();
    for (const QString &orderId : std::as_const(followed))
        unfollowIfDone(client, orderId);
    m_firehose.erase(client);
}

bool OrderStreamHub::send(Client *client, const QJsonObject &message)
{
    return sendText(client, compact(message));
}

bool OrderStreamHub::sendText(Client *client, const QString &text)
{
    if (!client->connected || client->closing)
        return false;
    // A client that does not read lets its backlog grow here; past the bound it is dropped
    // rather than allowed to hold memory or slow down everyone else's events.
    if (m_options.maxBufferBytes > 0 &&
        client->socket->bytesToWrite() + text.size() > m_options.maxBufferBytes) {
        drop(client);
        return false;
    }
    client->socket->sendTextMessage(text);
    return true;
}

void OrderStreamHub::sendError(Client *client, const QString &code, const QString &message,
                               const QString &field)
{
    QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        error.insert(QStringLiteral("field"), field);
    sendError(client, error);
}

void OrderStreamHub::sendError(Client *client, const QJsonObject &error)
{
    send(client, QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                             {QStringLiteral("error"), error}});
}

void OrderStreamHub::closeClient(Client *client, int code, const QString &reason)
{
    if (client->closing || !client->connected)
        return;
    client->closing = true;
    client->socket->close(QWebSocketProtocol::CloseCode(code), reason);
    // A peer that never answers the close frame must not keep its connection.
    QTimer::singleShot(CloseGraceMs, client->socket.get(), &QWebSocket::abort);
}

void OrderStreamHub::drop(Client *client)
{
    if (client->closing || !client->connected)
        return; // dropped (or gone) already
    ++m_droppedSlowClients;
    qCWarning(lcServer) << "dropping a slow websocket client" << client->peer
                        << client->socket->requestUrl().path() << "with"
                        << client->socket->bytesToWrite() << "bytes unsent";
    closeClient(client, QWebSocketProtocol::CloseCodePolicyViolated,
                QStringLiteral("client too slow"));
}

} // namespace OrderDesk
