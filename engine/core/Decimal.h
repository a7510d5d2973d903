#pragma once

#include <QString>

#include <optional>

namespace OrderDesk {

// Token amounts and prices are integers. 1e12 whole tokens of a 9-decimal token is 1e21 base
// units, beyond 64 bits, and pool math multiplies two such numbers: 128 bits covers both.
using Int128 = __int128;

// Prices (tokenOut per tokenIn, in whole tokens) are fixed-point with this many decimals.
constexpr int PriceScale = 18;

namespace Decimal {

// Exact conversion of a decimal string ("12", "0.5", "1e-3" is refused) to an integer with
// `scale` implied decimals. Fails (nullopt) on syntax, sign, more than `scale` fraction digits
// or overflow; `error` then says why in words a user understands.
std::optional<Int128> parse(QStringView text, int scale, QString *error = nullptr);

// "1500000000" at scale 9 -> "1.5"; trailing zeros trimmed, no exponent, exact.
QString format(Int128 value, int scale);

Int128 pow10(int exponent);

// a * b / c rounded down, nullopt on overflow or c == 0. The building block of pool math.
std::optional<Int128> mulDiv(Int128 a, Int128 b, Int128 c);

// Integer to decimal string and back (no scale): for storage of base units as text.
QString toString(Int128 value);
std::optional<Int128> fromString(QStringView text);

} // namespace Decimal
} // namespace OrderDesk
