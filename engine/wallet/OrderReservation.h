#pragma once

#include "Decimal.h"
#include "EngineError.h"

#include <optional>

namespace OrderDesk {

struct Order;
class Router;

// What accepting an order holds of the wallet (SPEC §3 "Wallet"): the store takes it with the
// insert that accepts the order, and refuses the insert when the wallet's available balance does
// not cover it. One place for the amount and for the refusal the client reads.
class OrderReservation
{
public:
    // What accepting `order` reserves of its tokenIn: the amount of an ExactIn order; for an
    // ExactOut order its maximum input (the route's input plus the slippage tolerance) on the
    // market's streamed state, which then also bounds what its routes may spend (OrderProcessor).
    static std::optional<Int128> amountFor(const Order &order, const Router &router);

    // The refusal of `order` (its reservedIn set) when the store found too little available.
    static EngineError insufficientFunds(const Order &order);
};

} // namespace OrderDesk
