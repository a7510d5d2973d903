#include "SwapTransaction.h"

#include "Base58.h"
#include "JsonText.h"
#include "JsonWriter.h"

#include <QCryptographicHash>
#include <QJsonValue>

namespace OrderDesk {

namespace {
// Version tag of the message layout: a change of layout must never make two different
// transactions share a signature.
constexpr char MessageTag[] = "orderdesk-swap-v1";
// A route of several legs, or an exact-out swap: the v1 layout plus the mode and the plan.
constexpr char RouteMessageTag[] = "orderdesk-swap-v2";
} // namespace

std::optional<Int128> rawAmountFromJson(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isString())
        return std::nullopt;
    const std::optional<Int128> amount = Decimal::parse(value.toString(), 0);
    if (!amount || *amount < 0)
        return std::nullopt;
    return amount;
}

QList<RouteLeg> SwapTransaction::plan() const
{
    if (!legs.isEmpty())
        return legs;
    RouteLeg leg;
    leg.venue = venue;
    leg.tokenIn = tokenIn;
    leg.tokenOut = tokenOut;
    return {leg};
}

QByteArray SwapTransaction::message() const
{
    const bool route = !legs.isEmpty() || swapMode != SwapMode::ExactIn;
    QStringList fields = {
        QString::fromLatin1(route ? RouteMessageTag : MessageTag),
        orderId,
        QString::number(attempt),
        toString(venue),
        tokenIn.mint,
        tokenOut.mint,
        Decimal::toString(amountIn),
        Decimal::toString(minAmountOut),
        wrapSol ? QStringLiteral("wrap") : QStringLiteral("-"),
        unwrapSol ? QStringLiteral("unwrap") : QStringLiteral("-"),
        blockhash,
        QString::number(lastValidBlockHeight),
    };
    if (route) {
        fields << toString(swapMode);
        for (const RouteLeg &leg : legs) {
            fields << QStringLiteral("%1:%2:%3:%4:%5")
                          .arg(leg.hop)
                          .arg(toString(leg.venue), leg.tokenIn.mint, leg.tokenOut.mint)
                          .arg(leg.sharePpm);
        }
    }
    return fields.join(QLatin1Char('\n')).toUtf8();
}

void SwapTransaction::sign()
{
    signature = Base58::encode(QCryptographicHash::hash(message(), QCryptographicHash::Sha512));
}

bool SwapTransaction::hasValidSignature() const
{
    return !signature.isEmpty()
           && signature
                  == Base58::encode(QCryptographicHash::hash(message(), QCryptographicHash::Sha512));
}

QJsonObject SwapTransaction::toJson() const
{
    return cachedJson()->json.object();
}

QByteArray SwapTransaction::toJsonText() const
{
    return cachedJson()->json.text();
}

std::shared_ptr<const SwapTransaction::JsonCache> SwapTransaction::cachedJson() const
{
    // Copies of one order travel to several threads at once: the cache is swapped atomically,
    // and two threads filling it at the same time make the same JSON. An unsigned transaction
    // (still being built) is made anew each time.
    std::shared_ptr<const JsonCache> cached = std::atomic_load(&jsonCache);
    if (cached && !signature.isEmpty() && cached->signature == signature)
        return cached;
    JsonWriter out(1024);
    out.beginObject()
        .field(QLatin1StringView("signature"), signature)
        .field(QLatin1StringView("orderId"), orderId)
        .field(QLatin1StringView("attempt"), attempt)
        .field(QLatin1StringView("venue"), toString(venue))
        .field(QLatin1StringView("inputMint"), tokenIn.mint)
        .field(QLatin1StringView("outputMint"), tokenOut.mint)
        .field(QLatin1StringView("amountIn"), Decimal::toString(amountIn))
        .field(QLatin1StringView("minAmountOut"), Decimal::toString(minAmountOut))
        .field(QLatin1StringView("wrapSol"), wrapSol)
        .field(QLatin1StringView("unwrapSol"), unwrapSol)
        .field(QLatin1StringView("blockhash"), blockhash)
        .field(QLatin1StringView("lastValidBlockHeight"), lastValidBlockHeight);
    out.field(QLatin1StringView("swapMode"), toString(swapMode));
    RouteLeg::write(out, QLatin1StringView("legs"), legs);
    out.endObject();
    cached = std::make_shared<const JsonCache>(signature, out.text());
    if (!signature.isEmpty())
        std::atomic_store(&jsonCache, cached);
    return cached;
}

std::optional<SwapTransaction> SwapTransaction::fromJson(const QJsonObject &json,
                                                         const TokenRegistry &tokens)
{
    SwapTransaction tx;
    const std::optional<Venue> venue = venueFromString(json.value(QStringLiteral("venue")).toString());
    const std::optional<Token> tokenIn = tokens.find(json.value(QStringLiteral("inputMint")).toString());
    const std::optional<Token> tokenOut = tokens.find(json.value(QStringLiteral("outputMint")).toString());
    const std::optional<Int128> amountIn = rawAmountFromJson(json, QStringLiteral("amountIn"));
    const std::optional<Int128> minAmountOut = rawAmountFromJson(json, QStringLiteral("minAmountOut"));
    const QJsonValue attempt = json.value(QStringLiteral("attempt"));
    const QJsonValue lastValid = json.value(QStringLiteral("lastValidBlockHeight"));
    if (!venue || !tokenIn || !tokenOut || !amountIn || !minAmountOut || !attempt.isDouble()
        || !lastValid.isDouble()) {
        return std::nullopt;
    }
    tx.signature = json.value(QStringLiteral("signature")).toString();
    tx.orderId = json.value(QStringLiteral("orderId")).toString();
    tx.attempt = attempt.toInt();
    tx.venue = *venue;
    tx.tokenIn = *tokenIn;
    tx.tokenOut = *tokenOut;
    tx.amountIn = *amountIn;
    tx.minAmountOut = *minAmountOut;
    tx.wrapSol = json.value(QStringLiteral("wrapSol")).toBool();
    tx.unwrapSol = json.value(QStringLiteral("unwrapSol")).toBool();
    tx.blockhash = json.value(QStringLiteral("blockhash")).toString();
    tx.lastValidBlockHeight = static_cast<qint64>(lastValid.toDouble());
    // Absent in transactions recorded before routes had legs: one leg, ExactIn.
    if (json.contains(QStringLiteral("swapMode"))) {
        const std::optional<SwapMode> mode =
            swapModeFromString(json.value(QStringLiteral("swapMode")).toString());
        if (!mode)
            return std::nullopt;
        tx.swapMode = *mode;
    }
    if (json.contains(QStringLiteral("legs"))) {
        std::optional<QList<RouteLeg>> legs = RouteLeg::listFromJson(json.value(QStringLiteral("legs")));
        if (!legs)
            return std::nullopt;
        // Tokens as this side knows them: a leg naming a mint the registry does not know is
        // not a transaction it can execute.
        for (RouteLeg &leg : *legs) {
            const std::optional<Token> in = tokens.find(leg.tokenIn.mint);
            const std::optional<Token> out = tokens.find(leg.tokenOut.mint);
            if (!in || !out)
                return std::nullopt;
            leg.tokenIn = *in;
            leg.tokenOut = *out;
        }
        tx.legs = *legs;
    }
    return tx;
}

} // namespace OrderDesk
