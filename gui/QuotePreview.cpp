#include "QuotePreview.h"

#include "CanonicalPair.h"
#include "Engine.h"
#include "OrderPresentation.h"

namespace OrderDesk {

namespace {
QString amountText(Int128 amount, const Token &token)
{
    return Decimal::format(amount, token.decimals) + QLatin1Char(' ') + token.symbol;
}
} // namespace

const RouteCandidate *QuotePreview::chosenCandidate(const QuoteResult &result)
{
    if (!result.route)
        return nullptr;
    for (const RouteCandidate &candidate : result.candidates) {
        bool same = candidate.available && !candidate.refused
                    && candidate.legs.size() == result.route->legs.size();
        for (int i = 0; same && i < candidate.legs.size(); ++i)
            same = candidate.legs.at(i).samePlan(result.route->legs.at(i));
        if (same)
            return &candidate;
    }
    return nullptr;
}

QString QuotePreview::html(const QuoteResult &result)
{
    const CanonicalPair pair = CanonicalPair::of(result.tokenIn, result.tokenOut);
    QString html;
    if (result.route) {
        const RouteDecision &route = *result.route;
        QString summary = tr("Route: %1 %2").arg(route.kind, route.path).toHtmlEscaped();
        html += QStringLiteral("<div><b>%1</b></div>").arg(summary);
        QStringList facts;
        facts << tr("pay %1").arg(amountText(route.amountIn, result.tokenIn))
              << tr("receive %1").arg(amountText(route.amountOut, result.tokenOut));
        // Whole tokens out per whole token in, then turned to quote per base.
        const Int128 scaleIn = Decimal::pow10(result.tokenIn.decimals);
        const Int128 scaleOut = Decimal::pow10(result.tokenOut.decimals);
        const std::optional<Int128> outPerIn =
            route.amountIn > 0
                ? Decimal::mulDiv(route.amountOut, Decimal::pow10(PriceScale) * scaleIn / scaleOut, route.amountIn)
                : std::nullopt;
        if (const auto price = outPerIn ? pair.quotePerBase(*outPerIn) : std::nullopt) {
            facts << tr("price %1 %2 per %3")
                         .arg(OrderPresentation::priceText(*price), pair.quote().symbol,
                              pair.base().symbol);
        }
        if (const RouteCandidate *chosen = chosenCandidate(result)) {
            facts << tr("fee %1").arg(OrderPresentation::ppmAsPercent(chosen->feePpm))
                  << tr("impact %1").arg(OrderPresentation::ppmAsPercent(chosen->priceImpactPpm));
        }
        html += QStringLiteral("<div>%1</div>").arg(facts.join(QStringLiteral(" · ")).toHtmlEscaped());
        html += QStringLiteral("<table cellspacing='0' cellpadding='1'>");
        for (const RouteLeg &leg : route.legs) {
            const QString line =
                tr("hop %1 · %2 %3 · %4 → %5 · fee %6 · impact %7")
                    .arg(leg.hop + 1)
                    .arg(OrderPresentation::venueText(leg.venue),
                         Decimal::format(leg.sharePpm, 4) + QStringLiteral(" %"),
                         amountText(leg.amountIn, leg.tokenIn), amountText(leg.amountOut, leg.tokenOut),
                         OrderPresentation::ppmAsPercent(leg.feePpm),
                         OrderPresentation::ppmAsPercent(leg.priceImpactPpm));
            html += QStringLiteral("<tr><td>• %1</td></tr>").arg(line.toHtmlEscaped());
        }
        html += QStringLiteral("</table>");
    } else if (result.refusal) {
        html += QStringLiteral("<div><b>%1</b></div>")
                    .arg(tr("No route: %1").arg(result.refusal->message).toHtmlEscaped());
    }

    html += QStringLiteral("<div style='margin-top:4px'>%1</div><table cellspacing='0' cellpadding='1'>")
                .arg(tr("Each venue alone:").toHtmlEscaped());
    for (const VenueQuote &quote : result.quotes) {
        const bool best = result.best && *result.best == quote.venue;
        QString line;
        if (!quote.available) {
            line = tr("unavailable: %1").arg(quote.unavailableReason);
        } else {
            line = tr("%1 %2 · price %3 · fee %4 · impact %5")
                       .arg(Decimal::format(quote.amountOut, result.tokenOut.decimals),
                            result.tokenOut.symbol,
                            OrderPresentation::priceText(pair.quotePerBase(quote.executionPrice).value_or(0)),
                            OrderPresentation::ppmAsPercent(quote.feePpm),
                            OrderPresentation::ppmAsPercent(quote.priceImpactPpm));
        }
        const QString venue = OrderPresentation::venueText(quote.venue);
        html += QStringLiteral("<tr><td>%1&nbsp;</td><td>%2</td></tr>")
                    .arg(best ? QStringLiteral("<b>✓ ") + venue + QStringLiteral("</b>") : venue,
                         best ? QStringLiteral("<b>") + line.toHtmlEscaped() + QStringLiteral("</b>")
                              : line.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (!result.reason.isEmpty())
        html += QStringLiteral("<div>%1</div>").arg(result.reason.toHtmlEscaped());
    return html;
}

} // namespace OrderDesk
