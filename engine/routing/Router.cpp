#include "Router.h"

#include "ConstantProductPool.h"
#include "Logging.h"
#include "Market.h"

#include <future>
#include <vector>

namespace OrderDesk {

namespace {
constexpr Int128 PpmScale = 1'000'000;

// "0.412345" rather than eighteen digits: six significant digits, rounded down, enough to
// compare routes.
QString shortAmount(Int128 amount, const Token &token)
{
    QString text = Decimal::format(amount, token.decimals);
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    if (dot >= 0) {
        qsizetype significant = 0;
        qsizetype end = text.size();
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c.isDigit() && (significant > 0 || c != QLatin1Char('0')))
                ++significant;
            if (significant == 6) {
                end = std::max(i + 1, dot);
                break;
            }
        }
        text.truncate(end);
        while (text.contains(QLatin1Char('.')) && text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    return text + QLatin1Char(' ') + token.symbol;
}

// part / whole in bps, two decimals; never "0 bps" for a difference that exists.
QString bpsOf(Int128 part, Int128 whole)
{
    const Int128 hundredthsOfBp = whole > 0 ? part * 1'000'000 / whole : 0;
    return hundredthsOfBp == 0 && part > 0 ? QStringLiteral("< 0.01 bps")
                                           : Decimal::format(hundredthsOfBp, 2) + QStringLiteral(" bps");
}

QString percentOfShare(int sharePpm)
{
    return Decimal::format(sharePpm, 4) + QStringLiteral(" %");
}

// What the route is worth after the modelled cost of its extra legs: its output (ExactIn) or
// minus its input (ExactOut). Larger is better.
Int128 netWorth(const RouteCandidate &candidate, SwapMode mode)
{
    const Int128 extraLegs = std::max<Int128>(0, candidate.legs.size() - 1);
    if (mode == SwapMode::ExactIn)
        return candidate.amountOut - candidate.amountOut * Router::ExtraLegCostPpm * extraLegs / PpmScale;
    return -(candidate.amountIn + candidate.amountIn * Router::ExtraLegCostPpm * extraLegs / PpmScale);
}

// On equal worth: fewer legs, then Raydium first (the older, deeper venue).
bool better(const RouteCandidate &a, const RouteCandidate &b, SwapMode mode)
{
    const Int128 wa = netWorth(a, mode);
    const Int128 wb = netWorth(b, mode);
    if (wa != wb)
        return wa > wb;
    if (a.legs.size() != b.legs.size())
        return a.legs.size() < b.legs.size();
    return a.legs.value(0).venue == Venue::Raydium && b.legs.value(0).venue != Venue::Raydium;
}

RouteCandidate candidateOf(const QString &kind, const QString &path, const RouteOutcome &outcome,
                           int maxImpactPpm)
{
    RouteCandidate candidate;
    candidate.kind = kind;
    candidate.path = path;
    candidate.available = outcome.ok;
    candidate.legs = outcome.legs;
    if (!outcome.ok) {
        candidate.reason = outcome.reason;
        return candidate;
    }
    candidate.amountIn = outcome.amountIn;
    candidate.amountOut = outcome.amountOut;
    // Each hop's fee and impact weighted by its legs' inputs, summed over the hops.
    for (int hop = 0; hop <= 1; ++hop) {
        Int128 hopIn = 0, fee = 0, impact = 0;
        for (const RouteLeg &leg : std::as_const(candidate.legs)) {
            if (leg.hop != hop)
                continue;
            hopIn += leg.amountIn;
            fee += Int128(leg.feePpm) * leg.amountIn;
            impact += Int128(leg.priceImpactPpm) * leg.amountIn;
            candidate.maxLegImpactPpm = std::max(candidate.maxLegImpactPpm, leg.priceImpactPpm);
        }
        if (hopIn > 0) {
            candidate.feePpm += int(fee / hopIn);
            candidate.priceImpactPpm += int(impact / hopIn);
        }
    }
    if (candidate.maxLegImpactPpm > maxImpactPpm) {
        candidate.refused = true;
        candidate.reason = QStringLiteral("would move a pool's price by %1 bps, past the %2 bps guard")
                               .arg(Decimal::format(candidate.maxLegImpactPpm, 2))
                               .arg(maxImpactPpm / 100);
    }
    return candidate;
}

// One hop's best plan: a venue alone or the best split, after the extra leg's cost.
std::optional<QList<RouteLeg>> bestHop(const LegQuoter &quoter, int hop, const Token &tokenIn,
                                       const Token &tokenOut, SwapMode mode, Int128 amount)
{
    std::optional<RouteCandidate> best;
    const auto consider = [&](const QList<RouteLeg> &plan) {
        const RouteOutcome outcome = RouteMath::evaluate(plan, mode, amount, quoter);
        if (!outcome.ok)
            return false;
        const RouteCandidate candidate = candidateOf({}, {}, outcome, int(PpmScale));
        if (!best || better(candidate, *best, mode))
            best = candidate;
        return true;
    };
    for (Venue venue : AllVenues)
        consider(RouteMath::hopPlan(0, tokenIn, tokenOut, {{venue, RouteLeg::FullShare}}));
    // Also when a venue alone cannot fill it: together they may.
    if (const auto split = RouteMath::bestSplit(quoter, AllVenues[0], AllVenues[1], tokenIn,
                                                tokenOut, mode, amount)) {
        consider(split->outcome.legs);
    }
    if (!best)
        return std::nullopt;
    QList<RouteLeg> legs = best->legs;
    for (RouteLeg &leg : legs)
        leg.hop = hop;
    return legs;
}

QString describeLegs(const RouteCandidate &candidate)
{
    QStringList hops;
    for (int hop = 0; hop <= 1; ++hop) {
        QStringList parts;
        for (const RouteLeg &leg : candidate.legs) {
            if (leg.hop != hop)
                continue;
            parts << (leg.sharePpm == RouteLeg::FullShare
                          ? toString(leg.venue)
                          : percentOfShare(leg.sharePpm) + QLatin1Char(' ') + toString(leg.venue));
        }
        if (!parts.isEmpty())
            hops << parts.join(QStringLiteral(" + "));
    }
    return hops.join(QStringLiteral(", then "));
}
} // namespace

Router::Router(Market &market, int parallelRounds, Limits limits)
    : m_market(market), m_limits(std::move(limits))
{
    // Kept alive: a thread started per quote was two thread creations per attempt.
    m_venueCalls.setMaxThreadCount(std::max(1, parallelRounds) * int(std::size(AllVenues) - 1));
    m_venueCalls.setExpiryTimeout(-1);
}

Router::~Router()
{
    m_venueCalls.waitForDone();
}

QList<VenueQuote> Router::quoteAll(const Token &tokenIn, const Token &tokenOut,
                                   Int128 amountIn) const
{
    // Every venue but the first on the pool, the first on the calling thread: all at once.
    std::vector<std::future<VenueQuote>> others;
    others.reserve(std::size(AllVenues) - 1);
    for (std::size_t i = 1; i < std::size(AllVenues); ++i) {
        auto task = std::make_shared<std::packaged_task<VenueQuote()>>(
            [this, venue = AllVenues[i], tokenIn, tokenOut, amountIn] {
                return m_market.quote(venue, tokenIn, tokenOut, amountIn);
            });
        others.push_back(task->get_future());
        m_venueCalls.start([task] { (*task)(); });
    }
    QList<VenueQuote> quotes;
    quotes.reserve(int(std::size(AllVenues)));
    quotes.append(m_market.quote(AllVenues[0], tokenIn, tokenOut, amountIn));
    for (auto &future : others)
        quotes.append(future.get());
    return quotes;
}

std::variant<RouteDecision, OrderError> Router::route(const Order &order,
                                                      QList<RouteCandidate> *considered) const
{
    // The venues' answers for the pair (what the operator sees side by side) after their
    // latency; every candidate is then priced on the state they stream, without more round trips.
    QList<VenueQuote> direct;
    if (order.swapMode == SwapMode::ExactIn)
        direct = quoteAll(order.tokenIn, order.tokenOut, order.amountIn);
    // The venues' own answers stand for the whole order on one venue: a client of a shared
    // market mirrors its pools by polling, and a mirror a moment behind must not make the plain
    // route look worse than the venue just said it is (a limit order would go back to waiting).
    const LegQuoter quoter = [this, &direct, &order](Venue venue, const Token &in, const Token &out,
                                                    Int128 amount) {
        if (in == order.tokenIn && out == order.tokenOut && amount == order.amountIn) {
            for (const VenueQuote &quote : direct) {
                if (quote.venue == venue && quote.amountIn == amount)
                    return quote;
            }
        }
        return m_market.indicativeQuote(venue, in, out, amount);
    };
    if (order.swapMode == SwapMode::ExactOut) {
        // An exact-out quote is a search over inputs: run on the streamed state, after the same
        // round trip's latency.
        quoteAll(order.tokenIn, order.tokenOut, 1);
        direct = exactOutQuotes(order, quoter);
    }
    return decide(order, quoter, direct, m_limits, considered);
}

QList<VenueQuote> Router::exactOutQuotes(const Order &order, const LegQuoter &quoter)
{
    QList<VenueQuote> direct;
    for (Venue venue : AllVenues) {
        VenueQuote quote;
        if (const auto found = RouteMath::minimalInput(quoter, venue, order.tokenIn,
                                                       order.tokenOut, order.amountIn)) {
            quote = *found;
        } else {
            quote.unavailableReason = QStringLiteral("cannot deliver %1")
                                          .arg(shortAmount(order.amountIn, order.tokenOut));
        }
        quote.venue = venue;
        direct.append(quote);
    }
    return direct;
}

std::variant<RouteDecision, OrderError> Router::indicativeRoute(const Order &order) const
{
    const LegQuoter quoter = [this](Venue venue, const Token &in, const Token &out, Int128 amount) {
        return m_market.indicativeQuote(venue, in, out, amount);
    };
    QList<VenueQuote> direct;
    if (order.swapMode == SwapMode::ExactOut) {
        direct = exactOutQuotes(order, quoter);
    } else {
        for (Venue venue : AllVenues)
            direct.append(quoter(venue, order.tokenIn, order.tokenOut, order.amountIn));
    }
    return decide(order, quoter, direct, m_limits);
}

std::optional<Int128> Router::limitAmountOut(const Order &order)
{
    if (order.type != OrderType::Limit || !order.limitPrice || order.swapMode != SwapMode::ExactIn)
        return std::nullopt;
    // amountIn (tokenIn base units) × limitPrice (tokenOut per whole tokenIn, PriceScale) in
    // tokenOut base units, rounded up: the fill must be worth at least the limit, never a unit
    // less. The product needs 256 bits (1e21 lamports × a price with 18 decimals).
    const int exponent = PriceScale + order.tokenIn.decimals - order.tokenOut.decimals;
    return ConstantProductPool::mulDivUp(order.amountIn, *order.limitPrice, Decimal::pow10(exponent));
}

std::variant<RouteDecision, OrderError> Router::decide(const Order &order, const LegQuoter &quoter,
                                                       const QList<VenueQuote> &directQuotes,
                                                       const Limits &limits,
                                                       QList<RouteCandidate> *considered)
{
    const SwapMode mode = order.swapMode;
    const Int128 amount = order.amountIn;
    const int maxImpactPpm = std::max(0, limits.maxPriceImpactBps) * 100;
    const QString directPath = order.tokenIn.symbol + QStringLiteral("→") + order.tokenOut.symbol;

    QList<RouteCandidate> candidates;
    for (Venue venue : AllVenues) {
        const QList<RouteLeg> plan =
            RouteMath::hopPlan(0, order.tokenIn, order.tokenOut, {{venue, RouteLeg::FullShare}});
        candidates.append(candidateOf(QStringLiteral("single"), directPath,
                                      RouteMath::evaluate(plan, mode, amount, quoter), maxImpactPpm));
    }
    // Also when a venue alone cannot fill the order: together they may.
    if (const auto split = RouteMath::bestSplit(quoter, AllVenues[0], AllVenues[1], order.tokenIn,
                                                order.tokenOut, mode, amount)) {
        candidates.append(candidateOf(QStringLiteral("split"), directPath, split->outcome, maxImpactPpm));
    }
    for (const Token &middle : limits.intermediates) {
        if (middle == order.tokenIn || middle == order.tokenOut)
            continue;
        const QString path = order.tokenIn.symbol + QStringLiteral("→") + middle.symbol
                             + QStringLiteral("→") + order.tokenOut.symbol;
        // Each hop's output is increasing in its input, so the best first hop then the best
        // second hop (ExactIn), or the cheapest second hop then the cheapest first (ExactOut),
        // is the best two-hop route through `middle`.
        std::optional<QList<RouteLeg>> first, second;
        if (mode == SwapMode::ExactIn) {
            first = bestHop(quoter, 0, order.tokenIn, middle, mode, amount);
            if (first) {
                const RouteOutcome hop = RouteMath::evaluate(*first, mode, amount, quoter);
                second = bestHop(quoter, 1, middle, order.tokenOut, mode, hop.amountOut);
            }
        } else {
            second = bestHop(quoter, 1, middle, order.tokenOut, mode, amount);
            if (second) {
                QList<RouteLeg> alone = *second;
                for (RouteLeg &leg : alone)
                    leg.hop = 0;
                const RouteOutcome hop = RouteMath::evaluate(alone, mode, amount, quoter);
                first = bestHop(quoter, 0, order.tokenIn, middle, mode, hop.amountIn);
            }
        }
        if (!first || !second)
            continue; // no pools for that path: not a candidate worth listing
        candidates.append(candidateOf(QStringLiteral("two-hop"), path,
                                      RouteMath::evaluate(*first + *second, mode, amount, quoter),
                                      maxImpactPpm));
    }

    if (considered)
        *considered = candidates;
    int winner = -1;
    int bestSingle = -1;
    bool anyFillable = false;
    for (int i = 0; i < candidates.size(); ++i) {
        const RouteCandidate &candidate = candidates.at(i);
        anyFillable = anyFillable || candidate.available;
        if (!candidate.available || candidate.refused)
            continue;
        if (winner < 0 || better(candidate, candidates.at(winner), mode))
            winner = i;
        if (candidate.kind == QLatin1String("single")
            && (bestSingle < 0 || better(candidate, candidates.at(bestSingle), mode))) {
            bestSingle = i;
        }
    }
    if (winner < 0) {
        QStringList reasons;
        for (const RouteCandidate &candidate : std::as_const(candidates)) {
            if (!candidate.reason.isEmpty())
                reasons << candidate.path + QLatin1Char(' ') + describeLegs(candidate)
                               + QStringLiteral(": ") + candidate.reason;
        }
        if (anyFillable) {
            return OrderError{QStringLiteral("price_impact_too_high"),
                              QStringLiteral("every route for %1 %2 would move a pool's price by "
                                             "more than %3 bps (%4)")
                                  .arg(shortAmount(amount, order.amountToken()), order.pair())
                                  .arg(limits.maxPriceImpactBps)
                                  .arg(reasons.join(QStringLiteral("; "))),
                              true};
        }
        return OrderError{QStringLiteral("no_route"),
                          QStringLiteral("no venue can fill %1 (%2)")
                              .arg(order.pair(), reasons.join(QStringLiteral("; "))),
                          true};
    }

    const RouteCandidate &chosen = candidates.at(winner);
    RouteDecision decision;
    decision.quotes = directQuotes;
    decision.candidates = candidates;
    decision.swapMode = mode;
    decision.kind = chosen.kind;
    decision.path = chosen.path;
    decision.legs = chosen.legs;
    decision.amountIn = chosen.amountIn;
    decision.amountOut = chosen.amountOut;
    int mainShare = -1;
    for (const RouteLeg &leg : chosen.legs) {
        if (leg.hop == 0 && leg.sharePpm > mainShare) {
            mainShare = leg.sharePpm;
            decision.venue = leg.venue;
        }
    }
    const Int128 slippageBps = std::clamp(order.slippageBps, 0, 10'000);
    if (mode == SwapMode::ExactIn) {
        decision.minAmountOut = chosen.amountOut * (10'000 - slippageBps) / 10'000;
        if (const std::optional<Int128> limitOut = limitAmountOut(order))
            decision.minAmountOut = std::max(decision.minAmountOut, *limitOut);
        decision.maxAmountIn = amount;
    } else {
        decision.minAmountOut = amount;
        decision.maxAmountIn = (chosen.amountIn * (10'000 + slippageBps) + 9'999) / 10'000;
    }
    decision.wrapSol = order.tokenIn.isNativeSol();
    decision.unwrapSol = order.tokenOut.isNativeSol();

    // Why: against the best single venue, or, when that is the winner, against the runner-up.
    const bool exactIn = mode == SwapMode::ExactIn;
    const Token &measured = exactIn ? order.tokenOut : order.tokenIn;
    const auto figure = [&](const RouteCandidate &c) { return exactIn ? c.amountOut : c.amountIn; };
    const QString verb = exactIn ? QStringLiteral("returns") : QStringLiteral("needs");
    const QString name = chosen.kind == QLatin1String("single")
                             ? toString(decision.venue)
                             : chosen.kind + QLatin1Char(' ') + chosen.path + QStringLiteral(" (")
                                   + describeLegs(chosen) + QLatin1Char(')');
    int rival = -1;
    for (int i = 0; i < candidates.size(); ++i) {
        const RouteCandidate &c = candidates.at(i);
        if (i == winner || !c.available || c.refused)
            continue;
        // A split or two hops is measured against the best single venue when there is one.
        const bool measureAgainstSingle = chosen.kind != QLatin1String("single") && bestSingle >= 0;
        if (measureAgainstSingle ? i == bestSingle
                                 : (rival < 0 || better(c, candidates.at(rival), mode))) {
            rival = i;
        }
    }
    if (rival < 0) {
        decision.reason = QStringLiteral("only %1 can fill %2 (%3 %4)")
                              .arg(name, order.pair(), verb, shortAmount(figure(chosen), measured));
        QStringList others;
        for (const RouteCandidate &c : std::as_const(candidates)) {
            if (&c != &chosen && !c.reason.isEmpty())
                others << describeLegs(c) + QStringLiteral(": ") + c.reason;
        }
        if (!others.isEmpty())
            decision.reason += QStringLiteral("; ") + others.join(QStringLiteral("; "));
    } else {
        const RouteCandidate &other = candidates.at(rival);
        const QString otherName = other.kind == QLatin1String("single")
                                      ? toString(other.legs.first().venue)
                                      : other.kind + QLatin1Char(' ') + other.path;
        const Int128 difference = exactIn ? chosen.amountOut - other.amountOut
                                          : other.amountIn - chosen.amountIn;
        if (difference > 0) {
            decision.reason =
                QStringLiteral("%1 %2 %3 %4 than %5 (%6) after fees and price impact: %7 vs %8")
                    .arg(name, verb, shortAmount(difference, measured),
                         exactIn ? QStringLiteral("more") : QStringLiteral("less"), otherName,
                         bpsOf(difference, figure(other)), shortAmount(figure(chosen), measured),
                         shortAmount(figure(other), measured));
            if (chosen.legs.size() > 1) {
                decision.reason += QStringLiteral(", more than the %1 bps modelled cost of each extra leg")
                                       .arg(Decimal::format(ExtraLegCostPpm, 2));
            }
        } else {
            decision.reason = QStringLiteral("%1 and %2 both %3 %4; %1 is preferred (fewer legs, "
                                             "then Raydium)")
                                  .arg(name, otherName, verb, shortAmount(figure(chosen), measured));
        }
    }
    qCDebug(lcMarket).noquote() << order.id << "routed:" << decision.reason;
    return decision;
}

SwapTransaction Router::transactionFor(const Order &order, const RouteDecision &decision,
                                       const Blockhash &blockhash)
{
    SwapTransaction transaction;
    transaction.orderId = order.id;
    transaction.attempt = order.attempt;
    transaction.venue = decision.venue;
    transaction.tokenIn = order.tokenIn;
    transaction.tokenOut = order.tokenOut;
    transaction.swapMode = decision.swapMode;
    transaction.amountIn = decision.swapMode == SwapMode::ExactIn ? order.amountIn : decision.maxAmountIn;
    transaction.minAmountOut = decision.minAmountOut;
    // A single venue travels as the transaction it always was; anything else with its plan.
    const bool plain = decision.legs.size() == 1 && decision.swapMode == SwapMode::ExactIn;
    if (!plain) {
        for (RouteLeg leg : decision.legs) {
            leg.amountIn = leg.amountOut = leg.feeAmount = 0;
            leg.feePpm = leg.priceImpactPpm = 0;
            transaction.legs.append(leg);
        }
    }
    transaction.wrapSol = decision.wrapSol;
    transaction.unwrapSol = decision.unwrapSol;
    transaction.blockhash = blockhash.blockhash;
    transaction.lastValidBlockHeight = blockhash.lastValidBlockHeight;
    transaction.sign();
    return transaction;
}

} // namespace OrderDesk
