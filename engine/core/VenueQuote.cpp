#include "VenueQuote.h"

#include "JsonFields.h"

namespace OrderDesk {

using namespace JsonFields;

QJsonObject VenueQuote::toJson(const Token &tokenIn, const Token &tokenOut) const
{
    QJsonObject json{
        {QStringLiteral("venue"), OrderDesk::toString(venue)},
        {QStringLiteral("available"), available},
        {QStringLiteral("amountIn"), amountString(amountIn, tokenIn)},
        {QStringLiteral("amountOut"), amountString(amountOut, tokenOut)},
        {QStringLiteral("fee"), amountString(feeAmount, tokenIn)},
        {QStringLiteral("feeBps"), bpsString(feePpm)},
        {QStringLiteral("priceImpactBps"), bpsString(priceImpactPpm)},
        {QStringLiteral("binsCrossed"), binsCrossed},
        {QStringLiteral("spotPrice"), priceString(spotPrice)},
        {QStringLiteral("price"), priceString(executionPrice)},
    };
    if (!available)
        json.insert(QStringLiteral("reason"), unavailableReason);
    insertTime(json, QStringLiteral("quotedAt"), quotedAt);
    return json;
}

std::optional<VenueQuote> VenueQuote::fromJson(const QJsonObject &json, const Token &tokenIn,
                                               const Token &tokenOut)
{
    const auto venue = readVenue(json, QStringLiteral("venue"));
    const auto available = readBool(json, QStringLiteral("available"));
    const auto amountIn = readDecimal(json, QStringLiteral("amountIn"), tokenIn.decimals);
    const auto amountOut = readDecimal(json, QStringLiteral("amountOut"), tokenOut.decimals);
    const auto fee = readDecimal(json, QStringLiteral("fee"), tokenIn.decimals);
    const auto feePpm = readPpm(json, QStringLiteral("feeBps"));
    const auto impactPpm = readPpm(json, QStringLiteral("priceImpactBps"));
    const auto spot = readDecimal(json, QStringLiteral("spotPrice"), PriceScale);
    const auto price = readDecimal(json, QStringLiteral("price"), PriceScale);
    if (!venue || !available || !amountIn || !amountOut || !fee || !feePpm || !impactPpm || !spot
        || !price) {
        return std::nullopt;
    }

    VenueQuote quote;
    quote.venue = *venue;
    quote.available = *available;
    if (!quote.available) {
        const auto reason = readString(json, QStringLiteral("reason"));
        if (!reason)
            return std::nullopt;
        quote.unavailableReason = *reason;
    }
    quote.amountIn = *amountIn;
    quote.amountOut = *amountOut;
    quote.feeAmount = *fee;
    quote.feePpm = *feePpm;
    quote.priceImpactPpm = *impactPpm;
    quote.binsCrossed = json.value(QStringLiteral("binsCrossed")).toInt(); // absent before DLMM
    quote.spotPrice = *spot;
    quote.executionPrice = *price;
    std::optional<QDateTime> quotedAt;
    if (!readOptionalTime(json, QStringLiteral("quotedAt"), &quotedAt))
        return std::nullopt;
    if (quotedAt)
        quote.quotedAt = *quotedAt;
    return quote;
}

} // namespace OrderDesk
