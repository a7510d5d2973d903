#include "WalletFunding.h"

#include "Logging.h"
#include "OrderStore.h"
#include "Token.h"
#include "WalletValuation.h"

#include <QHash>

namespace OrderDesk {

QMap<QString, QString> WalletFunding::defaults()
{
    // Worth roughly 20 M USDC each for the majors: the benchmark's default run (0.1 SOL an
    // order) can place a million orders, and the largest documented example (5,000 SOL, a split
    // route) a few dozen times.
    return {
        {QStringLiteral("SOL"), QStringLiteral("100000")},
        {QStringLiteral("USDC"), QStringLiteral("20000000")},
        {QStringLiteral("USDT"), QStringLiteral("20000000")},
        {QStringLiteral("BONK"), QStringLiteral("1000000000000")},
        {QStringLiteral("JUP"), QStringLiteral("20000000")},
        {QStringLiteral("RAY"), QStringLiteral("5000000")},
        {QStringLiteral("WIF"), QStringLiteral("5000000")},
        {QStringLiteral("ETH"), QStringLiteral("5000")},
        {QStringLiteral("WBTC"), QStringLiteral("200")},
        {QStringLiteral("JTO"), QStringLiteral("5000000")},
        {QStringLiteral("PYTH"), QStringLiteral("20000000")},
    };
}

std::optional<QList<WalletBalance>> WalletFunding::rows(const QMap<QString, QString> &amounts,
                                                        const TokenRegistry &tokens, QString *error)
{
    const QMap<QString, QString> funding = amounts.isEmpty() ? defaults() : amounts;
    QList<WalletBalance> rows;
    for (auto it = funding.cbegin(); it != funding.cend(); ++it) {
        const std::optional<Token> token = tokens.find(it.key());
        if (!token) {
            *error = QStringLiteral("wallet funding: unknown token %1").arg(it.key());
            return std::nullopt;
        }
        QString why;
        const std::optional<Int128> amount = Decimal::parse(it.value(), token->decimals, &why);
        if (!amount) {
            *error = QStringLiteral("wallet funding of %1: %2").arg(token->symbol, why);
            return std::nullopt;
        }
        WalletBalance balance;
        balance.token = token->symbol;
        balance.decimals = token->decimals;
        balance.total = *amount;
        // USDC is its own cost; the others get theirs from the market at first start.
        balance.costKnown = token->symbol == TokenRegistry::usdc().symbol;
        balance.costUsdc = balance.costKnown ? *amount : 0;
        rows.append(balance);
    }
    return rows;
}

bool WalletFunding::fund(OrderStore &store, const Market &market, const TokenRegistry &tokens,
                         const QMap<QString, QString> &amounts, QString *error)
{
    QString problem;
    const std::optional<QList<WalletBalance>> funding = rows(amounts, tokens, &problem);
    if (!funding) {
        *error = problem;
        return false;
    }
    const std::optional<bool> funded = store.fundWallet(*funding);
    if (!funded) {
        *error = QStringLiteral("database %1: the wallet cannot be read").arg(store.describe());
        return false;
    }
    if (*funded)
        qCInfo(lcEngine) << "wallet funded for the first start:" << funding->size() << "tokens";
    // Holdings without a cost (just funded) cost what the market says now.
    const std::optional<QList<WalletBalance>> balances = store.walletBalances();
    QHash<QString, Int128> costs;
    const WalletValuation valuation(market);
    for (const WalletBalance &balance : balances.value_or(QList<WalletBalance>())) {
        const std::optional<Token> token = tokens.find(balance.token);
        if (balance.costKnown || !token)
            continue;
        if (const std::optional<Int128> value = valuation.valueUsdc(*token, balance.total))
            costs.insert(balance.token, *value);
    }
    if (!costs.isEmpty())
        store.markWalletCosts(costs);
    return true;
}

} // namespace OrderDesk
