#include "ConstantProductPool.h"

#include "TokenJson.h"

#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace OrderDesk {

namespace {
using U128 = unsigned __int128;

constexpr Int128 PpmScale = 1'000'000;
constexpr Int128 Int128Max = static_cast<Int128>((static_cast<U128>(1) << 127) - 1);
constexpr double Ln10 = 2.302585092994045684;

struct U256
{
    U128 hi = 0;
    U128 lo = 0;
};

U256 multiply(U128 a, U128 b)
{
    const U128 mask = ~static_cast<std::uint64_t>(0);
    const U128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
    const U128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const U128 mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
    return {p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), (mid << 64) | (p00 & mask)};
}

// (hi:lo) / c and the remainder; the caller guarantees hi < c, so the quotient fits 128 bits.
std::pair<U128, U128> divide(const U256 &n, U128 c)
{
    U128 remainder = n.hi;
    U128 quotient = 0;
    for (int bit = 127; bit >= 0; --bit) {
        const bool carry = (remainder >> 127) != 0;
        remainder = (remainder << 1) | ((n.lo >> bit) & 1);
        quotient <<= 1;
        if (carry || remainder >= c) {
            remainder -= c; // wraps correctly when carry is set: the true value is below 2c
            quotient |= 1;
        }
    }
    return {quotient, remainder};
}

std::optional<Int128> mulDivImpl(Int128 a, Int128 b, Int128 c, bool roundUp)
{
    if (a < 0 || b < 0 || c <= 0)
        return std::nullopt;
    const U256 product = multiply(static_cast<U128>(a), static_cast<U128>(b));
    if (product.hi >= static_cast<U128>(c))
        return std::nullopt;
    // Nearly every product of a pool's reserves and an order's amount fits 128 bits: the
    // hardware-assisted 128-bit division is an order of magnitude cheaper than the bitwise one,
    // and the router prices a hundred or more quotes per order.
    auto [quotient, remainder] = product.hi == 0
                                     ? std::pair<U128, U128>{product.lo / static_cast<U128>(c),
                                                             product.lo % static_cast<U128>(c)}
                                     : divide(product, static_cast<U128>(c));
    if (roundUp && remainder != 0)
        ++quotient;
    if (quotient > static_cast<U128>(Int128Max))
        return std::nullopt;
    return static_cast<Int128>(quotient);
}

// floor(numerator·10^exponent / denominator): a ratio of two amounts rescaled to fixed point.
std::optional<Int128> scaledRatio(Int128 numerator, Int128 denominator, int exponent)
{
    if (exponent >= 0)
        return ConstantProductPool::mulDiv(numerator, Decimal::pow10(exponent), denominator);
    return ConstantProductPool::mulDiv(numerator, 1, denominator * Decimal::pow10(-exponent));
}

VenueQuote unavailable(Int128 amountIn, const QString &reason)
{
    VenueQuote quote;
    quote.amountIn = amountIn;
    quote.unavailableReason = reason;
    return quote;
}
} // namespace

std::optional<Int128> ConstantProductPool::mulDiv(Int128 a, Int128 b, Int128 c)
{
    return mulDivImpl(a, b, c, false);
}

std::optional<Int128> ConstantProductPool::mulDivUp(Int128 a, Int128 b, Int128 c)
{
    return mulDivImpl(a, b, c, true);
}

ConstantProductPool::ConstantProductPool(const Token &tokenA, const Token &tokenB, Int128 reserveA,
                                         Int128 reserveB, const FeeModel &fees)
    : m_tokenA(tokenA), m_tokenB(tokenB), m_reserveA(reserveA), m_reserveB(reserveB), m_fees(fees)
{
}

std::optional<Int128> ConstantProductPool::reserveOf(const Token &token) const
{
    if (token == m_tokenA)
        return m_reserveA;
    if (token == m_tokenB)
        return m_reserveB;
    return std::nullopt;
}

std::optional<Int128> ConstantProductPool::k() const
{
    Int128 product = 0;
    if (__builtin_mul_overflow(m_reserveA, m_reserveB, &product))
        return std::nullopt;
    return product;
}

bool ConstantProductPool::trades(const Token &tokenIn, const Token &tokenOut) const
{
    return (tokenIn == m_tokenA && tokenOut == m_tokenB) ||
           (tokenIn == m_tokenB && tokenOut == m_tokenA);
}

int ConstantProductPool::feePpm() const
{
    const double variable = m_fees.variableFeeControl * m_volatilityBps * m_volatilityBps;
    const int room = std::max(0, m_fees.maxFeePpm - m_fees.baseFeePpm);
    return m_fees.baseFeePpm + static_cast<int>(std::min<double>(room, std::floor(variable)));
}

std::optional<Int128> ConstantProductPool::spotPrice(const Token &tokenIn,
                                                     const Token &tokenOut) const
{
    if (!trades(tokenIn, tokenOut))
        return std::nullopt;
    const bool aIn = tokenIn == m_tokenA;
    const Int128 reserveIn = aIn ? m_reserveA : m_reserveB;
    const Int128 reserveOut = aIn ? m_reserveB : m_reserveA;
    return scaledRatio(reserveOut, reserveIn, PriceScale + tokenIn.decimals - tokenOut.decimals);
}

double ConstantProductPool::logPrice() const
{
    return std::log(static_cast<double>(m_reserveB)) - std::log(static_cast<double>(m_reserveA)) +
           (m_tokenA.decimals - m_tokenB.decimals) * Ln10;
}

VenueQuote ConstantProductPool::quote(const Token &tokenIn, Int128 amountIn) const
{
    if (!contains(tokenIn)) {
        return unavailable(amountIn, QStringLiteral("%1 is not in the %2/%3 pool")
                                         .arg(tokenIn.symbol, m_tokenA.symbol, m_tokenB.symbol));
    }
    if (amountIn <= 0)
        return unavailable(amountIn, QStringLiteral("amount must be greater than 0"));

    const bool aIn = tokenIn == m_tokenA;
    const Token &tokenOut = aIn ? m_tokenB : m_tokenA;
    const Int128 reserveIn = aIn ? m_reserveA : m_reserveB;
    const Int128 reserveOut = aIn ? m_reserveB : m_reserveA;
    const int fee = feePpm();

    const std::optional<Int128> feeAmount = mulDivUp(amountIn, fee, PpmScale);
    if (!feeAmount || reserveIn > Int128Max - amountIn)
        return unavailable(amountIn, QStringLiteral("amount is too large for this pool"));
    const Int128 inAfterFee = amountIn - *feeAmount;
    const std::optional<Int128> amountOut = mulDiv(reserveOut, inAfterFee, reserveIn + inAfterFee);
    const std::optional<Int128> spot = spotPrice(tokenIn, tokenOut);
    if (!amountOut || !spot)
        return unavailable(amountIn, QStringLiteral("amount is too large for this pool"));
    if (*amountOut <= 0) {
        return unavailable(amountIn,
                           QStringLiteral("amount is too small: the %1/%2 pool would return no %3")
                               .arg(m_tokenA.symbol, m_tokenB.symbol, tokenOut.symbol));
    }

    const Int128 execution =
        scaledRatio(*amountOut, amountIn, PriceScale + tokenIn.decimals - tokenOut.decimals)
            .value_or(0);
    VenueQuote quote;
    quote.available = true;
    quote.amountIn = amountIn;
    quote.amountOut = *amountOut;
    quote.feeAmount = *feeAmount;
    quote.feePpm = fee;
    quote.spotPrice = *spot;
    quote.executionPrice = execution;
    // The price impact alone, the fee apart (Jupiter's priceImpactPct): how far the output is
    // below what the input after fee would buy at the spot price.
    const std::optional<Int128> atSpot = mulDiv(inAfterFee, reserveOut, reserveIn);
    if (atSpot && *atSpot > *amountOut) {
        quote.priceImpactPpm = static_cast<int>(
            mulDiv(*atSpot - *amountOut, PpmScale, *atSpot).value_or(PpmScale));
    } else if (!atSpot) {
        quote.priceImpactPpm = int(PpmScale);
    }
    return quote;
}

VenueQuote ConstantProductPool::swap(const Token &tokenIn, Int128 amountIn)
{
    const VenueQuote executed = quote(tokenIn, amountIn);
    if (!executed.available)
        return executed;
    const double before = logPrice();
    if (tokenIn == m_tokenA) {
        m_reserveA += amountIn;
        m_reserveB -= executed.amountOut;
    } else {
        m_reserveB += amountIn;
        m_reserveA -= executed.amountOut;
    }
    recordMove(logPrice() - before);
    return executed;
}

bool ConstantProductPool::movePrice(double logMove)
{
    // Beyond e^±80 the reserves would degenerate to a few units or overflow.
    if (!std::isfinite(logMove) || std::abs(logMove) > 80 || m_reserveA <= 0 || m_reserveB <= 0)
        return false;
    // Price of A in B is B/A: scale A by 1/sqrt(f) and let k fix B.
    constexpr Int128 Scale = 1'000'000'000'000'000'000;
    const auto factor =
        static_cast<Int128>(std::exp(static_cast<long double>(logMove) / 2) * 1e18L);
    if (factor <= 0)
        return false;
    const std::optional<Int128> newA = mulDiv(m_reserveA, Scale, factor);
    if (!newA || *newA <= 0)
        return false;
    const std::optional<Int128> newB = mulDiv(m_reserveA, m_reserveB, *newA);
    if (!newB || *newB <= 0)
        return false;
    m_reserveA = *newA;
    m_reserveB = *newB;
    recordMove(logMove);
    return true;
}

bool ConstantProductPool::setPrice(const Token &base, const Token &quote, Int128 price)
{
    if (!trades(base, quote) || price <= 0)
        return false;
    const double target = std::log(static_cast<double>(price)) - PriceScale * Ln10;
    const double current = base == m_tokenA ? logPrice() : -logPrice();
    const double move = target - current;
    return movePrice(base == m_tokenA ? move : -move);
}

void ConstantProductPool::decayVolatility()
{
    m_volatilityBps *= m_fees.decayFactor;
}

void ConstantProductPool::recordMove(double logMove)
{
    m_volatilityBps += std::abs(logMove) * 10'000.0;
}


QJsonObject ConstantProductPool::toJson() const
{
    return {
        {QStringLiteral("tokenA"), TokenJson::toJson(m_tokenA)},
        {QStringLiteral("tokenB"), TokenJson::toJson(m_tokenB)},
        {QStringLiteral("reserveA"), Decimal::toString(m_reserveA)},
        {QStringLiteral("reserveB"), Decimal::toString(m_reserveB)},
        {QStringLiteral("feePpm"), feePpm()},
        {QStringLiteral("fees"),
         QJsonObject{{QStringLiteral("baseFeePpm"), m_fees.baseFeePpm},
                     {QStringLiteral("maxFeePpm"), m_fees.maxFeePpm},
                     {QStringLiteral("variableFeeControl"), m_fees.variableFeeControl},
                     {QStringLiteral("decayFactor"), m_fees.decayFactor}}},
        {QStringLiteral("volatilityAccumulatorBps"), m_volatilityBps},
        {QStringLiteral("volatility"), m_volatility},
    };
}

std::optional<ConstantProductPool> ConstantProductPool::fromJson(const QJsonObject &json)
{
    const std::optional<Token> a = TokenJson::fromJson(json.value(QStringLiteral("tokenA")));
    const std::optional<Token> b = TokenJson::fromJson(json.value(QStringLiteral("tokenB")));
    const std::optional<Int128> reserveA =
        Decimal::fromString(json.value(QStringLiteral("reserveA")).toString());
    const std::optional<Int128> reserveB =
        Decimal::fromString(json.value(QStringLiteral("reserveB")).toString());
    const QJsonObject fees = json.value(QStringLiteral("fees")).toObject();
    if (!a || !b || !reserveA || !reserveB || *reserveA < 0 || *reserveB < 0 || fees.isEmpty())
        return std::nullopt;
    const FeeModel model = FeeModel::dynamic(
        fees.value(QStringLiteral("baseFeePpm")).toInt(),
        fees.value(QStringLiteral("maxFeePpm")).toInt(),
        fees.value(QStringLiteral("variableFeeControl")).toDouble(),
        fees.value(QStringLiteral("decayFactor")).toDouble());
    ConstantProductPool pool(*a, *b, *reserveA, *reserveB, model);
    pool.setVolatilityAccumulatorBps(json.value(QStringLiteral("volatilityAccumulatorBps")).toDouble());
    pool.setVolatility(json.value(QStringLiteral("volatility")).toDouble());
    return pool;
}

} // namespace OrderDesk
