#include "WalletValuation.h"

#include "ConstantProductPool.h"
#include "Market.h"

namespace OrderDesk {

std::optional<Int128> WalletValuation::directMid(const Token &from, const Token &to) const
{
    Int128 sum = 0;
    int venues = 0;
    for (const Venue venue : AllVenues) {
        if (const std::optional<Int128> price = m_market.spotPrice(venue, from, to); price && *price > 0) {
            sum += *price;
            ++venues;
        }
    }
    if (venues == 0)
        return std::nullopt;
    return sum / venues;
}

std::optional<Int128> WalletValuation::midPrice(const Token &token) const
{
    const Token usdc = TokenRegistry::usdc();
    if (token.symbol == usdc.symbol)
        return Decimal::pow10(PriceScale);
    if (token.mint.isEmpty())
        return std::nullopt; // not launched: no pool prices it
    if (const std::optional<Int128> direct = directMid(token, usdc))
        return direct;
    const Token sol = TokenRegistry::sol();
    const std::optional<Int128> inSol = directMid(token, sol);
    const std::optional<Int128> solInUsdc = directMid(sol, usdc);
    if (!inSol || !solInUsdc)
        return std::nullopt;
    return ConstantProductPool::mulDiv(*inSol, *solInUsdc, Decimal::pow10(PriceScale));
}

Int128 WalletValuation::valueAt(Int128 amount, int decimals, Int128 midPrice)
{
    // amount / 10^decimals whole tokens × midPrice / 10^PriceScale USDC × 10^6 base units.
    const int usdcDecimals = TokenRegistry::usdc().decimals;
    const int exponent = decimals + PriceScale - usdcDecimals;
    if (exponent >= 0)
        return ConstantProductPool::mulDiv(amount, midPrice, Decimal::pow10(exponent)).value_or(0);
    return amount * midPrice * Decimal::pow10(-exponent);
}

std::optional<Int128> WalletValuation::valueUsdc(const Token &token, Int128 amount) const
{
    if (token.symbol == TokenRegistry::usdc().symbol)
        return amount;
    const std::optional<Int128> mid = midPrice(token);
    if (!mid)
        return std::nullopt;
    return valueAt(amount, token.decimals, *mid);
}

} // namespace OrderDesk
