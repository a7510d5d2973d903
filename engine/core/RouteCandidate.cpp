#include "RouteCandidate.h"

#include "JsonFields.h"
#include "JsonText.h"
#include "JsonWriter.h"

namespace OrderDesk {

using namespace JsonFields;

void RouteCandidate::write(JsonWriter &out, const Token &tokenIn, const Token &tokenOut) const
{
    out.beginObject()
        .field(QLatin1StringView("kind"), kind)
        .field(QLatin1StringView("path"), path)
        .field(QLatin1StringView("available"), available)
        .field(QLatin1StringView("refused"), refused);
    RouteLeg::write(out, QLatin1StringView("legs"), legs);
    out.field(QLatin1StringView("amountIn"), amountString(amountIn, tokenIn))
        .field(QLatin1StringView("amountOut"), amountString(amountOut, tokenOut))
        .field(QLatin1StringView("feeBps"), bpsString(feePpm))
        .field(QLatin1StringView("priceImpactBps"), bpsString(priceImpactPpm))
        .field(QLatin1StringView("maxPoolImpactBps"), bpsString(maxLegImpactPpm));
    if (!reason.isEmpty())
        out.field(QLatin1StringView("reason"), reason);
    out.endObject();
}

QJsonObject RouteCandidate::toJson(const Token &tokenIn, const Token &tokenOut) const
{
    JsonWriter out(1024);
    write(out, tokenIn, tokenOut);
    return JsonText::parseObject(out.text());
}

std::optional<RouteCandidate> RouteCandidate::fromJson(const QJsonObject &json,
                                                       const Token &tokenIn, const Token &tokenOut)
{
    RouteCandidate candidate;
    const auto kind = readString(json, QStringLiteral("kind"));
    const auto path = readString(json, QStringLiteral("path"));
    const auto available = readBool(json, QStringLiteral("available"));
    const auto refused = readBool(json, QStringLiteral("refused"));
    const auto legs = RouteLeg::listFromJson(json.value(QStringLiteral("legs")));
    const auto amountIn = readDecimal(json, QStringLiteral("amountIn"), tokenIn.decimals);
    const auto amountOut = readDecimal(json, QStringLiteral("amountOut"), tokenOut.decimals);
    const auto feePpm = readPpm(json, QStringLiteral("feeBps"));
    const auto impactPpm = readPpm(json, QStringLiteral("priceImpactBps"));
    const auto maxImpactPpm = readPpm(json, QStringLiteral("maxPoolImpactBps"));
    if (!kind || !path || !available || !refused || !legs || !amountIn || !amountOut || !feePpm
        || !impactPpm || !maxImpactPpm) {
        return std::nullopt;
    }
    candidate.kind = *kind;
    candidate.path = *path;
    candidate.available = *available;
    candidate.refused = *refused;
    candidate.legs = *legs;
    candidate.amountIn = *amountIn;
    candidate.amountOut = *amountOut;
    candidate.feePpm = *feePpm;
    candidate.priceImpactPpm = *impactPpm;
    candidate.maxLegImpactPpm = *maxImpactPpm;
    candidate.reason = readString(json, QStringLiteral("reason")).value_or(QString());
    return candidate;
}

} // namespace OrderDesk
