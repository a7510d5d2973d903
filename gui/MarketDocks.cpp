#include "MarketDocks.h"

#include "MarketWatchModel.h"
#include "MarketWatchPanel.h"
#include "OrderTicket.h"
#include "PriceChart.h"

#include <QDockWidget>
#include <QMainWindow>

namespace OrderDesk {

MarketDocks::MarketDocks(Engine &engine, const BlotterModel &blotter, OrderTicket &ticket,
                         QMainWindow *window)
    : QObject(window)
{
    m_watch = new MarketWatchPanel(engine);
    m_watchDock = new QDockWidget(tr("Market watch"), window);
    m_watchDock->setObjectName(QStringLiteral("marketWatchDock"));
    m_watchDock->setWidget(m_watch);

    m_chart = new PriceChart(*m_watch->model(), blotter);
    m_chartDock = new QDockWidget(tr("Price chart"), window);
    m_chartDock->setObjectName(QStringLiteral("priceChartDock"));
    m_chartDock->setWidget(m_chart);

    window->addDockWidget(Qt::BottomDockWidgetArea, m_watchDock);
    window->splitDockWidget(m_watchDock, m_chartDock, Qt::Horizontal);

    connect(m_watch, &MarketWatchPanel::pairSelected, m_chart,
            [this](const QString &base, const QString &quote) {
                m_chart->setPair(base + QLatin1Char('/') + quote);
            });
    connect(m_watch, &MarketWatchPanel::pairSelected, &ticket, &OrderTicket::setPair);
}

} // namespace OrderDesk
