#include "RouteCandidate.h"

#include "JsonFields.h"

namespace OrderDesk {

using namespace JsonFields;

QJsonObject RouteCandidate::toJson(const Token &tokenIn, const Token &tokenOut) const
{
    QJsonObject json{
        {QStringLiteral("kind"), kind},
        {QStringLiteral("path"), path},
        {QStringLiteral("available"), available},
        {QStringLiteral("refused"), refused},
        {QStringLiteral("legs"), RouteLeg::toJson(legs)},
        {QStringLiteral("amountIn"), amountString(amountIn, tokenIn)},
        {QStringLiteral("amountOut"), amountString(amountOut, tokenOut)},
        {QStringLiteral("feeBps"), bpsString(feePpm)},
        {QStringLiteral("priceImpactBps"), bpsString(priceImpactPpm)},
        {QStringLiteral("maxPoolImpactBps"), bpsString(maxLegImpactPpm)},
    };
    if (!reason.isEmpty())
        json.insert(QStringLiteral("reason"), reason);
    return json;
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
