#include "SimRoutes.h"

#include "Base58.h"
#include "Decimal.h"
#include "Engine.h"
#include "Market.h"
#include "Token.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRegularExpression>

namespace OrderDesk {

namespace {
using StatusCode = ApiError::StatusCode;
} // namespace

// The simulation controls drive the market directly: they stand in for events of a real
// market (a token launch, a price move), not for anything a trader does.
Result SimRoutes::launch(const Call &call)
{
    static const QRegularExpression symbolPattern(QStringLiteral("^[A-Za-z0-9]{1,12}$"));
    // "token" is how the issue tracker and older clients spell it.
    const QString symbolKey = call.body.contains(QStringLiteral("token")) ? QStringLiteral("token")
                                                                           : QStringLiteral("symbol");
    const QString symbol = call.body.value(symbolKey).toString().trimmed().toUpper();
    if (!symbolPattern.match(symbol).hasMatch()) {
        return Reply::error(
            ApiError::badRequest(symbolKey, QStringLiteral("invalid_symbol"),
                                 QStringLiteral("%1 must be 1 to 12 letters or digits").arg(symbolKey)));
    }

    const QJsonValue decimalsValue = call.body.value(QStringLiteral("decimals"));
    const int decimals = decimalsValue.isUndefined() ? 6 : decimalsValue.toInt(-1);
    if (decimals < 0 || decimals > 18 ||
        (decimalsValue.isDouble() && decimalsValue.toDouble() != decimals)) {
        return Reply::error(
            ApiError::badRequest(QStringLiteral("decimals"), QStringLiteral("invalid_decimals"),
                                 QStringLiteral("decimals must be an integer from 0 to 18")));
    }

    QString mint = call.body.value(QStringLiteral("mint")).toString().trimmed();
    if (mint.isEmpty()) {
        // A stable stand-in address, so relaunching a symbol in another run gives the same mint.
        mint = Base58::encode(QCryptographicHash::hash("orderdesk-sim:" + symbol.toUtf8(),
                                                       QCryptographicHash::Sha256));
    } else if (!Base58::decode(mint) || mint.size() < 32 || mint.size() > 44) {
        return Reply::error(ApiError::badRequest(QStringLiteral("mint"),
                                                 QStringLiteral("invalid_mint"),
                                                 QStringLiteral("mint must be a base58 address")));
    }

    std::optional<Venue> venue;
    if (const QString text = call.body.value(QStringLiteral("venue")).toString(); !text.isEmpty()) {
        venue = venueFromString(text);
        if (!venue) {
            return Reply::error(
                ApiError::badRequest(QStringLiteral("venue"), QStringLiteral("invalid_venue"),
                                     QStringLiteral("venue must be raydium or meteora")));
        }
    }

    const Token usdc = TokenRegistry::usdc();
    Int128 liquidity = Int128(50'000) * Decimal::pow10(usdc.decimals);
    if (const QJsonValue value = call.body.value(QStringLiteral("liquidity"));
        !value.isUndefined()) {
        QString why;
        const auto parsed = decimalFromJson(value, usdc.decimals, &why);
        if (!parsed || *parsed <= 0) {
            return Reply::error(ApiError::badRequest(
                QStringLiteral("liquidity"), QStringLiteral("invalid_liquidity"),
                QStringLiteral("liquidity must be a positive USDC amount%1")
                    .arg(why.isEmpty() ? QString() : QStringLiteral(": ") + why)));
        }
        liquidity = *parsed;
    }

    const Token token{symbol, mint, decimals};
    if (!m_engine.market().launchToken(token, venue, liquidity)) {
        return Reply::error(ApiError(StatusCode::Conflict, QStringLiteral("launch_failed"),
                                     QStringLiteral("%1 was not launched: the symbol or mint is "
                                                    "taken, or its pools exist already")
                                         .arg(symbol)));
    }

    return Reply::json(Market::launchJson(token, venue, liquidity), StatusCode::Created);
}

Result SimRoutes::price(const Call &call)
{
    const auto venue = venueFromString(call.body.value(QStringLiteral("venue")).toString());
    if (!venue) {
        return Reply::error(
            ApiError::badRequest(QStringLiteral("venue"), QStringLiteral("invalid_venue"),
                                 QStringLiteral("venue must be raydium or meteora")));
    }

    std::optional<Token> pair[2];
    const QString names[2] = {QStringLiteral("base"), QStringLiteral("quote")};
    const QString aliases[2] = {QStringLiteral("tokenIn"), QStringLiteral("tokenOut")};
    // "pair": "SOL/USDC" names both at once.
    const QStringList pairNames = call.body.value(QStringLiteral("pair")).toString().split(QLatin1Char('/'));
    for (int i = 0; i < 2; ++i) {
        QString text = call.body.value(names[i]).toString();
        if (text.isEmpty())
            text = call.body.value(aliases[i]).toString();
        if (text.isEmpty() && pairNames.size() == 2)
            text = pairNames[i].trimmed();
        pair[i] = m_engine.tokens().find(text);
        if (!pair[i]) {
            return Reply::error(ApiError::badRequest(
                names[i], QStringLiteral("unknown_token"),
                text.isEmpty() ? QStringLiteral("%1 is required").arg(names[i])
                               : QStringLiteral("unknown token %1").arg(text)));
        }
    }

    QString why;
    const auto price = decimalFromJson(call.body.value(QStringLiteral("price")), PriceScale, &why);
    if (!price || *price <= 0) {
        return Reply::error(
            ApiError::badRequest(QStringLiteral("price"), QStringLiteral("invalid_price"),
                                 QStringLiteral("price must be a positive number of %1 per %2%3")
                                     .arg(pair[1]->symbol, pair[0]->symbol,
                                          why.isEmpty() ? QString() : QStringLiteral(": ") + why)));
    }

    if (!m_engine.market().setSpotPrice(*venue, *pair[0], *pair[1], *price)) {
        return Reply::error(ApiError(StatusCode::Conflict, QStringLiteral("no_pool"),
                                     QStringLiteral("%1 has no %2/%3 pool")
                                         .arg(toString(*venue), pair[0]->symbol, pair[1]->symbol)));
    }
    const auto spot = m_engine.market().spotPrice(*venue, *pair[0], *pair[1]);
    return Reply::json(
        {{QStringLiteral("venue"), toString(*venue)},
         {QStringLiteral("base"), pair[0]->symbol},
         {QStringLiteral("quote"), pair[1]->symbol},
         {QStringLiteral("price"), Decimal::format(spot.value_or(*price), PriceScale)}});
}

} // namespace OrderDesk
