#include "PoolMath.h"

#include <cmath>

namespace OrderDesk::PoolMath {

namespace {
using U128 = unsigned __int128;

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
} // namespace

std::optional<Int128> mulDiv(Int128 a, Int128 b, Int128 c)
{
    return mulDivImpl(a, b, c, false);
}

std::optional<Int128> mulDivUp(Int128 a, Int128 b, Int128 c)
{
    return mulDivImpl(a, b, c, true);
}

std::optional<Int128> mulShift64(Int128 a, Int128 b)
{
    if (a < 0 || b < 0)
        return std::nullopt;
    const U256 product = multiply(static_cast<U128>(a), static_cast<U128>(b));
    if ((product.hi >> 63) != 0)
        return std::nullopt;
    const U128 shifted = (product.hi << 64) | (product.lo >> 64);
    if (shifted > static_cast<U128>(Int128Max))
        return std::nullopt;
    return static_cast<Int128>(shifted);
}

std::optional<Int128> scaledRatio(Int128 numerator, Int128 denominator, int exponent)
{
    if (exponent >= 0)
        return mulDiv(numerator, Decimal::pow10(exponent), denominator);
    return mulDiv(numerator, 1, denominator * Decimal::pow10(-exponent));
}

double logMoveTo(double logPriceAInB, bool baseIsA, Int128 price)
{
    constexpr double Ln10 = 2.302585092994045684;
    const double target = std::log(static_cast<double>(price)) - PriceScale * Ln10;
    const double move = target - (baseIsA ? logPriceAInB : -logPriceAInB);
    return baseIsA ? move : -move;
}

VenueQuote unavailable(Int128 amountIn, const QString &reason)
{
    VenueQuote quote;
    quote.amountIn = amountIn;
    quote.unavailableReason = reason;
    return quote;
}

int priceImpactPpm(std::optional<Int128> atSpot, Int128 amountOut)
{
    if (!atSpot)
        return int(PpmScale);
    if (*atSpot <= amountOut)
        return 0;
    return static_cast<int>(mulDiv(*atSpot - amountOut, PpmScale, *atSpot).value_or(PpmScale));
}

} // namespace OrderDesk::PoolMath
