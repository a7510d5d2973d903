#pragma once

#include <QIcon>
#include <QString>

namespace OrderDesk {

// The console's icons, drawn as SVG in resources/icons. Qt renders SVG only with the optional
// Qt SVG plugin; without it the PNG renderings shipped beside each SVG are used.
class ConsoleIcons
{
public:
    static QIcon icon(const QString &name);
    static QIcon appIcon();
};

} // namespace OrderDesk
