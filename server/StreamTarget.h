#pragma once

#include <QString>

#include <optional>

class QUrl;

namespace OrderDesk {

// Which stream a WebSocket connection asks for, by its URL (SPEC §5; OrderStreamHub lists the
// paths): one order's events, the submission socket, or every order's.
struct StreamTarget
{
    enum class Kind { OrderStream, Submission, AllOrders };

    Kind kind;
    QString orderId; // the order of an order stream

    // nullopt when there is no stream at the URL's path.
    static std::optional<StreamTarget> of(const QUrl &url);
};

} // namespace OrderDesk
