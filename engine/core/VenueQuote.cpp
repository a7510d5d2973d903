#include "VenueQuote.h"

#include "JsonFields.h"
#include "JsonText.h"

namespace OrderDesk {

using namespace JsonFields;

void VenueQuote::write(JsonWriter &out, const Token &tokenIn, const Token &tokenOut) const
{
    out.beginObject()
        .field(QLatin1StringView("venue"), OrderDesk::toString(venue))
        .field(QLatin1StringView("available"), available)
        .field(QLatin1StringView("amountIn"), amountString(amountIn, tokenIn))
        .field(QLatin1StringView("amountOut"), amountString(amountOut, tokenOut))
        .field(QLatin1StringView("fee"), amountString(feeAmount, tokenIn))
        .field(QLatin1StringView("feeBps"), bpsString(feePpm))
        .field(QLatin1StringView("priceImpactBps"), bpsString(priceImpactPpm))
        .field(QLatin1StringView("binsCrossed"), binsCrossed)
        .field(QLatin1StringView("spotPrice"), priceString(spotPrice))
        .field(QLatin1StringView("price"), priceString(executionPrice));
    if (!available)
        out.field(QLatin1StringView("reason"), unavailableReason);
    writeTime(out, QLatin1StringView("quotedAt"), quotedAt);
    out.endObject();
}

QJsonObject VenueQuote::toJson(const Token &tokenIn, const Token &tokenOut) const
{
    JsonWriter out(512);
    write(out, tokenIn, tokenOut);
    return JsonText::parseObject(out.text());
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
