#include "OrderLifecycle.h"

namespace OrderDesk {

namespace {
using S = OrderStatus;

// Plain steps keep the attempt number; every entry into routing starts the next attempt.
bool isStep(OrderStatus from, OrderStatus to)
{
    switch (from) {
    case S::Pending:
        // Failed straight from pending: a permanent problem found before any routing (e.g. a
        // recovered order whose token is no longer known).
        return to == S::Cancelled || to == S::Failed;
    case S::Waiting:
        return to == S::Cancelled || to == S::Expired;
    case S::Routing:
        // Back to waiting: a limit order whose price moved away between its trigger and its
        // routing quotes is watched again instead of filling below its limit.
        return to == S::Building || to == S::Retrying || to == S::Failed || to == S::Waiting;
    case S::Building:
        return to == S::Submitted || to == S::Retrying || to == S::Failed;
    case S::Submitted:
        return to == S::Confirmed || to == S::Retrying || to == S::Failed;
    case S::Retrying:
        // Failed from retrying: the retry found the order can no longer run (its token is gone).
        return to == S::Failed;
    case S::Confirmed:
    case S::Failed:
    case S::Cancelled:
    case S::Expired:
        return false;
    }
    return false;
}

bool startsAttempt(OrderStatus from)
{
    return from == S::Pending || from == S::Waiting || from == S::Retrying;
}
} // namespace

bool OrderLifecycle::canTransition(OrderStatus from, int attemptFrom, OrderStatus to, int attemptTo)
{
    if (attemptFrom < 0 || attemptTo < 0)
        return false;
    if (from == S::Pending && attemptFrom != 0)
        return false; // nothing has run yet
    if ((from == S::Routing || from == S::Building || from == S::Submitted || from == S::Retrying)
        && attemptFrom < 1) {
        return false; // an attempt has run, so it has a number
    }
    if (to == S::Routing) {
        // Each routing is a new attempt, numbered one up, so a retry can never be confused with
        // (or replayed as) the attempt it replaces.
        return startsAttempt(from) && attemptTo == attemptFrom + 1;
    }
    return isStep(from, to) && attemptTo == attemptFrom;
}

QList<OrderStatus> OrderLifecycle::nextStatuses(OrderStatus from)
{
    QList<OrderStatus> next;
    for (const OrderStatus to : {S::Pending, S::Waiting, S::Routing, S::Building, S::Submitted,
                                 S::Retrying, S::Confirmed, S::Failed, S::Cancelled, S::Expired}) {
        if (isStep(from, to) || (to == S::Routing && startsAttempt(from)))
            next.append(to);
    }
    return next;
}

bool OrderLifecycle::isCancellable(OrderStatus status)
{
    return status == S::Pending || status == S::Waiting;
}

} // namespace OrderDesk
