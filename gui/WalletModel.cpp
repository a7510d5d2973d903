#include "WalletModel.h"

#include "Token.h"

#include <QBrush>
#include <QColor>

namespace OrderDesk {

namespace {

int usdcDecimals()
{
    return TokenRegistry::usdc().decimals;
}

// Amounts shown with at most `shown` decimals (the exact value is in the tooltip and SortRole).
QString rounded(Int128 value, int decimals, int shown)
{
    if (decimals > shown)
        value /= Decimal::pow10(decimals - shown);
    return Decimal::format(value, std::min(decimals, shown));
}

QString money(const std::optional<Int128> &usdc)
{
    return usdc ? rounded(*usdc, usdcDecimals(), 2) : QStringLiteral("—");
}

QString price(const std::optional<Int128> &scaled)
{
    return scaled ? rounded(*scaled, PriceScale, 6) : QStringLiteral("—");
}

} // namespace

WalletModel::WalletModel(QObject *parent) : QAbstractTableModel(parent) {}

void WalletModel::setSnapshot(const WalletSnapshot &snapshot)
{
    bool sameRows = snapshot.lines.size() == m_snapshot.lines.size();
    for (qsizetype i = 0; sameRows && i < snapshot.lines.size(); ++i)
        sameRows = snapshot.lines.at(i).balance.token == m_snapshot.lines.at(i).balance.token;
    if (!sameRows) {
        beginResetModel();
        m_snapshot = snapshot;
        endResetModel();
        return;
    }
    m_snapshot = snapshot;
    if (!m_snapshot.lines.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int WalletModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_snapshot.lines.size());
}

int WalletModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WalletModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const WalletLine &line = m_snapshot.lines.at(index.row());
    const WalletBalance &b = line.balance;
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return column == Token ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                               : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && (column == Unrealised || column == Realised)) {
        const std::optional<Int128> pnl = column == Unrealised ? line.unrealisedUsdc
                                                               : std::optional<Int128>(b.realisedUsdc);
        if (pnl && *pnl != 0)
            return QBrush(*pnl > 0 ? QColor(0x1e, 0x8e, 0x3e) : QColor(0xc6, 0x28, 0x28));
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case Total: return Decimal::format(b.total, b.decimals);
        case Reserved: return Decimal::format(b.reserved, b.decimals);
        case Available: return Decimal::format(b.available(), b.decimals);
        default: return {};
        }
    }
    if (role == SortRole) {
        auto exact = [](const std::optional<Int128> &v) {
            return v ? QVariant(double(*v)) : QVariant();
        };
        switch (column) {
        case Token: return b.token;
        case Total: return double(b.total);
        case Reserved: return double(b.reserved);
        case Available: return double(b.available());
        case Price: return exact(line.midPrice);
        case Value: return exact(line.valueUsdc);
        case AverageCost: return exact(line.averageCost);
        case Unrealised: return exact(line.unrealisedUsdc);
        case Realised: return double(b.realisedUsdc);
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Token: return b.token;
    case Total: return rounded(b.total, b.decimals, 6);
    case Reserved: return rounded(b.reserved, b.decimals, 6);
    case Available: return rounded(b.available(), b.decimals, 6);
    case Price: return price(line.midPrice);
    case Value: return money(line.valueUsdc);
    case AverageCost: return price(line.averageCost);
    case Unrealised: return money(line.unrealisedUsdc);
    case Realised: return money(b.realisedUsdc);
    default: return {};
    }
}

QVariant WalletModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Token: return tr("Token");
    case Total: return tr("Total");
    case Reserved: return tr("Reserved");
    case Available: return tr("Available");
    case Price: return tr("Mid (USDC)");
    case Value: return tr("Value (USDC)");
    case AverageCost: return tr("Avg cost");
    case Unrealised: return tr("Unrealised P&L");
    case Realised: return tr("Realised P&L");
    default: return {};
    }
}

} // namespace OrderDesk
