#pragma once

#include "OrderTypes.h"

#include <QList>

namespace OrderDesk {

// The order state machine of SPEC §3, in one place:
//
//   pending → routing → building → submitted → confirmed
//                ↑         │           │
//                └─ retry ─┴───────────┴──→ failed
//   limit / sniper: pending → waiting → (trigger) → routing → …
//                   pending | waiting → cancelled | expired
//
// A retry re-enters routing with the attempt number incremented; it may leave routing itself
// too (a quote round that found no venue). Nothing leaves a terminal status.
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
