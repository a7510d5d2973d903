#include "OrderConfirmationDialog.h"

#include "OrderPresentation.h"

#include <QPushButton>

namespace OrderDesk {

OrderConfirmationDialog::OrderConfirmationDialog(const QString &reason, const Summary &order,
                                                 QWidget *parent)
    : QMessageBox(QMessageBox::Warning, tr("Confirm order"), reason, QMessageBox::NoButton, parent)
{
    setObjectName(QStringLiteral("confirmOrderDialog"));
    setInformativeText(tr("%1 %2 %3 %4")
                           .arg(OrderPresentation::typeText(order.type),
                                order.side == OrderSide::Buy ? tr("buy") : tr("sell"), order.amount,
                                order.amountUnit)
                       + QStringLiteral(" · ") + order.base + QLatin1Char('/') + order.quote);
    QPushButton *sendButton = addButton(order.side == OrderSide::Buy ? tr("Buy %1").arg(order.base)
                                                                     : tr("Sell %1").arg(order.base),
                                        QMessageBox::AcceptRole);
    sendButton->setObjectName(QStringLiteral("confirmSend"));
    addButton(QMessageBox::Cancel);
    setDefaultButton(QMessageBox::Cancel); // Enter twice must not send it
    setAttribute(Qt::WA_DeleteOnClose);
    connect(this, &QMessageBox::buttonClicked, this, [this, sendButton](QAbstractButton *button) {
        if (button == sendButton)
            emit confirmed();
        else
            emit declined();
    });
}

} // namespace OrderDesk
