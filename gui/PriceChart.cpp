#include "PriceChart.h"

#include "BlotterModel.h"
#include "ChartTheme.h"
#include "MarketWatchModel.h"
#include "OrderPresentation.h"
#include "ZoomableChartView.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolButton>
#include <QValueAxis>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace OrderDesk {

namespace {
double toChart(Int128 price)
{
    // Drawing only: the chart's axes are doubles; every figure shown as text stays exact.
    return double(price) / 1e18;
}
} // namespace

PriceChart::PriceChart(const MarketWatchModel &market, const BlotterModel &blotter, QWidget *parent)
    : QWidget(parent), m_market(market), m_blotter(blotter)
{
    setObjectName(QStringLiteral("priceChart"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("priceChartTitle"));
    top->addWidget(m_title, 1);
    auto *follow = new QToolButton(this);
    follow->setText(tr("Follow"));
    follow->setToolTip(tr("Undo zoom and pan and follow the market (Home, or double-click)"));
    top->addWidget(follow);
    layout->addLayout(top);

    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_raydium = new QLineSeries(m_chart);
    m_raydium->setName(OrderPresentation::venueText(Venue::Raydium));
    m_meteora = new QLineSeries(m_chart);
    m_meteora->setName(OrderPresentation::venueText(Venue::Meteora));
    m_buys = new QScatterSeries(m_chart);
    m_buys->setName(tr("My buys"));
    m_buys->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_buys->setMarkerSize(11);
    m_sells = new QScatterSeries(m_chart);
    m_sells->setName(tr("My sells"));
    m_sells->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_sells->setMarkerSize(9);
    for (QXYSeries *series : {static_cast<QXYSeries *>(m_raydium), static_cast<QXYSeries *>(m_meteora),
                              static_cast<QXYSeries *>(m_buys), static_cast<QXYSeries *>(m_sells)})
        m_chart->addSeries(series);
    m_timeAxis = new QDateTimeAxis(m_chart);
    m_timeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    m_timeAxis->setTickCount(5);
    m_priceAxis = new QValueAxis(m_chart);
    m_priceAxis->setLabelFormat(QStringLiteral("%.6g"));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_priceAxis, Qt::AlignLeft);
    for (QAbstractSeries *series : m_chart->series()) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_priceAxis);
    }
    applyTheme();
    m_view = new ZoomableChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("priceChartView"));
    m_view->setMinimumHeight(160);
    layout->addWidget(m_view, 1);

    connect(follow, &QToolButton::clicked, m_view, &ZoomableChartView::resetZoom);
    connect(m_view, &ZoomableChartView::zoomReset, this, &PriceChart::fitAxes);
    connect(&m_market, &MarketWatchModel::refreshed, this, &PriceChart::redraw);
    connect(&m_blotter, &BlotterModel::ordersUpdated, this, &PriceChart::collectFills);
    connect(&m_blotter, &QAbstractItemModel::modelReset, this, [this] { collectFills({}); });
    collectFills({});
    setPair(QStringLiteral("SOL/USDC"));
}

void PriceChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void PriceChart::applyTheme()
{
    ChartTheme::follow(m_chart, palette());
    // A theme recolours every series: each venue its own colour, buys green and sells red
    // whatever the theme.
    ChartTheme::paintVenue(m_raydium, Venue::Raydium);
    ChartTheme::paintVenue(m_meteora, Venue::Meteora);
    m_buys->setColor(QColor(0x2e, 0xa0, 0x4f));
    m_buys->setBorderColor(QColor(0x2e, 0xa0, 0x4f));
    m_sells->setColor(QColor(0xd9, 0x44, 0x3a));
    m_sells->setBorderColor(QColor(0xd9, 0x44, 0x3a));
}

void PriceChart::setPair(const QString &pair)
{
    m_pair = pair;
    m_title->setText(tr("%1 mid price on both venues, with my fills").arg(pair));
    m_view->resetZoom();
    redraw();
}

void PriceChart::collectFills(const QStringList &orderIds)
{
    const auto consider = [this](const Order &order) {
        if (order.status != OrderStatus::Confirmed || !order.execution || m_filledIds.contains(order.id))
            return false;
        const std::optional<Int128> price =
            OrderPresentation::quotePerBase(order, order.execution->executedPrice);
        if (!price)
            return false;
        m_filledIds.insert(order.id);
        m_fills.append({OrderPresentation::pairText(order), OrderPresentation::side(order),
                        order.execution->executedAt.toMSecsSinceEpoch(), *price});
        return true;
    };
    bool added = false;
    if (orderIds.isEmpty()) {
        for (int row = 0; row < m_blotter.rowCount(); ++row)
            added |= consider(m_blotter.orderAt(row));
    } else {
        for (const QString &id : orderIds) {
            const int row = m_blotter.rowOf(id);
            if (row >= 0)
                added |= consider(m_blotter.orderAt(row));
        }
    }
    if (added)
        redraw();
}

void PriceChart::redraw()
{
    const auto line = [this](Venue venue) {
        QList<QPointF> points;
        for (const PriceHistory::Point &point : m_market.history().points(m_pair, venue))
            points.append(QPointF(double(point.msSinceEpoch), toChart(point.price)));
        return points;
    };
    m_raydium->replace(line(Venue::Raydium));
    m_meteora->replace(line(Venue::Meteora));
    QList<QPointF> buys;
    QList<QPointF> sells;
    for (const Fill &fill : std::as_const(m_fills)) {
        if (fill.pair != m_pair)
            continue;
        (fill.side == OrderSide::Buy ? buys : sells)
            .append(QPointF(double(fill.msSinceEpoch), toChart(fill.price)));
    }
    m_buys->replace(buys);
    m_sells->replace(sells);
    if (!m_view->isZoomed())
        fitAxes();
}

void PriceChart::fitAxes()
{
    double minX = std::numeric_limits<double>::max();
    double maxX = std::numeric_limits<double>::lowest();
    double minY = minX;
    double maxY = maxX;
    for (const QXYSeries *series : {static_cast<QXYSeries *>(m_raydium), static_cast<QXYSeries *>(m_meteora),
                                    static_cast<QXYSeries *>(m_buys), static_cast<QXYSeries *>(m_sells)}) {
        for (const QPointF &point : series->points()) {
            minX = std::min(minX, point.x());
            maxX = std::max(maxX, point.x());
            minY = std::min(minY, point.y());
            maxY = std::max(maxY, point.y());
        }
    }
    if (minX > maxX)
        return;
    if (maxX - minX < 10'000) // at least ten seconds wide
        minX = maxX - 10'000;
    const double margin = std::max((maxY - minY) * 0.08, std::abs(maxY) * 0.0005);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(qint64(minX)),
                         QDateTime::fromMSecsSinceEpoch(qint64(maxX)));
    m_priceAxis->setRange(minY - margin, maxY + margin);
}

int PriceChart::pricePointCount(Venue venue) const
{
    return int((venue == Venue::Raydium ? m_raydium : m_meteora)->count());
}

int PriceChart::fillMarkerCount(OrderSide side) const
{
    return int((side == OrderSide::Buy ? m_buys : m_sells)->count());
}

} // namespace OrderDesk
