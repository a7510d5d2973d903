#pragma once

#include "Decimal.h"
#include "OrderTypes.h"

#include <QSet>
#include <QWidget>

class QChart;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace OrderDesk {

class BlotterModel;
class MarketWatchModel;
class ZoomableChartView;

// The selected pair's mid price on both venues over time (quote per base, from the market
// watch's history), with the operator's fills as markers: buys and sells apart. Zoom with the
// wheel or a rectangle, pan with the right button or the arrows, Home or a double click to
// follow the market again.
class PriceChart : public QWidget
{
    Q_OBJECT

public:
    PriceChart(const MarketWatchModel &market, const BlotterModel &blotter,
               QWidget *parent = nullptr);

    void setPair(const QString &pair); // canonical, "SOL/USDC"
    QString pair() const { return m_pair; }
    // Points drawn for a venue's line, and fill markers of the shown pair (tests).
    int pricePointCount(Venue venue) const;
    int fillMarkerCount(OrderSide side) const;
    ZoomableChartView *view() const { return m_view; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();
    struct Fill
    {
        QString pair;
        OrderSide side = OrderSide::Sell;
        qint64 msSinceEpoch = 0;
        Int128 price = 0; // quote per base
    };
    void collectFills(const QStringList &orderIds);
    void redraw();
    void fitAxes();

    const MarketWatchModel &m_market;
    const BlotterModel &m_blotter;
    QString m_pair;
    QList<Fill> m_fills;
    QSet<QString> m_filledIds;
    QChart *m_chart = nullptr; // owned by the view
    ZoomableChartView *m_view = nullptr;
    QLineSeries *m_raydium = nullptr;
    QLineSeries *m_meteora = nullptr;
    QScatterSeries *m_buys = nullptr;
    QScatterSeries *m_sells = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_priceAxis = nullptr;
    QLabel *m_title = nullptr;
};

} // namespace OrderDesk
