#include "WalletDock.h"

#include "Token.h"
#include "Wallet.h"
#include "WalletModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace OrderDesk {

namespace {
QString usdc(Int128 value)
{
    const int decimals = TokenRegistry::usdc().decimals;
    return Decimal::format(value / Decimal::pow10(decimals - 2), 2);
}
} // namespace

WalletDock::WalletDock(Wallet *wallet, QWidget *parent)
    : QDockWidget(tr("Wallet"), parent), m_wallet(wallet)
{
    setObjectName(QStringLiteral("walletDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    m_model = new WalletModel(this);
    auto *sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(m_model);
    sorted->setSortRole(WalletModel::SortRole);
    m_view = new QTableView(body);
    m_view->setObjectName(QStringLiteral("walletView"));
    m_view->setModel(sorted);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(WalletModel::Token, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_totals = new QLabel(body);
    m_totals->setObjectName(QStringLiteral("walletTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_view);
    layout->addWidget(m_totals);
    setWidget(body);

    if (m_wallet) {
        connect(m_wallet, &Wallet::changed, this, &WalletDock::show);
        if (m_wallet->hasSnapshot())
            show(m_wallet->snapshot());
    }
}

void WalletDock::show(const WalletSnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
    m_totals->setText(tr("Value %1 USDC · unrealised P&L %2 · realised P&L %3 · %n open reservation(s)",
                         nullptr, int(snapshot.reservations.size()))
                          .arg(usdc(snapshot.valueUsdc), usdc(snapshot.unrealisedUsdc),
                               usdc(snapshot.realisedUsdc)));
}

QString WalletDock::totalsText() const
{
    return m_totals->text();
}

} // namespace OrderDesk
