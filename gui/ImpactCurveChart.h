#pragma once

#include "Decimal.h"
#include "Token.h"

#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace OrderDesk {

class Market;

// The ticket's price-impact curve: for sizes from nothing up to the ticket's amount, how far
// each venue's pool would move (percent), from the market's streamed pool state. Shows at a
// glance where a size starts to cost, and which venue takes it better.
class ImpactCurveChart : public QWidget
{
    Q_OBJECT

public:
    static constexpr int Steps = 24;

    explicit ImpactCurveChart(const Market &market, QWidget *parent = nullptr);

    // Sizes of `tokenIn` up to `maxIn`, plotted against `axisMax` of `axisToken` (the amount as the
    // operator typed it: a buy's base amount is plotted as base, though the pool is paid in quote).
    void plot(const Token &tokenIn, const Token &tokenOut, Int128 maxIn, const Token &axisToken,
              Int128 axisMax);
    void clear();
    int pointCount() const;
    // The impact at the full size on a venue, percent (tests, tooltips); -1 without a point.
    double impactAtFullSize(int venueIndex) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();

    const Market &m_market;
    QChart *m_chart = nullptr; // owned by the view
    QChartView *m_view = nullptr;
    QLineSeries *m_series[2] = {nullptr, nullptr};
    QValueAxis *m_sizeAxis = nullptr;
    QValueAxis *m_impactAxis = nullptr;
};

} // namespace OrderDesk
