#pragma once

#include "OrderTypes.h"

#include <QMessageBox>
#include <QString>

class QWidget;

namespace OrderDesk {

// The safety rails' question before an order above their confirmation threshold is sent
// (SafetyRails::Verdict::Kind::Confirm): the rails' reason, the order in one line, and a send
// button named after the order. Cancel is the default button, so Enter pressed twice never sends
// it. A QMessageBox, so the ticket's confirmationRequested() hands it out as one; it deletes
// itself once closed.
class OrderConfirmationDialog : public QMessageBox
{
    Q_OBJECT

public:
    // The order as the ticket shows it: the amount as typed, in its unit, on the pair base/quote.
    struct Summary
    {
        OrderType type = OrderType::Market;
        OrderSide side = OrderSide::Sell;
        QString amount;
        QString amountUnit;
        QString base;
        QString quote;
    };

    OrderConfirmationDialog(const QString &reason, const Summary &order, QWidget *parent);

Q_SIGNALS:
    void confirmed(); // the send button
    void declined();  // any other way out
};

} // namespace OrderDesk
