#pragma once

#include "Token.h"

#include <QLatin1StringView>

#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace OrderDesk {

class JsonWriter;

// A token as the market's JSON carries it: symbol, mint and decimals, so a reader can rebuild a
// token it has not registered yet (a launch it has not seen).
class TokenJson
{
public:
    static QJsonObject toJson(const Token &token);
    // The same, as the member `key` of the object `out` is writing.
    static void write(JsonWriter &out, QLatin1StringView key, const Token &token);
    // nullopt unless symbol and mint are present and decimals are 0–18.
    static std::optional<Token> fromJson(const QJsonValue &value);
};

} // namespace OrderDesk
