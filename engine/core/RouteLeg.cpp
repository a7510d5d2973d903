#include "RouteLeg.h"

#include "JsonText.h"
#include "JsonWriter.h"
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

void RouteLeg::write(JsonWriter &out) const
{
    out.beginObject()
        .field(QLatin1StringView("hop"), hop)
        .field(QLatin1StringView("venue"), toString(venue));
    TokenJson::write(out, QLatin1StringView("tokenIn"), tokenIn);
    TokenJson::write(out, QLatin1StringView("tokenOut"), tokenOut);
    out.field(QLatin1StringView("share"), Decimal::format(sharePpm, SharePercentScale))
        .field(QLatin1StringView("amountIn"), Decimal::format(amountIn, tokenIn.decimals))
        .field(QLatin1StringView("amountOut"), Decimal::format(amountOut, tokenOut.decimals))
        .field(QLatin1StringView("fee"), Decimal::format(feeAmount, tokenIn.decimals))
        .field(QLatin1StringView("feeBps"), Decimal::format(feePpm, BpsScale))
        .field(QLatin1StringView("priceImpactBps"), Decimal::format(priceImpactPpm, BpsScale))
        .field(QLatin1StringView("binsCrossed"), binsCrossed)
        .endObject();
}

QJsonObject RouteLeg::toJson() const
{
    JsonWriter out;
    write(out);
    return JsonText::parseObject(out.text());
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

void RouteLeg::write(JsonWriter &out, QLatin1StringView key, const QList<RouteLeg> &legs)
{
    out.beginArray(key);
    for (const RouteLeg &leg : legs)
        leg.write(out);
    out.endArray();
}

QJsonArray RouteLeg::toJson(const QList<RouteLeg> &legs)
{
    JsonWriter out(512);
    out.beginArray();
    for (const RouteLeg &leg : legs)
        leg.write(out);
    out.endArray();
    return JsonText::parseArray(out.text());
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
