#pragma once

#include "Decimal.h"
#include "IsoTime.h"
#include "JsonWriter.h"
#include "OrderTypes.h"
#include "Token.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <cmath>
#include <limits>
#include <optional>

namespace OrderDesk {

// The field formats and readers shared by the JSON of an order and of its route (Order,
// RouteDecision, RouteCandidate, VenueQuote), so that both read back exactly what they wrote.
// Inline: they sit on the path of every event and every write of an order.
namespace JsonFields {

// Fees and impact are held in ppm but shown in basis points, the unit traders read:
// 2500 ppm -> "25", 1370 ppm -> "13.7". Two decimals of a bp are exactly one ppm, so the
// string converts back without loss.
constexpr int PpmPerBpScale = 2;

inline QString amountString(Int128 units, const Token &token)
{
    return Decimal::format(units, token.decimals);
}

inline QString priceString(Int128 price)
{
    return Decimal::format(price, PriceScale);
}

inline QString bpsString(int ppm)
{
    return Decimal::format(ppm, PpmPerBpScale);
}

// The readers below are strict: the JSON they read is what toJson wrote (stored routes,
// snapshots from other nodes), so anything unexpected is corruption, not input to repair.

inline std::optional<Int128> readDecimal(const QJsonObject &json, const QString &key, int scale)
{
    const QJsonValue value = json.value(key);
    if (!value.isString())
        return std::nullopt;
    return Decimal::parse(value.toString(), scale);
}

inline std::optional<qint64> readInteger(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    // Beyond 2^53 a double no longer holds every integer; no counter of ours gets there.
    constexpr double Limit = 9007199254740992.0;
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > Limit)
        return std::nullopt;
    return static_cast<qint64>(d);
}

inline std::optional<int> readInt(const QJsonObject &json, const QString &key)
{
    const auto value = readInteger(json, key);
    if (!value || *value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(*value);
}

inline std::optional<int> readPpm(const QJsonObject &json, const QString &key)
{
    const auto value = readDecimal(json, key, PpmPerBpScale);
    if (!value || *value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(*value);
}

inline std::optional<bool> readBool(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isBool())
        return std::nullopt;
    return value.toBool();
}

inline std::optional<QString> readString(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

inline std::optional<Venue> readVenue(const QJsonObject &json, const QString &key)
{
    const auto text = readString(json, key);
    return text ? venueFromString(*text) : std::nullopt;
}

inline std::optional<QDateTime> readTime(const QJsonObject &json, const QString &key)
{
    const auto text = readString(json, key);
    return text ? fromIsoString(*text) : std::nullopt;
}

// Optional members: absent is fine (`out` stays empty), present but malformed is not.
inline bool readOptionalTime(const QJsonObject &json, const QString &key, std::optional<QDateTime> *out)
{
    if (!json.contains(key))
        return true;
    *out = readTime(json, key);
    return out->has_value();
}

inline void insertTime(QJsonObject &json, const QString &key, const QDateTime &time)
{
    if (time.isValid())
        json.insert(key, toIsoString(time));
}

inline void writeTime(JsonWriter &out, QLatin1StringView key, const QDateTime &time)
{
    if (time.isValid())
        out.field(key, toIsoString(time));
}

} // namespace JsonFields

} // namespace OrderDesk
