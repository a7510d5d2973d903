#include "RouteMath.h"

#include <algorithm>
#include <limits>

namespace OrderDesk {

namespace {
constexpr Int128 Int128Max = static_cast<Int128>((static_cast<unsigned __int128>(1) << 127) - 1);
// Beyond 2^100 base units no pool of ours holds anything: an exact-out search stops there.
constexpr int MaxSearchBits = 100;

void fill(RouteLeg &leg, const VenueQuote &quote)
{
    leg.amountIn = quote.amountIn;
    leg.amountOut = quote.amountOut;
    leg.feeAmount = quote.feeAmount;
    leg.feePpm = quote.feePpm;
    leg.priceImpactPpm = quote.priceImpactPpm;
    leg.binsCrossed = quote.binsCrossed;
}

RouteOutcome refused(const QString &reason)
{
    RouteOutcome outcome;
    outcome.reason = reason;
    return outcome;
}

QString legName(const RouteLeg &leg)
{
    return QStringLiteral("%1 %2→%3").arg(toString(leg.venue), leg.tokenIn.symbol, leg.tokenOut.symbol);
}

// The same venue's pool of the same two tokens, whichever way each leg swaps.
bool samePool(const RouteLeg &a, const RouteLeg &b)
{
    return a.venue == b.venue
           && ((a.tokenIn == b.tokenIn && a.tokenOut == b.tokenOut)
               || (a.tokenIn == b.tokenOut && a.tokenOut == b.tokenIn));
}

// The plan's hops, each a list of indexes into the plan, after checking that it is a route.
std::optional<QList<QList<int>>> hopsOf(const QList<RouteLeg> &plan, QString *why)
{
    QList<QList<int>> hops;
    for (int i = 0; i < plan.size(); ++i) {
        const RouteLeg &leg = plan.at(i);
        if (leg.hop < 0 || leg.hop > 1 || leg.sharePpm <= 0 || leg.sharePpm > RouteLeg::FullShare
            || leg.tokenIn == leg.tokenOut) {
            *why = QStringLiteral("leg %1 is malformed").arg(i + 1);
            return std::nullopt;
        }
        // A plan has a handful of legs: comparing each with the earlier ones beats building keys.
        for (int j = 0; j < i; ++j) {
            if (samePool(plan.at(j), leg)) {
                *why = QStringLiteral("the route uses the %1 pool twice").arg(legName(leg));
                return std::nullopt;
            }
        }
        while (hops.size() <= leg.hop)
            hops.append(QList<int>{});
        hops[leg.hop].append(i);
    }
    for (int h = 0; h < hops.size(); ++h) {
        if (hops[h].isEmpty()) {
            *why = QStringLiteral("hop %1 has no leg").arg(h + 1);
            return std::nullopt;
        }
        int shares = 0;
        for (int i : std::as_const(hops[h])) {
            const RouteLeg &leg = plan.at(i);
            const RouteLeg &first = plan.at(hops[h].first());
            if (!(leg.tokenIn == first.tokenIn) || !(leg.tokenOut == first.tokenOut)) {
                *why = QStringLiteral("the legs of hop %1 swap different tokens").arg(h + 1);
                return std::nullopt;
            }
            shares += leg.sharePpm;
        }
        if (shares != RouteLeg::FullShare) {
            *why = QStringLiteral("the shares of hop %1 do not make the whole").arg(h + 1);
            return std::nullopt;
        }
        if (h > 0 && !(plan.at(hops[h].first()).tokenIn == plan.at(hops[h - 1].first()).tokenOut)) {
            *why = QStringLiteral("hop %1 does not start where hop %2 ends").arg(h + 1).arg(h);
            return std::nullopt;
        }
    }
    if (hops.isEmpty()) {
        *why = QStringLiteral("the route has no leg");
        return std::nullopt;
    }
    return hops;
}

QList<int> sharesOf(const QList<RouteLeg> &plan, const QList<int> &hop)
{
    QList<int> shares;
    for (int i : hop)
        shares.append(plan.at(i).sharePpm);
    return shares;
}
} // namespace

QList<Int128> RouteMath::splitByShares(Int128 total, const QList<int> &sharesPpm)
{
    QList<Int128> parts;
    Int128 given = 0;
    for (int i = 0; i < sharesPpm.size(); ++i) {
        const Int128 part = i + 1 == sharesPpm.size()
                                ? total - given
                                : total / RouteLeg::FullShare * sharesPpm.at(i)
                                      + total % RouteLeg::FullShare * sharesPpm.at(i) / RouteLeg::FullShare;
        parts.append(part);
        given += part;
    }
    return parts;
}

std::optional<VenueQuote> RouteMath::minimalInput(const LegQuoter &quoter, Venue venue,
                                                  const Token &tokenIn, const Token &tokenOut,
                                                  Int128 wanted)
{
    if (wanted <= 0)
        return std::nullopt;
    const auto reaches = [&](Int128 amountIn) {
        const VenueQuote quote = quoter(venue, tokenIn, tokenOut, amountIn);
        return quote.available && quote.amountOut >= wanted;
    };
    // The output never falls as the input grows: double until it reaches, then bisect.
    Int128 low = 0; // does not reach
    Int128 high = 1;
    int bits = 0;
    while (!reaches(high)) {
        if (++bits > MaxSearchBits || high > Int128Max / 2)
            return std::nullopt;
        low = high;
        high *= 2;
    }
    while (high - low > 1) {
        const Int128 middle = low + (high - low) / 2;
        (reaches(middle) ? high : low) = middle;
    }
    return quoter(venue, tokenIn, tokenOut, high);
}

RouteOutcome RouteMath::evaluate(const QList<RouteLeg> &plan, SwapMode mode, Int128 amount,
                                 const LegQuoter &quoter)
{
    QString why;
    const std::optional<QList<QList<int>>> hops = hopsOf(plan, &why);
    if (!hops)
        return refused(why);
    if (amount <= 0)
        return refused(QStringLiteral("amount must be greater than 0"));

    RouteOutcome outcome;
    outcome.legs = plan;
    const auto quoteLeg = [&](int index, Int128 amountIn) {
        RouteLeg &leg = outcome.legs[index];
        const VenueQuote quote = quoter(leg.venue, leg.tokenIn, leg.tokenOut, amountIn);
        if (!quote.available || quote.amountOut <= 0) {
            why = legName(leg) + QStringLiteral(": ")
                  + (quote.unavailableReason.isEmpty() ? QStringLiteral("no output")
                                                       : quote.unavailableReason);
            return false;
        }
        fill(leg, quote);
        return true;
    };
    const auto hopTotal = [&](const QList<int> &hop, bool input) {
        Int128 total = 0;
        for (int i : hop)
            total += input ? outcome.legs.at(i).amountIn : outcome.legs.at(i).amountOut;
        return total;
    };

    if (mode == SwapMode::ExactIn) {
        Int128 hopAmount = amount;
        for (const QList<int> &hop : *hops) {
            const QList<Int128> parts = splitByShares(hopAmount, sharesOf(plan, hop));
            for (int k = 0; k < hop.size(); ++k) {
                if (!quoteLeg(hop.at(k), parts.at(k)))
                    return refused(why);
            }
            hopAmount = hopTotal(hop, false);
        }
        outcome.amountIn = amount;
        outcome.amountOut = hopAmount;
        outcome.ok = true;
        return outcome;
    }

    // ExactOut: from the last hop back, each leg's least input for its share of the hop's output.
    Int128 target = amount;
    for (int h = int(hops->size()) - 1; h >= 0; --h) {
        const QList<int> &hop = hops->at(h);
        const QList<Int128> parts = splitByShares(target, sharesOf(plan, hop));
        for (int k = 0; k < hop.size(); ++k) {
            RouteLeg &leg = outcome.legs[hop.at(k)];
            const std::optional<VenueQuote> quote =
                minimalInput(quoter, leg.venue, leg.tokenIn, leg.tokenOut, parts.at(k));
            if (!quote) {
                return refused(legName(leg)
                               + QStringLiteral(": the pool cannot deliver %1 base units")
                                     .arg(Decimal::toString(parts.at(k))));
            }
            fill(leg, *quote);
        }
        target = hopTotal(hop, true);
    }
    // What the first hop delivers beyond what the second needs (rounding) goes into the second.
    for (int h = 1; h < hops->size(); ++h) {
        const Int128 surplus = hopTotal(hops->at(h - 1), false) - hopTotal(hops->at(h), true);
        const int first = hops->at(h).first();
        if (surplus > 0 && !quoteLeg(first, outcome.legs.at(first).amountIn + surplus))
            return refused(why);
    }
    outcome.amountIn = target;
    outcome.amountOut = hopTotal(hops->last(), false);
    outcome.ok = true;
    return outcome;
}

QList<RouteLeg> RouteMath::hopPlan(int hop, const Token &tokenIn, const Token &tokenOut,
                                   const QList<QPair<Venue, int>> &venueShares)
{
    QList<RouteLeg> legs;
    for (const auto &[venue, share] : venueShares) {
        RouteLeg leg;
        leg.hop = hop;
        leg.venue = venue;
        leg.tokenIn = tokenIn;
        leg.tokenOut = tokenOut;
        leg.sharePpm = share;
        legs.append(leg);
    }
    return legs;
}

std::optional<RouteMath::Split> RouteMath::bestSplit(const LegQuoter &quoter, Venue first,
                                                     Venue second, const Token &tokenIn,
                                                     const Token &tokenOut, SwapMode mode,
                                                     Int128 amount)
{
    // The split's worth: its output (ExactIn) or minus its input (ExactOut); unfillable is worst.
    constexpr Int128 Worst = std::numeric_limits<Int128>::min();
    const auto outcomeAt = [&](int share) {
        return evaluate(hopPlan(0, tokenIn, tokenOut,
                                {{first, share}, {second, RouteLeg::FullShare - share}}),
                        mode, amount, quoter);
    };
    const auto worth = [&](int share) {
        const RouteOutcome outcome = outcomeAt(share);
        if (!outcome.ok)
            return Worst;
        return mode == SwapMode::ExactIn ? outcome.amountOut : -outcome.amountIn;
    };

    // The split's worth is concave in the share, the single venues at its ends: when moving a
    // little (0.1 %) of the order off the better single venue already loses, no split gains,
    // and the search is skipped (most orders: small ones, or venues far apart).
    const auto single = [&](Venue venue) {
        const RouteOutcome outcome =
            evaluate(hopPlan(0, tokenIn, tokenOut, {{venue, RouteLeg::FullShare}}), mode, amount, quoter);
        return outcome.ok ? (mode == SwapMode::ExactIn ? outcome.amountOut : -outcome.amountIn) : Worst;
    };
    const Int128 firstAlone = single(first);
    const Int128 secondAlone = single(second);
    if (firstAlone != Worst && secondAlone != Worst) {
        constexpr int Nudge = 1000;
        const bool firstBetter = firstAlone >= secondAlone;
        const Int128 nudged = worth(firstBetter ? RouteLeg::FullShare - Nudge : Nudge);
        if (nudged <= (firstBetter ? firstAlone : secondAlone))
            return std::nullopt;
    }

    int low = 1;
    int high = RouteLeg::FullShare - 1;
    if (firstAlone == Worst || secondAlone == Worst) {
        // Too large for one venue (or both) alone: only the shares that leave each venue what it
        // can fill work, an interval (each leg fills up to some size). Both venues must take a
        // small part, then a scan every 1 % finds the interval and bisection its ends; a feasible
        // interval narrower than 1 % of the order can be missed.
        const auto fills = [&](int share) { return worth(share) != Worst; };
        const Int128 probe = std::max<Int128>(1, amount / 100);
        for (Venue venue : {first, second}) {
            if (!evaluate(hopPlan(0, tokenIn, tokenOut, {{venue, RouteLeg::FullShare}}), mode, probe, quoter).ok)
                return std::nullopt;
        }
        constexpr int Grid = RouteLeg::FullShare / 100;
        int firstFilling = -1;
        int lastFilling = -1;
        for (int share = Grid; share < RouteLeg::FullShare; share += Grid) {
            if (fills(share)) {
                if (firstFilling < 0)
                    firstFilling = share;
                lastFilling = share;
            }
        }
        if (firstFilling < 0)
            return std::nullopt;
        // The ends: the last share that does not fill below the interval, the first above it.
        int out = firstFilling - Grid, in = firstFilling;
        while (in - out > 1) {
            const int middle = out + (in - out) / 2;
            (middle > 0 && fills(middle) ? in : out) = middle;
        }
        low = std::max(1, in);
        in = lastFilling;
        out = lastFilling + Grid;
        while (out - in > 1) {
            const int middle = in + (out - in) / 2;
            (middle < RouteLeg::FullShare && fills(middle) ? in : out) = middle;
        }
        high = std::min(RouteLeg::FullShare - 1, in);
    }
    while (high - low > 32) {
        const int third = (high - low) / 3;
        const int m1 = low + third;
        const int m2 = high - third;
        const Int128 w1 = worth(m1);
        const Int128 w2 = worth(m2);
        if (w1 < w2)
            low = m1 + 1;
        else if (w1 > w2)
            high = m2 - 1;
        else {
            // Equal (both unfillable included): the best lies between them.
            low = m1;
            high = m2;
        }
    }
    int bestShare = -1;
    Int128 best = Worst;
    for (int share = low; share <= high; ++share) {
        const Int128 w = worth(share);
        if (w > best) {
            best = w;
            bestShare = share;
        }
    }
    if (bestShare < 0)
        return std::nullopt;
    return Split{bestShare, outcomeAt(bestShare)};
}

} // namespace OrderDesk
