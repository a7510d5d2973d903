#include "RedisEventChannel.h"

#include "Logging.h"
#include "RedisConnection.h"
#include "RedisKeys.h"
#include "Token.h"

#include <hiredis/hiredis.h>

#include <QHash>
#include <QJsonDocument>
#include <QThread>

#include <poll.h>

namespace OrderDesk {

namespace {
// How often the subscriber looks up from a quiet socket to see whether it should stop.
constexpr int PollMs = 250;
constexpr int ReconnectPauseMs = 500;
// Events kept while Redis is away; beyond this the oldest go (the hubs' catch-up reads the store).
constexpr size_t MaxUnpublished = 100'000;
// Events per batch: bounds one message (each carries its order, ~1–3 kB) and one pipeline.
constexpr size_t MaxBatchEvents = 256;

struct ContextDeleter
{
    void operator()(redisContext *context) const { redisFree(context); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

ContextPtr connectSubscriber(const RedisUrl &url, const QByteArray &channel, QString *error)
{
    const timeval timeout{2, 0};
    ContextPtr context(redisConnectWithTimeout(url.host().toUtf8().constData(), url.port(), timeout));
    if (!context || context->err) {
        *error = context ? QString::fromUtf8(context->errstr) : QStringLiteral("out of memory");
        return nullptr;
    }
    // Pub/sub channels are server-wide (cluster-wide on a cluster), so no SELECT and any node
    // will do; only the password matters.
    if (!url.password().isEmpty()) {
        const QByteArray password = url.password().toUtf8();
        RedisReplyPtr reply(static_cast<redisReply *>(
            redisCommand(context.get(), "AUTH %b", password.constData(), size_t(password.size()))));
        if (!reply || reply->type == REDIS_REPLY_ERROR) {
            *error = QStringLiteral("AUTH refused");
            return nullptr;
        }
    }
    RedisReplyPtr subscribed(static_cast<redisReply *>(
        redisCommand(context.get(), "SUBSCRIBE %b", channel.constData(), size_t(channel.size()))));
    if (!subscribed) {
        *error = QString::fromUtf8(context->errstr);
        return nullptr;
    }
    return context;
}
} // namespace

RedisEventChannel::RedisEventChannel(const RedisUrl &url, const QString &keyPrefix,
                                     const QString &nodeId, const TokenRegistry &tokens,
                                     QObject *parent)
    : QObject(parent)
    , m_url(url)
    , m_channel(redisKeyBase(keyPrefix) + ":events")
    , m_activePrefix(redisKeyBase(keyPrefix) + ":active:")
    , m_nodeId(nodeId)
    , m_tokens(tokens)
    , m_publisher(std::make_unique<RedisConnection>(url, nodeId + QStringLiteral("-events")))
{
    // A keyed command on every (re)connect: on a cluster it lands the connection on the node
    // that owns the slot before the first batch, so a batch is not split by a redirection.
    m_publisher->setSetup([probe = m_activePrefix](RedisConnection &connection, QString *error) {
        const RedisReplyPtr reply = connection.commandOnce({"EXISTS", probe});
        const QString failure =
            reply ? RedisConnection::errorText(reply.get()) : connection.lastError();
        if (reply && failure.isEmpty())
            return true;
        *error = failure;
        return false;
    });
}

RedisEventChannel::~RedisEventChannel()
{
    close();
}

bool RedisEventChannel::open(QString *error)
{
    QString reason;
    if (!m_publisher->connect(&reason)) {
        *error = QStringLiteral("redis %1: %2").arg(m_url.describe(), reason);
        return false;
    }
    m_stopping = false;
    m_subscriber.reset(QThread::create([this] { subscribeLoop(); }));
    m_subscriber->setObjectName(QStringLiteral("redis-events"));
    m_subscriber->start();
    m_publisherThread.reset(QThread::create([this] { publishLoop(); }));
    m_publisherThread->setObjectName(QStringLiteral("redis-publish"));
    m_publisherThread->start();
    return true;
}

void RedisEventChannel::close()
{
    if (!m_subscriber)
        return;
    m_stopping = true;
    {
        QMutexLocker locker(&m_outboxMutex);
        m_outboxReady.wakeAll();
    }
    m_subscriber->wait();
    m_subscriber.reset();
    m_subscribed = false;
    m_publisherThread->wait();
    m_publisherThread.reset();
}

void RedisEventChannel::publish(const OrderEvent &event, const Order &order)
{
    // Serialized on the publisher thread: a slow or unreachable Redis must never hold up a
    // worker between recording a transition and sending it, nor should the JSON.
    QMutexLocker locker(&m_outboxMutex);
    m_outbox.push_back({event, order});
    if (m_outbox.size() > MaxUnpublished)
        m_outbox.pop_front();
    m_outboxReady.wakeOne();
}

void RedisEventChannel::publishLoop()
{
    std::deque<EventBatch::Entry> pending; // taken from the outbox, oldest first
    const auto takeOutbox = [&] {
        QMutexLocker locker(&m_outboxMutex);
        if (m_outbox.empty() && pending.empty() && !m_stopping)
            m_outboxReady.wait(&m_outboxMutex, QDeadlineTimer(PollMs));
        std::move(m_outbox.begin(), m_outbox.end(), std::back_inserter(pending));
        m_outbox.clear();
    };
    while (!m_stopping) {
        takeOutbox();
        // In order: other nodes see every order's events in seq order, also after an outage.
        while (!pending.empty()) {
            const size_t sent = sendBatch(pending);
            if (sent == 0)
                break;
            pending.erase(pending.begin(), pending.begin() + qsizetype(sent));
        }
        if (!pending.empty()) {
            while (pending.size() > MaxUnpublished)
                pending.pop_front();
            // A pause that new events do not cut short, or an outage would be retried at the
            // rate events arrive.
            QMutexLocker locker(&m_outboxMutex);
            const QDeadlineTimer pause(ReconnectPauseMs);
            while (!m_stopping && !pause.hasExpired())
                m_outboxReady.wait(&m_outboxMutex, pause);
        }
    }
    // Stopping: what the last workers recorded still goes out if Redis answers right away.
    takeOutbox();
    while (!pending.empty()) {
        const size_t sent = sendBatch(pending);
        if (sent == 0) {
            qCWarning(lcQueue).noquote() << pending.size() << "events not published at close";
            break;
        }
        pending.erase(pending.begin(), pending.begin() + qsizetype(sent));
    }
}

size_t RedisEventChannel::sendBatch(const std::deque<EventBatch::Entry> &pending)
{
    EventBatch batch{m_nodeId, {}};
    const size_t count = std::min(pending.size(), MaxBatchEvents);
    QHash<QString, OrderStatus> lastStatus;
    for (size_t i = 0; i < count; ++i) {
        batch.entries.append(pending[i]);
        lastStatus.insert(pending[i].order.id, pending[i].order.status);
    }
    QHash<QString, QByteArray> latest; // order id → its newest JSON in the batch
    const QByteArray message = batch.encode(&latest);
    // One snapshot write per order, its newest state, written before the events are
    // published: a reader never sees an event without a snapshot at least that new.
    QByteArrayList snapshots{"MSET"};
    QByteArrayList finished{"DEL"};
    for (auto it = latest.constBegin(); it != latest.constEnd(); ++it) {
        const QByteArray key = m_activePrefix + it.key().toUtf8();
        if (isTerminal(lastStatus.value(it.key())))
            finished << key;
        else
            snapshots << key << *it;
    }
    QList<QByteArrayList> commands;
    if (snapshots.size() > 1)
        commands << snapshots;
    if (finished.size() > 1)
        commands << finished;
    commands << QByteArrayList{"PUBLISH", m_channel, message};

    const std::vector<RedisReplyPtr> replies = m_publisher->pipeline(commands);
    const redisReply *published = replies.back().get();
    if (!published || published->type == REDIS_REPLY_ERROR) {
        qCWarning(lcQueue).noquote()
            << pending.size() << "events wait for redis:"
            << (published ? RedisConnection::errorText(published) : m_publisher->lastError());
        return 0;
    }
    for (size_t i = 0; i + 1 < replies.size(); ++i) {
        // The events went out; only the operators' view of active orders is behind.
        const redisReply *reply = replies[i].get();
        if (!reply || reply->type == REDIS_REPLY_ERROR) {
            qCWarning(lcQueue).noquote()
                << "active-order snapshots not written:"
                << (reply ? RedisConnection::errorText(reply) : m_publisher->lastError());
        }
    }
    ++m_batchesSent;
    return count;
}

void RedisEventChannel::subscribeLoop()
{
    ContextPtr context;
    while (!m_stopping) {
        if (!context) {
            QString error;
            context = connectSubscriber(m_url, m_channel, &error);
            m_subscribed = context != nullptr;
            if (!context) {
                qCWarning(lcQueue).noquote() << "event subscriber: redis" << m_url.hostPort() << error;
                QThread::msleep(ReconnectPauseMs); // a reconnect back-off, interruptible enough
                continue;
            }
        }
        // Everything already read and parsed first, then wait for the socket.
        void *raw = nullptr;
        if (redisGetReplyFromReader(context.get(), &raw) != REDIS_OK) {
            m_subscribed = false;
            context.reset();
            continue;
        }
        if (raw) {
            RedisReplyPtr reply(static_cast<redisReply *>(raw));
            if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3
                && RedisConnection::string(reply->element[0]) == "message") {
                deliver(RedisConnection::string(reply->element[2]));
            }
            continue;
        }
        pollfd descriptor{context->fd, POLLIN, 0};
        const int ready = ::poll(&descriptor, 1, PollMs);
        if (ready > 0 && redisBufferRead(context.get()) != REDIS_OK) {
            qCWarning(lcQueue) << "event subscriber lost redis; reconnecting";
            m_subscribed = false;
            context.reset();
        }
    }
}

void RedisEventChannel::deliver(const QByteArray &message)
{
    if (EventBatch::senderOf(message) == m_nodeId.toUtf8())
        return; // our own, already emitted locally
    int skipped = 0;
    const EventBatch batch = EventBatch::decode(message, m_tokens, &skipped);
    if (batch.node.isEmpty()) {
        qCWarning(lcQueue) << "event subscriber: unreadable message ignored";
        return;
    }
    if (skipped > 0) {
        // One unreadable event (a token launched on the other node that we do not know yet)
        // must not cost the others; the hubs fill the gap from the store.
        qCWarning(lcQueue).noquote() << "event subscriber:" << skipped << "of"
                                     << skipped + batch.entries.size()
                                     << "events from" << batch.node << "unreadable, ignored";
    }
    for (const EventBatch::Entry &entry : batch.entries)
        Q_EMIT received(entry.event, entry.order);
}

} // namespace OrderDesk
