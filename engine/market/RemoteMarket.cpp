#include "RemoteMarket.h"

#include "JsonText.h"
#include "VenuePool.h"
#include "EngineTelemetry.h"
#include "Logging.h"
#include "MarketHttpClient.h"
#include "PoolPoller.h"
#include "SimulatedVenue.h"

#include <QJsonDocument>
#include <QUrlQuery>

#include <atomic>

namespace OrderDesk {

namespace {
int indexOf(Venue venue)
{
    return venue == Venue::Raydium ? 0 : 1;
}

std::atomic<quint64> s_rpcIds{0};

OrderError unreachable(const QUrl &url, const QString &why)
{
    return {QStringLiteral("market_unreachable"),
            QStringLiteral("the market at %1 did not answer: %2").arg(url.toString(), why), false};
}
} // namespace

RemoteMarket::RemoteMarket(const QUrl &baseUrl, TokenRegistry &tokens, QObject *parent)
    : Market(parent), m_baseUrl(baseUrl), m_tokens(tokens),
      m_client(std::make_unique<MarketHttpClient>(baseUrl))
{
    for (Venue venue : AllVenues)
        m_mirrors[indexOf(venue)] = std::make_unique<SimulatedVenue>(venue, 0.0, 0);
    m_pollerThread.setObjectName(QStringLiteral("market-poller"));
}

RemoteMarket::~RemoteMarket()
{
    stopPoller();
}

void RemoteMarket::stopPoller()
{
    if (!m_pollerThread.isRunning())
        return;
    QMetaObject::invokeMethod(m_poller, &PoolPoller::stop, Qt::BlockingQueuedConnection);
    m_pollerThread.quit();
    m_pollerThread.wait();
    m_poller = nullptr;
}

QString RemoteMarket::describe() const
{
    return m_baseUrl.toString();
}

std::optional<QJsonObject> RemoteMarket::getJson(const QString &pathAndQuery, QString *error)
{
    const std::optional<MarketHttpClient::Response> response = m_client->get(pathAndQuery, error);
    if (!response)
        return std::nullopt;
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(response->body, &parse);
    if (response->status != 200 || !document.isObject()) {
        *error = QStringLiteral("%1%2 answered HTTP %3")
                     .arg(m_baseUrl.toString(), pathAndQuery)
                     .arg(response->status);
        return std::nullopt;
    }
    return document.object();
}

bool RemoteMarket::open(QString *error)
{
    QString why;
    const std::optional<QJsonObject> health = getJson(QStringLiteral("/health"), &why);
    const std::optional<QJsonObject> pools =
        health ? getJson(QStringLiteral("/pools"), &why) : std::nullopt;
    if (!health || !pools) {
        *error = QStringLiteral("market %1 is unreachable: %2").arg(m_baseUrl.toString(), why);
        return false;
    }
    m_blockIntervalMs = qint64(health->value(QStringLiteral("blockIntervalMs")).toDouble(400));
    applyPools(*pools);

    if (!m_pollerThread.isRunning()) {
        // Every block, but not more than four times a second: a block at latency scale 0 is
        // 10 ms, and the mirror feeds previews, triggers and the search for split and two-hop
        // routes, never a fill (each fill is quoted by the market). A snapshot of every pool
        // costs the market ~64 M instructions to write and this node ~22 M to read: ten a
        // second took a third of a core between them.
        const int intervalMs = int(std::max<qint64>(250, m_blockIntervalMs));
        m_poller = new PoolPoller(m_baseUrl, intervalMs); // deleted when the thread finishes
        m_poller->moveToThread(&m_pollerThread);
        connect(&m_pollerThread, &QThread::finished, m_poller, &QObject::deleteLater);
        connect(m_poller, &PoolPoller::poolsFetched, this, &RemoteMarket::applyPools,
                Qt::DirectConnection);
        m_pollerThread.start();
        QMetaObject::invokeMethod(m_poller, &PoolPoller::start, Qt::QueuedConnection);
    }
    qCInfo(lcMarket).noquote() << "market" << m_baseUrl.toString() << ": a block every"
                               << m_blockIntervalMs << "ms";
    return true;
}

bool RemoteMarket::isHealthy()
{
    QString why;
    return getJson(QStringLiteral("/health"), &why).has_value();
}

// Runs on the poller's thread (and once in open()): the mirrors and the registry are
// thread-safe; the set of known pools has its own lock.
void RemoteMarket::applyPools(const QJsonObject &json)
{
    std::array<QList<VenuePool>, 2> byVenue;
    QList<std::pair<Venue, VenuePool>> created;
    QMutexLocker locker(&m_poolsMutex);
    const QJsonArray pools = json.value(QStringLiteral("pools")).toArray();
    for (const QJsonValue &value : pools) {
        const QJsonObject entry = value.toObject();
        const std::optional<Venue> venue =
            venueFromString(entry.value(QStringLiteral("venue")).toString());
        const std::optional<VenuePool> pool = VenuePool::fromJson(entry);
        if (!venue || !pool)
            continue;
        // A token launched on the market becomes tradable here as it appears.
        m_tokens.add(pool->tokenA());
        m_tokens.add(pool->tokenB());
        byVenue[indexOf(*venue)].append(*pool);
        const QString key =
            toString(*venue) + QLatin1Char('/') + pool->tokenA().mint + QLatin1Char('/') + pool->tokenB().mint;
        if (!m_knownPools.contains(key)) {
            m_knownPools.insert(key);
            if (m_seenPools)
                created.append({*venue, *pool});
        }
    }
    for (Venue venue : AllVenues)
        m_mirrors[indexOf(venue)]->setPools(byVenue[indexOf(venue)]);
    m_seenPools = true;
    locker.unlock();

    Q_EMIT pricesMoved();
    for (const auto &[venue, pool] : std::as_const(created))
        Q_EMIT poolCreated(venue, pool.tokenA().symbol, pool.tokenB().symbol);
}

VenueQuote RemoteMarket::quote(Venue venue, const Token &tokenIn, const Token &tokenOut,
                               Int128 amountIn)
{
    const LatencyTimer roundTrip(EngineTelemetry::process().quoteRoundTrip(venue));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("inputMint"), tokenIn.mint);
    query.addQueryItem(QStringLiteral("outputMint"), tokenOut.mint);
    query.addQueryItem(QStringLiteral("amount"), Decimal::toString(amountIn));
    query.addQueryItem(QStringLiteral("swapMode"), QStringLiteral("ExactIn"));
    query.addQueryItem(QStringLiteral("venue"), toString(venue).toLower());
    QString why;
    const std::optional<MarketHttpClient::Response> response =
        m_client->get(QStringLiteral("/quote?") + query.toString(QUrl::FullyEncoded), &why);
    if (response) {
        const QJsonObject json = QJsonDocument::fromJson(response->body).object();
        if (std::optional<VenueQuote> quote = VenueQuote::fromJson(json, tokenIn, tokenOut))
            return *quote;
        why = json.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        if (why.isEmpty())
            why = QStringLiteral("HTTP %1").arg(response->status);
    }
    VenueQuote failed;
    failed.venue = venue;
    failed.amountIn = amountIn;
    failed.unavailableReason =
        QStringLiteral("no quote from the market at %1: %2").arg(m_baseUrl.toString(), why);
    failed.quotedAt = QDateTime::currentDateTimeUtc();
    return failed;
}

VenueQuote RemoteMarket::indicativeQuote(Venue venue, const Token &tokenIn, const Token &tokenOut,
                                         Int128 amountIn) const
{
    return m_mirrors[indexOf(venue)]->indicativeQuote(tokenIn, tokenOut, amountIn);
}

std::optional<Int128> RemoteMarket::spotPrice(Venue venue, const Token &tokenIn,
                                              const Token &tokenOut) const
{
    return m_mirrors[indexOf(venue)]->spotPrice(tokenIn, tokenOut);
}

QList<PoolListing> RemoteMarket::listings() const
{
    QList<PoolListing> all;
    for (const auto &mirror : m_mirrors)
        all += mirror->listings();
    return all;
}

RemoteMarket::RpcReply RemoteMarket::rpc(const QString &method, const QJsonArray &params)
{
    RpcReply reply;
    const QJsonObject request{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                              {QStringLiteral("id"), double(++s_rpcIds)},
                              {QStringLiteral("method"), method},
                              {QStringLiteral("params"), params}};
    const std::optional<MarketHttpClient::Response> response = m_client->post(
        QStringLiteral("/rpc"), JsonText::compact(request),
        &reply.failure);
    if (!response)
        return reply;
    const QJsonObject json = QJsonDocument::fromJson(response->body).object();
    if (json.contains(QStringLiteral("error"))) {
        reply.reached = true;
        reply.error = json.value(QStringLiteral("error")).toObject();
    } else if (json.contains(QStringLiteral("result"))) {
        reply.reached = true;
        reply.result = json.value(QStringLiteral("result"));
    } else {
        reply.failure = QStringLiteral("HTTP %1 without a JSON-RPC answer").arg(response->status);
    }
    return reply;
}

std::optional<Blockhash> RemoteMarket::latestBlockhash()
{
    {
        QMutexLocker locker(&m_blockhashMutex);
        // Within one block it is the latest still; its lastValidBlockHeight bounds it exactly.
        if (m_blockhash && m_blockhashAge.isValid() && !m_blockhashAge.hasExpired(m_blockIntervalMs))
            return m_blockhash;
    }
    const RpcReply reply = rpc(QStringLiteral("getLatestBlockhash"), {});
    const QJsonObject result = reply.result.toObject();
    const QJsonObject value = result.value(QStringLiteral("value")).toObject();
    if (!reply.reached || value.isEmpty())
        return std::nullopt;
    const Blockhash latest{value.value(QStringLiteral("blockhash")).toString(),
                           qint64(value.value(QStringLiteral("lastValidBlockHeight")).toDouble()),
                           qint64(result.value(QStringLiteral("context")).toObject()
                                      .value(QStringLiteral("slot")).toDouble())};
    QMutexLocker locker(&m_blockhashMutex);
    m_blockhash = latest;
    m_blockhashAge.start();
    return latest;
}

std::optional<qint64> RemoteMarket::blockHeight()
{
    const RpcReply reply = rpc(QStringLiteral("getBlockHeight"), {});
    if (!reply.reached || !reply.result.isDouble())
        return std::nullopt;
    return qint64(reply.result.toDouble());
}

SendResult RemoteMarket::sendTransaction(const SwapTransaction &transaction)
{
    const LatencyTimer roundTrip(EngineTelemetry::process().sendRoundTrip());
    const RpcReply reply = rpc(QStringLiteral("sendTransaction"), {transaction.toJson()});
    SendResult result;
    if (!reply.reached) {
        result.error = unreachable(m_baseUrl, reply.failure);
        return result;
    }
    if (reply.result.isString() && reply.result.toString() == transaction.signature) {
        result.kind = SendResult::Kind::Accepted;
        return result;
    }
    // A refusal names its reason in data; anything else (an internal error) says nothing about
    // whether the transaction arrived.
    const QJsonObject data = reply.error.value(QStringLiteral("data")).toObject();
    const QString code = data.value(QStringLiteral("code")).toString();
    if (code.isEmpty()) {
        result.error = unreachable(m_baseUrl,
                                   reply.error.value(QStringLiteral("message")).toString());
        return result;
    }
    result.kind = SendResult::Kind::Rejected;
    result.error = {code, reply.error.value(QStringLiteral("message")).toString(),
                    data.value(QStringLiteral("permanent")).toBool()};
    return result;
}

std::optional<SignatureStatus> RemoteMarket::signatureStatus(const QString &signature)
{
    const std::optional<QList<SignatureStatus>> statuses = signatureStatuses({signature});
    if (!statuses || statuses->size() != 1)
        return std::nullopt;
    return statuses->first();
}

std::optional<QList<SignatureStatus>> RemoteMarket::signatureStatuses(const QStringList &signatures)
{
    QList<SignatureStatus> statuses;
    // getSignatureStatuses takes at most 256 at a time.
    for (qsizetype from = 0; from < signatures.size(); from += 256) {
        const QStringList batch = signatures.mid(from, 256);
        const RpcReply reply = rpc(QStringLiteral("getSignatureStatuses"),
                                   {QJsonArray::fromStringList(batch),
                                    QJsonObject{{QStringLiteral("searchTransactionHistory"), true}}});
        const QJsonObject result = reply.result.toObject();
        const QJsonArray values = result.value(QStringLiteral("value")).toArray();
        if (!reply.reached || values.size() != batch.size())
            return std::nullopt;
        const qint64 contextSlot = qint64(
            result.value(QStringLiteral("context")).toObject().value(QStringLiteral("slot")).toDouble());
        for (const QJsonValue &value : values) {
            SignatureStatus status;
            status.contextSlot = contextSlot;
            if (value.isObject()) {
                const QJsonObject entry = value.toObject();
                status.landed = true;
                status.slot = qint64(entry.value(QStringLiteral("slot")).toDouble());
                const QJsonValue err = entry.value(QStringLiteral("err"));
                if (err.isObject()) {
                    status.error = OrderError::fromJson(err.toObject());
                    if (!status.error)
                        return std::nullopt;
                }
            }
            statuses.append(status);
        }
    }
    return statuses;
}

std::optional<LandedTransaction> RemoteMarket::transaction(const QString &signature)
{
    const RpcReply reply = rpc(QStringLiteral("getTransaction"), {signature});
    if (!reply.reached || !reply.error.isEmpty())
        return std::nullopt;
    if (reply.result.isNull())
        return LandedTransaction{};
    return LandedTransaction::fromJson(reply.result.toObject(), m_tokens);
}

std::optional<QList<LandedTransaction>> RemoteMarket::ledger(qint64 after, int limit)
{
    QString why;
    const std::optional<QJsonObject> json =
        getJson(QStringLiteral("/ledger?after=%1&limit=%2").arg(after).arg(limit), &why);
    if (!json)
        return std::nullopt;
    QList<LandedTransaction> entries;
    for (const QJsonValue &value : json->value(QStringLiteral("entries")).toArray()) {
        std::optional<LandedTransaction> entry = LandedTransaction::fromJson(value.toObject(), m_tokens);
        if (!entry)
            return std::nullopt;
        entries.append(*entry);
    }
    return entries;
}

qint64 RemoteMarket::blockIntervalMs() const
{
    return m_blockIntervalMs;
}

bool RemoteMarket::setSpotPrice(Venue venue, const Token &base, const Token &quote, Int128 price)
{
    const QJsonObject body{{QStringLiteral("venue"), toString(venue).toLower()},
                           {QStringLiteral("base"), base.mint},
                           {QStringLiteral("quote"), quote.mint},
                           {QStringLiteral("price"), Decimal::format(price, PriceScale)}};
    QString why;
    const auto response = m_client->post(QStringLiteral("/sim/price"),
                                         JsonText::compact(body), &why);
    return response && response->status == 200;
}

bool RemoteMarket::launchToken(const Token &token, std::optional<Venue> venue,
                               Int128 quoteLiquidityUsdcUnits)
{
    QJsonObject body{{QStringLiteral("token"), token.symbol},
                     {QStringLiteral("mint"), token.mint},
                     {QStringLiteral("decimals"), token.decimals},
                     {QStringLiteral("liquidity"),
                      Decimal::format(quoteLiquidityUsdcUnits, TokenRegistry::usdc().decimals)}};
    if (venue)
        body.insert(QStringLiteral("venue"), toString(*venue).toLower());
    QString why;
    const auto response = m_client->post(QStringLiteral("/sim/launch"),
                                         JsonText::compact(body), &why);
    if (!response || response->status != 201)
        return false;
    m_tokens.add(token);
    return true;
}

} // namespace OrderDesk
