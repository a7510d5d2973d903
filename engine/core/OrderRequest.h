#pragma once

#include "Decimal.h"
#include "EngineError.h"
#include "Order.h"
#include "OrderEvent.h"
#include "OrderTypes.h"
#include "Token.h"

#include <QJsonObject>

#include <optional>
#include <variant>

namespace OrderDesk {

class TokenRegistry;

// A validated order submission (SPEC §3), before it becomes an Order.
struct OrderRequest
{
    Token tokenIn;
    Token tokenOut;
    Int128 amountIn = 0; // base units of tokenIn (ExactOut: of tokenOut, wanted)
    OrderType type = OrderType::Market;
    OrderSide side = OrderSide::Unspecified; // as given, recorded
    SwapMode swapMode = SwapMode::ExactIn;
    int slippageBps = 50;
    std::optional<Int128> limitPrice; // PriceScale decimals
    std::optional<int> expiresInSec;
    QString clientOrderId;

    // Validates every field and alias of SPEC §3. The first problem found is returned, naming
    // the field as the client spelled it.
    static std::variant<OrderRequest, EngineError> fromJson(const QJsonObject &json,
                                                             const TokenRegistry &tokens);

    // The new order this request asks for, accepted at `now` with its first history event (seq
    // 1): pending for a market order; waiting, with its trigger, for a limit or sniper order (so
    // that a crash between two writes can never leave one pending, where it would run as a
    // market order).
    std::pair<Order, OrderEvent> toNewOrder(const QDateTime &now) const;

    // Whether this request asks for the same order as `existing`, accepted before under the same
    // clientOrderId: a resubmission, answered with that order, rather than a reuse of the id.
    bool repeats(const Order &existing) const;
    // The refusal of this request when its clientOrderId belongs to `existing`, another order.
    EngineError clientOrderIdReused(const Order &existing) const;
};

// Exact decimal from a JSON value: strings are parsed as written; numbers must survive the
// round trip through a double (at most 15 significant digits), else the client is asked to send
// a string. `error` says why, without the field name.
std::optional<Int128> decimalFromJson(const QJsonValue &value, int scale, QString *error);

} // namespace OrderDesk
