#include "OrderReservation.h"

#include "Order.h"
#include "Router.h"

#include <variant>

namespace OrderDesk {

std::optional<Int128> OrderReservation::amountFor(const Order &order, const Router &router)
{
    if (order.swapMode == SwapMode::ExactIn)
        return order.amountIn;
    const std::variant<RouteDecision, OrderError> route = router.indicativeRoute(order);
    if (const auto *decision = std::get_if<RouteDecision>(&route))
        return decision->maxAmountIn;
    return Int128(0); // nothing can fill it now: its routing fails, holding nothing
}

EngineError OrderReservation::insufficientFunds(const Order &order)
{
    const Token &token = order.tokenIn;
    return EngineError::invalid(
        QStringLiteral("amount"), QStringLiteral("insufficient_funds"),
        QStringLiteral("the wallet's available %1 does not cover this order's amount (%2 %1 "
                       "to reserve)")
            .arg(token.symbol, Decimal::format(order.reservedIn.value_or(0), token.decimals)));
}

} // namespace OrderDesk
