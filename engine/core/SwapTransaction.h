#pragma once

#include "CachedJson.h"
#include "Decimal.h"
#include "OrderTypes.h"
#include "RouteLeg.h"
#include "Token.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace OrderDesk {

// One swap as the engine builds, signs and sends it to the market, and as the store records it
// before it is sent. Everything the market needs to execute it is in the message; the signature
// is derived from the message (as an ed25519 signature is), so it is known before sending,
// unique per transaction (the order id, the attempt and the blockhash are part of it), and the
// same bytes sent twice are one transaction.
struct SwapTransaction
{
    QString orderId; // the memo: ties a ledger entry to its order
    int attempt = 0;
    Venue venue = Venue::Raydium;
    Token tokenIn;
    Token tokenOut;
    // ExactIn: amountIn goes in, and an output below minAmountOut fails the swap on chain
    // (slippage_exceeded). ExactOut: minAmountOut is the output wanted, and amountIn the most
    // that may go in for it. Either way the fill never spends more than amountIn nor returns
    // less than minAmountOut.
    SwapMode swapMode = SwapMode::ExactIn;
    Int128 amountIn = 0;
    Int128 minAmountOut = 0;
    // The route: one or two hops, each hop one leg or a split over the venues (plan only: hop,
    // venue, tokens, share). Empty: one leg on `venue`. All legs execute in one transaction, or
    // none does.
    QList<RouteLeg> legs;
    bool wrapSol = false;
    bool unwrapSol = false;
    QString blockhash;
    qint64 lastValidBlockHeight = 0; // past this block height it can never land
    QString signature;               // sign() fills it in

    // The legs to execute: `legs`, or the one leg on `venue` a transaction without them means.
    QList<RouteLeg> plan() const;

    // The canonical bytes that are signed (and that the market checks the signature against).
    QByteArray message() const;
    // Fills in `signature`: 64 bytes (SHA-512 of the message), base58.
    void sign();
    bool hasValidSignature() const;

    // Amounts as raw base-unit integers in strings and tokens by mint, as Solana services
    // write them. A signed transaction does not change (a changed one is signed anew), and its
    // JSON goes into every write of its order from submitted on: it is made once per signature
    // and shared by the copies made after that.
    QJsonObject toJson() const;
    QByteArray toJsonText() const; // compact
    // nullopt when a field is missing or malformed or a mint is unknown to `tokens`.
    static std::optional<SwapTransaction> fromJson(const QJsonObject &json,
                                                   const TokenRegistry &tokens);

    struct JsonCache
    {
        JsonCache(const QString &signature, QByteArray text) : signature(signature), json(std::move(text)) {}

        QString signature; // what it was made for
        CachedJson json;
    };
    mutable std::shared_ptr<const JsonCache> jsonCache;

private:
    std::shared_ptr<const JsonCache> cachedJson() const;
};

// A raw base-unit amount as Solana services write it: a non-negative integer in a JSON string.
// nullopt when `key` is missing or holds anything else.
std::optional<Int128> rawAmountFromJson(const QJsonObject &json, const QString &key);

} // namespace OrderDesk
