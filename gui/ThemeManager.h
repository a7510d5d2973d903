#pragma once

#include <QObject>
#include <QPalette>

namespace OrderDesk {

// Light and dark appearance. By default the console follows the system: it keeps the
// platform's palette and style and only reads whether that palette is dark. A chosen theme
// uses the Fusion style, which draws entirely from the palette, with a palette of our own.
class ThemeManager : public QObject
{
    Q_OBJECT

public:
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    explicit ThemeManager(QObject *parent = nullptr);

    Theme theme() const { return m_theme; }
    void setTheme(Theme theme);
    // Whether what is on screen now is dark.
    bool isDark() const;

    static QString toString(Theme theme);
    static Theme fromString(const QString &text);
    static QPalette darkPalette();
    static QPalette lightPalette();

Q_SIGNALS:
    void themeChanged(OrderDesk::ThemeManager::Theme theme);

private:
    Theme m_theme = Theme::System;
    QPalette m_systemPalette;
    QString m_systemStyle;
    bool m_custom = false; // a chosen theme's style and palette are installed
};

} // namespace OrderDesk
