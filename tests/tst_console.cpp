// The console window (gui/) over a real engine, on the offscreen platform: the ticket places
// orders that walk to confirmed in the blotter and the detail pane, filters, CSV export, bad
// input refused next to its field, cancel, the status bar, the log dock and the translations.
#include "BlotterFilterProxy.h"
#include "BlotterModel.h"
#include "ConsoleStatusBar.h"
#include "Engine.h"
#include "LogDock.h"
#include "Market.h"
#include "MainWindow.h"
#include "OrderDetailPane.h"
#include "OrderPresentation.h"
#include "OrderTicket.h"
#include "SafetyRails.h"
#include "SimulationPanel.h"
#include "ThemeManager.h"

#include <QAction>
#include <QComboBox>
#include <QStyle>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

#include <memory>
#include <thread>

using namespace OrderDesk;

class TestConsole : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    QString submitDirect(const QJsonObject &request)
    {
        const auto result = m_engine->submit(request).result();
        if (const auto *error = std::get_if<EngineError>(&result))
            qFatal("submit failed: %s", qPrintable(error->message));
        return std::get<SubmitResult>(result).order.id;
    }
    static QJsonObject market(const QString &amount)
    {
        return {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                {QStringLiteral("amount"), amount},
                {QStringLiteral("slippageBps"), 500}};
    }
    QString placeThroughTicket(const QString &amount)
    {
        OrderTicket *ticket = m_window->orderTicket();
        auto *amountEdit = ticket->findChild<QLineEdit *>(QStringLiteral("ticketAmount"));
        amountEdit->clear();
        QTest::keyClicks(amountEdit, amount);
        ticket->findChild<QSpinBox *>(QStringLiteral("ticketSlippage"))->setValue(500);
        QSignalSpy placed(ticket, &OrderTicket::orderPlaced);
        QTest::mouseClick(ticket->findChild<QPushButton *>(QStringLiteral("ticketSubmit")),
                          Qt::LeftButton);
        // Stored in the background: the ticket says so once the engine committed it.
        if (placed.isEmpty() && !placed.wait(10'000))
            return {};
        return placed.constFirst().constFirst().toString();
    }

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void marketOrderThroughTicketWalksToConfirmed();
    void livePreviewQuotesBothVenues();
    void ticketRefusesBadInputNextToField();
    void filterHidesAndShowsRows();
    void csvExportWritesVisibleRows();
    void cancelWaitingOrderAndTooLate();
    void statusBarSimulationAndLog();
    void shortcutsFocusTicketAndSearch();
    void themeToggleIsRemembered();
    void translationsAreBuiltIn();
};

void TestConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings away from the user's
    QVERIFY(m_dir.isValid());
    EngineConfig config;
    config.dataDir = m_dir.path();
    config.latencyScale = 0;
    config.dexFailureRate = 0;
    config.seed = 11;
    config.marketTickMs = 0;
    config.rateLimit = 0;
    config.simControl = true;
    m_engine = std::make_unique<Engine>(config);
    QString error;
    QVERIFY2(m_engine->start(&error), qPrintable(error));

    m_window = std::make_unique<MainWindow>(*m_engine, QStringLiteral("http://127.0.0.1:3999"));
    // The rails live in the (test-mode) settings other console tests share: start from open ones.
    m_window->safetyRails()->setHalted(false);
    m_window->safetyRails()->setConfirmAboveUsdc(0);
    m_window->safetyRails()->setMaxNotionalUsdc(0);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestConsole::cleanupTestCase()
{
    m_engine->stop();
    m_window.reset();
    m_engine.reset();
}

void TestConsole::marketOrderThroughTicketWalksToConfirmed()
{
    const QString id = placeThroughTicket(QStringLiteral("0.5"));
    QVERIFY(!id.isEmpty());

    BlotterModel *model = m_window->blotterModel();
    QTRY_VERIFY(model->rowOf(id) >= 0);
    QTRY_COMPARE(toString(model->orderAt(model->rowOf(id)).status), toString(OrderStatus::Confirmed));
    const QModelIndex status = model->index(model->rowOf(id), BlotterModel::StatusColumn);
    QTRY_COMPARE(status.data().toString(), QStringLiteral("confirmed"));

    // The new order is selected and shown, with both venues' quotes and the reason.
    QTRY_COMPARE(m_window->selectedOrderIds(), QStringList{id});
    OrderDetailPane *detail = m_window->detailPane();
    QCOMPARE(detail->orderId(), id);
    QTRY_VERIFY(!detail->quoteText(Venue::Raydium, OrderDetailPane::AmountOutRow).isEmpty());
    QVERIFY(detail->quoteText(Venue::Raydium, OrderDetailPane::AmountOutRow).endsWith(QLatin1String("USDC")));
    QVERIFY(detail->quoteText(Venue::Meteora, OrderDetailPane::AmountOutRow).endsWith(QLatin1String("USDC")));
    QVERIFY(!detail->quoteText(Venue::Raydium, OrderDetailPane::PriceRow).isEmpty());
    QVERIFY(!detail->quoteText(Venue::Meteora, OrderDetailPane::FeeRow).isEmpty());
    QVERIFY(!detail->routeReason().isEmpty());
    // pending, routing, building, submitted, confirmed
    QTRY_VERIFY(detail->timelineRows() >= 5);
    const auto *signature = detail->findChild<QLineEdit *>(QStringLiteral("detailSignature"));
    QCOMPARE(signature->text(), model->orderAt(model->rowOf(id)).execution->signature);
}

void TestConsole::livePreviewQuotesBothVenues()
{
    OrderTicket *ticket = m_window->orderTicket();
    auto *amount = ticket->findChild<QLineEdit *>(QStringLiteral("ticketAmount"));
    amount->clear();
    QTest::keyClicks(amount, QStringLiteral("2"));
    QTRY_VERIFY(ticket->quotePreviewText().contains(QLatin1String("Raydium")));
    QVERIFY(ticket->quotePreviewText().contains(QLatin1String("Meteora")));
    QVERIFY(ticket->quotePreviewText().contains(QLatin1String("USDC")));

    // A quote for an impossible amount answers with the engine's reason.
    amount->clear();
    QTest::keyClicks(amount, QStringLiteral("0"));
    QTRY_VERIFY(ticket->quotePreviewText().contains(QLatin1String("greater than 0")));
}

void TestConsole::ticketRefusesBadInputNextToField()
{
    OrderTicket *ticket = m_window->orderTicket();
    const int rowsBefore = m_window->blotterModel()->rowCount();
    auto *amount = ticket->findChild<QLineEdit *>(QStringLiteral("ticketAmount"));
    auto *submit = ticket->findChild<QPushButton *>(QStringLiteral("ticketSubmit"));

    // Checked as it is typed, without submitting, by the engine's rules.
    amount->clear();
    QTest::keyClicks(amount, QStringLiteral("abc"));
    QVERIFY(!ticket->fieldError(QStringLiteral("amount")).isEmpty());
    auto *message = ticket->findChild<QLabel *>(QStringLiteral("error_amount"));
    QVERIFY(message && message->isVisible());
    // Next to the field: in the row that holds the amount and its unit.
    QCOMPARE(message->parentWidget(), amount->parentWidget()->parentWidget());
    QVERIFY(!ticket->submit());

    amount->clear();
    QTest::keyClicks(amount, QStringLiteral("0.0000000001")); // SOL has 9 decimals
    QVERIFY(ticket->fieldError(QStringLiteral("amount")).contains(QLatin1String("decimal")));

    amount->clear();
    QTest::keyClicks(amount, QStringLiteral("1"));
    QVERIFY(ticket->fieldError(QStringLiteral("amount")).isEmpty());
    // A sell spends the base for the quote: the quote is the request's tokenOut.
    auto *tokenOut = ticket->findChild<QComboBox *>(QStringLiteral("ticketQuote"));
    tokenOut->setCurrentText(QStringLiteral("SOL"));
    QVERIFY(!ticket->fieldError(QStringLiteral("tokenOut")).isEmpty());
    QTest::mouseClick(submit, Qt::LeftButton);
    QVERIFY(!ticket->fieldError(QStringLiteral("tokenOut")).isEmpty());
    tokenOut->setCurrentText(QStringLiteral("USDC"));
    QVERIFY(ticket->fieldError(QStringLiteral("tokenOut")).isEmpty());

    // A limit order needs its price: refused on submit, the message next to the price.
    auto *type = ticket->findChild<QComboBox *>(QStringLiteral("ticketType"));
    type->setCurrentIndex(type->findData(QStringLiteral("limit")));
    QVERIFY(ticket->findChild<QLineEdit *>(QStringLiteral("ticketLimitPrice"))->isVisible());
    QVERIFY(!ticket->submit());
    QVERIFY(!ticket->fieldError(QStringLiteral("limitPrice")).isEmpty());
    QVERIFY(ticket->findChild<QLabel *>(QStringLiteral("error_limitPrice"))->isVisible());
    type->setCurrentIndex(type->findData(QStringLiteral("market")));
    QVERIFY(!ticket->findChild<QLineEdit *>(QStringLiteral("ticketLimitPrice"))->isVisible());

    QTest::qWait(0);
    QCOMPARE(m_window->blotterModel()->rowCount(), rowsBefore);
    amount->clear();
}

void TestConsole::filterHidesAndShowsRows()
{
    QStringList ids;
    for (const QString &amount : {QStringLiteral("0.1"), QStringLiteral("0.2"), QStringLiteral("0.3")})
        ids << submitDirect(market(amount));
    BlotterModel *model = m_window->blotterModel();
    for (const QString &id : std::as_const(ids)) {
        QTRY_VERIFY(model->rowOf(id) >= 0);
        QTRY_COMPARE(toString(model->orderAt(model->rowOf(id)).status), toString(OrderStatus::Confirmed));
    }

    BlotterFilterProxy *proxy = m_window->blotterProxy();
    QTableView *view = m_window->blotterView();
    const int all = proxy->rowCount();
    QVERIFY(all >= 4);
    QCOMPARE(view->model()->rowCount(), all);

    QLineEdit *search = m_window->searchField();
    QTest::keyClicks(search, OrderPresentation::shortId(ids.at(1)));
    QCOMPARE(proxy->rowCount(), 1);
    QCOMPARE(proxy->index(0, 0).data(BlotterModel::OrderIdRole).toString(), ids.at(1));
    search->clear();
    QCOMPARE(proxy->rowCount(), all);

    // Search by signature too.
    const QString signature = model->orderAt(model->rowOf(ids.at(2))).execution->signature;
    search->setText(signature.mid(5, 20));
    QCOMPARE(proxy->rowCount(), 1);
    search->clear();

    auto *status = m_window->findChild<QComboBox *>(QStringLiteral("statusFilter"));
    status->setCurrentIndex(6); // Failed: none in this run
    QCOMPARE(proxy->rowCount(), 0);
    status->setCurrentIndex(3); // Retrying: none either
    QCOMPARE(proxy->rowCount(), 0);
    status->setCurrentIndex(5); // Confirmed
    QCOMPARE(proxy->rowCount(), all);
    status->setCurrentIndex(0);

    auto *pair = m_window->findChild<QComboBox *>(QStringLiteral("pairFilter"));
    QCOMPARE(pair->findData(QStringLiteral("SOL/USDC")) > 0, true);
    pair->setCurrentIndex(pair->findData(QStringLiteral("SOL/USDC")));
    QCOMPARE(proxy->rowCount(), all);
    pair->setCurrentIndex(0);
}

void TestConsole::csvExportWritesVisibleRows()
{
    BlotterFilterProxy *proxy = m_window->blotterProxy();
    QLineEdit *search = m_window->searchField();
    const QString firstId = proxy->index(0, 0).data(BlotterModel::OrderIdRole).toString();
    const QString secondId = proxy->index(1, 0).data(BlotterModel::OrderIdRole).toString();
    QVERIFY(!firstId.isEmpty() && !secondId.isEmpty());

    // Everything, in the order shown.
    const QString path = m_dir.filePath(QStringLiteral("all.csv"));
    QVERIFY(m_window->exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QStringList lines = QString::fromUtf8(file.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    file.close();
    QCOMPARE(lines.size(), proxy->rowCount() + 1);
    for (int row = 0; row < proxy->rowCount(); ++row) {
        QVERIFY(lines.at(row + 1).startsWith(
            proxy->index(row, 0).data(BlotterModel::OrderIdRole).toString() + QLatin1Char(',')));
    }

    // Filtered: exactly the visible row.
    search->setText(secondId);
    QCOMPARE(proxy->rowCount(), 1);
    const QString filtered = m_dir.filePath(QStringLiteral("filtered.csv"));
    QVERIFY(m_window->exportCsv(filtered));
    QFile filteredFile(filtered);
    QVERIFY(filteredFile.open(QIODevice::ReadOnly));
    lines = QString::fromUtf8(filteredFile.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(1).startsWith(secondId + QLatin1Char(',')));
    QVERIFY(lines.at(1).contains(QLatin1String("SOL/USDC")));
    search->clear();
}

void TestConsole::cancelWaitingOrderAndTooLate()
{
    // A limit price no pool reaches: the order waits until cancelled.
    QJsonObject limit = market(QStringLiteral("1"));
    limit.insert(QStringLiteral("type"), QStringLiteral("limit"));
    limit.insert(QStringLiteral("limitPrice"), QStringLiteral("1000000"));
    const QString waiting = submitDirect(limit);
    BlotterModel *model = m_window->blotterModel();
    QTRY_VERIFY(model->rowOf(waiting) >= 0);
    QTRY_COMPARE(toString(model->orderAt(model->rowOf(waiting)).status), toString(OrderStatus::Waiting));

    m_window->selectOrder(waiting);
    QCOMPARE(m_window->selectedOrderIds(), QStringList{waiting});
    QVERIFY(m_window->cancelSelected());
    QTRY_COMPARE(toString(model->orderAt(model->rowOf(waiting)).status), toString(OrderStatus::Cancelled));

    // A confirmed order: the engine's 409 reason is shown.
    const QString done = submitDirect(market(QStringLiteral("0.05")));
    QTRY_VERIFY(model->rowOf(done) >= 0);
    QTRY_COMPARE(toString(model->orderAt(model->rowOf(done)).status), toString(OrderStatus::Confirmed));
    m_window->selectOrder(done);
    const auto refusal = m_engine->cancel(done).result();
    QVERIFY(std::holds_alternative<EngineError>(refusal));
    QVERIFY(m_window->cancelSelected());
    QTRY_VERIFY2(m_window->lastMessage().contains(std::get<EngineError>(refusal).message),
                 qPrintable(m_window->lastMessage()));

    // Del in the blotter is the same action.
    m_window->selectOrder(waiting);
    m_window->blotterView()->setFocus();
    QTest::keyClick(m_window->blotterView(), Qt::Key_Delete);
    QTRY_VERIFY(m_window->lastMessage().contains(OrderPresentation::shortId(waiting)));
}

void TestConsole::statusBarSimulationAndLog()
{
    ConsoleStatusBar *bar = m_window->consoleStatusBar();
    QSignalSpy refreshed(bar, &ConsoleStatusBar::refreshed);
    // A refresh reads the engine's snapshot: no backend round trip, done when it returns.
    bar->refresh();
    QCOMPARE(refreshed.size(), 1);
    QVERIFY(bar->workersText().contains(QLatin1String("/10")));
    // The queue's figures come from the engine's background reading of the queue.
    QTRY_VERIFY(!bar->queueText().contains(QStringLiteral("—")));
    QVERIFY2(bar->queueText().contains(QLatin1String("0")), qPrintable(bar->queueText()));
    const auto light = [bar](const char *name) {
        return bar->findChild<QLabel *>(QLatin1String(name))->text();
    };
    QTRY_VERIFY(light("statusDatabaseLight").contains(QLatin1String("#3aa757"))); // green
    QVERIFY(light("statusDatabaseLight").contains(QLatin1String("SQLite")));
    QVERIFY(light("statusQueueLight").contains(QLatin1String("#3aa757")));

    // An engine that reads nothing (not started) shows no figures and red lights, not zeros.
    {
        EngineConfig idle;
        idle.dataDir = m_dir.filePath(QStringLiteral("idle"));
        Engine stopped(idle);
        ConsoleStatusBar idleBar(stopped);
        QVERIFY2(idleBar.queueText().contains(QStringLiteral("—")), qPrintable(idleBar.queueText()));
        QVERIFY(!idleBar.findChild<QLabel *>(QStringLiteral("statusDatabaseLight"))
                     ->text()
                     .contains(QLatin1String("#3aa757")));
    }
    m_window->setWebSocketClientCount(3);
    QVERIFY(bar->findChild<QLabel *>(QStringLiteral("statusClients"))->text().contains(QLatin1Char('3')));
    QVERIFY(bar->findChild<QLabel *>(QStringLiteral("statusApiLight"))->text().contains(QLatin1String("3999")));
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("embeddedBanner"))->isVisible());

    SimulationPanel *simulation = m_window->simulationPanel();
    QVERIFY(simulation);
    QVERIFY(simulation->setPrice(QStringLiteral("raydium"), QStringLiteral("SOL"),
                                 QStringLiteral("USDC"), QStringLiteral("180")));
    const auto spot = m_engine->market().spotPrice(Venue::Raydium, *m_engine->tokens().find(QStringLiteral("SOL")),
                                                   *m_engine->tokens().find(QStringLiteral("USDC")));
    // The pool keeps k, so the price lands within rounding of the one asked for.
    QVERIFY(spot && *spot > 179 * Decimal::pow10(PriceScale) && *spot < 181 * Decimal::pow10(PriceScale));
    QVERIFY(!simulation->setPrice(QStringLiteral("raydium"), QStringLiteral("SOL"),
                                  QStringLiteral("USDC"), QStringLiteral("-1")));
    QVERIFY(simulation->launch(QStringLiteral("gui1"), QString(), QStringLiteral("50000")));
    QVERIFY(m_engine->tokens().find(QStringLiteral("GUI1")).has_value());
    QVERIFY(!simulation->launch(QStringLiteral("GUI1"), QString(), QStringLiteral("50000")));

    // Anything the program logs, from any thread, reaches the dock.
    qInfo("console-log-dock-probe");
    std::thread([] { qWarning("console-log-dock-probe from a worker"); }).join();
    QTRY_VERIFY(m_window->logDock()->text().contains(QLatin1String("console-log-dock-probe from a worker")));
    QVERIFY(m_window->logDock()->text().contains(QLatin1String("console-log-dock-probe")));
}

void TestConsole::shortcutsFocusTicketAndSearch()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(m_window->searchField()));
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(),
                 static_cast<QWidget *>(m_window->orderTicket()->findChild<QLineEdit *>(QStringLiteral("ticketAmount"))));
}

void TestConsole::themeToggleIsRemembered()
{
    const auto themeAction = [this](ThemeManager::Theme theme) -> QAction * {
        for (QAction *action : m_window->findChildren<QAction *>()) {
            if (action->isCheckable() && action->data() == QVariant(int(theme)))
                return action;
        }
        return nullptr;
    };
    QAction *dark = themeAction(ThemeManager::Theme::Dark);
    QAction *system = themeAction(ThemeManager::Theme::System);
    QVERIFY(dark && system);
    const bool systemIsDark = QApplication::palette().color(QPalette::Window).lightness() < 128;

    dark->trigger();
    QVERIFY(dark->isChecked());
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 128);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));

    // Remembered: a window opened after this one closed comes up dark.
    m_window->close();
    {
        MainWindow second(*m_engine);
        QCOMPARE(second.themeManager()->theme(), ThemeManager::Theme::Dark);
    }
    m_window->show();
    system->trigger();
    QCOMPARE(QApplication::palette().color(QPalette::Window).lightness() < 128, systemIsDark);
}

void TestConsole::translationsAreBuiltIn()
{
    for (const QString &language : {QStringLiteral("de"), QStringLiteral("zh_CN")}) {
        QTranslator translator;
        QVERIFY2(translator.load(QLocale(language), QStringLiteral("orderdesk"), QStringLiteral("_"),
                                 QStringLiteral(":/i18n")),
                 qPrintable(language));
        const QString translated =
            translator.translate("OrderDesk::BlotterFilterBar", "All statuses");
        QVERIFY(!translated.isEmpty());
        QVERIFY(translated != QLatin1String("All statuses"));
        QVERIFY(!translator.translate("OrderDesk::OrderPresentation", "confirmed").isEmpty());
        // A class of its own is a context of its own: the order confirmation kept its strings.
        for (const char *source : {"Confirm order", "Buy %1", "sell"}) {
            const QString text = translator.translate("OrderDesk::OrderConfirmationDialog", source);
            QVERIFY2(!text.isEmpty() && text != QLatin1String(source), source);
        }
    }
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
