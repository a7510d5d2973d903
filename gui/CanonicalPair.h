#pragma once

#include "Decimal.h"
#include "OrderTypes.h"
#include "Token.h"

#include <QString>

#include <optional>

namespace OrderDesk {

struct Order;

// How the console names a pair, whichever way an order goes: base/quote (SOL/USDC), the side
// saying whether the base is bought or sold, prices in quote per base. The one place that
// decides the orientation, so the blotter, the detail pane, the ticket, the market watch and the
// chart agree.
//
// The rule: the quote is the token people price things in. USDC before USDT before SOL before
// anything else; between two others (BONK and WIF), the alphabetically later one is the quote,
// so the rule is total and never depends on the direction.
class CanonicalPair
{
public:
    CanonicalPair() = default;
    // The pair of a swap from `tokenIn` to `tokenOut`, oriented by the rule.
    static CanonicalPair of(const Token &tokenIn, const Token &tokenOut);
    static CanonicalPair of(const Order &order);
    // Symbols alone (a pair filter, a token not listed yet).
    static bool isQuoteFirst(const QString &a, const QString &b); // true: `a` is the quote

    const Token &base() const { return m_base; }
    const Token &quote() const { return m_quote; }
    // Buy: the swap receives the base. Sell: it spends the base.
    OrderSide side() const { return m_side; }
    QString text() const { return m_base.symbol + QLatin1Char('/') + m_quote.symbol; }

    // A price as the engine keeps it (tokenOut per whole tokenIn, PriceScale) turned into quote
    // per whole base (PriceScale); nullopt for a zero price.
    std::optional<Int128> quotePerBase(Int128 outPerIn) const;
    // The other way: what the engine wants for a limit price typed as quote per base.
    std::optional<Int128> outPerIn(Int128 quotePerBase) const;

    // 1 / price at PriceScale, rounded down (invert) or up (invertUp); nullopt for zero. A buy's
    // limit goes up: base per quote at least that much never pays more quote per base.
    static std::optional<Int128> invert(Int128 price);
    static std::optional<Int128> invertUp(Int128 price);

private:
    static int quoteRank(const QString &symbol);

    Token m_base;
    Token m_quote;
    OrderSide m_side = OrderSide::Sell;
};

} // namespace OrderDesk
