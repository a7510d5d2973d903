#include "TradingActions.h"

#include "ConsoleIcons.h"
#include "PreferencesDialog.h"
#include "SafetyRails.h"
#include "WaitingOrderCanceller.h"

#include <QAction>
#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

namespace OrderDesk {

TradingActions::TradingActions(Engine &engine, SafetyRails &rails, QWidget *window)
    : QObject(window), m_rails(rails), m_window(window)
{
    m_canceller = new WaitingOrderCanceller(engine, this);

    m_halt = new QAction(tr("&Halt orders (kill switch)"), this);
    m_halt->setObjectName(QStringLiteral("haltOrdersAction"));
    m_halt->setCheckable(true);
    m_halt->setChecked(rails.isHalted());
    m_halt->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    m_halt->setToolTip(tr("Stop this console from sending any order until switched off "
                          "(Ctrl+Shift+H)"));
    connect(m_halt, &QAction::toggled, &m_rails, &SafetyRails::setHalted);
    connect(&m_rails, &SafetyRails::haltedChanged, this, [this](bool halted) {
        m_halt->setChecked(halted);
        emit statusMessage(halted ? tr("Kill switch on: this console sends no orders.")
                                  : tr("Kill switch off: orders can be sent again."));
    });

    m_cancelAll = new QAction(ConsoleIcons::icon(QStringLiteral("cancel")),
                              tr("Cancel &all waiting orders…"), this);
    m_cancelAll->setObjectName(QStringLiteral("cancelAllAction"));
    m_cancelAll->setToolTip(tr("Cancel every limit and sniper order still waiting for its "
                               "trigger, after a confirmation"));
    connect(m_cancelAll, &QAction::triggered, this, &TradingActions::askCancelAll);
    connect(m_canceller, &WaitingOrderCanceller::waitingFound, this, &TradingActions::confirmCancelAll);
    connect(m_canceller, &WaitingOrderCanceller::cancelled, this,
            [this](const WaitingOrderCanceller::Outcome &outcome) {
                if (outcome.tooLate.isEmpty())
                    emit statusMessage(tr("%n waiting order(s) cancelled", nullptr, outcome.cancelled));
                else
                    emit statusMessage(tr("%n waiting order(s) cancelled; too late for %1", nullptr,
                                          outcome.cancelled)
                                           .arg(outcome.tooLate.join(QStringLiteral("; "))));
                emit cancelAllFinished(outcome.cancelled, int(outcome.tooLate.size()));
            });
    connect(m_canceller, &WaitingOrderCanceller::readFailed, this, [this](const QString &message) {
        m_cancelAll->setEnabled(true);
        emit statusMessage(tr("Cannot list the waiting orders: %1").arg(message));
    });

    m_preferences = new QAction(tr("&Preferences…"), this);
    m_preferences->setMenuRole(QAction::PreferencesRole);
    m_preferences->setShortcut(QKeySequence::Preferences);
    connect(m_preferences, &QAction::triggered, this, [this] {
        PreferencesDialog dialog(m_rails, m_window);
        if (dialog.exec() == QDialog::Accepted)
            emit statusMessage(tr("Safety rails: confirm above %1, refuse above %2")
                                   .arg(SafetyRails::usdcText(m_rails.confirmAboveUsdc()),
                                        SafetyRails::usdcText(m_rails.maxNotionalUsdc())));
    });
}

void TradingActions::askCancelAll()
{
    // The list comes from the store, in the background; the dialog follows with its count.
    m_cancelAll->setEnabled(false);
    m_canceller->findWaiting();
}

void TradingActions::confirmCancelAll(const QStringList &orderIds)
{
    m_cancelAll->setEnabled(true);
    if (orderIds.isEmpty()) {
        emit statusMessage(tr("No order is waiting: nothing to cancel."));
        emit cancelAllFinished(0, 0);
        return;
    }
    delete m_confirmation;
    auto *dialog = new QMessageBox(
        QMessageBox::Question, tr("Cancel all waiting orders"),
        tr("Cancel %n waiting order(s)? Orders already routing are not affected.", nullptr,
           int(orderIds.size())),
        QMessageBox::NoButton, m_window);
    dialog->setObjectName(QStringLiteral("cancelAllDialog"));
    QPushButton *confirm = dialog->addButton(tr("Cancel them"), QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("cancelAllConfirm"));
    QPushButton *keep = dialog->addButton(tr("Keep them"), QMessageBox::RejectRole);
    keep->setObjectName(QStringLiteral("cancelAllKeep"));
    dialog->setDefaultButton(keep);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_confirmation = dialog;
    connect(dialog, &QMessageBox::buttonClicked, this, [this, confirm, orderIds](QAbstractButton *button) {
        if (button != confirm) {
            emit statusMessage(tr("Nothing cancelled."));
            emit cancelAllFinished(0, 0);
            return;
        }
        m_canceller->cancel(orderIds);
    });
    dialog->open();
    emit confirmationRequested(dialog);
}

} // namespace OrderDesk
