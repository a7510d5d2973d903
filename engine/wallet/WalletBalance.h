#pragma once

#include "Decimal.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace OrderDesk {

// One token's line of the operator's wallet (SPEC §3 "Wallet"), in base units. `reserved` is
// what open orders hold; what a new order may reserve is total - reserved. The position's cost
// basis and realised P&L are in USDC base units (6 decimals), average-cost method.
struct WalletBalance
{
    QString token; // symbol, upper case
    int decimals = 0;
    Int128 total = 0;
    Int128 reserved = 0;
    Int128 costUsdc = 0;     // what the current holding cost, in USDC base units
    Int128 realisedUsdc = 0; // realised P&L of sells so far, in USDC base units
    bool costKnown = false;  // false until the holding got a cost (funding marked at first start)

    Int128 available() const { return total - reserved; }
};

// An open order's hold on its input.
struct WalletReservation
{
    QString orderId;
    QString token;
    int decimals = 0;
    Int128 amount = 0;
    QString status; // the order's status
    QDateTime createdAt;
};

} // namespace OrderDesk
