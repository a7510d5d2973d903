#pragma once

#include "WalletSnapshot.h"

#include <QAbstractTableModel>

namespace OrderDesk {

// The wallet as a table, one row per token: balance, reservations, position and P&L, marked at
// the market's mid price. Fed whole snapshots (Wallet::changed); rows are updated in place when
// the tokens stay the same, so a view keeps its selection and scroll position.
class WalletModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Token,
        Total,
        Reserved,
        Available,
        Price,
        Value,
        AverageCost,
        Unrealised,
        Realised,
        ColumnCount
    };
    // The exact value behind a cell (base units or USDC base units), for sorting and tests.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit WalletModel(QObject *parent = nullptr);

    void setSnapshot(const WalletSnapshot &snapshot);
    const WalletSnapshot &snapshot() const { return m_snapshot; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    WalletSnapshot m_snapshot;
};

} // namespace OrderDesk
