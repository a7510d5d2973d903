#pragma once

#include "Decimal.h"
#include "Token.h"

#include <optional>

namespace OrderDesk {

class Market;

// What the wallet's tokens are worth in USDC, marked at the market's mid price: the average of
// both venues' spot prices from the streamed pool state (no round trip), through SOL for a token
// without a USDC pool. Integer arithmetic throughout.
class WalletValuation
{
public:
    explicit WalletValuation(const Market &market) : m_market(market) {}

    // USDC per whole `token`, PriceScale decimals; nullopt when no venue prices it.
    std::optional<Int128> midPrice(const Token &token) const;
    // `amount` base units of `token` in USDC base units (6 decimals), rounded down.
    std::optional<Int128> valueUsdc(const Token &token, Int128 amount) const;

    static Int128 valueAt(Int128 amount, int decimals, Int128 midPrice);

private:
    std::optional<Int128> directMid(const Token &from, const Token &to) const;

    const Market &m_market;
};

} // namespace OrderDesk
