#pragma once

#include <QString>

#include <optional>

namespace OrderDesk {

// How log lines are written: for a person reading a terminal or the journal, or one JSON
// object a line for a log shipper.
enum class LogFormat { Text, Json };

std::optional<LogFormat> logFormatFromString(const QString &text);

// Installs the message handler: every line carries the time, the level and the category.
void installLogFormat(LogFormat format);

} // namespace OrderDesk
