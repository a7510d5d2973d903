#include "Router.h"

#include "ConstantProductPool.h"
#include "Logging.h"
#include "Market.h"

#include <future>
#include <vector>

namespace OrderDesk {

namespace {
// "0.412345" rather than eighteen digits: six significant digits, rounded down, enough to
// compare venues.
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

// 2734 ppm -> "0.2734 %"
QString percentOfPpm(Int128 ppm)
{
    return Decimal::format(ppm, 4) + QStringLiteral(" %");
}

// part / whole as a percentage; never "0 %" for a difference that exists.
QString percentOf(Int128 part, Int128 whole)
{
    const Int128 ppm = part * 1'000'000 / whole;
    return ppm == 0 && part > 0 ? QStringLiteral("< 0.0001 %") : percentOfPpm(ppm);
}

bool better(const VenueQuote &a, const VenueQuote &b)
{
    if (a.amountOut != b.amountOut)
        return a.amountOut > b.amountOut;
    if (a.feePpm != b.feePpm)
        return a.feePpm < b.feePpm;
    return a.venue == Venue::Raydium && b.venue != Venue::Raydium;
}
} // namespace

Router::Router(Market &market, int parallelRounds) : m_market(market)
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

std::optional<Int128> Router::limitAmountOut(const Order &order)
{
    if (order.type != OrderType::Limit || !order.limitPrice)
        return std::nullopt;
    // amountIn (tokenIn base units) × limitPrice (tokenOut per whole tokenIn, PriceScale) in
    // tokenOut base units, rounded up: the fill must be worth at least the limit, never a unit
    // less. The product needs 256 bits (1e21 lamports × a price with 18 decimals).
    const int exponent = PriceScale + order.tokenIn.decimals - order.tokenOut.decimals;
    return ConstantProductPool::mulDivUp(order.amountIn, *order.limitPrice, Decimal::pow10(exponent));
}

std::optional<RouteDecision> Router::decide(const Order &order, const QList<VenueQuote> &quotes)
{
    QList<VenueQuote> ranked;
    for (const VenueQuote &quote : quotes) {
        if (quote.available && quote.amountOut > 0)
            ranked.append(quote);
    }
    if (ranked.isEmpty())
        return std::nullopt;
    std::stable_sort(ranked.begin(), ranked.end(), better);
    const VenueQuote &best = ranked.first();

    RouteDecision decision;
    decision.quotes = quotes;
    decision.venue = best.venue;
    const int slippageBps = std::clamp(order.slippageBps, 0, 10'000);
    decision.minAmountOut = best.amountOut * (10'000 - slippageBps) / 10'000;
    if (const std::optional<Int128> limitOut = limitAmountOut(order))
        decision.minAmountOut = std::max(decision.minAmountOut, *limitOut);
    decision.wrapSol = order.tokenIn.isNativeSol();
    decision.unwrapSol = order.tokenOut.isNativeSol();

    const QString winner = toString(best.venue);
    if (ranked.size() == 1) {
        QStringList others;
        for (const VenueQuote &quote : quotes) {
            if (quote.venue != best.venue) {
                others << toString(quote.venue) + QStringLiteral(": ") +
                              (quote.unavailableReason.isEmpty() ? QStringLiteral("no output")
                                                                 : quote.unavailableReason);
            }
        }
        decision.reason =
            QStringLiteral("only %1 can fill %2 (returns %3)")
                .arg(winner, order.pair(), shortAmount(best.amountOut, order.tokenOut));
        if (!others.isEmpty())
            decision.reason += QStringLiteral("; ") + others.join(QStringLiteral("; "));
        return decision;
    }

    const VenueQuote &runnerUp = ranked.at(1);
    const QString loser = toString(runnerUp.venue);
    if (best.amountOut > runnerUp.amountOut) {
        const Int128 difference = best.amountOut - runnerUp.amountOut;
        decision.reason =
            QStringLiteral("%1 returns %2 more than %3 (%4) after fees and price impact: %5 vs %6")
                .arg(winner, shortAmount(difference, order.tokenOut), loser,
                     percentOf(difference, runnerUp.amountOut),
                     shortAmount(best.amountOut, order.tokenOut),
                     shortAmount(runnerUp.amountOut, order.tokenOut));
    } else if (best.feePpm < runnerUp.feePpm) {
        decision.reason =
            QStringLiteral("%1 and %2 both return %3; %1 wins on its lower fee (%4 vs %5)")
                .arg(winner, loser, shortAmount(best.amountOut, order.tokenOut),
                     percentOfPpm(best.feePpm), percentOfPpm(runnerUp.feePpm));
    } else {
        decision.reason =
            QStringLiteral("%1 and %2 both return %3 at the same fee (%4); %1 is preferred")
                .arg(winner, loser, shortAmount(best.amountOut, order.tokenOut),
                     percentOfPpm(best.feePpm));
    }
    qCDebug(lcMarket).noquote() << order.id << "routed to" << winner << ':' << decision.reason;
    return decision;
}

} // namespace OrderDesk
