#include "SwapTransaction.h"

#include "Base58.h"

#include <QCryptographicHash>
#include <QJsonValue>

namespace OrderDesk {

namespace {
// Version tag of the message layout: a change of layout must never make two different
// transactions share a signature.
constexpr char MessageTag[] = "orderdesk-swap-v1";
} // namespace

std::optional<Int128> rawAmountFromJson(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isString())
        return std::nullopt;
    const std::optional<Int128> amount = Decimal::parse(value.toString(), 0);
    if (!amount || *amount < 0)
        return std::nullopt;
    return amount;
}

QByteArray SwapTransaction::message() const
{
    const QStringList fields = {
        QString::fromLatin1(MessageTag),
        orderId,
        QString::number(attempt),
        toString(venue),
        tokenIn.mint,
        tokenOut.mint,
        Decimal::toString(amountIn),
        Decimal::toString(minAmountOut),
        wrapSol ? QStringLiteral("wrap") : QStringLiteral("-"),
        unwrapSol ? QStringLiteral("unwrap") : QStringLiteral("-"),
        blockhash,
        QString::number(lastValidBlockHeight),
    };
    return fields.join(QLatin1Char('\n')).toUtf8();
}

void SwapTransaction::sign()
{
    signature = Base58::encode(QCryptographicHash::hash(message(), QCryptographicHash::Sha512));
}

bool SwapTransaction::hasValidSignature() const
{
    return !signature.isEmpty()
           && signature
                  == Base58::encode(QCryptographicHash::hash(message(), QCryptographicHash::Sha512));
}

QJsonObject SwapTransaction::toJson() const
{
    return {
        {QStringLiteral("signature"), signature},
        {QStringLiteral("orderId"), orderId},
        {QStringLiteral("attempt"), attempt},
        {QStringLiteral("venue"), toString(venue)},
        {QStringLiteral("inputMint"), tokenIn.mint},
        {QStringLiteral("outputMint"), tokenOut.mint},
        {QStringLiteral("amountIn"), Decimal::toString(amountIn)},
        {QStringLiteral("minAmountOut"), Decimal::toString(minAmountOut)},
        {QStringLiteral("wrapSol"), wrapSol},
        {QStringLiteral("unwrapSol"), unwrapSol},
        {QStringLiteral("blockhash"), blockhash},
        {QStringLiteral("lastValidBlockHeight"), lastValidBlockHeight},
    };
}

std::optional<SwapTransaction> SwapTransaction::fromJson(const QJsonObject &json,
                                                         const TokenRegistry &tokens)
{
    SwapTransaction tx;
    const std::optional<Venue> venue = venueFromString(json.value(QStringLiteral("venue")).toString());
    const std::optional<Token> tokenIn = tokens.find(json.value(QStringLiteral("inputMint")).toString());
    const std::optional<Token> tokenOut = tokens.find(json.value(QStringLiteral("outputMint")).toString());
    const std::optional<Int128> amountIn = rawAmountFromJson(json, QStringLiteral("amountIn"));
    const std::optional<Int128> minAmountOut = rawAmountFromJson(json, QStringLiteral("minAmountOut"));
    const QJsonValue attempt = json.value(QStringLiteral("attempt"));
    const QJsonValue lastValid = json.value(QStringLiteral("lastValidBlockHeight"));
    if (!venue || !tokenIn || !tokenOut || !amountIn || !minAmountOut || !attempt.isDouble()
        || !lastValid.isDouble()) {
        return std::nullopt;
    }
    tx.signature = json.value(QStringLiteral("signature")).toString();
    tx.orderId = json.value(QStringLiteral("orderId")).toString();
    tx.attempt = attempt.toInt();
    tx.venue = *venue;
    tx.tokenIn = *tokenIn;
    tx.tokenOut = *tokenOut;
    tx.amountIn = *amountIn;
    tx.minAmountOut = *minAmountOut;
    tx.wrapSol = json.value(QStringLiteral("wrapSol")).toBool();
    tx.unwrapSol = json.value(QStringLiteral("unwrapSol")).toBool();
    tx.blockhash = json.value(QStringLiteral("blockhash")).toString();
    tx.lastValidBlockHeight = static_cast<qint64>(lastValid.toDouble());
    return tx;
}

} // namespace OrderDesk
