#include "OrderTypes.h"

#include <array>
#include <utility>

namespace OrderDesk {

namespace {
template<typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &names, Enum value)
{
    for (const auto &[candidate, name] : names) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &names,
                            const QString &text)
{
    for (const auto &[value, name] : names) {
        if (text.trimmed().compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<OrderType, const char *>, 3> TypeNames{{
    {OrderType::Market, "market"},
    {OrderType::Limit, "limit"},
    {OrderType::Sniper, "sniper"},
}};

constexpr std::array<std::pair<OrderSide, const char *>, 3> SideNames{{
    {OrderSide::Unspecified, ""},
    {OrderSide::Buy, "buy"},
    {OrderSide::Sell, "sell"},
}};

constexpr std::array<std::pair<OrderStatus, const char *>, 10> StatusNames{{
    {OrderStatus::Pending, "pending"},
    {OrderStatus::Waiting, "waiting"},
    {OrderStatus::Routing, "routing"},
    {OrderStatus::Building, "building"},
    {OrderStatus::Submitted, "submitted"},
    {OrderStatus::Retrying, "retrying"},
    {OrderStatus::Confirmed, "confirmed"},
    {OrderStatus::Failed, "failed"},
    {OrderStatus::Cancelled, "cancelled"},
    {OrderStatus::Expired, "expired"},
}};

constexpr std::array<std::pair<Venue, const char *>, 2> VenueNames{{
    {Venue::Raydium, "raydium"},
    {Venue::Meteora, "meteora"},
}};

constexpr std::array<std::pair<SwapMode, const char *>, 2> SwapModeNames{{
    {SwapMode::ExactIn, "ExactIn"},
    {SwapMode::ExactOut, "ExactOut"},
}};
} // namespace

QString toString(OrderType type) { return nameOf(TypeNames, type); }
QString toString(OrderSide side) { return nameOf(SideNames, side); }
QString toString(OrderStatus status) { return nameOf(StatusNames, status); }
QString toString(Venue venue) { return nameOf(VenueNames, venue); }
QString toString(SwapMode mode) { return nameOf(SwapModeNames, mode); }

std::optional<OrderType> orderTypeFromString(const QString &text) { return valueOf(TypeNames, text); }
std::optional<OrderSide> orderSideFromString(const QString &text) { return valueOf(SideNames, text); }
std::optional<OrderStatus> orderStatusFromString(const QString &text) { return valueOf(StatusNames, text); }
std::optional<Venue> venueFromString(const QString &text) { return valueOf(VenueNames, text); }
std::optional<SwapMode> swapModeFromString(const QString &text) { return valueOf(SwapModeNames, text); }

bool isTerminal(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Confirmed:
    case OrderStatus::Failed:
    case OrderStatus::Cancelled:
    case OrderStatus::Expired:
        return true;
    default:
        return false;
    }
}

} // namespace OrderDesk
