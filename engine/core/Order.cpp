#include "Order.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QMutex>
#include <QRandomGenerator>

#include <cmath>
#include <limits>
#include <utility>

namespace OrderDesk {

namespace {

// Fees and impact are held in ppm but shown in basis points, the unit traders read:
// 2500 ppm -> "25", 1370 ppm -> "13.7". Two decimals of a bp are exactly one ppm, so the
// string converts back without loss.
constexpr int PpmPerBpScale = 2;

QString amountString(Int128 units, const Token &token)
{
    return Decimal::format(units, token.decimals);
}

QString priceString(Int128 price)
{
    return Decimal::format(price, PriceScale);
}

QString bpsString(int ppm)
{
    return Decimal::format(ppm, PpmPerBpScale);
}

// The readers below are strict: the JSON they read is what toJson wrote (stored routes,
// snapshots from other nodes), so anything unexpected is corruption, not input to repair.

std::optional<Int128> readDecimal(const QJsonObject &json, const QString &key, int scale)
{
    const QJsonValue value = json.value(key);
    if (!value.isString())
        return std::nullopt;
    return Decimal::parse(value.toString(), scale);
}

std::optional<qint64> readInteger(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    // Beyond 2^53 a double no longer holds every integer; no counter of ours gets there.
    constexpr double Limit = 9007199254740992.0;
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > Limit)
        return std::nullopt;
    return static_cast<qint64>(d);
}

std::optional<int> readInt(const QJsonObject &json, const QString &key)
{
    const auto value = readInteger(json, key);
    if (!value || *value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(*value);
}

std::optional<int> readPpm(const QJsonObject &json, const QString &key)
{
    const auto value = readDecimal(json, key, PpmPerBpScale);
    if (!value || *value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(*value);
}

std::optional<bool> readBool(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isBool())
        return std::nullopt;
    return value.toBool();
}

std::optional<QString> readString(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

std::optional<Venue> readVenue(const QJsonObject &json, const QString &key)
{
    const auto text = readString(json, key);
    return text ? venueFromString(*text) : std::nullopt;
}

std::optional<QDateTime> readTime(const QJsonObject &json, const QString &key)
{
    const auto text = readString(json, key);
    return text ? fromIsoString(*text) : std::nullopt;
}

// Optional members: absent is fine (`out` stays empty), present but malformed is not.
bool readOptionalTime(const QJsonObject &json, const QString &key, std::optional<QDateTime> *out)
{
    if (!json.contains(key))
        return true;
    *out = readTime(json, key);
    return out->has_value();
}

void insertTime(QJsonObject &json, const QString &key, const QDateTime &time)
{
    if (time.isValid())
        json.insert(key, toIsoString(time));
}

} // namespace

QString toIsoString(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    // From the epoch milliseconds, without Qt's time-zone machinery: every event, write and
    // quote carries timestamps, and QDateTime::toString was a tenth of an order's JSON.
    const qint64 ms = time.toMSecsSinceEpoch();
    const qint64 days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
    const qint64 msOfDay = ms - days * 86'400'000;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    const qint64 z = days + 719'468;
    const qint64 era = (z >= 0 ? z : z - 146'096) / 146'097;
    const qint64 dayOfEra = z - era * 146'097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36'524 - dayOfEra / 146'096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999)
        return time.toUTC().toString(Qt::ISODateWithMs);

    char text[] = "YYYY-MM-DDThh:mm:ss.zzzZ";
    const auto put = [&text](int at, qint64 value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, msOfDay / 3'600'000, 2);
    put(14, msOfDay / 60'000 % 60, 2);
    put(17, msOfDay / 1000 % 60, 2);
    put(20, msOfDay % 1000, 3);
    return QString::fromLatin1(text, sizeof text - 1);
}

std::optional<QDateTime> fromIsoString(const QString &text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return time.toUTC();
}

// --- VenueQuote -------------------------------------------------------------------------------

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

// --- RouteDecision ----------------------------------------------------------------------------

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
    made->text = QJsonDocument(made->json).toJson(QJsonDocument::Compact);
    cached = std::move(made);
    std::atomic_store(&jsonCache, cached);
    return cached;
}

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

// --- ExecutionResult --------------------------------------------------------------------------

QJsonObject ExecutionResult::toJson(const Token &tokenOut) const
{
    QJsonObject json{
        {QStringLiteral("signature"), signature},
        {QStringLiteral("venue"), OrderDesk::toString(venue)},
        {QStringLiteral("amountOut"), amountString(amountOut, tokenOut)},
        {QStringLiteral("executedPrice"), priceString(executedPrice)},
    };
    insertTime(json, QStringLiteral("executedAt"), executedAt);
    return json;
}

std::optional<ExecutionResult> ExecutionResult::fromJson(const QJsonObject &json,
                                                         const Token &tokenOut)
{
    const auto signature = readString(json, QStringLiteral("signature"));
    const auto venue = readVenue(json, QStringLiteral("venue"));
    const auto amountOut = readDecimal(json, QStringLiteral("amountOut"), tokenOut.decimals);
    const auto price = readDecimal(json, QStringLiteral("executedPrice"), PriceScale);
    std::optional<QDateTime> executedAt;
    if (!signature || !venue || !amountOut || !price
        || !readOptionalTime(json, QStringLiteral("executedAt"), &executedAt)) {
        return std::nullopt;
    }

    ExecutionResult result;
    result.signature = *signature;
    result.venue = *venue;
    result.amountOut = *amountOut;
    result.executedPrice = *price;
    if (executedAt)
        result.executedAt = *executedAt;
    return result;
}

// --- OrderError -------------------------------------------------------------------------------

QJsonObject OrderError::toJson() const
{
    return {
        {QStringLiteral("code"), code},
        {QStringLiteral("message"), message},
        {QStringLiteral("permanent"), permanent},
    };
}

std::optional<OrderError> OrderError::fromJson(const QJsonObject &json)
{
    const auto code = readString(json, QStringLiteral("code"));
    const auto message = readString(json, QStringLiteral("message"));
    const auto permanent = readBool(json, QStringLiteral("permanent"));
    if (!code || !message || !permanent)
        return std::nullopt;
    return OrderError{*code, *message, *permanent};
}

// --- Order ------------------------------------------------------------------------------------

QJsonObject Order::toJson() const
{
    QJsonObject json{
        {QStringLiteral("id"), id},
        // Clients of the original API read "orderId"; both name the same value.
        {QStringLiteral("orderId"), id},
        {QStringLiteral("type"), OrderDesk::toString(type)},
        {QStringLiteral("tokenIn"), tokenIn.symbol},
        {QStringLiteral("tokenOut"), tokenOut.symbol},
        {QStringLiteral("tokenInMint"), tokenIn.mint},
        {QStringLiteral("tokenOutMint"), tokenOut.mint},
        {QStringLiteral("pair"), pair()},
        {QStringLiteral("amount"), amountString(amountIn, amountToken())},
        {QStringLiteral("swapMode"), OrderDesk::toString(swapMode)},
        {QStringLiteral("slippageBps"), slippageBps},
        {QStringLiteral("status"), OrderDesk::toString(status)},
        {QStringLiteral("attempt"), attempt},
        {QStringLiteral("seq"), seq},
        {QStringLiteral("createdAt"), toIsoString(createdAt)},
        {QStringLiteral("updatedAt"), toIsoString(updatedAt)},
    };
    if (!clientOrderId.isEmpty())
        json.insert(QStringLiteral("clientOrderId"), clientOrderId);
    if (side != OrderSide::Unspecified)
        json.insert(QStringLiteral("side"), OrderDesk::toString(side));
    if (limitPrice)
        json.insert(QStringLiteral("limitPrice"), priceString(*limitPrice));
    if (expiresAt)
        json.insert(QStringLiteral("expiresAt"), toIsoString(*expiresAt));
    if (route)
        json.insert(QStringLiteral("route"), route->toJson(tokenIn, tokenOut));
    if (execution)
        json.insert(QStringLiteral("result"), execution->toJson(tokenOut));
    if (lastError)
        json.insert(QStringLiteral("error"), lastError->toJson());
    if (retryAt)
        json.insert(QStringLiteral("retryAt"), toIsoString(*retryAt));
    if (transaction)
        json.insert(QStringLiteral("transaction"), transaction->toJson());
    if (!leaseOwner.isEmpty()) {
        // Who works on the order now: what an operator asks first about an order that seems
        // stuck.
        QJsonObject lease{{QStringLiteral("owner"), leaseOwner},
                          {QStringLiteral("token"), leaseToken}};
        if (leaseExpiresAt)
            lease.insert(QStringLiteral("expiresAt"), toIsoString(*leaseExpiresAt));
        json.insert(QStringLiteral("lease"), lease);
    }
    return json;
}

std::optional<Order> Order::fromJson(const QJsonObject &json, const TokenRegistry &tokens)
{
    // The mint is the identity; a symbol can be reused by a launched token.
    const auto resolve = [&](const QString &mintKey, const QString &symbolKey) -> std::optional<Token> {
        if (const auto mint = readString(json, mintKey))
            return tokens.find(*mint);
        if (const auto symbol = readString(json, symbolKey))
            return tokens.find(*symbol);
        return std::nullopt;
    };

    Order order;
    const auto id = readString(json, QStringLiteral("id"));
    const auto type = readString(json, QStringLiteral("type"));
    const auto status = readString(json, QStringLiteral("status"));
    const auto tokenIn = resolve(QStringLiteral("tokenInMint"), QStringLiteral("tokenIn"));
    const auto tokenOut = resolve(QStringLiteral("tokenOutMint"), QStringLiteral("tokenOut"));
    const auto slippage = readInt(json, QStringLiteral("slippageBps"));
    const auto attempt = readInt(json, QStringLiteral("attempt"));
    const auto seq = readInteger(json, QStringLiteral("seq"));
    if (!id || !type || !status || !tokenIn || !tokenOut || !slippage || !attempt || !seq)
        return std::nullopt;
    const auto orderType = orderTypeFromString(*type);
    const auto orderStatus = orderStatusFromString(*status);
    // Written by every build since ExactOut exists; before it every order was exact in.
    const auto swapMode = json.contains(QStringLiteral("swapMode"))
                              ? swapModeFromString(readString(json, QStringLiteral("swapMode")).value_or(QString()))
                              : std::optional<SwapMode>(SwapMode::ExactIn);
    if (!swapMode)
        return std::nullopt;
    // An ExactOut amount is of tokenOut.
    const auto amount = readDecimal(json, QStringLiteral("amount"),
                                    *swapMode == SwapMode::ExactOut ? tokenOut->decimals : tokenIn->decimals);
    if (!orderType || !orderStatus || !amount)
        return std::nullopt;

    order.id = *id;
    order.type = *orderType;
    order.swapMode = *swapMode;
    order.status = *orderStatus;
    order.tokenIn = *tokenIn;
    order.tokenOut = *tokenOut;
    order.amountIn = *amount;
    order.slippageBps = *slippage;
    order.attempt = *attempt;
    order.seq = *seq;

    // createdAt / updatedAt are always written, empty when the order never had them.
    for (const auto &[key, target] : {std::pair{QStringLiteral("createdAt"), &order.createdAt},
                                      std::pair{QStringLiteral("updatedAt"), &order.updatedAt}}) {
        const auto text = readString(json, key);
        if (!text)
            return std::nullopt;
        if (text->isEmpty())
            continue;
        const auto time = fromIsoString(*text);
        if (!time)
            return std::nullopt;
        *target = *time;
    }

    if (json.contains(QStringLiteral("clientOrderId"))) {
        const auto clientOrderId = readString(json, QStringLiteral("clientOrderId"));
        if (!clientOrderId)
            return std::nullopt;
        order.clientOrderId = *clientOrderId;
    }
    if (json.contains(QStringLiteral("side"))) {
        const auto text = readString(json, QStringLiteral("side"));
        const auto side = text ? orderSideFromString(*text) : std::nullopt;
        if (!side)
            return std::nullopt;
        order.side = *side;
    }
    if (json.contains(QStringLiteral("limitPrice"))) {
        order.limitPrice = readDecimal(json, QStringLiteral("limitPrice"), PriceScale);
        if (!order.limitPrice)
            return std::nullopt;
    }
    if (!readOptionalTime(json, QStringLiteral("expiresAt"), &order.expiresAt)
        || !readOptionalTime(json, QStringLiteral("retryAt"), &order.retryAt)) {
        return std::nullopt;
    }
    if (json.contains(QStringLiteral("route"))) {
        order.route = RouteDecision::fromJson(json.value(QStringLiteral("route")).toObject(),
                                              order.tokenIn, order.tokenOut);
        if (!order.route)
            return std::nullopt;
    }
    if (json.contains(QStringLiteral("result"))) {
        order.execution = ExecutionResult::fromJson(json.value(QStringLiteral("result")).toObject(),
                                                    order.tokenOut);
        if (!order.execution)
            return std::nullopt;
    }
    if (json.contains(QStringLiteral("transaction"))) {
        order.transaction = SwapTransaction::fromJson(
            json.value(QStringLiteral("transaction")).toObject(), tokens);
        if (!order.transaction)
            return std::nullopt;
    }
    if (json.contains(QStringLiteral("error"))) {
        order.lastError = OrderError::fromJson(json.value(QStringLiteral("error")).toObject());
        if (!order.lastError)
            return std::nullopt;
    }
    return order;
}

QString Order::newId(const QDateTime &createdAt)
{
    static QMutex mutex;
    static quint64 lastMs = 0;
    static quint32 counter = 0;
    quint64 ms = quint64(createdAt.toMSecsSinceEpoch());
    {
        QMutexLocker locker(&mutex);
        if (ms <= lastMs) {
            // Same millisecond (or the clock stepped back): count on from the last id.
            ms = lastMs;
            if (++counter > 0xfff) {
                ++ms;
                counter = 0;
            }
        } else {
            counter = 0;
        }
        lastMs = ms;
    }
    const quint64 high = (ms << 16) | (0x7ULL << 12) | counter;
    const quint64 low = (QRandomGenerator::global()->generate64() & 0x3fffffffffffffffULL)
                        | 0x8000000000000000ULL;
    const QString hex = QStringLiteral("%1%2").arg(high, 16, 16, QLatin1Char('0')).arg(low, 16, 16, QLatin1Char('0'));
    return hex.left(8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4)
           + QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20);
}

} // namespace OrderDesk
