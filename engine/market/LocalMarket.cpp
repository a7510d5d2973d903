#include "LocalMarket.h"

#include "Chain.h"
#include "EngineTelemetry.h"
#include "Ledger.h"
#include "SimulatedVenue.h"

#include <QDir>

namespace OrderDesk {

LocalMarket::LocalMarket(const MarketConfig &config, TokenRegistry &tokens, QObject *parent)
    : Market(parent), m_tokens(tokens),
      m_simulator(std::make_unique<MarketSimulator>(config, tokens)),
      m_ledger(std::make_unique<Ledger>(
          config.dataDir.isEmpty()
              ? QString()
              : QDir(config.dataDir).filePath(QStringLiteral("market-ledger.db"))))
{
    Chain::Config chain;
    chain.latencyScale = config.latencyScale;
    chain.dropRate = config.failureRate;
    // A stream of its own, derived from the market's seed: a seeded market repeats its drops.
    chain.seed = m_simulator->seed() ^ 0x9e3779b97f4a7c15ULL;
    MarketSimulator *simulator = m_simulator.get();
    m_chain = std::make_unique<Chain>(
        *m_ledger, chain,
        [simulator](const SwapTransaction &tx) {
            return simulator->executeSwap(tx);
        },
        [this](qint64, int) { Q_EMIT pricesMoved(); });

    connect(m_simulator.get(), &MarketSimulator::pricesMoved, this, &Market::pricesMoved);
    connect(m_simulator.get(), &MarketSimulator::poolCreated, this, &Market::poolCreated);
}

LocalMarket::~LocalMarket()
{
    close();
}

bool LocalMarket::open(QString *error)
{
    if (m_open)
        return true;
    if (!m_ledger->open(error) || !m_chain->open(error))
        return false;
    m_open = true;
    return true;
}

void LocalMarket::close()
{
    if (!m_open)
        return;
    m_chain->close();
    m_open = false;
}

QString LocalMarket::describe() const
{
    return QStringLiteral("in-process");
}

bool LocalMarket::isHealthy()
{
    return m_open;
}

QString LocalMarket::ledgerPath() const
{
    return m_ledger->path();
}

VenueQuote LocalMarket::quote(Venue venue, const Token &tokenIn, const Token &tokenOut,
                              Int128 amountIn)
{
    const LatencyTimer roundTrip(EngineTelemetry::process().quoteRoundTrip(venue));
    return m_simulator->venue(venue)->quote(tokenIn, tokenOut, amountIn);
}

VenueQuote LocalMarket::indicativeQuote(Venue venue, const Token &tokenIn, const Token &tokenOut,
                                        Int128 amountIn) const
{
    return m_simulator->venue(venue)->indicativeQuote(tokenIn, tokenOut, amountIn);
}

std::optional<Int128> LocalMarket::spotPrice(Venue venue, const Token &tokenIn,
                                             const Token &tokenOut) const
{
    return m_simulator->spotPrice(venue, tokenIn, tokenOut);
}

QList<PoolListing> LocalMarket::listings() const
{
    QList<PoolListing> all;
    for (const Venue venue : AllVenues)
        all += m_simulator->simulatedVenue(venue)->listings();
    return all;
}

std::optional<Blockhash> LocalMarket::latestBlockhash()
{
    if (!m_open)
        return std::nullopt;
    return m_chain->latestBlockhash();
}

std::optional<qint64> LocalMarket::blockHeight()
{
    if (!m_open)
        return std::nullopt;
    return m_chain->blockHeight();
}

SendResult LocalMarket::sendTransaction(const SwapTransaction &transaction)
{
    const LatencyTimer roundTrip(EngineTelemetry::process().sendRoundTrip());
    if (!m_open) {
        SendResult result;
        result.error = {QStringLiteral("market_unavailable"),
                        QStringLiteral("the in-process market is not open"), false};
        return result;
    }
    return m_chain->send(transaction);
}

std::optional<SignatureStatus> LocalMarket::signatureStatus(const QString &signature)
{
    const std::optional<QList<SignatureStatus>> statuses = signatureStatuses({signature});
    if (!statuses)
        return std::nullopt;
    return statuses->first();
}

std::optional<QList<SignatureStatus>> LocalMarket::signatureStatuses(const QStringList &signatures)
{
    if (!m_open)
        return std::nullopt;
    return m_chain->statuses(signatures);
}

std::optional<LandedTransaction> LocalMarket::transaction(const QString &signature)
{
    if (!m_open)
        return std::nullopt;
    return m_chain->transaction(signature);
}

std::optional<QList<LandedTransaction>> LocalMarket::ledger(qint64 after, int limit)
{
    if (!m_open)
        return std::nullopt;
    return m_ledger->executed(after, std::clamp(limit, 0, 1000));
}

qint64 LocalMarket::blockIntervalMs() const
{
    return m_chain->blockIntervalMs();
}

bool LocalMarket::setSpotPrice(Venue venue, const Token &base, const Token &quote, Int128 price)
{
    return m_simulator->setSpotPrice(venue, base, quote, price);
}

bool LocalMarket::launchToken(const Token &token, std::optional<Venue> venue,
                              Int128 quoteLiquidityUsdcUnits)
{
    return m_simulator->launchToken(token, venue, quoteLiquidityUsdcUnits);
}

} // namespace OrderDesk
