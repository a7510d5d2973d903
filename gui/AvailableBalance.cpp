#include "AvailableBalance.h"

#include "Wallet.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace OrderDesk {

AvailableBalance::AvailableBalance(Wallet *wallet, QWidget *parent)
    : QWidget(parent), m_wallet(wallet)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("ticketAvailable"));
    // A large balance with all its decimals must not widen the ticket past its dock: the line
    // wraps instead.
    m_label->setWordWrap(true);
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_max = new QPushButton(tr("Max"), this);
    m_max->setObjectName(QStringLiteral("ticketMax"));
    m_max->setToolTip(tr("Spend everything available of the pay token"));
    m_max->setAutoDefault(false);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_max);
    connect(m_max, &QPushButton::clicked, this, [this] {
        if (!m_available.isEmpty())
            emit maxRequested(m_available);
    });
    if (m_wallet)
        connect(m_wallet, &Wallet::changed, this, &AvailableBalance::show);
}

void AvailableBalance::setToken(const QString &token, bool spendsAmount)
{
    m_token = token.trimmed();
    m_spendsAmount = spendsAmount;
    show(m_wallet ? m_wallet->snapshot() : WalletSnapshot{});
}

QString AvailableBalance::text() const
{
    return m_label->text();
}

void AvailableBalance::show(const WalletSnapshot &snapshot)
{
    const WalletLine *line = snapshot.line(m_token);
    m_available = line ? Decimal::format(line->balance.available(), line->balance.decimals) : QString();
    m_label->setText(line ? tr("Available: %1 %2").arg(m_available, line->balance.token)
                          : tr("Available: 0 %1").arg(m_token.toUpper()));
    m_max->setEnabled(m_spendsAmount && line && line->balance.available() > 0);
}

} // namespace OrderDesk
