#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

namespace OrderDesk {

class SafetyRails;

// The console's preferences: the safety rails' confirmation threshold and maximum order
// notional, in USDC. Applied on OK; a value that does not parse is named and nothing changes.
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(SafetyRails &rails, QWidget *parent = nullptr);

    void accept() override;

private:
    SafetyRails &m_rails;
    QLineEdit *m_confirmAbove = nullptr;
    QLineEdit *m_maximum = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace OrderDesk
