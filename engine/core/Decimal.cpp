#include "Decimal.h"

namespace OrderDesk::Decimal {

namespace {
constexpr Int128 Int128Max = static_cast<Int128>((static_cast<unsigned __int128>(1) << 127) - 1);

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

std::optional<Int128> parse(const QString &text, int scale, QString *error)
{
    const QString s = text.trimmed();
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
            if (whole > (Int128Max - digit) / 10) {
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
    if (value == 0)
        return QStringLiteral("0");
    const bool negative = value < 0;
    unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(value + 1)) + 1
                                           : static_cast<unsigned __int128>(value);
    QString digits;
    while (magnitude > 0) {
        digits.prepend(QLatin1Char(static_cast<char>('0' + static_cast<int>(magnitude % 10))));
        magnitude /= 10;
    }
    if (negative)
        digits.prepend(QLatin1Char('-'));
    return digits;
}

std::optional<Int128> fromString(const QString &text)
{
    return parse(text, 0);
}

QString format(Int128 value, int scale)
{
    QString digits = toString(value < 0 ? -value : value);
    if (scale > 0) {
        if (digits.size() <= scale)
            digits.prepend(QString(scale - digits.size() + 1, QLatin1Char('0')));
        digits.insert(digits.size() - scale, QLatin1Char('.'));
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        if (digits.endsWith(QLatin1Char('.')))
            digits.chop(1);
    }
    return value < 0 ? QLatin1Char('-') + digits : digits;
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
