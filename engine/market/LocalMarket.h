#pragma once

#include "Market.h"
#include "MarketSimulator.h"

#include <atomic>
#include <memory>

namespace OrderDesk {

class Chain;
class Ledger;

// The market in-process (the embedded default, and what orderdesk-market serves): the venues of
// a MarketSimulator, a Chain that lands transactions in blocks, and the Ledger that keeps them
// in `<config.dataDir>/market-ledger.db` (a temporary file without a data dir).
//
// The price walk is the caller's to drive: simulator().startTicking(ms) on a thread with an
// event loop, as the engine and orderdesk-market do.
class LocalMarket : public Market
{
    Q_OBJECT

public:
    LocalMarket(const MarketConfig &config, TokenRegistry &tokens, QObject *parent = nullptr);
    ~LocalMarket() override;

    bool open(QString *error) override;
    // Stops producing blocks and records the chain's height (the destructor does it too).
    void close();
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

    bool setSpotPrice(Venue venue, const Token &base, const Token &quote, Int128 price) override;
    bool launchToken(const Token &token, std::optional<Venue> venue,
                     Int128 quoteLiquidityUsdcUnits) override;

    MarketSimulator &simulator() { return *m_simulator; }
    TokenRegistry &tokens() { return m_tokens; }
    QString ledgerPath() const;

private:
    TokenRegistry &m_tokens;
    std::unique_ptr<MarketSimulator> m_simulator;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Chain> m_chain;
    std::atomic<bool> m_open{false}; // read by workers and the health checks
};

} // namespace OrderDesk
