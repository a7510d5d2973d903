#include "CanonicalPair.h"

#include "Order.h"

namespace OrderDesk {

int CanonicalPair::quoteRank(const QString &symbol)
{
    const QString upper = symbol.toUpper();
    if (upper == QLatin1String("USDC"))
        return 0;
    if (upper == QLatin1String("USDT"))
        return 1;
    if (upper == QLatin1String("SOL"))
        return 2;
    return 3;
}

bool CanonicalPair::isQuoteFirst(const QString &a, const QString &b)
{
    const int rankA = quoteRank(a);
    const int rankB = quoteRank(b);
    if (rankA != rankB)
        return rankA < rankB;
    return a.compare(b, Qt::CaseInsensitive) > 0;
}

CanonicalPair CanonicalPair::of(const Token &tokenIn, const Token &tokenOut)
{
    CanonicalPair pair;
    if (isQuoteFirst(tokenIn.symbol, tokenOut.symbol)) {
        pair.m_quote = tokenIn;
        pair.m_base = tokenOut;
        pair.m_side = OrderSide::Buy;
    } else {
        pair.m_base = tokenIn;
        pair.m_quote = tokenOut;
        pair.m_side = OrderSide::Sell;
    }
    return pair;
}

CanonicalPair CanonicalPair::of(const Order &order)
{
    return of(order.tokenIn, order.tokenOut);
}

std::optional<Int128> CanonicalPair::invert(Int128 price)
{
    if (price <= 0)
        return std::nullopt;
    const Int128 one = Decimal::pow10(PriceScale);
    return Decimal::mulDiv(one, one, price);
}

std::optional<Int128> CanonicalPair::invertUp(Int128 price)
{
    const std::optional<Int128> down = invert(price);
    if (!down)
        return std::nullopt;
    const Int128 one = Decimal::pow10(PriceScale);
    // one² fits 128 bits (10^36 < 1.7·10^38), and so does down·price ≤ one².
    return *down * price < one * one ? *down + 1 : *down;
}

std::optional<Int128> CanonicalPair::quotePerBase(Int128 outPerIn) const
{
    if (outPerIn <= 0)
        return std::nullopt;
    // A sell spends the base for the quote: out per in is already quote per base.
    return m_side == OrderSide::Sell ? std::optional<Int128>(outPerIn) : invert(outPerIn);
}

std::optional<Int128> CanonicalPair::outPerIn(Int128 quotePerBase) const
{
    if (quotePerBase <= 0)
        return std::nullopt;
    return m_side == OrderSide::Sell ? std::optional<Int128>(quotePerBase) : invertUp(quotePerBase);
}

} // namespace OrderDesk
