#include "ImpactCurveChart.h"

#include "ChartTheme.h"
#include "Market.h"
#include "OrderPresentation.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace OrderDesk {

ImpactCurveChart::ImpactCurveChart(const Market &market, QWidget *parent)
    : QWidget(parent), m_market(market)
{
    setObjectName(QStringLiteral("ticketImpactChart"));
    m_chart = new QChart;
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setTitle(tr("Price impact by size"));
    m_sizeAxis = new QValueAxis(m_chart);
    m_sizeAxis->setLabelFormat(QStringLiteral("%.4g"));
    m_sizeAxis->setTickCount(4);
    m_impactAxis = new QValueAxis(m_chart);
    m_impactAxis->setLabelFormat(QStringLiteral("%.2f %%"));
    m_impactAxis->setTickCount(4);
    m_chart->addAxis(m_sizeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_impactAxis, Qt::AlignLeft);
    for (int index = 0; index < 2; ++index) {
        m_series[index] = new QLineSeries(m_chart);
        m_series[index]->setName(OrderPresentation::venueText(AllVenues[index]));
        m_chart->addSeries(m_series[index]);
        m_series[index]->attachAxis(m_sizeAxis);
        m_series[index]->attachAxis(m_impactAxis);
    }
    applyTheme();
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(170);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void ImpactCurveChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void ImpactCurveChart::applyTheme()
{
    ChartTheme::follow(m_chart, palette());
    for (int index = 0; index < 2; ++index)
        ChartTheme::paintVenue(m_series[index], AllVenues[index]);
}

void ImpactCurveChart::clear()
{
    for (QLineSeries *series : m_series)
        series->clear();
}

void ImpactCurveChart::plot(const Token &tokenIn, const Token &tokenOut, Int128 maxIn,
                            const Token &axisToken, Int128 axisMax)
{
    clear();
    if (maxIn <= 0 || axisMax <= 0)
        return;
    double maxImpact = 0.01;
    const double axisScale = double(Decimal::pow10(axisToken.decimals));
    for (int index = 0; index < 2; ++index) {
        QList<QPointF> points{QPointF(0, 0)};
        for (int step = 1; step <= Steps; ++step) {
            const Int128 size = maxIn * step / Steps;
            if (size <= 0)
                continue;
            const VenueQuote quote = m_market.indicativeQuote(AllVenues[index], tokenIn, tokenOut, size);
            if (!quote.available)
                break; // past what the pool can fill: the curve ends there
            // Plotting only (doubles): the figures the operator acts on are the quote's own.
            const double x = double(axisMax * step / Steps) / axisScale;
            const double impactPercent = quote.priceImpactPpm / 10'000.0;
            points.append(QPointF(x, impactPercent));
            maxImpact = std::max(maxImpact, impactPercent);
        }
        if (points.size() > 1)
            m_series[index]->replace(points);
    }
    m_sizeAxis->setRange(0, double(axisMax) / axisScale);
    m_sizeAxis->setTitleText(axisToken.symbol);
    m_impactAxis->setRange(0, maxImpact * 1.1);
}

int ImpactCurveChart::pointCount() const
{
    return int(m_series[0]->count() + m_series[1]->count());
}

double ImpactCurveChart::impactAtFullSize(int venueIndex) const
{
    const QLineSeries *series = m_series[std::clamp(venueIndex, 0, 1)];
    return series->count() > 0 ? series->at(series->count() - 1).y() : -1.0;
}

} // namespace OrderDesk
