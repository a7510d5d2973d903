#pragma once

#include "WalletBalance.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>

#include <optional>

namespace OrderDesk {

class TokenRegistry;
class WalletValuation;

// One token of the wallet as the operator sees it: the balance, and the position in it marked
// at the market's mid price. Amounts in the token's base units, money in USDC base units,
// prices in USDC per whole token (PriceScale decimals).
struct WalletLine
{
    WalletBalance balance;
    std::optional<Int128> midPrice;  // nullopt: no venue prices the token
    std::optional<Int128> valueUsdc; // total × mid
    std::optional<Int128> unrealisedUsdc; // value - cost
    std::optional<Int128> averageCost;    // cost per whole token; nullopt when nothing is held
};

// The wallet at one moment: what GET /api/wallet answers, the `wallet` events of the /ws
// firehose carry and the console's wallet dock shows.
struct WalletSnapshot
{
    QDateTime asOf;
    QList<WalletLine> lines; // by token
    QList<WalletReservation> reservations; // the open ones, oldest first (at most a few hundred)
    Int128 valueUsdc = 0;      // of every priced holding
    Int128 costUsdc = 0;       // of every priced holding
    Int128 realisedUsdc = 0;
    Int128 unrealisedUsdc = 0; // of every priced holding, USDC excluded (its P&L is 0)

    // The snapshot of `balances` and `reservations` marked by `valuation` now.
    static WalletSnapshot make(const QList<WalletBalance> &balances,
                               const QList<WalletReservation> &reservations,
                               const WalletValuation &valuation, const TokenRegistry &tokens);
    // The same balances marked again at the current prices.
    WalletSnapshot remarked(const WalletValuation &valuation, const TokenRegistry &tokens) const;

    const WalletLine *line(const QString &token) const;
    // The amount of `token` a new order may reserve (0 for a token the wallet does not hold).
    Int128 available(const QString &token) const;

    // Balances and totals, and with Reservations::Included the list of open reservations (it
    // can be long: the firehose leaves it to GET /api/wallet).
    enum class Reservations { Included, Left };
    QJsonObject toJson(Reservations reservations = Reservations::Included) const;
};

} // namespace OrderDesk

Q_DECLARE_METATYPE(OrderDesk::WalletSnapshot)
