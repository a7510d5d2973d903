#pragma once

#include <QPointer>
#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;

namespace OrderDesk {

class Wallet;
struct WalletSnapshot;

// The ticket's line under the amount: how much of the pay token the wallet has available (total
// less what open orders reserved), and a Max button that puts all of it in the amount. Follows
// Wallet::changed; reads nothing itself.
class AvailableBalance : public QWidget
{
    Q_OBJECT

public:
    explicit AvailableBalance(Wallet *wallet, QWidget *parent = nullptr);

    // The token the amount is paid in; `spendsAmount` false for a buy (its amount is what it
    // receives, so Max does not apply).
    void setToken(const QString &token, bool spendsAmount);
    QString text() const;
    // The available amount as a decimal string ("" when the wallet holds none).
    QString availableAmount() const { return m_available; }

Q_SIGNALS:
    void maxRequested(const QString &amount);

private:
    void show(const WalletSnapshot &snapshot);

    QPointer<Wallet> m_wallet;
    QString m_token;
    QString m_available;
    bool m_spendsAmount = true;
    QLabel *m_label = nullptr;
    QPushButton *m_max = nullptr;
};

} // namespace OrderDesk
