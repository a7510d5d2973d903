#pragma once

#include "Market.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QElapsedTimer>
#include <QMutex>
#include <QSet>
#include <QThread>
#include <QUrl>

#include <array>
#include <memory>

namespace OrderDesk {

class MarketHttpClient;
class PoolPoller;
class SimulatedVenue;

// The market as a client of `orderdesk-market` (several engine nodes share one). Chain calls are
// Solana JSON-RPC over POST /rpc, quotes GET /quote, the ledger GET /ledger, all over a blocking
// HTTP client usable from worker threads. A poller on a thread of its own mirrors GET /pools
// every block or so, so indicativeQuote/spotPrice answer without a round trip and launched
// tokens join the TokenRegistry.
//
// When the market does not answer, chain calls return nullopt and sendTransaction
// SendResult::Unreachable: never an answer that was not given.
class RemoteMarket : public Market
{
    Q_OBJECT

public:
    RemoteMarket(const QUrl &baseUrl, TokenRegistry &tokens, QObject *parent = nullptr);
    ~RemoteMarket() override;

    // Fails, naming the URL, when the market does not answer GET /health and GET /pools.
    bool open(QString *error) override;
    QString describe() const override;
    bool isHealthy() override;

    VenueQuote quote(Venue venue, const Token &tokenIn, const Token &tokenOut,
                     Int128 amountIn) override;
    VenueQuote indicativeQuote(Venue venue, const Token &tokenIn, const Token &tokenOut,
                               Int128 amountIn) const override;
    std::optional<Int128> spotPrice(Venue venue, const Token &tokenIn,
                                    const Token &tokenOut) const override;
    QList<PoolListing> listings() const override;

    std::optional<Blockhash> latestBlockhash() override;
    std::optional<qint64> blockHeight() override;
    SendResult sendTransaction(const SwapTransaction &transaction) override;
    std::optional<SignatureStatus> signatureStatus(const QString &signature) override;
    std::optional<QList<SignatureStatus>> signatureStatuses(const QStringList &signatures) override;
    std::optional<LandedTransaction> transaction(const QString &signature) override;
    std::optional<QList<LandedTransaction>> ledger(qint64 after, int limit) override;
    qint64 blockIntervalMs() const override;

    // Through the service's /sim endpoints: they exist only with --sim-control.
    bool setSpotPrice(Venue venue, const Token &base, const Token &quote, Int128 price) override;
    bool launchToken(const Token &token, std::optional<Venue> venue,
                     Int128 quoteLiquidityUsdcUnits) override;

private:
    struct RpcReply
    {
        bool reached = false;  // an answer came back (result or error)
        QJsonValue result;
        QJsonObject error;     // the JSON-RPC error object, when there is one
        QString failure;       // why there was no answer
    };
    RpcReply rpc(const QString &method, const QJsonArray &params);
    std::optional<QJsonObject> getJson(const QString &pathAndQuery, QString *error);
    void applyPools(const QJsonObject &json);
    void stopPoller();

    const QUrl m_baseUrl;
    TokenRegistry &m_tokens;
    std::unique_ptr<MarketHttpClient> m_client;
    std::array<std::unique_ptr<SimulatedVenue>, 2> m_mirrors; // the streamed pools
    qint64 m_blockIntervalMs = 400;
    // The last blockhash and when it was fetched: every transaction built within one block signs
    // the same one (as Solana clients do), one request per block instead of one per order.
    QMutex m_blockhashMutex;
    std::optional<Blockhash> m_blockhash;
    QElapsedTimer m_blockhashAge;
    QMutex m_poolsMutex;
    QSet<QString> m_knownPools; // venue/mintA/mintB, to tell new pools apart
    bool m_seenPools = false;
    QThread m_pollerThread;
    PoolPoller *m_poller = nullptr; // lives on m_pollerThread, deleted when it finishes
};

} // namespace OrderDesk
