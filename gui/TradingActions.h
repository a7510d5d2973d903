#pragma once

#include <QMessageBox> // complete: a signal carries it, and QSignalSpy must know it is a QObject
#include <QObject>
#include <QPointer>

class QAction;
class QWidget;

namespace OrderDesk {

class Engine;
class SafetyRails;
class WaitingOrderCanceller;

// The console's safety actions, with their dialogs: the kill switch (halt orders from this
// console), cancel-all of the waiting orders (after a confirmation naming how many), and the
// preferences where the rails are set. The window puts the actions in its menus and toolbar.
class TradingActions : public QObject
{
    Q_OBJECT

public:
    TradingActions(Engine &engine, SafetyRails &rails, QWidget *window);

    QAction *haltAction() const { return m_halt; }
    QAction *cancelAllAction() const { return m_cancelAll; }
    QAction *preferencesAction() const { return m_preferences; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    // The cancel-all confirmation opened (tests find it through this).
    void confirmationRequested(QMessageBox *dialog);
    void cancelAllFinished(int cancelled, int tooLate);

private:
    void askCancelAll();
    void confirmCancelAll(const QStringList &orderIds);

    SafetyRails &m_rails;
    QWidget *m_window;
    WaitingOrderCanceller *m_canceller = nullptr; // child
    QAction *m_halt = nullptr;
    QAction *m_cancelAll = nullptr;
    QAction *m_preferences = nullptr;
    QPointer<QMessageBox> m_confirmation;
};

} // namespace OrderDesk
