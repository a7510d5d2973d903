#include "TokenJson.h"

#include "JsonText.h"
#include "JsonWriter.h"

#include <QHash>

namespace OrderDesk {

namespace {
void writeMembers(JsonWriter &out, const Token &token)
{
    out.field(QLatin1StringView("symbol"), token.symbol)
        .field(QLatin1StringView("mint"), token.mint)
        .field(QLatin1StringView("decimals"), token.decimals);
}
} // namespace

void TokenJson::write(JsonWriter &out, QLatin1StringView key, const Token &token)
{
    out.beginObject(key);
    writeMembers(out, token);
    out.endObject();
}

QJsonObject TokenJson::toJson(const Token &token)
{
    // A route, a landed swap and every pool of a snapshot carry their tokens again and again,
    // and a QJsonObject costs thousands of instructions to fill: each thread keeps the tokens
    // it has written, which copy for a reference count. Launches add tokens for as long as the
    // market runs, so the memory starts over past a bound.
    constexpr qsizetype MaxRemembered = 1024;
    struct Made
    {
        Token token;
        QJsonObject json;
    };
    thread_local QHash<QString, Made> made;
    const auto found = made.constFind(token.mint);
    if (found != made.cend() && found->token.symbol == token.symbol
        && found->token.decimals == token.decimals) {
        return found->json;
    }
    JsonWriter out(96);
    out.beginObject();
    writeMembers(out, token);
    out.endObject();
    const QJsonObject json = JsonText::parseObject(out.text());
    if (made.size() >= MaxRemembered)
        made.clear();
    made.insert(token.mint, {token, json});
    return json;
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
