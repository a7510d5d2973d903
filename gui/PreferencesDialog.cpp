#include "PreferencesDialog.h"

#include "Decimal.h"
#include "SafetyRails.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace OrderDesk {

namespace {
constexpr int UsdcDecimals = 6;
}

PreferencesDialog::PreferencesDialog(SafetyRails &rails, QWidget *parent)
    : QDialog(parent), m_rails(rails)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Safety rails for orders sent from this console. Notional is the "
                                "order's value in USDC at the current market price; 0 turns a "
                                "rail off."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_confirmAbove = new QLineEdit(Decimal::format(rails.confirmAboveUsdc(), UsdcDecimals), this);
    m_confirmAbove->setObjectName(QStringLiteral("preferencesConfirmAbove"));
    m_maximum = new QLineEdit(Decimal::format(rails.maxNotionalUsdc(), UsdcDecimals), this);
    m_maximum->setObjectName(QStringLiteral("preferencesMaximum"));
    form->addRow(tr("Confirm orders above (USDC)"), m_confirmAbove);
    form->addRow(tr("Refuse orders above (USDC)"), m_maximum);
    layout->addLayout(form);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #e04f43"));
    m_error->setVisible(false);
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    layout->addWidget(buttons);
}

void PreferencesDialog::accept()
{
    QString why;
    const std::optional<Int128> confirm = Decimal::parse(m_confirmAbove->text().trimmed(), UsdcDecimals, &why);
    if (!confirm) {
        m_error->setText(tr("Confirmation threshold: %1").arg(why));
        m_error->setVisible(true);
        return;
    }
    const std::optional<Int128> maximum = Decimal::parse(m_maximum->text().trimmed(), UsdcDecimals, &why);
    if (!maximum) {
        m_error->setText(tr("Maximum order notional: %1").arg(why));
        m_error->setVisible(true);
        return;
    }
    m_rails.setConfirmAboveUsdc(*confirm);
    m_rails.setMaxNotionalUsdc(*maximum);
    QDialog::accept();
}

} // namespace OrderDesk
