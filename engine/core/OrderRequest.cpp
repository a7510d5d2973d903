#include "OrderRequest.h"

#include <QJsonValue>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <initializer_list>

namespace OrderDesk {

namespace {

// Every decimal with at most 15 significant digits survives a trip through a double, so the
// shortest representation of the double is exactly what the client wrote. Beyond that it may
// not be, and silently trading a different amount is worse than asking for a string.
constexpr int MaxNumberDigits = 15;
constexpr qint64 MaxWholeTokens = 1'000'000'000'000; // SPEC §3: amounts up to 1e12
constexpr int MaxSlippageBps = 5000;
constexpr int DefaultSlippageBps = 50;
constexpr int MaxSlippageFractionBps = 500; // slippage / slippageTolerance at most 0.05 (SPEC §3)
constexpr int BpsScale = 4; // a fraction with 4 decimals is a whole number of basis points
constexpr qint64 MaxExpirySec = 30 * 24 * 3600;
constexpr int MaxClientOrderIdLength = 64;
constexpr int MaxEchoLength = 64; // how much of a bad value an error message repeats

const QString CodeMissingField = QStringLiteral("missing_field");
const QString CodeUnknownToken = QStringLiteral("unknown_token");
const QString CodeSameToken = QStringLiteral("same_token");
const QString CodeInvalidAmount = QStringLiteral("invalid_amount");
const QString CodeInvalidType = QStringLiteral("invalid_type");
const QString CodeInvalidSide = QStringLiteral("invalid_side");
const QString CodeInvalidSwapMode = QStringLiteral("invalid_swap_mode");
const QString CodeInvalidSlippage = QStringLiteral("invalid_slippage");
const QString CodeInvalidLimitPrice = QStringLiteral("invalid_limit_price");
const QString CodeMissingLimitPrice = QStringLiteral("missing_limit_price");
const QString CodeInvalidExpiry = QStringLiteral("invalid_expiry");
const QString CodeInvalidClientOrderId = QStringLiteral("invalid_client_order_id");

// Clients that serialise optional fields as null mean "not given".
bool isGiven(const QJsonValue &value)
{
    return !value.isUndefined() && !value.isNull();
}

QString echo(const QString &text)
{
    return text.size() > MaxEchoLength ? text.left(MaxEchoLength) + QStringLiteral("…") : text;
}

// The text a JSON amount stands for, exactly as the client meant it, or an error (no field name).
std::optional<QString> decimalText(const QJsonValue &value, QString *error)
{
    if (value.isString())
        return value.toString();
    if (!value.isDouble()) {
        *error = QStringLiteral("must be a number or a decimal string");
        return std::nullopt;
    }
    const double number = value.toDouble();
    if (!std::isfinite(number)) {
        *error = QStringLiteral("must be a finite number");
        return std::nullopt;
    }
    // The mantissa of the shortest scientific form holds exactly the significant digits.
    const QString scientific = QString::number(number, 'e', QLocale::FloatingPointShortest);
    const QString mantissa = scientific.left(scientific.indexOf(QLatin1Char('e')));
    qsizetype digits = 0;
    for (const QChar c : mantissa)
        digits += c.isDigit() ? 1 : 0;
    if (digits > MaxNumberDigits) {
        *error = QStringLiteral("has more than %1 significant digits; send it as a decimal string")
                     .arg(MaxNumberDigits);
        return std::nullopt;
    }
    // Fixed notation of the same shortest digits: 1e12 -> "1000000000000", 1e-7 -> "0.0000001".
    return QString::number(number, 'f', QLocale::FloatingPointShortest);
}

// How many decimal places a plain decimal really uses (trailing zeros do not count); -1 when
// the text is not a plain decimal at all.
int fractionDigits(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[+-]?(\\d+\\.?\\d*|\\.\\d+)$"));
    const QString s = text.trimmed();
    if (!plain.match(s).hasMatch())
        return -1;
    const qsizetype dot = s.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return 0;
    qsizetype end = s.size();
    while (end > dot + 1 && s.at(end - 1) == QLatin1Char('0'))
        --end;
    return static_cast<int>(end - dot - 1);
}

// Like decimalFromJson, but says which scale was exceeded in the caller's words
// ("for USDC"), since "too many decimals" alone leaves the user guessing how many are allowed.
std::optional<Int128> decimalField(const QJsonValue &value, int scale, const QString &scaleNote,
                                   QString *error)
{
    const auto text = decimalText(value, error);
    if (!text)
        return std::nullopt;
    QString parseError;
    const auto parsed = Decimal::parse(*text, scale, &parseError);
    if (parsed)
        return parsed;
    if (fractionDigits(*text) > scale) {
        *error = QStringLiteral("has more than %1 decimal places%2").arg(scale).arg(scaleNote);
    } else {
        *error = parseError;
    }
    return std::nullopt;
}

// A whole number sent as a JSON number or as a string of digits.
std::optional<qint64> integerFromJson(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > 1e15)
            return std::nullopt;
        return static_cast<qint64>(d);
    }
    if (value.isString()) {
        const auto parsed = Decimal::parse(value.toString(), 0);
        if (!parsed || *parsed > Decimal::pow10(15) || *parsed < -Decimal::pow10(15))
            return std::nullopt;
        return static_cast<qint64>(*parsed);
    }
    return std::nullopt;
}

template<typename T>
struct Parsed
{
    std::optional<T> value;      // empty when the field was not given
    QString key;                 // the name the client used
    std::optional<EngineError> error;
};

// Whether two spellings of one field mean the same thing.
template<typename T>
bool agree(const T &a, const T &b)
{
    return a == b;
}

// Tokens are the same token by mint; a sniper's token that has not launched has no mint yet, so
// its symbol is all there is to compare.
bool agree(const Token &a, const Token &b)
{
    return a.mint == b.mint && a.symbol.compare(b.symbol, Qt::CaseInsensitive) == 0;
}

// Reads one field that has aliases. Each spelling given is validated; if the client gave more
// than one they must agree, since silently picking one of two different amounts or tokens is
// how orders end up doing what nobody asked for.
template<typename T, typename Parse>
Parsed<T> readField(const QJsonObject &json, std::initializer_list<QString> names,
                    const QString &code, Parse parse)
{
    Parsed<T> result;
    for (const QString &name : names) {
        const QJsonValue value = json.value(name);
        if (!isGiven(value))
            continue;
        std::variant<T, EngineError> parsed = parse(name, value);
        if (auto *error = std::get_if<EngineError>(&parsed)) {
            result.error = *error;
            return result;
        }
        T &candidate = std::get<T>(parsed);
        if (!result.value) {
            result.value = candidate;
            result.key = name;
        } else if (!agree(*result.value, candidate)) {
            result.error = EngineError::invalid(
                name, code, QStringLiteral("%1 conflicts with %2; send only one").arg(name, result.key));
            return result;
        }
    }
    return result;
}

std::variant<Token, EngineError> parseToken(const TokenRegistry &tokens, const QString &key,
                                            const QJsonValue &value)
{
    if (!value.isString())
        return EngineError::invalid(key, CodeUnknownToken,
                                    QStringLiteral("%1 must be a token symbol or mint address").arg(key));
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return EngineError::invalid(key, CodeMissingField, QStringLiteral("%1 is required").arg(key));
    // Case folding maps look-alikes onto ASCII letters ("ſol" would be SOL, the Kelvin sign a K):
    // symbols and mints are ASCII, so anything else is not a token.
    if (!std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; }))
        return EngineError::invalid(key, CodeUnknownToken,
                                    QStringLiteral("%1 must be an ASCII token symbol or mint address")
                                        .arg(key));
    const auto token = tokens.find(text);
    if (!token)
        return EngineError::invalid(key, CodeUnknownToken,
                                    QStringLiteral("%1 is not a known token symbol or mint address: %2")
                                        .arg(key, echo(text)));
    return *token;
}

std::variant<Int128, EngineError> parseAmount(const Token &tokenIn, const QString &key,
                                              const QJsonValue &value)
{
    QString error;
    const auto units = decimalField(value, tokenIn.decimals,
                                    QStringLiteral(" for %1").arg(tokenIn.symbol), &error);
    if (!units)
        return EngineError::invalid(key, CodeInvalidAmount, key + QLatin1Char(' ') + error);
    if (*units <= 0)
        return EngineError::invalid(key, CodeInvalidAmount,
                                    QStringLiteral("%1 must be greater than 0").arg(key));
    if (*units > Int128(MaxWholeTokens) * Decimal::pow10(tokenIn.decimals))
        return EngineError::invalid(key, CodeInvalidAmount,
                                    QStringLiteral("%1 must be at most %2 %3")
                                        .arg(key)
                                        .arg(MaxWholeTokens)
                                        .arg(tokenIn.symbol));
    return *units;
}

std::variant<OrderType, EngineError> parseType(const QString &key, const QJsonValue &value)
{
    const auto type = value.isString() ? orderTypeFromString(value.toString()) : std::nullopt;
    if (!type)
        return EngineError::invalid(key, CodeInvalidType,
                                    QStringLiteral("%1 must be market, limit or sniper").arg(key));
    return *type;
}

std::variant<SwapMode, EngineError> parseSwapMode(const QString &key, const QJsonValue &value)
{
    const auto mode = value.isString() ? swapModeFromString(value.toString()) : std::nullopt;
    if (!mode)
        return EngineError::invalid(key, CodeInvalidSwapMode,
                                    QStringLiteral("%1 must be ExactIn or ExactOut").arg(key));
    return *mode;
}

std::variant<OrderSide, EngineError> parseSide(const QString &key, const QJsonValue &value)
{
    const auto side = value.isString() ? orderSideFromString(value.toString()) : std::nullopt;
    // orderSideFromString maps "" to Unspecified; a client that sends side must mean one.
    if (!side || *side == OrderSide::Unspecified)
        return EngineError::invalid(key, CodeInvalidSide,
                                    QStringLiteral("%1 must be buy or sell").arg(key));
    return *side;
}

std::variant<int, EngineError> parseSlippageBps(const QString &key, const QJsonValue &value)
{
    const auto bps = integerFromJson(value);
    if (!bps || *bps < 0 || *bps > MaxSlippageBps)
        return EngineError::invalid(key, CodeInvalidSlippage,
                                    QStringLiteral("%1 must be a whole number from 0 to %2")
                                        .arg(key)
                                        .arg(MaxSlippageBps));
    return static_cast<int>(*bps);
}

std::variant<int, EngineError> parseSlippageFraction(const QString &key, const QJsonValue &value)
{
    QString error;
    const auto bps = decimalField(value, BpsScale, QString(), &error);
    if (!bps || *bps < 0)
        return EngineError::invalid(
            key, CodeInvalidSlippage,
            QStringLiteral("%1 must be a fraction from 0 to 0.05 in whole basis points (e.g. 0.005)")
                .arg(key));
    // 0.5 far more likely means half a percent than half the order's value: a fraction that
    // large is refused rather than guessed at.
    if (*bps > MaxSlippageFractionBps)
        return EngineError::invalid(
            key, CodeInvalidSlippage,
            QStringLiteral("%1 is a fraction (0.005 = 0.5 %) and at most 0.05; for more, or to be "
                           "unambiguous, send slippageBps (e.g. 50 for 0.5 %)")
                .arg(key));
    return static_cast<int>(*bps);
}

std::variant<Int128, EngineError> parseLimitPrice(const QString &key, const QJsonValue &value)
{
    QString error;
    const auto price = decimalField(value, PriceScale, QString(), &error);
    if (!price)
        return EngineError::invalid(key, CodeInvalidLimitPrice, key + QLatin1Char(' ') + error);
    if (*price <= 0)
        return EngineError::invalid(key, CodeInvalidLimitPrice,
                                    QStringLiteral("%1 must be greater than 0").arg(key));
    return *price;
}

std::variant<int, EngineError> parseExpiry(const QString &key, const QJsonValue &value)
{
    const auto seconds = integerFromJson(value);
    if (!seconds || *seconds < 1 || *seconds > MaxExpirySec)
        return EngineError::invalid(key, CodeInvalidExpiry,
                                    QStringLiteral("%1 must be a whole number of seconds from 1 to %2 "
                                                   "(30 days)")
                                        .arg(key)
                                        .arg(MaxExpirySec));
    return static_cast<int>(*seconds);
}

std::variant<QString, EngineError> parseClientOrderId(const QString &key, const QJsonValue &value)
{
    if (!value.isString())
        return EngineError::invalid(key, CodeInvalidClientOrderId,
                                    QStringLiteral("%1 must be a string").arg(key));
    const QString id = value.toString();
    if (id.isEmpty())
        return EngineError::invalid(key, CodeInvalidClientOrderId,
                                    QStringLiteral("%1 must not be empty").arg(key));
    if (id.size() > MaxClientOrderIdLength)
        return EngineError::invalid(key, CodeInvalidClientOrderId,
                                    QStringLiteral("%1 must be at most %2 characters")
                                        .arg(key)
                                        .arg(MaxClientOrderIdLength));
    // It ends up in URLs, logs and CSV exports: keep it to visible ASCII.
    for (const QChar c : id) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return EngineError::invalid(key, CodeInvalidClientOrderId,
                                        QStringLiteral("%1 may contain only printable ASCII "
                                                       "characters without spaces")
                                            .arg(key));
    }
    return id;
}

// A token by mint, or by symbol while it has none (a sniper's token before its launch).
bool sameToken(const Token &a, const Token &b)
{
    return a.mint.isEmpty() || b.mint.isEmpty() ? a.symbol.compare(b.symbol, Qt::CaseInsensitive) == 0
                                                : a.mint == b.mint;
}

} // namespace

std::optional<Int128> decimalFromJson(const QJsonValue &value, int scale, QString *error)
{
    QString message;
    const auto result = decimalField(value, scale, QString(), &message);
    if (!result && error)
        *error = message;
    return result;
}

std::variant<OrderRequest, EngineError> OrderRequest::fromJson(const QJsonObject &json,
                                                               const TokenRegistry &tokens)
{
    OrderRequest request;
    const auto tokenParser = [&tokens](const QString &key, const QJsonValue &value) {
        return parseToken(tokens, key, value);
    };

    const auto tokenIn = readField<Token>(json, {QStringLiteral("tokenIn"), QStringLiteral("inputToken")},
                                          CodeUnknownToken, tokenParser);
    if (tokenIn.error)
        return *tokenIn.error;
    if (!tokenIn.value)
        return EngineError::invalid(QStringLiteral("tokenIn"), CodeMissingField,
                                    QStringLiteral("tokenIn is required"));
    // A sniper order may name a token that has not launched yet: it waits for its pool. It is
    // held by symbol until the launch gives it a mint and decimals.
    const QString typeText = json.value(QStringLiteral("type"))
                                 .toString(json.value(QStringLiteral("orderType")).toString());
    const bool sniper = orderTypeFromString(typeText) == OrderType::Sniper;
    const auto tokenOutParser = [&tokens, sniper](const QString &key, const QJsonValue &value) {
        auto parsed = parseToken(tokens, key, value);
        static const QRegularExpression symbolLike(QStringLiteral("^[A-Za-z0-9]{2,12}$"));
        if (sniper && std::holds_alternative<EngineError>(parsed)
            && std::get<EngineError>(parsed).code == CodeUnknownToken
            && symbolLike.match(value.toString().trimmed()).hasMatch()) {
            return std::variant<Token, EngineError>(
                Token{value.toString().trimmed().toUpper(), QString(), 0});
        }
        return parsed;
    };
    const auto tokenOut = readField<Token>(json, {QStringLiteral("tokenOut"), QStringLiteral("outputToken")},
                                           CodeUnknownToken, tokenOutParser);
    if (tokenOut.error)
        return *tokenOut.error;
    if (!tokenOut.value)
        return EngineError::invalid(QStringLiteral("tokenOut"), CodeMissingField,
                                    QStringLiteral("tokenOut is required"));
    if (*tokenIn.value == *tokenOut.value)
        return EngineError::invalid(tokenOut.key, CodeSameToken,
                                    QStringLiteral("%1 must differ from %2").arg(tokenOut.key, tokenIn.key));
    request.tokenIn = *tokenIn.value;
    request.tokenOut = *tokenOut.value;

    // Read now, reported in the table's order below: an ExactOut amount is of tokenOut.
    const auto side = readField<OrderSide>(json, {QStringLiteral("side")}, CodeInvalidSide, parseSide);
    const auto swapMode = readField<SwapMode>(json, {QStringLiteral("swapMode")}, CodeInvalidSwapMode,
                                              parseSwapMode);
    const SwapMode mode = swapMode.value.value_or(SwapMode::ExactIn);
    const Token amountToken = mode == SwapMode::ExactOut ? request.tokenOut : request.tokenIn;
    const auto amount = readField<Int128>(
        json, {QStringLiteral("amount"), QStringLiteral("amountIn")}, CodeInvalidAmount,
        [&amountToken](const QString &key, const QJsonValue &value) {
            return parseAmount(amountToken, key, value);
        });
    if (amount.error)
        return *amount.error;
    if (!amount.value)
        return EngineError::invalid(QStringLiteral("amount"), CodeMissingField,
                                    QStringLiteral("amount is required"));
    request.amountIn = *amount.value;

    const auto type = readField<OrderType>(json, {QStringLiteral("type"), QStringLiteral("orderType")},
                                           CodeInvalidType, parseType);
    if (type.error)
        return *type.error;
    request.type = type.value.value_or(OrderType::Market);

    // Buy is ExactOut of tokenOut (SPEC §3): given together, side and swapMode must agree. A side
    // alone is only recorded: the order is exact in, as it was before swapMode existed.
    if (side.error)
        return *side.error;
    if (swapMode.error)
        return *swapMode.error;
    if (side.value && swapMode.value && (*side.value == OrderSide::Buy) != (mode == SwapMode::ExactOut)) {
        return EngineError::invalid(
            side.key, CodeInvalidSide,
            mode == SwapMode::ExactOut
                ? QStringLiteral("side sell disagrees with swapMode ExactOut (a buy of tokenOut)")
                : QStringLiteral("side buy disagrees with swapMode ExactIn: a buy is ExactOut (amount is "
                                 "then the %1 wanted)")
                      .arg(request.tokenOut.symbol));
    }
    request.side = side.value.value_or(OrderSide::Unspecified);
    request.swapMode = mode;
    // A trigger watches the price of the order's input; an exact-out order has no fixed input.
    if (mode == SwapMode::ExactOut && request.type != OrderType::Market) {
        return EngineError::invalid(swapMode.value ? swapMode.key : side.key, CodeInvalidSwapMode,
                                    QStringLiteral("swapMode ExactOut (a buy) is for market orders only"));
    }

    const auto slippageBps = readField<int>(json, {QStringLiteral("slippageBps")}, CodeInvalidSlippage,
                                            parseSlippageBps);
    if (slippageBps.error)
        return *slippageBps.error;
    const auto slippageFraction = readField<int>(
        json, {QStringLiteral("slippage"), QStringLiteral("slippageTolerance")}, CodeInvalidSlippage,
        parseSlippageFraction);
    if (slippageFraction.error)
        return *slippageFraction.error;
    // Two units for one setting: even when they agree, the client's intent is unclear.
    if (slippageBps.value && slippageFraction.value)
        return EngineError::invalid(slippageFraction.key, CodeInvalidSlippage,
                                    QStringLiteral("%1 cannot be combined with slippageBps; send one")
                                        .arg(slippageFraction.key));
    request.slippageBps = slippageBps.value.value_or(slippageFraction.value.value_or(DefaultSlippageBps));

    const auto limitPrice = readField<Int128>(json, {QStringLiteral("limitPrice")}, CodeInvalidLimitPrice,
                                              parseLimitPrice);
    if (limitPrice.error)
        return *limitPrice.error;
    if (request.type == OrderType::Limit && !limitPrice.value)
        return EngineError::invalid(QStringLiteral("limitPrice"), CodeMissingLimitPrice,
                                    QStringLiteral("limitPrice is required for limit orders"));
    if (request.type != OrderType::Limit && limitPrice.value)
        return EngineError::invalid(limitPrice.key, CodeInvalidLimitPrice,
                                    QStringLiteral("limitPrice applies only to limit orders, not %1 orders")
                                        .arg(toString(request.type)));
    request.limitPrice = limitPrice.value;

    const auto expiry = readField<int>(json, {QStringLiteral("expiresInSec")}, CodeInvalidExpiry,
                                       parseExpiry);
    if (expiry.error)
        return *expiry.error;
    if (expiry.value && request.type == OrderType::Market)
        return EngineError::invalid(expiry.key, CodeInvalidExpiry,
                                    QStringLiteral("expiresInSec applies only to limit and sniper orders"));
    request.expiresInSec = expiry.value;

    const auto clientOrderId = readField<QString>(json, {QStringLiteral("clientOrderId")},
                                                  CodeInvalidClientOrderId, parseClientOrderId);
    if (clientOrderId.error)
        return *clientOrderId.error;
    request.clientOrderId = clientOrderId.value.value_or(QString());

    return request;
}

std::pair<Order, OrderEvent> OrderRequest::toNewOrder(const QDateTime &now) const
{
    Order order;
    order.createdAt = now;
    order.id = Order::newId(order.createdAt);
    order.clientOrderId = clientOrderId;
    order.type = type;
    order.side = side;
    order.swapMode = swapMode;
    order.tokenIn = tokenIn;
    order.tokenOut = tokenOut;
    order.amountIn = amountIn;
    order.slippageBps = slippageBps;
    order.limitPrice = limitPrice;
    order.updatedAt = order.createdAt;
    if (expiresInSec)
        order.expiresAt = order.createdAt.addSecs(*expiresInSec);
    order.seq = 1;

    QJsonObject details;
    if (order.type == OrderType::Market) {
        order.status = OrderStatus::Pending;
    } else {
        order.status = OrderStatus::Waiting;
        QJsonObject trigger{{QStringLiteral("type"), toString(order.type)}};
        if (order.limitPrice)
            trigger.insert(QStringLiteral("limitPrice"), Decimal::format(*order.limitPrice, PriceScale));
        if (order.expiresAt)
            trigger.insert(QStringLiteral("expiresAt"), toIsoString(*order.expiresAt));
        details.insert(QStringLiteral("trigger"), trigger);
    }
    const OrderEvent accepted{order.id, 1, order.status, 0, order.createdAt, details};
    return {order, accepted};
}

bool OrderRequest::repeats(const Order &existing) const
{
    return sameToken(existing.tokenIn, tokenIn) && sameToken(existing.tokenOut, tokenOut)
           && existing.amountIn == amountIn && existing.type == type && existing.side == side
           && existing.swapMode == swapMode && existing.slippageBps == slippageBps
           && existing.limitPrice == limitPrice
           && existing.expiresAt.has_value() == expiresInSec.has_value();
}

EngineError OrderRequest::clientOrderIdReused(const Order &existing) const
{
    return {EngineError::Kind::Conflict, QStringLiteral("client_order_id_reused"),
            QStringLiteral("clientOrderId %1 belongs to order %2, which differs from this one")
                .arg(clientOrderId, existing.id),
            QStringLiteral("clientOrderId")};
}

} // namespace OrderDesk
