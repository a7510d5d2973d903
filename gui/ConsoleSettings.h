#pragma once

#include <QSettings>

namespace OrderDesk {

// Where the console keeps its settings (window layout, theme, safety rails): one place, so
// every part reads and writes the same file.
namespace ConsoleSettings {
inline QSettings open()
{
    return QSettings(QStringLiteral("OrderDesk"), QStringLiteral("console"));
}
} // namespace ConsoleSettings

} // namespace OrderDesk
