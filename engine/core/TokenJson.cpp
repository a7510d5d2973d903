#include "TokenJson.h"

namespace OrderDesk {

QJsonObject TokenJson::toJson(const Token &token)
{
    return {{QStringLiteral("symbol"), token.symbol},
            {QStringLiteral("mint"), token.mint},
            {QStringLiteral("decimals"), token.decimals}};
}

std::optional<Token> TokenJson::fromJson(const QJsonValue &value)
{
    const QJsonObject json = value.toObject();
    Token token{json.value(QStringLiteral("symbol")).toString(),
                json.value(QStringLiteral("mint")).toString(),
                json.value(QStringLiteral("decimals")).toInt(-1)};
    if (token.symbol.isEmpty() || token.mint.isEmpty() || token.decimals < 0 || token.decimals > 18)
        return std::nullopt;
    return token;
}

} // namespace OrderDesk
