#pragma once

#include "OrderTypes.h"

#include <QChart>
#include <QLineSeries>
#include <QPen>
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

// A venue keeps its colour in every chart and theme (a theme would recolour its series, and
// the dark one paints a venue in the green of the buy markers).
inline QColor venueColor(Venue venue)
{
    return venue == Venue::Raydium ? QColor(0x4c, 0x6e, 0xf5) : QColor(0xf0, 0x8c, 0x00);
}

inline void paintVenue(QLineSeries *series, Venue venue)
{
    QPen pen(venueColor(venue));
    pen.setWidthF(2.0);
    series->setPen(pen);
}
} // namespace ChartTheme

} // namespace OrderDesk
