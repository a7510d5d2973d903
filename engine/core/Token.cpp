#include "Token.h"

namespace OrderDesk {

namespace {
const QList<Token> &majors()
{
    static const QList<Token> tokens = {
        {QStringLiteral("SOL"), QStringLiteral("So11111111111111111111111111111111111111112"), 9},
        {QStringLiteral("USDC"), QStringLiteral("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"), 6},
        {QStringLiteral("USDT"), QStringLiteral("Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB"), 6},
        {QStringLiteral("BONK"), QStringLiteral("DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263"), 5},
        {QStringLiteral("JUP"), QStringLiteral("JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN"), 6},
        {QStringLiteral("RAY"), QStringLiteral("4k3Dyjzvzp8eMZWUXbBCjEvwSkkk59S5iCNLY3QrkX6R"), 6},
        {QStringLiteral("WIF"), QStringLiteral("EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm"), 6},
    };
    return tokens;
}
} // namespace

TokenRegistry::TokenRegistry()
    : m_tokens(majors())
{
}

std::optional<Token> TokenRegistry::find(const QString &symbolOrMint) const
{
    const QString key = symbolOrMint.trimmed();
    QReadLocker locker(&m_lock);
    for (const Token &token : m_tokens) {
        if (token.mint == key || token.symbol.compare(key, Qt::CaseInsensitive) == 0)
            return token;
    }
    return std::nullopt;
}

QList<Token> TokenRegistry::all() const
{
    QReadLocker locker(&m_lock);
    return m_tokens;
}

bool TokenRegistry::add(const Token &token)
{
    QWriteLocker locker(&m_lock);
    for (const Token &existing : std::as_const(m_tokens)) {
        const bool sameSymbol = existing.symbol.compare(token.symbol, Qt::CaseInsensitive) == 0;
        if (sameSymbol || existing.mint == token.mint)
            return sameSymbol && existing.mint == token.mint && existing.decimals == token.decimals;
    }
    m_tokens.append(token);
    return true;
}

Token TokenRegistry::sol()
{
    return majors().at(0);
}

Token TokenRegistry::usdc()
{
    return majors().at(1);
}

} // namespace OrderDesk
