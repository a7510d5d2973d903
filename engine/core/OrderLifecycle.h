#pragma once

#include "OrderTypes.h"

#include <QList>

namespace OrderDesk {

// The order state machine of SPEC §3, in one place:
//
//   pending → routing → building → submitted → confirmed
//                ↑         │           │
//                └─ retrying ←─────────┴──→ failed
//   limit / sniper (stored as waiting): waiting → (trigger) → routing → …
//                                       waiting → cancelled | expired
//
// Every entry into routing starts the next attempt (pending and waiting start attempt 1). Any
// in-flight status may go to retrying (the attempt failed, another follows at retryAt) or to
// failed. A limit order whose price moved away before routing goes back to waiting. Nothing
// leaves a terminal status.
class OrderLifecycle
{
public:
    // Whether `from` → `to` is an edge of the machine. `attemptFrom` / `attemptTo` tell a retry
    // (attempt + 1, to routing) from a plain step (same attempt; pending → routing starts
    // attempt 1 from 0).
    static bool canTransition(OrderStatus from, int attemptFrom, OrderStatus to, int attemptTo);
    static QList<OrderStatus> nextStatuses(OrderStatus from);
    static bool isCancellable(OrderStatus status); // pending, waiting
};

} // namespace OrderDesk
