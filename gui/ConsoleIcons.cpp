#include "ConsoleIcons.h"

#include <QFile>
#include <QImageReader>

namespace OrderDesk {

namespace {
bool svgSupported()
{
    static const bool supported = QImageReader::supportedImageFormats().contains("svg");
    return supported;
}
} // namespace

QIcon ConsoleIcons::icon(const QString &name)
{
    const QString base = QStringLiteral(":/icons/") + name;
    if (svgSupported())
        return QIcon(base + QStringLiteral(".svg"));
    QIcon icon;
    for (const int size : {16, 32, 64}) {
        const QString png = base + QStringLiteral("-%1.png").arg(size);
        if (QFile::exists(png))
            icon.addFile(png, QSize(size, size));
    }
    return icon;
}

QIcon ConsoleIcons::appIcon()
{
    return icon(QStringLiteral("orderdesk"));
}

} // namespace OrderDesk
