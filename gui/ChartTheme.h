#pragma once

#include <QChart>
#include <QPalette>

namespace OrderDesk {

// Qt Charts paints with its own theme, not the widget palette: a chart follows the console's
// light or dark theme through this, on creation and on every palette change.
namespace ChartTheme {
inline void follow(QChart *chart, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme wanted = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart->theme() != wanted)
        chart->setTheme(wanted);
    // The window's own background around the plot, so the chart does not stand out as a card.
    chart->setBackgroundBrush(palette.color(QPalette::Base));
}
} // namespace ChartTheme

} // namespace OrderDesk
