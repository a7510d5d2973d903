#include "ConsoleIcons.h"

namespace OrderDesk {

QIcon ConsoleIcons::icon(const QString &name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

QIcon ConsoleIcons::appIcon()
{
    return icon(QStringLiteral("orderdesk"));
}

} // namespace OrderDesk
