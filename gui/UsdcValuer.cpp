#include "UsdcValuer.h"

#include "Market.h"

namespace OrderDesk {

std::optional<Int128> UsdcValuer::bestSpot(const Token &from, const Token &to) const
{
    std::optional<Int128> best;
    for (const Venue venue : AllVenues) {
        const std::optional<Int128> spot = m_market.spotPrice(venue, from, to);
        if (spot && *spot > 0 && (!best || *spot > *best))
            best = spot;
    }
    return best;
}

std::optional<Int128> UsdcValuer::price(const Token &token) const
{
    if (token == m_usdc)
        return Decimal::pow10(PriceScale);
    if (const auto direct = bestSpot(token, m_usdc))
        return direct;
    const auto inSol = bestSpot(token, m_sol);
    const auto solPrice = bestSpot(m_sol, m_usdc);
    if (!inSol || !solPrice)
        return std::nullopt;
    return Decimal::mulDiv(*inSol, *solPrice, Decimal::pow10(PriceScale));
}

std::optional<Int128> UsdcValuer::value(const Token &token, Int128 amount) const
{
    const std::optional<Int128> usdcPerToken = price(token);
    if (!usdcPerToken)
        return std::nullopt;
    // amount / 10^decimals whole tokens × price / 10^PriceScale, in 10^-usdcDecimals units.
    const int shift = token.decimals + PriceScale - m_usdc.decimals;
    if (shift < 0)
        return Decimal::mulDiv(amount * Decimal::pow10(-shift), *usdcPerToken, 1);
    return Decimal::mulDiv(amount, *usdcPerToken, Decimal::pow10(shift));
}

std::optional<Int128> UsdcValuer::amountWorth(const Token &token, Int128 usdcUnits) const
{
    const std::optional<Int128> usdcPerToken = price(token);
    if (!usdcPerToken || *usdcPerToken <= 0)
        return std::nullopt;
    const int shift = token.decimals + PriceScale - m_usdc.decimals;
    if (shift < 0)
        return Decimal::mulDiv(usdcUnits, Decimal::pow10(PriceScale), *usdcPerToken * Decimal::pow10(-shift));
    return Decimal::mulDiv(usdcUnits, Decimal::pow10(shift), *usdcPerToken);
}

} // namespace OrderDesk
