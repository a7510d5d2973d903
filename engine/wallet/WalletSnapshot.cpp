#include "WalletSnapshot.h"

#include "ConstantProductPool.h"
#include "Order.h"
#include "Token.h"
#include "WalletValuation.h"

#include <QJsonArray>

namespace OrderDesk {

namespace {

int usdcDecimals()
{
    return TokenRegistry::usdc().decimals;
}

QJsonValue money(const std::optional<Int128> &usdc)
{
    return usdc ? QJsonValue(Decimal::format(*usdc, usdcDecimals())) : QJsonValue();
}

// A price with at most 6 decimals: the precision a USDC amount has.
QJsonValue price(const std::optional<Int128> &scaled)
{
    if (!scaled)
        return QJsonValue();
    const Int128 unit = Decimal::pow10(PriceScale - usdcDecimals());
    return Decimal::format(*scaled / unit, usdcDecimals());
}

} // namespace

WalletSnapshot WalletSnapshot::make(const QList<WalletBalance> &balances,
                                    const QList<WalletReservation> &reservations,
                                    const WalletValuation &valuation, const TokenRegistry &tokens)
{
    WalletSnapshot snapshot;
    snapshot.asOf = QDateTime::currentDateTimeUtc();
    snapshot.reservations = reservations;
    for (const WalletBalance &balance : balances) {
        WalletLine line;
        line.balance = balance;
        snapshot.lines.append(line);
    }
    return snapshot.remarked(valuation, tokens);
}

WalletSnapshot WalletSnapshot::remarked(const WalletValuation &valuation,
                                        const TokenRegistry &tokens) const
{
    WalletSnapshot next = *this;
    next.asOf = QDateTime::currentDateTimeUtc();
    next.valueUsdc = next.costUsdc = next.realisedUsdc = next.unrealisedUsdc = 0;
    const QString quote = TokenRegistry::usdc().symbol;
    for (WalletLine &line : next.lines) {
        const WalletBalance &balance = line.balance;
        const std::optional<Token> token = tokens.find(balance.token);
        line.midPrice = token ? valuation.midPrice(*token) : std::nullopt;
        line.valueUsdc = line.midPrice ? std::optional<Int128>(WalletValuation::valueAt(
                                             balance.total, balance.decimals, *line.midPrice))
                                       : std::nullopt;
        const bool isQuote = balance.token == quote;
        line.unrealisedUsdc = line.valueUsdc && !isQuote && balance.costKnown
                                  ? std::optional<Int128>(*line.valueUsdc - balance.costUsdc)
                                  : (isQuote ? std::optional<Int128>(0) : std::nullopt);
        line.averageCost = balance.total > 0 && balance.costKnown
                               ? ConstantProductPool::mulDiv(
                                     balance.costUsdc,
                                     Decimal::pow10(PriceScale - usdcDecimals() + balance.decimals),
                                     balance.total)
                               : std::nullopt;
        next.realisedUsdc += balance.realisedUsdc;
        if (line.valueUsdc) {
            next.valueUsdc += *line.valueUsdc;
            next.costUsdc += balance.costUsdc;
        }
        if (line.unrealisedUsdc)
            next.unrealisedUsdc += *line.unrealisedUsdc;
    }
    return next;
}

const WalletLine *WalletSnapshot::line(const QString &token) const
{
    for (const WalletLine &candidate : lines) {
        if (candidate.balance.token.compare(token, Qt::CaseInsensitive) == 0)
            return &candidate;
    }
    return nullptr;
}

Int128 WalletSnapshot::available(const QString &token) const
{
    const WalletLine *found = line(token);
    return found ? found->balance.available() : 0;
}

QJsonObject WalletSnapshot::toJson(Reservations withReservations) const
{
    QJsonArray balances;
    for (const WalletLine &line : lines) {
        const WalletBalance &b = line.balance;
        balances.append(QJsonObject{
            {QStringLiteral("token"), b.token},
            {QStringLiteral("decimals"), b.decimals},
            {QStringLiteral("total"), Decimal::format(b.total, b.decimals)},
            {QStringLiteral("reserved"), Decimal::format(b.reserved, b.decimals)},
            {QStringLiteral("available"), Decimal::format(b.available(), b.decimals)},
            {QStringLiteral("price"), price(line.midPrice)},
            {QStringLiteral("valueUsdc"), money(line.valueUsdc)},
            {QStringLiteral("averageCost"), price(line.averageCost)},
            {QStringLiteral("costUsdc"), money(b.costKnown ? std::optional<Int128>(b.costUsdc) : std::nullopt)},
            {QStringLiteral("realisedPnlUsdc"), money(b.realisedUsdc)},
            {QStringLiteral("unrealisedPnlUsdc"), money(line.unrealisedUsdc)},
        });
    }
    QJsonObject json{
        {QStringLiteral("asOf"), toIsoString(asOf)},
        {QStringLiteral("balances"), balances},
        {QStringLiteral("totals"),
         QJsonObject{{QStringLiteral("valueUsdc"), money(valueUsdc)},
                     {QStringLiteral("costUsdc"), money(costUsdc)},
                     {QStringLiteral("realisedPnlUsdc"), money(realisedUsdc)},
                     {QStringLiteral("unrealisedPnlUsdc"), money(unrealisedUsdc)},
                     {QStringLiteral("pnlUsdc"), money(realisedUsdc + unrealisedUsdc)}}},
    };
    if (withReservations == Reservations::Included) {
        QJsonArray held;
        for (const WalletReservation &r : reservations) {
            held.append(QJsonObject{{QStringLiteral("orderId"), r.orderId},
                                    {QStringLiteral("token"), r.token},
                                    {QStringLiteral("amount"), Decimal::format(r.amount, r.decimals)},
                                    {QStringLiteral("status"), r.status},
                                    {QStringLiteral("createdAt"), toIsoString(r.createdAt)}});
        }
        json.insert(QStringLiteral("reservations"), held);
    }
    return json;
}

} // namespace OrderDesk
