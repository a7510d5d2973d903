#include "OrderLifecycle.h"

namespace OrderDesk {

namespace {
using S = OrderStatus;

// An attempt is in flight from routing until it confirms, fails or is retried.
bool isActive(OrderStatus status)
{
    return status == S::Routing || status == S::Building || status == S::Submitted;
}

// Plain steps keep the attempt number; the first routing starts attempt 1.
bool isStep(OrderStatus from, OrderStatus to)
{
    switch (from) {
    case S::Pending:
        // Failed straight from pending: a permanent problem found before any routing (e.g. a
        // recovered order whose token is no longer known).
        return to == S::Routing || to == S::Waiting || to == S::Cancelled || to == S::Failed;
    case S::Waiting:
        return to == S::Routing || to == S::Cancelled || to == S::Expired;
    case S::Routing:
        return to == S::Building || to == S::Failed;
    case S::Building:
        return to == S::Submitted || to == S::Failed;
    case S::Submitted:
        return to == S::Confirmed || to == S::Failed;
    case S::Confirmed:
    case S::Failed:
    case S::Cancelled:
    case S::Expired:
        return false;
    }
    return false;
}
} // namespace

bool OrderLifecycle::canTransition(OrderStatus from, int attemptFrom, OrderStatus to, int attemptTo)
{
    if (attemptFrom < 0 || attemptTo < 0)
        return false;
    const bool waitingForFirstAttempt = from == S::Pending || from == S::Waiting;
    if (waitingForFirstAttempt) {
        // Nothing has run yet, so the attempt counter must still be at zero.
        if (attemptFrom != 0 || !isStep(from, to))
            return false;
        return attemptTo == (to == S::Routing ? 1 : 0);
    }
    if (isActive(from) && attemptFrom < 1)
        return false;
    // The retry edge: back to routing, and only with the next attempt number, so a retry can
    // never be confused with (or replayed as) the attempt it replaces.
    if (isActive(from) && to == S::Routing)
        return attemptTo == attemptFrom + 1;
    return isStep(from, to) && attemptTo == attemptFrom;
}

QList<OrderStatus> OrderLifecycle::nextStatuses(OrderStatus from)
{
    QList<OrderStatus> next;
    for (const OrderStatus to : {S::Pending, S::Waiting, S::Routing, S::Building, S::Submitted,
                                 S::Confirmed, S::Failed, S::Cancelled, S::Expired}) {
        if (isStep(from, to) || (isActive(from) && to == S::Routing))
            next.append(to);
    }
    return next;
}

bool OrderLifecycle::isCancellable(OrderStatus status)
{
    return status == S::Pending || status == S::Waiting;
}

} // namespace OrderDesk
