#include "LoadGenerator.h"

#include "HttpConnection.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QWebSocket>
#include <chrono>
#include <sys/resource.h>

namespace OrderDeskBench {

namespace {

constexpr int RetryAfter429Ms = 50;

bool isTerminal(const QString &status)
{
    return status == QLatin1String("confirmed") || status == QLatin1String("failed") ||
           status == QLatin1String("cancelled") || status == QLatin1String("expired");
}

double wallMs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1000.0;
}

qint64 parseTsMs(const QJsonValue &ts)
{
    const QDateTime time = QDateTime::fromString(ts.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toMSecsSinceEpoch() : -1;
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> fields = file.readAll().split(' ');
    return QString::fromLatin1(fields.mid(0, 3).join(' '));
}

double processCpuSec()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

} // namespace

LoadGenerator::LoadGenerator(BenchOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    m_data.options = m_options;
    m_body = QJsonDocument(QJsonObject{{QStringLiteral("tokenIn"), m_options.tokenIn},
                                       {QStringLiteral("tokenOut"), m_options.tokenOut},
                                       {QStringLiteral("amount"), m_options.amount},
                                       {QStringLiteral("type"), QStringLiteral("market")}})
                 .toJson(QJsonDocument::Compact);
    if (!m_options.token.isEmpty())
        m_headers.append({"Authorization", "Bearer " + m_options.token.toUtf8()});

    const QHostAddress server(m_options.url.host());
    const auto port = quint16(m_options.url.port());
    m_submitters.resize(size_t(m_options.concurrency));
    for (int i = 0; i < m_options.concurrency; ++i) {
        // 127.0.0.1, 127.0.0.2, ... : every address is its own client to the server's limiter.
        const QHostAddress source =
            m_options.sourceAddresses > 1
                ? QHostAddress(quint32(0x7F000001u + quint32(i % m_options.sourceAddresses)))
                : QHostAddress();
        auto *connection = new HttpConnection(server, port, source, this);
        m_submitters[size_t(i)].connection = connection;
        connect(connection, &HttpConnection::finished, this,
                [this, i](int status, const QByteArray &body, const QString &error) {
                    onResponse(i, status, body, error);
                });
    }

    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish(true); });
}

LoadGenerator::~LoadGenerator() = default;

void LoadGenerator::start()
{
    m_clock.start();
    m_timeout.start(m_options.timeoutSec * 1000);
    // The firehose and the watchers must be listening before the first order exists.
    m_connecting = (m_options.firehose ? 1 : 0) + m_options.watchers;
    if (m_connecting == 0) {
        begin();
        return;
    }
    if (m_options.firehose) {
        m_firehose = openFirehose("the /ws firehose");
        connect(m_firehose, &QWebSocket::textMessageReceived, this, &LoadGenerator::onMessage);
    }
    for (int i = 0; i < m_options.watchers; ++i) {
        QWebSocket *watcher = openFirehose("a /ws watcher");
        connect(watcher, &QWebSocket::textMessageReceived, this, &LoadGenerator::onWatcherMessage);
        m_watchers.push_back(watcher);
    }
}

QWebSocket *LoadGenerator::openFirehose(const char *what)
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(socket, &QWebSocket::connected, this, [this] {
        if (--m_connecting == 0)
            begin();
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket, what] {
        if (m_done)
            return;
        m_fatal = QStringLiteral("%1 closed (code %2 %3)")
                      .arg(QLatin1String(what))
                      .arg(socket->closeCode())
                      .arg(socket->closeReason());
        ++m_data.streamsLost;
        finish(false);
    });
    QUrl url = m_options.url;
    url.setScheme(QStringLiteral("ws"));
    url.setPath(QStringLiteral("/ws"));
    QNetworkRequest request(url);
    if (!m_options.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
    socket->open(request);
    return socket;
}

void LoadGenerator::onWatcherMessage(const QString &text)
{
    if (m_done || !m_running)
        return;
    const double arrivalWallMs = wallMs();
    // A hundred watchers see every event: reading only the two fields needed, not the whole JSON,
    // keeps this process from being what delays the frames it measures.
    if (!text.contains(QLatin1String("\"type\":\"status\"")))
        return;
    static const QLatin1String key("\"ts\":\"");
    const qsizetype start = text.indexOf(key);
    const qsizetype end = start < 0 ? -1 : text.indexOf(QLatin1Char('"'), start + key.size());
    if (end < 0)
        return;
    const QDateTime ts = QDateTime::fromString(text.mid(start + key.size(), end - start - key.size()),
                                               Qt::ISODateWithMs);
    if (ts.isValid())
        m_data.watcherDeliveryMs.push_back(arrivalWallMs - double(ts.toMSecsSinceEpoch()));
}

void LoadGenerator::begin()
{
    if (m_running || m_done)
        return;
    m_running = true;
    if (m_options.serverPid > 0)
        m_serverBefore = ProcessProbe::take(m_options.serverPid);
    m_clientCpuBefore = processCpuSec();
    m_data.loadBefore = loadAverage();
    m_machineBefore = ProcessProbe::machineBusySec();
    for (const auto &aux : m_options.auxPids)
        m_auxBefore.append(ProcessProbe::treeCpuSec(aux.second));
    m_beginNs = nowNs();
    for (int i = 0; i < int(m_submitters.size()); ++i)
        submitNext(i);
}

void LoadGenerator::submitNext(int submitter)
{
    Submitter &s = m_submitters[size_t(submitter)];
    s.busy = false;
    if (m_done || m_nextOrder >= m_options.orders)
        return;
    const int number = m_nextOrder++;
    s.busy = true;
    auto send = [this, submitter] {
        if (m_done)
            return;
        Submitter &s = m_submitters[size_t(submitter)];
        s.submitNs = nowNs();
        if (m_data.firstSubmitNs < 0)
            m_data.firstSubmitNs = s.submitNs;
        post(submitter);
    };
    // --rate: order n goes at n / rate seconds after the start, whichever submitter sends it.
    const qint64 dueNs =
        m_options.rate > 0 ? m_beginNs + qint64(double(number) * 1e9 / m_options.rate) : 0;
    if (const qint64 waitNs = dueNs - nowNs(); waitNs > 0)
        QTimer::singleShot(int(waitNs / 1'000'000), Qt::PreciseTimer, this, send);
    else
        send();
}

void LoadGenerator::post(int submitter)
{
    ++m_data.submitted;
    m_submitters[size_t(submitter)].connection->post("/api/orders/execute", m_body, m_headers);
}

void LoadGenerator::onResponse(int submitter, int status, const QByteArray &body,
                               const QString &error)
{
    if (m_done)
        return;
    const qint64 now = nowNs();
    m_data.lastResponseNs = now;
    if (status == 429) {
        // The server's per-client budget: the order is not lost, it is sent again a bit later
        // (its latency keeps counting from the first attempt, as a user's would).
        ++m_data.httpErrors[QStringLiteral("429")];
        QTimer::singleShot(RetryAfter429Ms, this, [this, submitter] {
            if (!m_done)
                post(submitter);
        });
        return;
    }
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QString orderId = json.value(QStringLiteral("orderId")).toString();
    if (status != 201 || orderId.isEmpty()) {
        const QString kind = status == 0 ? QStringLiteral("connection: ") + error
                                         : QString::number(status) + QLatin1Char(' ') +
                                               json.value(QStringLiteral("error"))
                                                   .toObject()
                                                   .value(QStringLiteral("code"))
                                                   .toString();
        ++m_data.httpErrors[kind];
        ++m_resolved;
        submitNext(submitter);
        checkDone();
        return;
    }

    Tracked &order = m_orders[orderId]; // the firehose may have seen it already
    order.record.id = orderId;
    order.record.submitNs = m_submitters[size_t(submitter)].submitNs;
    order.record.acceptedNs = now;
    order.submitter = m_options.pipeline ? -1 : submitter;
    if (!m_options.firehose)
        openStream(orderId);
    if (m_options.pipeline)
        submitNext(submitter);
    if (order.record.terminalNs >= 0)
        resolve(order);
}

void LoadGenerator::openStream(const QString &orderId)
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(socket, &QWebSocket::connected, this, [this, orderId] {
        const auto order = m_orders.find(orderId);
        if (order != m_orders.end())
            order->second.record.streamOpenNs = nowNs();
    });
    connect(socket, &QWebSocket::textMessageReceived, this, &LoadGenerator::onMessage);
    connect(socket, &QWebSocket::disconnected, this,
            [this, socket, orderId] { onStreamClosed(socket, orderId); });
    // Qt 6.4: error(SocketError) is the signal (errorOccurred is 6.5+). A refused connection
    // may end without disconnected().
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket, orderId](QAbstractSocket::SocketError) {
                if (socket->state() == QAbstractSocket::UnconnectedState)
                    onStreamClosed(socket, orderId);
            });
    QUrl url = m_options.url;
    url.setScheme(QStringLiteral("ws"));
    url.setPath(QStringLiteral("/api/orders/execute"));
    url.setQuery(QStringLiteral("orderId=") + orderId);
    QNetworkRequest request(url);
    if (!m_options.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
    socket->open(request);
}

void LoadGenerator::onStreamClosed(QWebSocket *socket, const QString &orderId)
{
    if (socket->property("closedSeen").toBool())
        return;
    socket->setProperty("closedSeen", true);
    socket->deleteLater();
    if (m_done)
        return;
    auto it = m_orders.find(orderId);
    if (it == m_orders.end() || it->second.record.terminalNs >= 0)
        return;
    // Closed before its terminal status: the order is not followed any further.
    ++m_data.streamsLost;
    it->second.lost = true;
    resolve(it->second);
}

void LoadGenerator::onMessage(const QString &text)
{
    if (m_done)
        return;
    const qint64 now = nowNs();
    const double arrivalWallMs = wallMs();
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QStringLiteral("type")).toString();
    const QString orderId = message.value(QStringLiteral("orderId")).toString();
    if (type == QLatin1String("error")) {
        const QString code = message.value(QStringLiteral("error"))
                                 .toObject()
                                 .value(QStringLiteral("code"))
                                 .toString();
        ++m_data.httpErrors[QStringLiteral("ws error ") +
                            (code.isEmpty() ? QStringLiteral("?") : code)];
        return;
    }
    if (orderId.isEmpty() || (type != QLatin1String("status") && type != QLatin1String("snapshot")))
        return;
    // On the firehose, an order's events can arrive before its 201.
    Tracked &order = m_orders[orderId];
    order.record.id = orderId;

    if (type == QLatin1String("snapshot")) {
        order.record.lastStatus = message.value(QStringLiteral("status")).toString();
        for (const QJsonValue &value : message.value(QStringLiteral("history")).toArray()) {
            const QJsonObject event = value.toObject();
            ++m_data.snapshotEvents;
            order.record.statusTsMs.insert(event.value(QStringLiteral("status")).toString(),
                                           parseTsMs(event.value(QStringLiteral("ts"))));
            order.lastSeq = std::max(order.lastSeq, event.value(QStringLiteral("seq")).toInteger());
        }
        const QString status = message.value(QStringLiteral("status")).toString();
        if (isTerminal(status))
            markTerminal(order, status, now, true);
        return;
    }

    ++m_data.liveEvents;
    const QString status = message.value(QStringLiteral("status")).toString();
    const qint64 seq = message.value(QStringLiteral("seq")).toInteger();
    if (order.lastSeq > 0 && seq != order.lastSeq + 1)
        ++m_data.seqGaps;
    order.lastSeq = std::max(order.lastSeq, seq);
    order.record.lastStatus = status;
    const qint64 tsMs = parseTsMs(message.value(QStringLiteral("ts")));
    if (tsMs >= 0) {
        order.record.statusTsMs.insert(status, tsMs);
        m_data.deliveryMs.push_back(arrivalWallMs - double(tsMs));
    }
    if (isTerminal(status))
        markTerminal(order, status, now, false);
}

void LoadGenerator::markTerminal(Tracked &order, const QString &status, qint64 nowNs,
                                 bool fromSnapshot)
{
    if (order.record.terminalNs >= 0)
        return;
    order.record.terminalNs = nowNs;
    order.record.terminalStatus = status;
    order.record.terminalFromSnapshot = fromSnapshot;
    if (order.record.submitNs >= 0) // else: its 201 is still on the way; resolved then
        resolve(order);
}

void LoadGenerator::resolve(Tracked &order)
{
    if (order.resolved)
        return;
    order.resolved = true;
    ++m_resolved;
    if (order.record.terminalNs >= 0)
        m_data.lastTerminalNs = std::max(m_data.lastTerminalNs, order.record.terminalNs);
    if (order.submitter >= 0) {
        const int submitter = order.submitter;
        order.submitter = -1;
        submitNext(submitter);
    }
    checkDone();
}

void LoadGenerator::checkDone()
{
    if (!m_done && m_resolved >= m_options.orders)
        finish(false);
}

void LoadGenerator::finish(bool timedOut)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    const qint64 end = nowNs();
    m_data.timedOut = timedOut;
    m_data.endNs = end;
    m_data.wallSec = m_running ? (end - m_beginNs) / 1e9 : 0.0;
    m_data.clientCpuSec = m_running ? processCpuSec() - m_clientCpuBefore : 0.0;
    m_data.loadAfter = loadAverage();
    if (m_running && m_machineBefore >= 0)
        m_data.machineBusySec = ProcessProbe::machineBusySec() - m_machineBefore;

    for (auto &[id, order] : m_orders) {
        if (order.record.submitNs >= 0) { // one of ours, answered 201
            order.record.lastSeq = order.lastSeq;
            m_data.orders.push_back(order.record);
        }
    }

    if (m_options.serverPid > 0) {
        const ProcessProbe after = ProcessProbe::take(m_options.serverPid);
        if (!after.isValid() || !m_serverBefore.isValid()) {
            m_data.server = QJsonObject{
                {QStringLiteral("pid"), m_options.serverPid},
                {QStringLiteral("error"),
                 QStringLiteral("cannot read /proc/%1 (process gone?)").arg(m_options.serverPid)}};
        } else {
            const QJsonObject cpu = ProcessProbe::cpuBetween(m_serverBefore, after, m_data.wallSec);
            int finished = 0;
            for (const OrderRecord &order : m_data.orders)
                finished += order.terminalNs >= 0 ? 1 : 0;
            const double cpuSec = cpu[QStringLiteral("userSec")].toDouble() +
                                  cpu[QStringLiteral("systemSec")].toDouble();
            m_data.server = QJsonObject{
                {QStringLiteral("pid"), m_options.serverPid},
                {QStringLiteral("peakRssKb"), after.peakRssKb()},
                {QStringLiteral("rssKb"), after.rssKb()},
                {QStringLiteral("cpu"), cpu},
                {QStringLiteral("cpuMsPerOrder"), finished > 0 ? cpuSec * 1000.0 / finished : 0.0},
            };
        }
    }

    for (int i = 0; i < m_options.auxPids.size() && i < m_auxBefore.size(); ++i) {
        const double after = ProcessProbe::treeCpuSec(m_options.auxPids[i].second);
        if (after >= 0 && m_auxBefore[i] >= 0)
            m_data.aux.insert(m_options.auxPids[i].first, after - m_auxBefore[i]);
    }

    for (QWebSocket *watcher : m_watchers) {
        watcher->disconnect(this);
        watcher->close();
    }
    if (m_firehose) {
        m_firehose->disconnect(this);
        m_firehose->close();
    }
    Q_EMIT finished();
}

} // namespace OrderDeskBench
