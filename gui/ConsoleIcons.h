#pragma once

#include <QIcon>
#include <QString>

namespace OrderDesk {

// The console's icons: the SVGs of resources/icons, drawn by Qt Svg at whatever size a widget
// asks for.
class ConsoleIcons
{
public:
    static QIcon icon(const QString &name);
    static QIcon appIcon();
};

} // namespace OrderDesk
