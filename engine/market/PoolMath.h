#pragma once

#include "Decimal.h"
#include "Order.h"

#include <QString>

#include <optional>

namespace OrderDesk {

// Integer arithmetic shared by the pool models: 256-bit intermediates, so reserves times prices
// or powers of ten never overflow silently, and every result rounds the way the caller says.
namespace PoolMath {

constexpr Int128 PpmScale = 1'000'000;
constexpr Int128 Int128Max = static_cast<Int128>((static_cast<unsigned __int128>(1) << 127) - 1);

// floor(a·b / c) for non-negative values; nullopt when c <= 0, an input is negative or the
// result overflows.
std::optional<Int128> mulDiv(Int128 a, Int128 b, Int128 c);
// The same, rounded up.
std::optional<Int128> mulDivUp(Int128 a, Int128 b, Int128 c);
// floor(a·b / 2^64): the product with a Q64.64 fixed-point number.
std::optional<Int128> mulShift64(Int128 a, Int128 b);
// floor(numerator·10^exponent / denominator): a ratio of two amounts rescaled to fixed point.
std::optional<Int128> scaledRatio(Int128 numerator, Int128 denominator, int exponent);

// The move of ln(price of A in B) that makes one whole `base` (A when baseIsA, else B) cost
// `price` (PriceScale) of the other, from `logPriceAInB` (ln of whole B per whole A).
double logMoveTo(double logPriceAInB, bool baseIsA, Int128 price);

// A quote that cannot be filled, with the reason.
VenueQuote unavailable(Int128 amountIn, const QString &reason);
// The price impact alone, the fee apart (Jupiter's priceImpactPct): how far `amountOut` is below
// `atSpot`, what the input after fee buys at the spot price; in ppm.
int priceImpactPpm(std::optional<Int128> atSpot, Int128 amountOut);

} // namespace PoolMath

} // namespace OrderDesk
