#include "Market.h"

#include "TokenJson.h"

#include <QJsonArray>
#include <QJsonValue>

namespace OrderDesk {

namespace {
// By mint first; a token the registry does not know yet (launched on the market a moment ago)
// is rebuilt from what the entry carries.
std::optional<Token> tokenFromJson(const QJsonValue &value, const TokenRegistry &tokens)
{
    const QJsonObject json = value.toObject();
    const QString mint = json.value(QStringLiteral("mint")).toString();
    if (mint.isEmpty())
        return std::nullopt;
    if (std::optional<Token> known = tokens.find(mint))
        return known;
    return TokenJson::fromJson(value);
}
} // namespace

std::optional<QList<SignatureStatus>> Market::signatureStatuses(const QStringList &signatures)
{
    QList<SignatureStatus> statuses;
    statuses.reserve(signatures.size());
    for (const QString &signature : signatures) {
        const std::optional<SignatureStatus> status = signatureStatus(signature);
        if (!status)
            return std::nullopt;
        statuses.append(*status);
    }
    return statuses;
}

QJsonObject LandedTransaction::toJson() const
{
    QJsonObject json{
        {QStringLiteral("signature"), signature},
        {QStringLiteral("orderId"), orderId},
        {QStringLiteral("attempt"), attempt},
        {QStringLiteral("venue"), OrderDesk::toString(venue)},
        {QStringLiteral("inputMint"), tokenIn.mint},
        {QStringLiteral("outputMint"), tokenOut.mint},
        {QStringLiteral("tokenIn"), TokenJson::toJson(tokenIn)},
        {QStringLiteral("tokenOut"), TokenJson::toJson(tokenOut)},
        {QStringLiteral("amountIn"), Decimal::toString(amountIn)},
        {QStringLiteral("amountOut"), Decimal::toString(amountOut)},
        {QStringLiteral("executedPrice"), Decimal::format(executedPrice, PriceScale)},
        {QStringLiteral("slot"), slot},
        {QStringLiteral("sequence"), sequence},
        {QStringLiteral("err"), error ? QJsonValue(error->toJson()) : QJsonValue()},
    };
    if (!legs.isEmpty())
        json.insert(QStringLiteral("route"), RouteLeg::toJson(legs));
    if (landedAt.isValid()) {
        json.insert(QStringLiteral("landedAt"), toIsoString(landedAt));
        json.insert(QStringLiteral("blockTime"), landedAt.toSecsSinceEpoch());
    }
    return json;
}

std::optional<LandedTransaction> LandedTransaction::fromJson(const QJsonObject &json,
                                                             const TokenRegistry &tokens)
{
    LandedTransaction tx;
    tx.signature = json.value(QStringLiteral("signature")).toString();
    tx.orderId = json.value(QStringLiteral("orderId")).toString();
    tx.attempt = json.value(QStringLiteral("attempt")).toInt();
    const std::optional<Venue> venue = venueFromString(json.value(QStringLiteral("venue")).toString());
    const std::optional<Token> tokenIn = tokenFromJson(json.value(QStringLiteral("tokenIn")), tokens);
    const std::optional<Token> tokenOut = tokenFromJson(json.value(QStringLiteral("tokenOut")), tokens);
    const std::optional<Int128> amountIn = rawAmountFromJson(json, QStringLiteral("amountIn"));
    const std::optional<Int128> amountOut = rawAmountFromJson(json, QStringLiteral("amountOut"));
    const std::optional<Int128> price =
        Decimal::parse(json.value(QStringLiteral("executedPrice")).toString(), PriceScale);
    const QJsonValue slot = json.value(QStringLiteral("slot"));
    const QJsonValue sequence = json.value(QStringLiteral("sequence"));
    if (tx.signature.isEmpty() || !venue || !tokenIn || !tokenOut || !amountIn || !amountOut
        || !price || !slot.isDouble() || !sequence.isDouble()) {
        return std::nullopt;
    }
    tx.venue = *venue;
    tx.tokenIn = *tokenIn;
    tx.tokenOut = *tokenOut;
    tx.amountIn = *amountIn;
    tx.amountOut = *amountOut;
    tx.executedPrice = *price;
    tx.slot = static_cast<qint64>(slot.toDouble());
    tx.sequence = static_cast<qint64>(sequence.toDouble());
    const QJsonValue err = json.value(QStringLiteral("err"));
    if (err.isObject()) {
        tx.error = OrderError::fromJson(err.toObject());
        if (!tx.error)
            return std::nullopt;
    }
    if (json.contains(QStringLiteral("route"))) {
        const std::optional<QList<RouteLeg>> legs = RouteLeg::listFromJson(json.value(QStringLiteral("route")));
        if (!legs)
            return std::nullopt;
        tx.legs = *legs;
    }
    if (const QJsonValue landedAt = json.value(QStringLiteral("landedAt")); landedAt.isString()) {
        if (const std::optional<QDateTime> time = fromIsoString(landedAt.toString()))
            tx.landedAt = *time;
    }
    return tx;
}

QJsonObject Market::launchJson(const Token &token, std::optional<Venue> venue,
                               Int128 quoteLiquidityUsdcUnits)
{
    QJsonArray venues;
    for (const Venue candidate : AllVenues) {
        if (!venue || *venue == candidate)
            venues.append(toString(candidate));
    }
    return {{QStringLiteral("token"), QJsonObject{{QStringLiteral("symbol"), token.symbol},
                                                  {QStringLiteral("mint"), token.mint},
                                                  {QStringLiteral("decimals"), token.decimals}}},
            {QStringLiteral("venues"), venues},
            {QStringLiteral("liquidity"),
             Decimal::format(quoteLiquidityUsdcUnits, TokenRegistry::usdc().decimals)}};
}

} // namespace OrderDesk
