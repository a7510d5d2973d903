#pragma once

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QString>

#include <optional>

namespace OrderDesk {

struct Token
{
    QString symbol; // upper case, e.g. "SOL"
    QString mint;   // base58 mint address
    int decimals = 0;

    bool isValid() const { return !symbol.isEmpty(); }
    bool isNativeSol() const { return symbol == QLatin1String("SOL"); }
    friend bool operator==(const Token &a, const Token &b) { return a.mint == b.mint; }
    friend bool operator!=(const Token &a, const Token &b) { return !(a == b); }
};

// The tokens the engine knows. Starts with the majors; the market simulation registers launched
// tokens at run time, so lookups are thread-safe.
class TokenRegistry
{
public:
    TokenRegistry();

    // By symbol (any letter case) or by mint address.
    std::optional<Token> find(const QString &symbolOrMint) const;
    QList<Token> all() const;

    // Adds a token; returns false if the symbol or mint is taken by a different token.
    bool add(const Token &token);

    static Token sol();
    static Token usdc();

private:
    // Indexed: every order's validation and every pool a market client mirrors looks up here.
    static QString symbolKey(const QString &symbol);
    void indexLocked(int position);

    mutable QReadWriteLock m_lock;
    QList<Token> m_tokens;
    QHash<QString, int> m_bySymbol; // case-folded symbol → position in m_tokens
    QHash<QString, int> m_byMint;
};

} // namespace OrderDesk
