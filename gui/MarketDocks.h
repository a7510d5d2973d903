#pragma once

#include <QObject>

class QDockWidget;
class QMainWindow;

namespace OrderDesk {

class BlotterModel;
class Engine;
class MarketWatchPanel;
class OrderTicket;
class PriceChart;

// The market side of the console: the market watch and the price chart, each in a dock of the
// window. A pair selected in the market watch is drawn in the chart and put on the ticket.
class MarketDocks : public QObject
{
    Q_OBJECT

public:
    MarketDocks(Engine &engine, const BlotterModel &blotter, OrderTicket &ticket, QMainWindow *window);

    MarketWatchPanel *marketWatch() const { return m_watch; }
    PriceChart *priceChart() const { return m_chart; }
    QDockWidget *marketWatchDock() const { return m_watchDock; }
    QDockWidget *chartDock() const { return m_chartDock; }

private:
    MarketWatchPanel *m_watch = nullptr;
    PriceChart *m_chart = nullptr;
    QDockWidget *m_watchDock = nullptr;
    QDockWidget *m_chartDock = nullptr;
};

} // namespace OrderDesk
