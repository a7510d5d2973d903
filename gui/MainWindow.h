#pragma once

#include "Order.h"
#include "OrderEvent.h"

#include <QMainWindow>
#include <QString>

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QVBoxLayout;

namespace OrderDesk {

class BlotterFilterBar;
class BlotterFilterProxy;
class BlotterModel;
class ConsoleStatusBar;
class Engine;
class LogDock;
class MarketDocks;
class MarketWatchPanel;
class OrderDetailPane;
class OrderTicket;
class PriceChart;
class SafetyRails;
class SimulationPanel;
class ThemeManager;
class TradingActions;

// The operator's console (SPEC §7): the blotter with its filters, the selected order's route
// and timeline, the order ticket, the simulation controls, the log and the status bar. A client
// of the engine exactly like the HTTP server; it knows the server only as a URL and a count.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `apiUrl` is where the API server of this process listens; empty when there is none.
    explicit MainWindow(Engine &engine, const QString &apiUrl = QString(),
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    BlotterModel *blotterModel() const { return m_model; }
    BlotterFilterProxy *blotterProxy() const { return m_proxy; }
    QTableView *blotterView() const { return m_table; }
    OrderDetailPane *detailPane() const { return m_detail; }
    OrderTicket *orderTicket() const { return m_ticket; }
    SimulationPanel *simulationPanel() const { return m_simulation; }
    ConsoleStatusBar *consoleStatusBar() const { return m_statusBar; }
    LogDock *logDock() const { return m_logDock; }
    ThemeManager *themeManager() const { return m_theme; }
    MarketWatchPanel *marketWatch() const;
    PriceChart *priceChart() const;
    SafetyRails *safetyRails() const { return m_rails; }
    TradingActions *tradingActions() const { return m_trading; }
    QLineEdit *searchField() const;
    // The last message shown to the operator in the status bar.
    QString lastMessage() const { return m_lastMessage; }

    // Selects the order in the blotter (clearing the filters that hide it) and shows it.
    void selectOrder(const QString &orderId);
    QStringList selectedOrderIds() const;
    // Asks the engine to cancel the selected orders (false: none selected) and shows the outcome
    // once it has answered for all of them; the reason for each one it refused.
    bool cancelSelected();
    // The rows as shown: filtered and sorted.
    bool exportCsv(const QString &path, QString *error = nullptr);

public Q_SLOTS:
    void setApiServer(const QString &url);
    void setWebSocketClientCount(int count);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void selectionChanged();
    void ordersUpdated(const QStringList &orderIds);
    void retryScheduled(const Order &order, const OrderEvent &event);
    void showBlotterMenu(const QPoint &position);
    void exportCsvInteractive();
    void copySelected(int role);
    void showMessage(const QString &message, int timeoutMs = 6000);
    void setTheme(int theme);
    void restoreSettings();
    void saveSettings() const;
    void about();

    Engine &m_engine;
    ThemeManager *m_theme = nullptr;
    BlotterModel *m_model = nullptr;
    BlotterFilterProxy *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QSplitter *m_splitter = nullptr;
    OrderDetailPane *m_detail = nullptr;
    OrderTicket *m_ticket = nullptr;
    SimulationPanel *m_simulation = nullptr;
    ConsoleStatusBar *m_statusBar = nullptr;
    LogDock *m_logDock = nullptr;
    SafetyRails *m_rails = nullptr;
    TradingActions *m_trading = nullptr;
    MarketDocks *m_marketDocks = nullptr;
    QDockWidget *m_ticketDock = nullptr;
    QDockWidget *m_simulationDock = nullptr;
    QLabel *m_banner = nullptr;
    BlotterFilterBar *m_filterBar = nullptr;

    QAction *m_newOrder = nullptr;
    QAction *m_cancelOrder = nullptr;
    QAction *m_copyId = nullptr;
    QAction *m_copySignature = nullptr;
    QAction *m_export = nullptr;
    QAction *m_find = nullptr;
    QAction *m_quit = nullptr;
    QActionGroup *m_themeGroup = nullptr;

    QString m_apiUrl;
    QString m_selectWhenShown; // an order just placed, selected once the blotter has it
    QString m_lastMessage;
};

} // namespace OrderDesk
