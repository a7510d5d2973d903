#include "RouteLeg.h"

#include "TokenJson.h"

#include <QJsonArray>
#include <QJsonValue>

namespace OrderDesk {

namespace {
// Share in percent with four decimals is exactly its ppm; fee and impact in bps with two
// decimals exactly theirs.
constexpr int SharePercentScale = 4;
constexpr int BpsScale = 2;

std::optional<Int128> decimalOf(const QJsonObject &json, const QString &key, int scale)
{
    const QJsonValue value = json.value(key);
    return value.isString() ? Decimal::parse(value.toString(), scale) : std::nullopt;
}
} // namespace

bool RouteLeg::samePlan(const RouteLeg &other) const
{
    return hop == other.hop && venue == other.venue && tokenIn == other.tokenIn
           && tokenOut == other.tokenOut && sharePpm == other.sharePpm;
}

QJsonObject RouteLeg::toJson() const
{
    return {
        {QStringLiteral("hop"), hop},
        {QStringLiteral("venue"), toString(venue)},
        {QStringLiteral("tokenIn"), TokenJson::toJson(tokenIn)},
        {QStringLiteral("tokenOut"), TokenJson::toJson(tokenOut)},
        {QStringLiteral("share"), Decimal::format(sharePpm, SharePercentScale)},
        {QStringLiteral("amountIn"), Decimal::format(amountIn, tokenIn.decimals)},
        {QStringLiteral("amountOut"), Decimal::format(amountOut, tokenOut.decimals)},
        {QStringLiteral("fee"), Decimal::format(feeAmount, tokenIn.decimals)},
        {QStringLiteral("feeBps"), Decimal::format(feePpm, BpsScale)},
        {QStringLiteral("priceImpactBps"), Decimal::format(priceImpactPpm, BpsScale)},
        {QStringLiteral("binsCrossed"), binsCrossed},
    };
}

std::optional<RouteLeg> RouteLeg::fromJson(const QJsonObject &json)
{
    RouteLeg leg;
    const QJsonValue hop = json.value(QStringLiteral("hop"));
    const std::optional<Venue> venue = venueFromString(json.value(QStringLiteral("venue")).toString());
    const std::optional<Token> tokenIn = TokenJson::fromJson(json.value(QStringLiteral("tokenIn")));
    const std::optional<Token> tokenOut = TokenJson::fromJson(json.value(QStringLiteral("tokenOut")));
    if (!hop.isDouble() || hop.toInt(-1) < 0 || hop.toInt(-1) > 1 || !venue || !tokenIn || !tokenOut)
        return std::nullopt;
    const auto share = decimalOf(json, QStringLiteral("share"), SharePercentScale);
    const auto amountIn = decimalOf(json, QStringLiteral("amountIn"), tokenIn->decimals);
    const auto amountOut = decimalOf(json, QStringLiteral("amountOut"), tokenOut->decimals);
    const auto fee = decimalOf(json, QStringLiteral("fee"), tokenIn->decimals);
    const auto feePpm = decimalOf(json, QStringLiteral("feeBps"), BpsScale);
    const auto impactPpm = decimalOf(json, QStringLiteral("priceImpactBps"), BpsScale);
    if (!share || *share <= 0 || *share > FullShare || !amountIn || !amountOut || !fee || !feePpm
        || !impactPpm) {
        return std::nullopt;
    }
    leg.hop = hop.toInt();
    leg.venue = *venue;
    leg.tokenIn = *tokenIn;
    leg.tokenOut = *tokenOut;
    leg.sharePpm = int(*share);
    leg.amountIn = *amountIn;
    leg.amountOut = *amountOut;
    leg.feeAmount = *fee;
    leg.feePpm = int(*feePpm);
    leg.priceImpactPpm = int(*impactPpm);
    leg.binsCrossed = json.value(QStringLiteral("binsCrossed")).toInt(); // absent before DLMM
    return leg;
}

QJsonArray RouteLeg::toJson(const QList<RouteLeg> &legs)
{
    QJsonArray array;
    for (const RouteLeg &leg : legs)
        array.append(leg.toJson());
    return array;
}

std::optional<QList<RouteLeg>> RouteLeg::listFromJson(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QList<RouteLeg> legs;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &entry : array) {
        const std::optional<RouteLeg> leg = RouteLeg::fromJson(entry.toObject());
        if (!leg)
            return std::nullopt;
        legs.append(*leg);
    }
    return legs;
}

} // namespace OrderDesk
