#include "Order.h"

#include "JsonFields.h"
#include "JsonText.h"
#include "JsonWriter.h"

#include <QMutex>
#include <QRandomGenerator>

#include <utility>

namespace OrderDesk {

using namespace JsonFields;

namespace {
// The object that `write` writes as a member, on its own.
template <typename Write>
QJsonObject memberObject(Write write)
{
    JsonWriter out;
    write(out, QLatin1StringView());
    return JsonText::parseObject(out.text());
}
} // namespace

// --- ExecutionResult --------------------------------------------------------------------------

void ExecutionResult::write(JsonWriter &out, QLatin1StringView key, const Token &tokenOut) const
{
    out.beginObject(key)
        .field(QLatin1StringView("signature"), signature)
        .field(QLatin1StringView("venue"), OrderDesk::toString(venue))
        .field(QLatin1StringView("amountOut"), amountString(amountOut, tokenOut))
        .field(QLatin1StringView("executedPrice"), priceString(executedPrice));
    writeTime(out, QLatin1StringView("executedAt"), executedAt);
    out.endObject();
}

QJsonObject ExecutionResult::toJson(const Token &tokenOut) const
{
    return memberObject([&](JsonWriter &out, QLatin1StringView key) { write(out, key, tokenOut); });
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

void OrderError::write(JsonWriter &out, QLatin1StringView key) const
{
    out.beginObject(key)
        .field(QLatin1StringView("code"), code)
        .field(QLatin1StringView("message"), message)
        .field(QLatin1StringView("permanent"), permanent)
        .endObject();
}

QJsonObject OrderError::toJson() const
{
    return memberObject([&](JsonWriter &out, QLatin1StringView key) { write(out, key); });
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

void Order::write(JsonWriter &out, QLatin1StringView key) const
{
    out.beginObject(key)
        .field(QLatin1StringView("id"), id)
        // Clients of the original API read "orderId"; both name the same value.
        .field(QLatin1StringView("orderId"), id)
        .field(QLatin1StringView("type"), OrderDesk::toString(type))
        .field(QLatin1StringView("tokenIn"), tokenIn.symbol)
        .field(QLatin1StringView("tokenOut"), tokenOut.symbol)
        .field(QLatin1StringView("tokenInMint"), tokenIn.mint)
        .field(QLatin1StringView("tokenOutMint"), tokenOut.mint)
        .field(QLatin1StringView("pair"), pair())
        .field(QLatin1StringView("amount"), amountString(amountIn, amountToken()))
        .field(QLatin1StringView("swapMode"), OrderDesk::toString(swapMode))
        .field(QLatin1StringView("slippageBps"), slippageBps)
        .field(QLatin1StringView("status"), OrderDesk::toString(status))
        .field(QLatin1StringView("attempt"), attempt)
        .field(QLatin1StringView("seq"), seq)
        .field(QLatin1StringView("createdAt"), toIsoString(createdAt))
        .field(QLatin1StringView("updatedAt"), toIsoString(updatedAt));
    if (!clientOrderId.isEmpty())
        out.field(QLatin1StringView("clientOrderId"), clientOrderId);
    if (side != OrderSide::Unspecified)
        out.field(QLatin1StringView("side"), OrderDesk::toString(side));
    if (limitPrice)
        out.field(QLatin1StringView("limitPrice"), priceString(*limitPrice));
    if (expiresAt)
        out.field(QLatin1StringView("expiresAt"), toIsoString(*expiresAt));
    if (route)
        out.rawField(QLatin1StringView("route"), route->toJsonText(tokenIn, tokenOut));
    if (execution)
        execution->write(out, QLatin1StringView("result"), tokenOut);
    if (lastError)
        lastError->write(out, QLatin1StringView("error"));
    if (retryAt)
        out.field(QLatin1StringView("retryAt"), toIsoString(*retryAt));
    if (transaction)
        out.rawField(QLatin1StringView("transaction"), transaction->toJsonText());
    if (!leaseOwner.isEmpty()) {
        // Who works on the order now: what an operator asks first about an order that seems
        // stuck.
        out.beginObject(QLatin1StringView("lease"))
            .field(QLatin1StringView("owner"), leaseOwner)
            .field(QLatin1StringView("token"), leaseToken);
        if (leaseExpiresAt)
            out.field(QLatin1StringView("expiresAt"), toIsoString(*leaseExpiresAt));
        out.endObject();
    }
    out.endObject();
}

QByteArray Order::toJsonText() const
{
    JsonWriter out(1024 + (route ? route->toJsonText(tokenIn, tokenOut).size() : 0));
    write(out, {});
    return out.text();
}

QJsonObject Order::toJson() const
{
    return JsonText::parseObject(toJsonText());
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
