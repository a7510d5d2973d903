#include "Token.h"

#include <algorithm>

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
        // Ether and Bitcoin bridged by Wormhole, as Solana's DEXes list them.
        {QStringLiteral("ETH"), QStringLiteral("7vfCXTUXx5WJV5JADk17DUJ4ksgau7utNKj4b963voxs"), 8},
        {QStringLiteral("WBTC"), QStringLiteral("3NZ9JMVBmGAqocybic2c7LQCJScmgsAZ6vQqTDzcqmJh"), 8},
        {QStringLiteral("JTO"), QStringLiteral("jtojtomepa8beP8AuQc6eXt5FriJwfFMwQx2v2f9mCL"), 9},
        {QStringLiteral("PYTH"), QStringLiteral("HZ1JovNiVvGrGNiiYvEozEVgZ58xaU3RKwX8eACQBCt3"), 6},
    };
    return tokens;
}
} // namespace

TokenRegistry::TokenRegistry()
    : m_tokens(majors())
{
    for (int i = 0; i < m_tokens.size(); ++i)
        indexLocked(i);
}

QString TokenRegistry::symbolKey(const QString &symbol)
{
    return symbol.toCaseFolded();
}

void TokenRegistry::indexLocked(int position)
{
    const Token &token = m_tokens.at(position);
    m_bySymbol.insert(symbolKey(token.symbol), position);
    m_byMint.insert(token.mint, position);
}

std::optional<Token> TokenRegistry::find(const QString &symbolOrMint) const
{
    const QString key = symbolOrMint.trimmed();
    QReadLocker locker(&m_lock);
    // The earlier of the two, should a symbol ever equal another token's mint.
    const int byMint = m_byMint.value(key, -1);
    const int bySymbol = m_bySymbol.value(symbolKey(key), -1);
    const int position = byMint < 0 ? bySymbol : bySymbol < 0 ? byMint : std::min(byMint, bySymbol);
    if (position < 0)
        return std::nullopt;
    return m_tokens.at(position);
}

QList<Token> TokenRegistry::all() const
{
    QReadLocker locker(&m_lock);
    return m_tokens;
}

bool TokenRegistry::add(const Token &token)
{
    QWriteLocker locker(&m_lock);
    const int bySymbol = m_bySymbol.value(symbolKey(token.symbol), -1);
    const int byMint = m_byMint.value(token.mint, -1);
    if (bySymbol >= 0 || byMint >= 0) {
        const int first = bySymbol < 0 ? byMint : byMint < 0 ? bySymbol : std::min(bySymbol, byMint);
        const Token &existing = m_tokens.at(first);
        const bool sameSymbol = existing.symbol.compare(token.symbol, Qt::CaseInsensitive) == 0;
        return sameSymbol && existing.mint == token.mint && existing.decimals == token.decimals;
    }
    m_tokens.append(token);
    indexLocked(int(m_tokens.size()) - 1);
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
