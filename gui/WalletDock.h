#pragma once

#include <QDockWidget>
#include <QPointer>

class QLabel;
class QTableView;

namespace OrderDesk {

class Wallet;
class WalletModel;
struct WalletSnapshot;

// The console's wallet (SPEC §7): balances, reservations, positions and P&L per token, and the
// totals. Follows Wallet::changed, which the engine emits after each refresh read off the GUI
// thread; nothing here touches the database.
class WalletDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit WalletDock(Wallet *wallet, QWidget *parent = nullptr);

    WalletModel *model() const { return m_model; }
    QString totalsText() const;

private:
    void show(const WalletSnapshot &snapshot);

    QPointer<Wallet> m_wallet;
    WalletModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_totals = nullptr;
};

} // namespace OrderDesk
