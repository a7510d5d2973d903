#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace OrderDesk {

// Timestamps in the API: UTC, millisecond precision, ISO 8601 with "Z".
QString toIsoString(const QDateTime &time);
// The inverse of toIsoString; nullopt unless `text` is an ISO 8601 date-time.
std::optional<QDateTime> fromIsoString(const QString &text);

} // namespace OrderDesk
