#include "Decimal.h"

#include <algorithm>

namespace OrderDesk::Decimal {

namespace {
constexpr Int128 Int128Max = static_cast<Int128>((static_cast<unsigned __int128>(1) << 127) - 1);
// The largest whole part another digit can be appended to, and the largest digit then: checked
// by comparison, as a 128-bit division per digit made parsing the market's pools costly.
constexpr Int128 WholeLimit = Int128Max / 10;
constexpr int LastDigitLimit = int(Int128Max % 10);

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}
} // namespace

Int128 pow10(int exponent)
{
    Int128 result = 1;
    for (int i = 0; i < exponent; ++i)
        result *= 10;
    return result;
}

std::optional<Int128> parse(QStringView text, int scale, QString *error)
{
    const QStringView s = text.trimmed();
    if (s.isEmpty()) {
        setError(error, QStringLiteral("is empty"));
        return std::nullopt;
    }
    Int128 whole = 0;
    Int128 fraction = 0;
    int fractionDigits = 0;
    bool negative = false;
    bool seenDot = false;
    bool seenDigit = false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (i == 0 && (c == QLatin1Char('-') || c == QLatin1Char('+'))) {
            negative = c == QLatin1Char('-');
            continue;
        }
        if (c == QLatin1Char('.') && !seenDot) {
            seenDot = true;
            continue;
        }
        if (!c.isDigit() || c.unicode() > '9') {
            setError(error, QStringLiteral("is not a plain decimal number"));
            return std::nullopt;
        }
        seenDigit = true;
        const int digit = c.unicode() - '0';
        if (seenDot) {
            if (fractionDigits == scale) {
                // Zeros past the scale are harmless ("1.50" at scale 1); anything else is not.
                if (digit != 0) {
                    setError(error, QStringLiteral("has more than %1 decimal places").arg(scale));
                    return std::nullopt;
                }
                continue;
            }
            fraction = fraction * 10 + digit;
            ++fractionDigits;
        } else {
            if (whole > WholeLimit || (whole == WholeLimit && digit > LastDigitLimit)) {
                setError(error, QStringLiteral("is too large"));
                return std::nullopt;
            }
            whole = whole * 10 + digit;
        }
    }
    if (!seenDigit) {
        setError(error, QStringLiteral("is not a plain decimal number"));
        return std::nullopt;
    }
    if (scale == 0)
        return negative ? -whole : whole;
    const Int128 unit = pow10(scale);
    if (whole > (Int128Max - unit) / unit) {
        setError(error, QStringLiteral("is too large"));
        return std::nullopt;
    }
    Int128 value = whole * unit + fraction * pow10(scale - fractionDigits);
    return negative ? -value : value;
}

QString toString(Int128 value)
{
    return format(value, 0);
}

std::optional<Int128> fromString(QStringView text)
{
    return parse(text, 0);
}

QString format(Int128 value, int scale)
{
    // Into a buffer, right to left: amounts are formatted for every event and every write, and
    // building the string a character at a time cost more than everything else in it.
    scale = std::clamp(scale, 0, 64);
    const bool negative = value < 0;
    unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(value + 1)) + 1
                                           : static_cast<unsigned __int128>(value);
    char digits[40]; // least significant first; 2^127 has 39
    int count = 0;
    do {
        digits[count++] = char('0' + int(magnitude % 10));
        magnitude /= 10;
    } while (magnitude > 0);
    const auto digitAt = [&](int position) { return position < count ? digits[position] : '0'; };

    char buffer[40 + 64 + 3];
    char *const end = buffer + sizeof buffer;
    char *p = end;
    int first = 0; // the fraction's trailing zeros are left out
    while (first < scale && digitAt(first) == '0')
        ++first;
    for (int position = first; position < scale; ++position)
        *--p = digitAt(position);
    if (first < scale)
        *--p = '.';
    if (count <= scale)
        *--p = '0';
    for (int position = scale; position < count; ++position)
        *--p = digits[position];
    if (negative)
        *--p = '-';
    return QString::fromLatin1(p, end - p);
}

std::optional<Int128> mulDiv(Int128 a, Int128 b, Int128 c)
{
    if (c == 0)
        return std::nullopt;
    Int128 product = 0;
    if (__builtin_mul_overflow(a, b, &product))
        return std::nullopt;
    return product / c;
}

} // namespace OrderDesk::Decimal
