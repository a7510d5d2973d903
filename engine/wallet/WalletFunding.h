#pragma once

#include "WalletBalance.h"

#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace OrderDesk {

class TokenRegistry;

// What the wallet holds at first start (SPEC §3: generously, so that every documented example
// and the benchmark run). README "The wallet" lists the same amounts.
class WalletFunding
{
public:
    // Symbol → whole tokens, as decimal strings.
    static QMap<QString, QString> defaults();

    // `amounts` (symbol → decimal string of whole tokens; empty: defaults()) as balance rows.
    // nullopt with `error` naming the token when a symbol is unknown or an amount is not a
    // decimal the token can hold.
    static std::optional<QList<WalletBalance>> rows(const QMap<QString, QString> &amounts,
                                                    const TokenRegistry &tokens, QString *error);
};

} // namespace OrderDesk
