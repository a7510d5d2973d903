#include "Base58.h"

#include <vector>

namespace OrderDesk::Base58 {

namespace {
constexpr char Alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

int digitOf(QChar c)
{
    const ushort u = c.unicode();
    for (int i = 0; i < 58; ++i) {
        if (Alphabet[i] == u)
            return i;
    }
    return -1;
}
} // namespace

QString encode(const QByteArray &bytes)
{
    qsizetype zeros = 0;
    while (zeros < bytes.size() && bytes.at(zeros) == 0)
        ++zeros;

    // Base-58 digits, most significant first; log(256) / log(58) < 1.38 digits per byte.
    std::vector<unsigned char> digits(
        static_cast<std::size_t>((bytes.size() - zeros) * 138 / 100 + 1));
    std::size_t used = 0;
    for (qsizetype i = zeros; i < bytes.size(); ++i) {
        unsigned carry = static_cast<unsigned char>(bytes.at(i));
        std::size_t j = 0;
        for (auto it = digits.rbegin(); (carry != 0 || j < used) && it != digits.rend();
             ++it, ++j) {
            carry += 256u * *it;
            *it = static_cast<unsigned char>(carry % 58);
            carry /= 58;
        }
        used = j;
    }

    QString text(zeros, QLatin1Char('1'));
    text.reserve(zeros + static_cast<qsizetype>(used));
    for (std::size_t i = digits.size() - used; i < digits.size(); ++i)
        text.append(QLatin1Char(Alphabet[digits[i]]));
    return text;
}

std::optional<QByteArray> decode(const QString &text)
{
    qsizetype ones = 0;
    while (ones < text.size() && text.at(ones) == QLatin1Char('1'))
        ++ones;

    // Bytes, most significant first; log(58) / log(256) < 0.733 bytes per digit.
    std::vector<unsigned char> bytes(
        static_cast<std::size_t>((text.size() - ones) * 733 / 1000 + 1));
    std::size_t used = 0;
    for (qsizetype i = ones; i < text.size(); ++i) {
        const int digit = digitOf(text.at(i));
        if (digit < 0)
            return std::nullopt;
        unsigned carry = static_cast<unsigned>(digit);
        std::size_t j = 0;
        for (auto it = bytes.rbegin(); (carry != 0 || j < used) && it != bytes.rend(); ++it, ++j) {
            carry += 58u * *it;
            *it = static_cast<unsigned char>(carry % 256);
            carry /= 256;
        }
        used = j;
    }

    QByteArray result(ones, '\0');
    for (std::size_t i = bytes.size() - used; i < bytes.size(); ++i)
        result.append(static_cast<char>(bytes[i]));
    return result;
}

} // namespace OrderDesk::Base58
