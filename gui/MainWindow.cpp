#include "MainWindow.h"

#include "BlotterCsvWriter.h"
#include "BlotterFilterBar.h"
#include "BlotterFilterProxy.h"
#include "BlotterModel.h"
#include "BlotterView.h"
#include "ConsoleIcons.h"
#include "ConsoleStatusBar.h"
#include "Engine.h"
#include "ConsoleSettings.h"
#include "LogDock.h"
#include "MarketDocks.h"
#include "WalletDock.h"
#include "OrderDetailPane.h"
#include "OrderPresentation.h"
#include "OrderTicket.h"
#include "SafetyRails.h"
#include "SimulationPanel.h"
#include "ThemeManager.h"
#include "TradingActions.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace OrderDesk {


MainWindow::MainWindow(Engine &engine, const QString &apiUrl, QWidget *parent)
    : QMainWindow(parent), m_engine(engine)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(ConsoleIcons::appIcon());
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    m_theme = new ThemeManager(this);

    // Created first: it captures what the program logs while the window is built.
    m_logDock = new LogDock(this);

    m_model = new BlotterModel(this);
    m_proxy = new BlotterFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(4);

    m_banner = new QLabel(central);
    m_banner->setObjectName(QStringLiteral("embeddedBanner"));
    m_banner->setWordWrap(true);
    m_banner->setText(
        tr("Running on the embedded defaults: an in-process queue, a local SQLite file and an "
           "in-process market. Orders are not shared with other nodes; start with --redis, "
           "--database and --market for a cluster."));
    // Fixed colours that read the same in both themes: this must stand out either way.
    m_banner->setStyleSheet(QStringLiteral("QLabel#embeddedBanner { background: #f3dd9b; "
                                           "color: #3d3000; border: 1px solid #d9b850; "
                                           "border-radius: 3px; padding: 4px 8px; }"));
    m_banner->setVisible(m_engine.usesEmbeddedDefaults());
    layout->addWidget(m_banner);

    m_filterBar = new BlotterFilterBar(*m_model, *m_proxy, central);
    layout->addWidget(m_filterBar);

    m_splitter = new QSplitter(Qt::Vertical, central);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_table = new BlotterView(m_splitter);
    m_table->setModel(m_proxy);
    m_table->sortByColumn(BlotterModel::TimeColumn, Qt::DescendingOrder);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);

    m_detail = new OrderDetailPane(m_engine, m_splitter);
    m_detail->setObjectName(QStringLiteral("detailPane"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({400, 330});
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_rails = new SafetyRails(this);
    m_trading = new TradingActions(m_engine, *m_rails, this);
    m_ticket = new OrderTicket(m_engine, *m_rails);
    m_ticketDock = new QDockWidget(tr("Order ticket"), this);
    m_ticketDock->setObjectName(QStringLiteral("ticketDock"));
    auto *ticketScroll = new QScrollArea(m_ticketDock);
    ticketScroll->setWidgetResizable(true);
    ticketScroll->setFrameShape(QFrame::NoFrame);
    ticketScroll->setWidget(m_ticket);
    // Wide enough for the form and the quote's legs, whatever dock tabs it shares.
    ticketScroll->setMinimumWidth(340);
    m_ticketDock->setWidget(ticketScroll);
    addDockWidget(Qt::RightDockWidgetArea, m_ticketDock);

    if (m_engine.config().simControl) {
        m_simulation = new SimulationPanel(m_engine);
        m_simulationDock = new QDockWidget(tr("Market simulation"), this);
        m_simulationDock->setObjectName(QStringLiteral("simulationDock"));
        auto *simulationScroll = new QScrollArea(m_simulationDock);
        simulationScroll->setWidgetResizable(true);
        simulationScroll->setFrameShape(QFrame::NoFrame);
        simulationScroll->setWidget(m_simulation);
        m_simulationDock->setWidget(simulationScroll);
        addDockWidget(Qt::RightDockWidgetArea, m_simulationDock);
        tabifyDockWidget(m_ticketDock, m_simulationDock);
        m_ticketDock->raise();
        connect(m_simulation, &SimulationPanel::statusMessage, this,
                [this](const QString &message) { showMessage(message); });
        connect(m_simulation, &SimulationPanel::tokenLaunched, m_ticket,
                &OrderTicket::refreshTokens);
    }

    m_marketDocks = new MarketDocks(m_engine, *m_model, *m_ticket, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    tabifyDockWidget(m_marketDocks->marketWatchDock(), m_logDock);
    // The wallet shares the bottom left with the market watch and the log.
    auto *walletDock = new WalletDock(m_engine.wallet(), this);
    tabifyDockWidget(m_marketDocks->marketWatchDock(), walletDock);
    m_marketDocks->marketWatchDock()->raise();
    // The ticket's column runs the full height; the market docks sit under the blotter.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    m_statusBar = new ConsoleStatusBar(m_engine, this);
    setStatusBar(m_statusBar);
    m_statusBar->setOrdersHalted(m_rails->isHalted());
    connect(m_rails, &SafetyRails::haltedChanged, m_statusBar, &ConsoleStatusBar::setOrdersHalted);

    buildActions();
    buildMenus();

    connect(m_model, &BlotterModel::ordersUpdated, this, &MainWindow::ordersUpdated);
    connect(m_model, &BlotterModel::retryScheduled, this, &MainWindow::retryScheduled);
    connect(m_trading, &TradingActions::statusMessage, this,
            [this](const QString &message) { showMessage(message); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::selectionChanged);
    connect(m_table, &QTableView::customContextMenuRequested, this, &MainWindow::showBlotterMenu);
    connect(m_detail, &OrderDetailPane::statusMessage, this,
            [this](const QString &message) { showMessage(message); });
    connect(m_ticket, &OrderTicket::statusMessage, this,
            [this](const QString &message) { showMessage(message); });
    connect(m_ticket, &OrderTicket::orderPlaced, this, [this](const QString &orderId) {
        m_selectWhenShown = orderId;
    });

    m_model->attach(m_engine);
    m_statusBar->setRetrying(m_model->retryingCount());
    setApiServer(apiUrl);
    restoreSettings();
    // Open on the newest order, so the detail pane shows something useful from the start.
    if (m_proxy->rowCount() > 0)
        selectOrder(m_proxy->index(0, 0).data(BlotterModel::OrderIdRole).toString());
    selectionChanged();
}

MainWindow::~MainWindow()
{
    saveSettings();
}

void MainWindow::buildActions()
{
    m_newOrder = new QAction(ConsoleIcons::icon(QStringLiteral("new-order")), tr("&New order"), this);
    m_newOrder->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_newOrder->setToolTip(tr("Go to the order ticket (Ctrl+N)"));
    connect(m_newOrder, &QAction::triggered, this, [this] {
        m_ticketDock->show();
        m_ticketDock->raise();
        m_ticket->focusTicket();
    });

    m_cancelOrder = new QAction(ConsoleIcons::icon(QStringLiteral("cancel")), tr("&Cancel order"), this);
    m_cancelOrder->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_cancelOrder->setToolTip(tr("Cancel the selected pending or waiting orders (Del, Ctrl+D)"));
    connect(m_cancelOrder, &QAction::triggered, this, &MainWindow::cancelSelected);
    // Del only in the blotter: everywhere else it deletes text.
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_table, nullptr, nullptr,
                                    Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, m_cancelOrder, &QAction::trigger);

    m_copyId = new QAction(tr("Copy order &id"), this);
    connect(m_copyId, &QAction::triggered, this, [this] { copySelected(BlotterModel::OrderIdRole); });
    m_copySignature = new QAction(ConsoleIcons::icon(QStringLiteral("copy")), tr("Copy &signature"), this);
    m_copySignature->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copySignature, &QAction::triggered, this,
            [this] { copySelected(BlotterModel::SignatureRole); });

    m_export = new QAction(ConsoleIcons::icon(QStringLiteral("export")), tr("&Export CSV…"), this);
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_export->setToolTip(tr("Export the rows shown, as shown, to a CSV file (Ctrl+E)"));
    connect(m_export, &QAction::triggered, this, &MainWindow::exportCsvInteractive);

    m_find = new QAction(ConsoleIcons::icon(QStringLiteral("search")), tr("&Find"), this);
    m_find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    connect(m_find, &QAction::triggered, this, [this] {
        m_filterBar->searchField()->setFocus(Qt::ShortcutFocusReason);
        m_filterBar->searchField()->selectAll();
    });

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    for (QAction *action : {m_newOrder, m_cancelOrder, m_copySignature, m_export, m_find, m_quit,
                            m_trading->haltAction()})
        addAction(action); // shortcuts work with the menu bar hidden too
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_trading->preferencesAction());
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *orders = menuBar()->addMenu(tr("&Orders"));
    orders->addAction(m_newOrder);
    orders->addAction(m_cancelOrder);
    orders->addAction(m_trading->cancelAllAction());
    orders->addSeparator();
    orders->addAction(m_trading->haltAction());
    orders->addSeparator();
    orders->addAction(m_copyId);
    orders->addAction(m_copySignature);
    orders->addSeparator();
    orders->addAction(m_find);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QMenu *themes = view->addMenu(ConsoleIcons::icon(QStringLiteral("theme")), tr("&Theme"));
    m_themeGroup = new QActionGroup(this);
    const QList<QPair<ThemeManager::Theme, QString>> choices = {
        {ThemeManager::Theme::System, tr("Follow the &system")},
        {ThemeManager::Theme::Light, tr("&Light")},
        {ThemeManager::Theme::Dark, tr("&Dark")},
    };
    for (const auto &[theme, label] : choices) {
        QAction *action = themes->addAction(label);
        action->setCheckable(true);
        action->setData(int(theme));
        m_themeGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, theme = theme] { setTheme(int(theme)); });
    }
    view->addSeparator();
    view->addAction(m_ticketDock->toggleViewAction());
    if (m_simulationDock)
        view->addAction(m_simulationDock->toggleViewAction());
    view->addAction(m_marketDocks->marketWatchDock()->toggleViewAction());
    view->addAction(m_marketDocks->chartDock()->toggleViewAction());
    view->addAction(m_logDock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *aboutAction = help->addAction(tr("&About OrderDesk"));
    connect(aboutAction, &QAction::triggered, this, &MainWindow::about);

    QToolBar *toolbar = addToolBar(tr("Orders"));
    toolbar->setObjectName(QStringLiteral("ordersToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->addAction(m_newOrder);
    toolbar->addAction(m_cancelOrder);
    toolbar->addAction(m_trading->cancelAllAction());
    toolbar->addAction(m_export);
    toolbar->addSeparator();
    toolbar->addAction(m_trading->haltAction());
}

void MainWindow::selectionChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const QStringList ids = selectedOrderIds();
    QString id;
    if (current.isValid() && m_table->selectionModel()->isRowSelected(current.row()))
        id = current.data(BlotterModel::OrderIdRole).toString();
    else if (!ids.isEmpty())
        id = ids.constFirst();
    if (id != m_detail->orderId())
        m_detail->showOrder(id);
    m_cancelOrder->setEnabled(!ids.isEmpty());
    m_copyId->setEnabled(!ids.isEmpty());
    m_copySignature->setEnabled(!ids.isEmpty());
}

void MainWindow::retryScheduled(const Order &order, const OrderEvent &event)
{
    const QString text = tr("Order %1 retrying: %2")
                             .arg(OrderPresentation::shortId(order.id),
                                  OrderPresentation::retryText(order, event.timestamp));
    m_statusBar->setRetrying(m_model->retryingCount(), text);
    showMessage(text, 10000);
}

QLineEdit *MainWindow::searchField() const
{
    return m_filterBar->searchField();
}

MarketWatchPanel *MainWindow::marketWatch() const
{
    return m_marketDocks->marketWatch();
}

PriceChart *MainWindow::priceChart() const
{
    return m_marketDocks->priceChart();
}

void MainWindow::ordersUpdated(const QStringList &orderIds)
{
    m_statusBar->setRetrying(m_model->retryingCount());
    m_detail->refreshIfShown(orderIds);
    if (!m_selectWhenShown.isEmpty() && m_model->rowOf(m_selectWhenShown) >= 0) {
        const QString id = m_selectWhenShown;
        m_selectWhenShown.clear();
        selectOrder(id);
    }
}

QStringList MainWindow::selectedOrderIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids << index.data(BlotterModel::OrderIdRole).toString();
    return ids;
}

void MainWindow::selectOrder(const QString &orderId)
{
    const int sourceRow = m_model->rowOf(orderId);
    if (sourceRow < 0) {
        m_detail->showOrder(orderId);
        return;
    }
    QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid()) {
        // Hidden by a filter: the operator asked for this order, so show everything.
        m_filterBar->clearFilters();
        index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    }
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    m_detail->showOrder(orderId);
}

bool MainWindow::cancelSelected()
{
    const QStringList ids = selectedOrderIds();
    if (ids.isEmpty()) {
        showMessage(tr("Select the orders to cancel in the blotter."));
        return false;
    }
    // The engine answers each once the store has it; the outcome is shown when all have.
    struct Tally
    {
        qsizetype unanswered = 0;
        int cancelled = 0;
        QStringList refused;
    };
    auto tally = std::make_shared<Tally>();
    tally->unanswered = ids.size();
    for (const QString &id : ids) {
        m_engine.cancel(id).then(this, [this, tally, id](const Engine::CancelOutcome &outcome) {
            if (const auto *error = std::get_if<EngineError>(&outcome))
                tally->refused << tr("%1: %2").arg(OrderPresentation::shortId(id), error->message);
            else
                ++tally->cancelled;
            if (--tally->unanswered > 0)
                return;
            if (tally->refused.isEmpty()) {
                showMessage(tr("%n order(s) cancelled", nullptr, tally->cancelled));
                return;
            }
            // Too late is the common case (routing began): say why, without a modal box in the way.
            showMessage(tr("Cannot cancel %1").arg(tally->refused.join(QStringLiteral("; "))), 12000);
        });
    }
    return true;
}

bool MainWindow::exportCsv(const QString &path, QString *error)
{
    return BlotterCsvWriter::writeFile(*m_proxy, path, error);
}

void MainWindow::exportCsvInteractive()
{
    const QString suggested =
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .filePath(QStringLiteral("orderdesk-orders-%1.csv")
                          .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export orders"), suggested,
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportCsv(path, &error))
        showMessage(tr("%n order(s) exported to %1", nullptr, m_proxy->rowCount()).arg(path));
    else
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1: %2").arg(path, error));
}

void MainWindow::copySelected(int role)
{
    QStringList values;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        const QString value = index.data(role).toString();
        if (!value.isEmpty())
            values << value;
    }
    if (values.isEmpty()) {
        showMessage(role == BlotterModel::SignatureRole ? tr("No signature yet: the order was not submitted.")
                                                        : tr("Nothing selected."));
        return;
    }
    QGuiApplication::clipboard()->setText(values.join(QLatin1Char('\n')));
    showMessage(tr("Copied %n value(s)", nullptr, int(values.size())));
}

void MainWindow::showBlotterMenu(const QPoint &position)
{
    if (!m_table->indexAt(position).isValid())
        return;
    QMenu menu(this);
    menu.addAction(m_cancelOrder);
    menu.addSeparator();
    menu.addAction(m_copyId);
    menu.addAction(m_copySignature);
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void MainWindow::showMessage(const QString &message, int timeoutMs)
{
    m_lastMessage = message;
    m_statusBar->showMessage(message, timeoutMs);
}

void MainWindow::setApiServer(const QString &url)
{
    m_apiUrl = url;
    m_statusBar->setApiServer(url, !url.isEmpty());
    setWindowTitle(url.isEmpty() ? tr("OrderDesk") : tr("OrderDesk — %1").arg(url));
}

void MainWindow::setWebSocketClientCount(int count)
{
    m_statusBar->setWebSocketClientCount(count);
}

void MainWindow::setTheme(int theme)
{
    m_theme->setTheme(static_cast<ThemeManager::Theme>(theme));
    for (QAction *action : m_themeGroup->actions())
        action->setChecked(action->data().toInt() == theme);
    // Colours computed from the palette (chips, failure lines) follow the new one.
    m_detail->showOrder(m_detail->orderId());
    m_table->viewport()->update();
}

void MainWindow::restoreSettings()
{
    QSettings store = ConsoleSettings::open();
    const QByteArray geometry = store.value(QStringLiteral("window/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        resize(1400, 880);
        // Sized once the window has its size: earlier, the docks would be scaled with it.
        resizeDocks({m_marketDocks->marketWatchDock()}, {270}, Qt::Vertical);
        resizeDocks({m_marketDocks->marketWatchDock(), m_marketDocks->chartDock()}, {580, 360},
                    Qt::Horizontal);
        resizeDocks({m_ticketDock}, {400}, Qt::Horizontal);
    }
    restoreState(store.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(store.value(QStringLiteral("window/splitter")).toByteArray());
    const QByteArray header = store.value(QStringLiteral("blotter/header")).toByteArray();
    if (!header.isEmpty())
        m_table->horizontalHeader()->restoreState(header);
    setTheme(int(ThemeManager::fromString(store.value(QStringLiteral("view/theme")).toString())));
}

void MainWindow::saveSettings() const
{
    QSettings store = ConsoleSettings::open();
    store.setValue(QStringLiteral("window/geometry"), saveGeometry());
    store.setValue(QStringLiteral("window/state"), saveState());
    store.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    store.setValue(QStringLiteral("blotter/header"), m_table->horizontalHeader()->saveState());
    store.setValue(QStringLiteral("view/theme"), ThemeManager::toString(m_theme->theme()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About OrderDesk"),
        tr("<h3>OrderDesk %1</h3><p>A trading console with an embedded execution engine for "
           "Solana DEX swaps, routed between Raydium and Meteora (simulated).</p>"
           "<p>API: %2</p>")
            .arg(QCoreApplication::applicationVersion().toHtmlEscaped(),
                 m_apiUrl.isEmpty() ? tr("not listening") : m_apiUrl.toHtmlEscaped()));
}

} // namespace OrderDesk
