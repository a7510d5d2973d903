#pragma once

#include <QCoreApplication>
#include <QString>

namespace OrderDesk {

struct QuoteResult;
struct RouteCandidate;

// The ticket's live quote as the operator reads it: the route it would take with its legs, what
// goes in and out, the average price in quote per base, the fee and the price impact, then each
// venue's own quote and the router's reason. Rich text for a QLabel.
class QuotePreview
{
    Q_DECLARE_TR_FUNCTIONS(OrderDesk::QuotePreview)

public:
    static QString html(const QuoteResult &result);
    // The candidate the route was chosen from (for its fee and impact); nullptr when none.
    static const RouteCandidate *chosenCandidate(const QuoteResult &result);
};

} // namespace OrderDesk
