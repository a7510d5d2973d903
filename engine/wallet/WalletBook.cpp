#include "WalletBook.h"

#include "ConstantProductPool.h"
#include "Logging.h"

#include <algorithm>

namespace OrderDesk {

WalletBook::WalletBook(const QList<WalletBalance> &rows)
{
    for (const WalletBalance &balance : rows)
        m_rows.insert(balance.token, balance);
}

WalletBalance &WalletBook::row(const QString &token, int decimals)
{
    auto it = m_rows.find(token);
    if (it == m_rows.end()) {
        WalletBalance fresh;
        fresh.token = token;
        fresh.decimals = decimals;
        fresh.costKnown = true; // nothing held yet: a cost of 0 is exact
        it = m_rows.insert(token, fresh);
    }
    m_changed.insert(token);
    return it.value();
}

Int128 WalletBook::available(const QString &token) const
{
    const auto it = m_rows.constFind(token);
    return it == m_rows.constEnd() ? 0 : it->available();
}

void WalletBook::release(const QString &token, Int128 amount)
{
    if (amount <= 0)
        return;
    WalletBalance &balance = row(token);
    if (amount > balance.reserved) {
        ++m_overdrafts;
        qCCritical(lcStore).noquote() << "wallet: releasing" << Decimal::toString(amount) << token
                                      << "but only" << Decimal::toString(balance.reserved)
                                      << "is reserved";
        amount = balance.reserved;
    }
    balance.reserved -= amount;
}

bool WalletBook::reserve(const QString &token, Int128 amount)
{
    if (amount <= 0)
        return true;
    if (available(token) < amount)
        return false;
    row(token).reserved += amount;
    return true;
}

void WalletBook::settle(const QString &tokenIn, Int128 reserved, Int128 executedIn,
                        const QString &tokenOut, int decimalsOut, Int128 amountOut, Int128 valueUsdc)
{
    release(tokenIn, reserved);
    WalletBalance &in = row(tokenIn);
    if (executedIn > in.total) {
        ++m_overdrafts;
        qCCritical(lcStore).noquote() << "wallet: debiting" << Decimal::toString(executedIn) << tokenIn
                                      << "from a balance of" << Decimal::toString(in.total);
        executedIn = in.total;
    }
    if (tokenIn == quoteToken()) {
        in.costUsdc -= executedIn;
    } else if (in.total > 0) {
        // Average cost: the part sold takes its share of the holding's cost with it.
        const Int128 leaving = ConstantProductPool::mulDiv(in.costUsdc, executedIn, in.total).value_or(in.costUsdc);
        in.costUsdc -= leaving;
        in.realisedUsdc += valueUsdc - leaving;
    }
    in.total -= executedIn;
    if (in.total == 0)
        in.costUsdc = 0;

    WalletBalance &out = row(tokenOut, decimalsOut);
    if (out.decimals == 0)
        out.decimals = decimalsOut;
    out.total += amountOut;
    out.costUsdc += tokenOut == quoteToken() ? amountOut : valueUsdc;
}

QList<WalletBalance> WalletBook::changed() const
{
    QList<WalletBalance> rows;
    for (const QString &token : m_changed)
        rows.append(m_rows.value(token));
    std::sort(rows.begin(), rows.end(),
              [](const WalletBalance &a, const WalletBalance &b) { return a.token < b.token; });
    return rows;
}

} // namespace OrderDesk
