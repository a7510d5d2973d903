#pragma once

#include "Decimal.h"
#include "Token.h"

#include <optional>

namespace OrderDesk {

class Market;

// What an amount of a token is worth in USDC, from the market's streamed pool state (no round
// trip, so the GUI thread may ask): directly against USDC, else through SOL. Of the two venues
// it takes the higher price, so a fat-finger check never underestimates an order.
class UsdcValuer
{
public:
    explicit UsdcValuer(const Market &market, const Token &usdc, const Token &sol)
        : m_market(market), m_usdc(usdc), m_sol(sol) {}

    // USDC base units (6 decimals); nullopt when no pool prices the token.
    std::optional<Int128> value(const Token &token, Int128 amount) const;
    // How much of `token` (base units) is worth `usdcUnits`; nullopt when no pool prices it.
    std::optional<Int128> amountWorth(const Token &token, Int128 usdcUnits) const;
    // USDC per whole token, PriceScale; nullopt when no pool prices it.
    std::optional<Int128> price(const Token &token) const;

private:
    std::optional<Int128> bestSpot(const Token &from, const Token &to) const;

    const Market &m_market;
    const Token m_usdc;
    const Token m_sol;
};

} // namespace OrderDesk
