#include "ConstantProductPool.h"

#include "PoolMath.h"
#include "TokenJson.h"

#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace OrderDesk {

namespace {
using PoolMath::Int128Max;
using PoolMath::PpmScale;
using PoolMath::scaledRatio;
using PoolMath::unavailable;

constexpr double Ln10 = 2.302585092994045684;
} // namespace

std::optional<Int128> ConstantProductPool::mulDiv(Int128 a, Int128 b, Int128 c)
{
    return PoolMath::mulDiv(a, b, c);
}

std::optional<Int128> ConstantProductPool::mulDivUp(Int128 a, Int128 b, Int128 c)
{
    return PoolMath::mulDivUp(a, b, c);
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
    quote.priceImpactPpm = PoolMath::priceImpactPpm(mulDiv(inAfterFee, reserveOut, reserveIn), *amountOut);
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
    return trades(base, quote) && price > 0 && movePrice(PoolMath::logMoveTo(logPrice(), base == m_tokenA, price));
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
