#include "ApiAuth.h"

namespace OrderDesk {

namespace {
// Compares in time independent of where the first difference is, so response timing does not
// reveal how much of a guessed token was right.
bool equalInConstantTime(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}
} // namespace

bool ApiAuth::isAuthorized(const QByteArray &authorizationHeader, const QString &token)
{
    if (token.isEmpty())
        return true;
    const QByteArray header = authorizationHeader.trimmed();
    const QByteArray scheme = QByteArrayLiteral("bearer ");
    if (header.size() <= scheme.size() || header.left(scheme.size()).toLower() != scheme)
        return false;
    return equalInConstantTime(header.mid(scheme.size()).trimmed(), token.toUtf8());
}

} // namespace OrderDesk
