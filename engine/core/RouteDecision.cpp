#include "RouteDecision.h"

#include "JsonFields.h"
#include "JsonText.h"

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
    Token tokenIn;
    Token tokenOut;
    QJsonObject json;
    QByteArray text;

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
    auto made = std::make_shared<JsonCache>();
    made->tokenIn = tokenIn;
    made->tokenOut = tokenOut;
    made->json = makeJson(tokenIn, tokenOut);
    made->text = JsonText::compact(made->json);
    cached = std::move(made);
    std::atomic_store(&jsonCache, cached);
    return cached;
}

QJsonObject RouteDecision::toJson(const Token &tokenIn, const Token &tokenOut) const
{
    return cachedJson(tokenIn, tokenOut)->json;
}

QByteArray RouteDecision::toJsonText(const Token &tokenIn, const Token &tokenOut) const
{
    return cachedJson(tokenIn, tokenOut)->text;
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
        auto cache = std::make_shared<JsonCache>();
        cache->tokenIn = tokenIn;
        cache->tokenOut = tokenOut;
        cache->json = json;
        cache->text = text;
        decision->jsonCache = std::move(cache);
    }
    return decision;
}

QJsonObject RouteDecision::makeJson(const Token &tokenIn, const Token &tokenOut) const
{
    QJsonArray quoteArray;
    for (const VenueQuote &quote : quotes)
        quoteArray.append(quote.toJson(tokenIn, tokenOut));
    QJsonArray candidateArray;
    for (const RouteCandidate &candidate : candidates)
        candidateArray.append(candidate.toJson(tokenIn, tokenOut));
    QJsonObject json{
        {QStringLiteral("venue"), OrderDesk::toString(venue)},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("quotes"), quoteArray},
        {QStringLiteral("minAmountOut"), amountString(minAmountOut, tokenOut)},
        {QStringLiteral("wrapSol"), wrapSol},
        {QStringLiteral("unwrapSol"), unwrapSol},
        {QStringLiteral("swapMode"), OrderDesk::toString(swapMode)},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("path"), path},
        {QStringLiteral("legs"), RouteLeg::toJson(legs)},
        {QStringLiteral("candidates"), candidateArray},
        {QStringLiteral("amountIn"), amountString(amountIn, tokenIn)},
        {QStringLiteral("amountOut"), amountString(amountOut, tokenOut)},
    };
    if (swapMode == SwapMode::ExactOut)
        json.insert(QStringLiteral("maxAmountIn"), amountString(maxAmountIn, tokenIn));
    return json;
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
