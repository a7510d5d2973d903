#pragma once

#include <QString>

#include <optional>

namespace OrderDesk {

enum class OrderType { Market, Limit, Sniper };
enum class OrderSide { Unspecified, Buy, Sell };
enum class OrderStatus {
    Pending,
    Waiting,
    Routing,
    Building,
    Submitted,
    Retrying, // an attempt failed; the next one starts at retryAt
    Confirmed,
    Failed,
    Cancelled,
    Expired
};
enum class Venue { Raydium, Meteora };
// ExactIn: the amount is what goes in and the output is maximised; ExactOut: the amount is the
// output wanted and the input is minimised (a "buy"). Jupiter's swapMode.
enum class SwapMode { ExactIn, ExactOut };

QString toString(OrderType type);
QString toString(OrderSide side);
QString toString(OrderStatus status);
QString toString(Venue venue);
QString toString(SwapMode mode);

// Case-insensitive; nullopt for anything else.
std::optional<OrderType> orderTypeFromString(const QString &text);
std::optional<OrderSide> orderSideFromString(const QString &text);
std::optional<OrderStatus> orderStatusFromString(const QString &text);
std::optional<Venue> venueFromString(const QString &text);
std::optional<SwapMode> swapModeFromString(const QString &text);

bool isTerminal(OrderStatus status);

constexpr Venue AllVenues[] = {Venue::Raydium, Venue::Meteora};

} // namespace OrderDesk
