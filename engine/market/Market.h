#pragma once

#include "DexVenue.h"
#include "Order.h"
#include "SwapTransaction.h"
#include "Token.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace OrderDesk {

// A recent blockhash and the last block height at which a transaction carrying it can land
// (Solana's getLatestBlockhash). Past that height the transaction never executes.
struct Blockhash
{
    QString blockhash;            // base58
    qint64 lastValidBlockHeight = 0;
    qint64 slot = 0;              // the height it was read at (no skipped slots in the simulation)
};

// What the market says about one signature (Solana's getSignatureStatuses, one entry), read at
// `contextSlot`.
struct SignatureStatus
{
    qint64 contextSlot = 0;   // the block height when the market answered
    bool landed = false;      // false: unknown to the chain (pending, dropped, or never sent)
    qint64 slot = 0;          // landed: the block it landed in
    std::optional<OrderError> error; // landed but failed on chain (no swap happened)
};

// A landed transaction's real result (getTransaction), and one line of the ledger.
struct LandedTransaction
{
    QString signature;
    QString orderId;
    int attempt = 0;
    Venue venue = Venue::Raydium;
    Token tokenIn;
    Token tokenOut;
    Int128 amountIn = 0;
    Int128 amountOut = 0;
    Int128 executedPrice = 0; // PriceScale decimals, tokenOut per tokenIn
    QList<RouteLeg> legs;     // the route as executed (one leg on `venue` for a plain swap)
    qint64 slot = 0;
    qint64 sequence = 0;      // position in the ledger (1, 2, …), what /ledger?after= pages on
    std::optional<OrderError> error; // failed on chain: amounts are 0, nothing was swapped
    QDateTime landedAt;       // when its block was produced (UTC)
    bool isKnown() const { return !signature.isEmpty(); }
    // Amounts as raw base-unit integers in strings, executedPrice as a decimal, tokens by mint
    // with their symbol and decimals (so a launched token the reader has not seen yet resolves).
    QJsonObject toJson() const;
    static std::optional<LandedTransaction> fromJson(const QJsonObject &json,
                                                     const TokenRegistry &tokens);
};

struct SendResult
{
    enum class Kind {
        Accepted,   // forwarded: it lands within the latency unless dropped or expired
        Rejected,   // refused for sure, it will never land (blockhash not found, bad signature)
        Unreachable // the market did not answer: the transaction may or may not have arrived
    };
    Kind kind = Kind::Unreachable;
    OrderError error; // Rejected / Unreachable
};

// The simulated Solana world as the engine sees it: two venues' quotes and pools, a chain that
// produces a block every 400 ms × latency scale, and a durable ledger of every transaction that
// landed. Two implementations: LocalMarket (in-process, the embedded default) and RemoteMarket
// (a client of the `orderdesk-market` service that several nodes share).
//
// Every call may block (a venue's latency, a round trip) and runs on worker threads; none is
// made from the GUI or HTTP thread except the simulation controls. std::nullopt from a chain
// call means the market could not be reached: never "not landed".
class Market : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Market() override = default;

    virtual bool open(QString *error) = 0;
    virtual QString describe() const = 0; // "in-process" or "http://host:port"
    virtual bool isHealthy() = 0;

    // --- venues -----------------------------------------------------------------------------
    // One venue's quote for one hop, after its quote latency (~200 ms × latency scale).
    virtual VenueQuote quote(Venue venue, const Token &tokenIn, const Token &tokenOut,
                             Int128 amountIn) = 0;
    // The same answer from the last streamed pool state, without a round trip: what triggers
    // and quote previews watch. May be a moment stale.
    virtual VenueQuote indicativeQuote(Venue venue, const Token &tokenIn, const Token &tokenOut,
                                       Int128 amountIn) const = 0;
    // tokenOut per whole tokenIn on `venue` (PriceScale), from the streamed state.
    virtual std::optional<Int128> spotPrice(Venue venue, const Token &tokenIn,
                                            const Token &tokenOut) const = 0;
    // Every pool on both venues, from the streamed state (no round trip, any thread): what a
    // market watch lists.
    virtual QList<PoolListing> listings() const = 0;

    // --- chain (Solana JSON-RPC) ------------------------------------------------------------
    virtual std::optional<Blockhash> latestBlockhash() = 0;
    virtual std::optional<qint64> blockHeight() = 0;
    // Idempotent: the same signed transaction sent twice executes at most once.
    virtual SendResult sendTransaction(const SwapTransaction &transaction) = 0;
    virtual std::optional<SignatureStatus> signatureStatus(const QString &signature) = 0;
    // Many at once (getSignatureStatuses takes up to 256), all read at the same contextSlot, in
    // the order asked. The default asks one by one; RemoteMarket makes one round trip.
    virtual std::optional<QList<SignatureStatus>> signatureStatuses(const QStringList &signatures);
    // The landed transaction's real result. nullopt when the market cannot be reached; a
    // LandedTransaction with an empty signature when the chain does not know this signature.
    virtual std::optional<LandedTransaction> transaction(const QString &signature) = 0;
    // Executed swaps (no failed ones) with sequence > after, oldest first, at most `limit`.
    virtual std::optional<QList<LandedTransaction>> ledger(qint64 after, int limit) = 0;
    // How long a block takes: how often a client waiting for a signature asks again.
    virtual qint64 blockIntervalMs() const = 0;

    // --- simulation control (sim-control endpoints, the console's simulation panel) ---------
    virtual bool setSpotPrice(Venue venue, const Token &base, const Token &quote, Int128 price) = 0;
    virtual bool launchToken(const Token &token, std::optional<Venue> venue,
                             Int128 quoteLiquidityUsdcUnits) = 0;
    // What a launch reports, alike from the node's and the market service's sim endpoints:
    // {"token":{symbol,mint,decimals},"venues":[…],"liquidity":"…"}.
    static QJsonObject launchJson(const Token &token, std::optional<Venue> venue,
                                  Int128 quoteLiquidityUsdcUnits);

Q_SIGNALS:
    // The streamed pool state changed (a market step, a trade, a price set from outside).
    void pricesMoved();
    // A pool opened (a launch, or a launched token listed on its second venue).
    void poolCreated(OrderDesk::Venue venue, QString tokenIn, QString tokenOut);
};

} // namespace OrderDesk
