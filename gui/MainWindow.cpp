#include "MainWindow.h"

#include "BlotterCsvWriter.h"
#include "BlotterFilterProxy.h"
#include "BlotterModel.h"
#include "ConsoleIcons.h"
#include "ConsoleStatusBar.h"
#include "Engine.h"
#include "LogDock.h"
#include "WalletDock.h"
#include "OrderDetailPane.h"
#include "OrderPresentation.h"
#include "OrderTicket.h"
#include "SimulationPanel.h"
#include "StatusChipDelegate.h"
#include "ThemeManager.h"

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

namespace OrderDesk {

namespace {

const QString SettingsOrganization = QStringLiteral("OrderDesk");
const QString SettingsApplication = QStringLiteral("console");

// The status filter's choices: a name and the statuses it shows (none: all).
struct StatusGroup
{
    const char *label;
    QList<OrderStatus> statuses;
};

const QList<StatusGroup> &statusGroups()
{
    static const QList<StatusGroup> groups = {
        {QT_TRANSLATE_NOOP("OrderDesk::MainWindow", "All statuses"), {}},
        {QT_TRANSLATE_NOOP("OrderDesk::MainWindow", "Open"),
         {OrderStatus::Pending, OrderStatus::Waiting, OrderStatus::Routing, OrderStatus::Building,
          OrderStatus::Submitted, OrderStatus::Retrying}},
        {QT_TRANSLATE_NOOP("OrderDesk::MainWindow", "In flight"),
         {OrderStatus::Routing, OrderStatus::Building, OrderStatus::Submitted,
          OrderStatus::Retrying}},
        {QT_TRANSLATE_NOOP("OrderDesk::MainWindow", "Waiting"), {OrderStatus::Waiting}},
        {QT_TRANSLATE_NOOP("OrderDesk::MainWindow", "Confirmed"), {OrderStatus::Confirmed}},
        {QT_TRANSLATE_NOOP("OrderDesk::MainWindow", "Failed"), {OrderStatus::Failed}},
        {QT_TRANSLATE_NOOP("OrderDesk::MainWindow", "Cancelled or expired"),
         {OrderStatus::Cancelled, OrderStatus::Expired}},
    };
    return groups;
}

} // namespace

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

    buildFilterBar(central, layout);

    m_splitter = new QSplitter(Qt::Vertical, central);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_table = new QTableView(m_splitter);
    m_table->setObjectName(QStringLiteral("blotter"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(BlotterModel::TimeColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->setVisible(false);
    // Uniform rows: the view never measures 50 000 rows one by one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setItemDelegateForColumn(BlotterModel::StatusColumn, new StatusChipDelegate(m_table));
    const int charWidth = m_table->fontMetrics().averageCharWidth();
    const QList<QPair<int, int>> widths = {
        {BlotterModel::IdColumn, 11},     {BlotterModel::TimeColumn, 13},
        {BlotterModel::PairColumn, 17},   {BlotterModel::SideColumn, 8},
        {BlotterModel::TypeColumn, 8},    {BlotterModel::AmountColumn, 16},
        {BlotterModel::VenueColumn, 10},
        {BlotterModel::PriceColumn, 13},  {BlotterModel::SlippageColumn, 9},
        {BlotterModel::AttemptsColumn, 5},
    };
    for (const auto &[column, chars] : widths)
        m_table->setColumnWidth(column, chars * charWidth + 12);
    // The chip must fit the longest status name in the language in use.
    int statusWidth = 0;
    for (int status = int(OrderStatus::Pending); status <= int(OrderStatus::Expired); ++status) {
        statusWidth = std::max(statusWidth, m_table->fontMetrics().horizontalAdvance(
                                                OrderPresentation::statusText(OrderStatus(status))));
    }
    m_table->setColumnWidth(BlotterModel::StatusColumn, statusWidth + 28);

    m_detail = new OrderDetailPane(m_engine, m_splitter);
    m_detail->setObjectName(QStringLiteral("detailPane"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({400, 330});
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_ticket = new OrderTicket(m_engine);
    m_ticketDock = new QDockWidget(tr("Order ticket"), this);
    m_ticketDock->setObjectName(QStringLiteral("ticketDock"));
    auto *ticketScroll = new QScrollArea(m_ticketDock);
    ticketScroll->setWidgetResizable(true);
    ticketScroll->setFrameShape(QFrame::NoFrame);
    ticketScroll->setWidget(m_ticket);
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

    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    // The wallet shares the bottom with the log, in front: what the operator holds.
    auto *walletDock = new WalletDock(m_engine.wallet(), this);
    tabifyDockWidget(m_logDock, walletDock);
    walletDock->raise();
    resizeDocks({m_ticketDock}, {360}, Qt::Horizontal);
    resizeDocks({m_logDock}, {180}, Qt::Vertical);

    m_statusBar = new ConsoleStatusBar(m_engine, this);
    setStatusBar(m_statusBar);

    buildActions();
    buildMenus();

    connect(m_model, &BlotterModel::ordersUpdated, this, &MainWindow::ordersUpdated);
    connect(m_model, &BlotterModel::pairsChanged, this, &MainWindow::refillPairFilter);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &MainWindow::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateCount);
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
    refillPairFilter();
    updateCount();
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

void MainWindow::buildFilterBar(QWidget *parent, QVBoxLayout *layout)
{
    auto *bar = new QHBoxLayout;
    bar->setSpacing(6);
    m_statusFilter = new QComboBox(parent);
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    for (const StatusGroup &group : statusGroups())
        m_statusFilter->addItem(tr(group.label));
    m_pairFilter = new QComboBox(parent);
    m_pairFilter->setObjectName(QStringLiteral("pairFilter"));
    m_pairFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_search = new QLineEdit(parent);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search id, client id or signature (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(ConsoleIcons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_count = new QLabel(parent);
    m_count->setObjectName(QStringLiteral("blotterCount"));

    auto *statusLabel = new QLabel(tr("&Status"), parent);
    statusLabel->setBuddy(m_statusFilter);
    auto *pairLabel = new QLabel(tr("&Pair"), parent);
    pairLabel->setBuddy(m_pairFilter);
    bar->addWidget(statusLabel);
    bar->addWidget(m_statusFilter);
    bar->addWidget(pairLabel);
    bar->addWidget(m_pairFilter);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyStatusFilter);
    connect(m_pairFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setPair(m_pairFilter->currentData().toString()); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &BlotterFilterProxy::setSearchText);
    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::updateCount);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &MainWindow::updateCount);
    connect(m_pairFilter, &QComboBox::currentIndexChanged, this, &MainWindow::updateCount);
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
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    for (QAction *action : {m_newOrder, m_cancelOrder, m_copySignature, m_export, m_find, m_quit})
        addAction(action); // shortcuts work with the menu bar hidden too
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *orders = menuBar()->addMenu(tr("&Orders"));
    orders->addAction(m_newOrder);
    orders->addAction(m_cancelOrder);
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
    toolbar->addAction(m_export);
}

void MainWindow::applyStatusFilter()
{
    const int index = m_statusFilter->currentIndex();
    QSet<OrderStatus> statuses;
    if (index >= 0 && index < statusGroups().size()) {
        for (const OrderStatus status : statusGroups().at(index).statuses)
            statuses.insert(status);
    }
    m_proxy->setStatuses(statuses);
}

void MainWindow::refillPairFilter()
{
    const QString current = m_pairFilter->currentData().toString();
    const QSignalBlocker blocker(m_pairFilter);
    m_pairFilter->clear();
    m_pairFilter->addItem(tr("All pairs"), QString());
    for (const QString &pair : m_model->pairs())
        m_pairFilter->addItem(pair, pair);
    const int index = m_pairFilter->findData(current);
    m_pairFilter->setCurrentIndex(index < 0 ? 0 : index);
}

void MainWindow::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("%n order(s)", nullptr, total)
                                    : tr("%1 of %n order(s)", nullptr, total).arg(shown));
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

void MainWindow::ordersUpdated(const QStringList &orderIds)
{
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
        m_search->clear();
        m_statusFilter->setCurrentIndex(0);
        m_pairFilter->setCurrentIndex(0);
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
    QStringList refused;
    int cancelled = 0;
    for (const QString &id : ids) {
        const auto outcome = m_engine.cancel(id);
        if (const auto *error = std::get_if<EngineError>(&outcome)) {
            refused << tr("%1: %2").arg(OrderPresentation::shortId(id), error->message);
        } else {
            ++cancelled;
        }
    }
    if (refused.isEmpty()) {
        showMessage(tr("%n order(s) cancelled", nullptr, cancelled));
        return true;
    }
    // Too late is the common case (routing began): say why, without a modal box in the way.
    showMessage(tr("Cannot cancel %1").arg(refused.join(QStringLiteral("; "))), 12000);
    return false;
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
    QSettings store(SettingsOrganization, SettingsApplication);
    const QByteArray geometry = store.value(QStringLiteral("window/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1400, 880);
    restoreState(store.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(store.value(QStringLiteral("window/splitter")).toByteArray());
    const QByteArray header = store.value(QStringLiteral("blotter/header")).toByteArray();
    if (!header.isEmpty())
        m_table->horizontalHeader()->restoreState(header);
    setTheme(int(ThemeManager::fromString(store.value(QStringLiteral("view/theme")).toString())));
}

void MainWindow::saveSettings() const
{
    QSettings store(SettingsOrganization, SettingsApplication);
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
