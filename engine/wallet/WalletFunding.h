#pragma once

#include "WalletBalance.h"

#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace OrderDesk {

class Market;
class OrderStore;
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

    // At start: funds the wallet with `amounts` (as rows()) unless the store holds one already,
    // and gives the holdings without a known cost (just funded) what the market says they are
    // worth now. false with `error` naming the token or the database when that fails.
    static bool fund(OrderStore &store, const Market &market, const TokenRegistry &tokens,
                     const QMap<QString, QString> &amounts, QString *error);
};

} // namespace OrderDesk
