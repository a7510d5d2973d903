#include "RedisEventChannel.h"

#include "Logging.h"
#include "RedisConnection.h"
#include "Token.h"

#include <hiredis/hiredis.h>

#include <QJsonDocument>
#include <QThread>

#include <poll.h>

namespace OrderDesk {

namespace {
// How often the subscriber looks up from a quiet socket to see whether it should stop.
constexpr int PollMs = 250;
constexpr int ReconnectPauseMs = 500;
// Events kept while Redis is away; beyond this the oldest go (the hubs' catch-up reads the store).
constexpr int MaxUnpublished = 100'000;

// SET or DEL the snapshot and PUBLISH in one step, so a reader never sees the event without
// the snapshot it describes.
const QByteArray PublishScript = QByteArrayLiteral(
    "if ARGV[3] == '1' then redis.call('DEL', KEYS[1]) "
    "else redis.call('SET', KEYS[1], ARGV[1]) end "
    "return redis.call('PUBLISH', KEYS[2], ARGV[2])");

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
    // Pub/sub channels are server-wide, so no SELECT; only the password matters.
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
    , m_channel((keyPrefix + QStringLiteral(":events")).toUtf8())
    , m_activePrefix(keyPrefix + QStringLiteral(":active:"))
    , m_nodeId(nodeId)
    , m_tokens(tokens)
    , m_publisher(std::make_unique<RedisConnection>(url, nodeId + QStringLiteral("-events")))
{
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
    m_publisherThread->wait();
    m_publisherThread.reset();
}

void RedisEventChannel::publish(const OrderEvent &event, const Order &order)
{
    const QJsonObject orderJson = order.toJson();
    Unpublished message{(m_activePrefix + order.id).toUtf8(),
                        QJsonDocument(orderJson).toJson(QJsonDocument::Compact),
                        QJsonDocument(QJsonObject{{QStringLiteral("node"), m_nodeId},
                                                  {QStringLiteral("event"), event.toJson()},
                                                  {QStringLiteral("order"), orderJson}})
                            .toJson(QJsonDocument::Compact),
                        isTerminal(order.status)};
    // Handed to the publisher thread: a slow or unreachable Redis must never hold up a worker
    // between recording a transaction and sending it.
    QMutexLocker locker(&m_outboxMutex);
    m_outbox.push_back(std::move(message));
    if (m_outbox.size() > MaxUnpublished)
        m_outbox.pop_front();
    m_outboxReady.wakeOne();
}

void RedisEventChannel::publishLoop()
{
    std::deque<Unpublished> batch;
    while (!m_stopping) {
        {
            QMutexLocker locker(&m_outboxMutex);
            if (m_outbox.empty() && !m_stopping)
                m_outboxReady.wait(&m_outboxMutex, QDeadlineTimer(PollMs));
            batch.swap(m_outbox);
        }
        // In order: other nodes see every order's events in seq order, also after an outage.
        while (!batch.empty()) {
            const Unpublished &next = batch.front();
            RedisReplyPtr reply = m_publisher->command({"EVAL", PublishScript, "2", next.activeKey,
                                                        m_channel, next.snapshot, next.message,
                                                        next.terminal ? "1" : "0"});
            if (!reply || reply->type == REDIS_REPLY_ERROR) {
                qCWarning(lcQueue).noquote()
                    << batch.size() << "events wait for redis:"
                    << (reply ? RedisConnection::errorText(reply.get()) : m_publisher->lastError());
                break;
            }
            batch.pop_front();
        }
        if (!batch.empty()) {
            // Back in front of whatever arrived meanwhile; try again after a pause.
            QMutexLocker locker(&m_outboxMutex);
            while (!batch.empty()) {
                m_outbox.push_front(std::move(batch.back()));
                batch.pop_back();
            }
            while (m_outbox.size() > MaxUnpublished)
                m_outbox.pop_front();
            m_outboxReady.wait(&m_outboxMutex, QDeadlineTimer(ReconnectPauseMs));
        }
    }
}

void RedisEventChannel::subscribeLoop()
{
    ContextPtr context;
    while (!m_stopping) {
        if (!context) {
            QString error;
            context = connectSubscriber(m_url, m_channel, &error);
            if (!context) {
                qCWarning(lcQueue).noquote() << "event subscriber: redis" << m_url.hostPort() << error;
                QThread::msleep(ReconnectPauseMs); // a reconnect back-off, interruptible enough
                continue;
            }
        }
        // Everything already read and parsed first, then wait for the socket.
        void *raw = nullptr;
        if (redisGetReplyFromReader(context.get(), &raw) != REDIS_OK) {
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
            context.reset();
        }
    }
}

void RedisEventChannel::deliver(const QByteArray &message)
{
    const QJsonObject json = QJsonDocument::fromJson(message).object();
    if (json.value(QStringLiteral("node")).toString() == m_nodeId)
        return; // our own, already emitted locally
    const std::optional<OrderEvent> event = OrderEvent::fromJson(json.value(QStringLiteral("event")).toObject());
    const std::optional<Order> order = Order::fromJson(json.value(QStringLiteral("order")).toObject(), m_tokens);
    if (!event || !order) {
        qCWarning(lcQueue) << "event subscriber: unreadable message ignored";
        return;
    }
    Q_EMIT received(*event, *order);
}

} // namespace OrderDesk
