#include "RouteDecision.h"

#include "JsonFields.h"
#include "CachedJson.h"
#include "JsonText.h"
#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <atomic>
#include <utility>

namespace OrderDesk {

using namespace JsonFields;

const VenueQuote *RouteDecision::chosenQuote() const
{
    for (const VenueQuote &quote : quotes) {
        if (quote.venue == venue && quote.available)
            return &quote;
    }
    return nullptr;
}

struct RouteDecision::JsonCache
{
    template <typename... Json>
    JsonCache(const Token &in, const Token &out, Json &&...json)
        : tokenIn(in), tokenOut(out), json(std::forward<Json>(json)...)
    {
    }

    Token tokenIn;
    Token tokenOut;
    CachedJson json;

    static bool same(const Token &a, const Token &b)
    {
        return a.mint == b.mint && a.symbol == b.symbol && a.decimals == b.decimals;
    }
};

std::shared_ptr<const RouteDecision::JsonCache> RouteDecision::cachedJson(const Token &tokenIn,
                                                                          const Token &tokenOut) const
{
    // Copies of one order travel to several threads at once: the cache is swapped atomically,
    // and two threads filling it at the same time make the same JSON.
    std::shared_ptr<const JsonCache> cached = std::atomic_load(&jsonCache);
    if (cached && JsonCache::same(cached->tokenIn, tokenIn) && JsonCache::same(cached->tokenOut, tokenOut))
        return cached;
    cached = std::make_shared<const JsonCache>(tokenIn, tokenOut, makeJsonText(tokenIn, tokenOut));
    std::atomic_store(&jsonCache, cached);
    return cached;
}

QJsonObject RouteDecision::toJson(const Token &tokenIn, const Token &tokenOut) const
{
    return cachedJson(tokenIn, tokenOut)->json.object();
}

QByteArray RouteDecision::toJsonText(const Token &tokenIn, const Token &tokenOut) const
{
    return cachedJson(tokenIn, tokenOut)->json.text();
}

std::optional<RouteDecision> RouteDecision::fromJsonText(const QByteArray &text, const Token &tokenIn,
                                                         const Token &tokenOut)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject json = document.object();
    std::optional<RouteDecision> decision = fromJson(json, tokenIn, tokenOut);
    // A route stored before legs and candidates existed is completed by makeJson instead.
    if (decision && json.contains(QStringLiteral("legs"))) {
        decision->jsonCache =
            std::make_shared<const JsonCache>(tokenIn, tokenOut, text, json);
    }
    return decision;
}

QByteArray RouteDecision::makeJsonText(const Token &tokenIn, const Token &tokenOut) const
{
    JsonWriter out(4096);
    out.beginObject()
        .field(QLatin1StringView("venue"), OrderDesk::toString(venue))
        .field(QLatin1StringView("reason"), reason)
        .beginArray(QLatin1StringView("quotes"));
    for (const VenueQuote &quote : quotes)
        quote.write(out, tokenIn, tokenOut);
    out.endArray()
        .field(QLatin1StringView("minAmountOut"), amountString(minAmountOut, tokenOut))
        .field(QLatin1StringView("wrapSol"), wrapSol)
        .field(QLatin1StringView("unwrapSol"), unwrapSol)
        .field(QLatin1StringView("swapMode"), OrderDesk::toString(swapMode))
        .field(QLatin1StringView("kind"), kind)
        .field(QLatin1StringView("path"), path);
    RouteLeg::write(out, QLatin1StringView("legs"), legs);
    out.beginArray(QLatin1StringView("candidates"));
    for (const RouteCandidate &candidate : candidates)
        candidate.write(out, tokenIn, tokenOut);
    out.endArray()
        .field(QLatin1StringView("amountIn"), amountString(amountIn, tokenIn))
        .field(QLatin1StringView("amountOut"), amountString(amountOut, tokenOut));
    if (swapMode == SwapMode::ExactOut)
        out.field(QLatin1StringView("maxAmountIn"), amountString(maxAmountIn, tokenIn));
    out.endObject();
    return out.text();
}

std::optional<RouteDecision> RouteDecision::fromJson(const QJsonObject &json, const Token &tokenIn,
                                                     const Token &tokenOut)
{
    const auto venue = readVenue(json, QStringLiteral("venue"));
    const auto reason = readString(json, QStringLiteral("reason"));
    const auto minAmountOut = readDecimal(json, QStringLiteral("minAmountOut"), tokenOut.decimals);
    const auto wrapSol = readBool(json, QStringLiteral("wrapSol"));
    const auto unwrapSol = readBool(json, QStringLiteral("unwrapSol"));
    const QJsonValue quotes = json.value(QStringLiteral("quotes"));
    if (!venue || !reason || !minAmountOut || !wrapSol || !unwrapSol || !quotes.isArray())
        return std::nullopt;

    RouteDecision decision;
    decision.venue = *venue;
    decision.reason = *reason;
    decision.minAmountOut = *minAmountOut;
    decision.wrapSol = *wrapSol;
    decision.unwrapSol = *unwrapSol;
    const QJsonArray quoteArray = quotes.toArray();
    for (const QJsonValue &value : quoteArray) {
        if (!value.isObject())
            return std::nullopt;
        const auto quote = VenueQuote::fromJson(value.toObject(), tokenIn, tokenOut);
        if (!quote)
            return std::nullopt;
        decision.quotes.append(*quote);
    }
    // Routes stored before legs and candidates existed have none of what follows.
    if (!json.contains(QStringLiteral("legs")))
        return decision;
    const auto mode = swapModeFromString(readString(json, QStringLiteral("swapMode")).value_or(QString()));
    const auto kind = readString(json, QStringLiteral("kind"));
    const auto path = readString(json, QStringLiteral("path"));
    const auto legs = RouteLeg::listFromJson(json.value(QStringLiteral("legs")));
    const auto amountIn = readDecimal(json, QStringLiteral("amountIn"), tokenIn.decimals);
    const auto amountOut = readDecimal(json, QStringLiteral("amountOut"), tokenOut.decimals);
    const QJsonValue candidates = json.value(QStringLiteral("candidates"));
    if (!mode || !kind || !path || !legs || !amountIn || !amountOut || !candidates.isArray())
        return std::nullopt;
    decision.swapMode = *mode;
    decision.kind = *kind;
    decision.path = *path;
    decision.legs = *legs;
    decision.amountIn = *amountIn;
    decision.amountOut = *amountOut;
    if (decision.swapMode == SwapMode::ExactOut) {
        const auto maxIn = readDecimal(json, QStringLiteral("maxAmountIn"), tokenIn.decimals);
        if (!maxIn)
            return std::nullopt;
        decision.maxAmountIn = *maxIn;
    }
    const QJsonArray candidateArray = candidates.toArray();
    for (const QJsonValue &value : candidateArray) {
        const auto candidate = RouteCandidate::fromJson(value.toObject(), tokenIn, tokenOut);
        if (!candidate)
            return std::nullopt;
        decision.candidates.append(*candidate);
    }
    return decision;
}

} // namespace OrderDesk
