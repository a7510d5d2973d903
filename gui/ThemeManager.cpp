#include "ThemeManager.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

#include <memory>

namespace OrderDesk {

ThemeManager::ThemeManager(QObject *parent)
    : QObject(parent)
    , m_systemPalette(QApplication::palette())
    , m_systemStyle(QApplication::style() ? QApplication::style()->name() : QString())
{
}

void ThemeManager::setTheme(Theme theme)
{
    m_theme = theme;
    switch (theme) {
    case Theme::System:
        // Untouched, the application keeps following the platform (and its changes at run
        // time); only undo what a chosen theme did.
        if (m_custom) {
            if (!m_systemStyle.isEmpty())
                QApplication::setStyle(QStyleFactory::create(m_systemStyle));
            QApplication::setPalette(m_systemPalette);
            m_custom = false;
        }
        break;
    case Theme::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(lightPalette());
        m_custom = true;
        break;
    case Theme::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        m_custom = true;
        break;
    }
    emit themeChanged(theme);
}

bool ThemeManager::isDark() const
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QString ThemeManager::toString(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

ThemeManager::Theme ThemeManager::fromString(const QString &text)
{
    if (text == QLatin1String("light"))
        return Theme::Light;
    if (text == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

QPalette ThemeManager::darkPalette()
{
    // Muted greys rather than black: a console watched all day should not glare or strobe.
    const QColor window(0x2b, 0x2e, 0x33);
    const QColor base(0x1f, 0x22, 0x26);
    const QColor alternate(0x26, 0x29, 0x2e);
    const QColor text(0xdc, 0xdf, 0xe4);
    const QColor disabledText(0x7d, 0x83, 0x8c);
    const QColor highlight(0x3d, 0x7e, 0xc4);

    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, alternate);
    palette.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3e, 0x45));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabledText);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x35, 0x39, 0x3f));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb0, 0xf2));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Light, QColor(0x45, 0x49, 0x50));
    palette.setColor(QPalette::Midlight, QColor(0x3a, 0x3e, 0x45));
    palette.setColor(QPalette::Mid, QColor(0x25, 0x28, 0x2c));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x1a, 0x1d));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (const QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabledText);
    }
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x45, 0x49, 0x50));
    return palette;
}

QPalette ThemeManager::lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette palette = fusion->standardPalette();
    palette.setColor(QPalette::AlternateBase, QColor(0xf3, 0xf5, 0xf8));
    palette.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb5));
    return palette;
}

} // namespace OrderDesk
