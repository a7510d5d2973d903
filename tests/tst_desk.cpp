// The trader's desk in the console (gui/), over real engines on the offscreen platform: pairs
// shown one way whichever way an order goes, the market watch and the price chart, the ticket's
// buy and sell with its route, the safety rails (confirmation, maximum, kill switch, cancel-all)
// and an order's retries as they happen.
#include "BlotterModel.h"
#include "CanonicalPair.h"
#include "ConsoleStatusBar.h"
#include "Engine.h"
#include "EngineTestSupport.h"
#include "ImpactCurveChart.h"
#include "MainWindow.h"
#include "Market.h"
#include "MarketWatchModel.h"
#include "MarketWatchPanel.h"
#include "OrderDetailPane.h"
#include "OrderTicket.h"
#include "PriceChart.h"
#include "SafetyRails.h"
#include "SimulationPanel.h"
#include "TradingActions.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

using namespace OrderDesk;

namespace {
constexpr int Timeout = 20'000;

Int128 usdc(qint64 whole)
{
    return Int128(whole) * 1'000'000;
}
} // namespace

class TestDesk : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    QString submitDirect(const QJsonObject &request) { return TestSupport::submitOrder(*m_engine, request); }
    OrderStatus statusOf(const QString &id) const
    {
        const std::optional<Order> order = m_engine->order(id);
        return order ? order->status : OrderStatus::Pending;
    }
    static void typeAmount(OrderTicket *ticket, const QString &amount)
    {
        auto *edit = ticket->findChild<QLineEdit *>(QStringLiteral("ticketAmount"));
        edit->clear();
        QTest::keyClicks(edit, amount);
    }
    Token token(const char *symbol) const { return *m_engine->tokens().find(QLatin1String(symbol)); }

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void canonicalPairEitherDirection();
    void blotterShowsBothDirectionsAsOnePair();
    void marketWatchUpdatesAndSorts();
    void selectingPairDrivesChartAndTicket();
    void ticketBuysAndSellsWithRoute();
    void confirmedOrderAddsFillMarker();
    void confirmationAboveThresholdAndMaximumRefuses();
    void killSwitchStopsOrders();
    void cancelAllCancelsExactlyTheWaitingOrders();
    void retriedOrderShowsRetryingThenNextAttempt();
};

void TestDesk::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings away from the user's
    QVERIFY(m_dir.isValid());
    // Prices move only when a test moves them (the simulation controls) or trades.
    EngineConfig config = TestSupport::quietConfig(m_dir.filePath(QStringLiteral("main")));
    config.simControl = true;
    m_engine = TestSupport::startedEngine(config);

    m_window = std::make_unique<MainWindow>(*m_engine, QStringLiteral("http://127.0.0.1:3998"));
    SafetyRails *rails = m_window->safetyRails();
    rails->setHalted(false);
    rails->setConfirmAboveUsdc(0);
    rails->setMaxNotionalUsdc(0);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestDesk::cleanupTestCase()
{
    // The rails are settings: leave them open for the next run of any console test.
    m_window->safetyRails()->setHalted(false);
    m_window->safetyRails()->setConfirmAboveUsdc(SafetyRails::DefaultConfirmAboveUsdc);
    m_window->safetyRails()->setMaxNotionalUsdc(SafetyRails::DefaultMaxNotionalUsdc);
    m_engine->stop();
    m_window.reset();
    m_engine.reset();
}

void TestDesk::canonicalPairEitherDirection()
{
    const Token sol = token("SOL"), usdc = token("USDC"), usdt = token("USDT"), bonk = token("BONK"),
                wif = token("WIF");
    const CanonicalPair sell = CanonicalPair::of(sol, usdc);
    const CanonicalPair buy = CanonicalPair::of(usdc, sol);
    QCOMPARE(sell.text(), QStringLiteral("SOL/USDC"));
    QCOMPARE(buy.text(), QStringLiteral("SOL/USDC"));
    QCOMPARE(int(sell.side()), int(OrderSide::Sell));
    QCOMPARE(int(buy.side()), int(OrderSide::Buy));
    // USDC over USDT over SOL; two others by name, the same both ways.
    QCOMPARE(CanonicalPair::of(usdt, usdc).text(), QStringLiteral("USDT/USDC"));
    QCOMPARE(CanonicalPair::of(sol, usdt).text(), QStringLiteral("SOL/USDT"));
    QCOMPARE(CanonicalPair::of(bonk, sol).text(), QStringLiteral("BONK/SOL"));
    QCOMPARE(CanonicalPair::of(bonk, wif).text(), CanonicalPair::of(wif, bonk).text());

    // 150 USDC per SOL, whichever way the engine's price (tokenOut per tokenIn) was kept.
    const Int128 one = Decimal::pow10(PriceScale);
    const Int128 price = 150 * one;
    QCOMPARE(*sell.quotePerBase(price), price);
    const Int128 solPerUsdc = *CanonicalPair::invert(price);
    const Int128 back = *buy.quotePerBase(solPerUsdc);
    QVERIFY(back >= price && back - price < one / 1'000'000'000); // rounding, nothing more
    // A buy's limit typed in USDC per SOL goes to the engine as SOL per USDC, rounded so it never
    // pays more than typed.
    const Int128 limit = *buy.outPerIn(price);
    QVERIFY(*CanonicalPair::invert(limit) <= price);
}

void TestDesk::blotterShowsBothDirectionsAsOnePair()
{
    const QString sold = submitDirect({{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                       {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                       {QStringLiteral("amount"), QStringLiteral("1")},
                                       {QStringLiteral("slippageBps"), 300}});
    const QString bought = submitDirect({{QStringLiteral("tokenIn"), QStringLiteral("USDC")},
                                         {QStringLiteral("tokenOut"), QStringLiteral("SOL")},
                                         {QStringLiteral("amount"), QStringLiteral("1")},
                                         {QStringLiteral("swapMode"), QStringLiteral("ExactOut")},
                                         {QStringLiteral("side"), QStringLiteral("buy")},
                                         {QStringLiteral("slippageBps"), 300}});
    BlotterModel *model = m_window->blotterModel();
    for (const QString &id : {sold, bought}) {
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(id) >= 0 && model->orderAt(model->rowOf(id)).status
                                                           == OrderStatus::Confirmed, Timeout);
    }
    const auto cell = [model](const QString &id, int column) {
        return model->index(model->rowOf(id), column).data().toString();
    };
    QCOMPARE(cell(sold, BlotterModel::PairColumn), QStringLiteral("SOL/USDC"));
    QCOMPARE(cell(bought, BlotterModel::PairColumn), QStringLiteral("SOL/USDC"));
    QCOMPARE(cell(sold, BlotterModel::SideColumn), QStringLiteral("sell"));
    QCOMPARE(cell(bought, BlotterModel::SideColumn), QStringLiteral("buy"));
    // A buy's amount is what it receives.
    QCOMPARE(cell(bought, BlotterModel::AmountColumn), QStringLiteral("1 SOL"));
    // Both prices in USDC per SOL: within a few percent of each other, not 150 and 0.0067.
    const double soldAt = cell(sold, BlotterModel::PriceColumn).toDouble();
    const double boughtAt = cell(bought, BlotterModel::PriceColumn).toDouble();
    QVERIFY2(soldAt > 10 && boughtAt > 10, qPrintable(QStringLiteral("%1 %2").arg(soldAt).arg(boughtAt)));
    QVERIFY(std::abs(soldAt - boughtAt) / soldAt < 0.05);
    QVERIFY(model->index(model->rowOf(bought), BlotterModel::PriceColumn)
                .data(Qt::ToolTipRole).toString().endsWith(QLatin1String("USDC per SOL")));
    QVERIFY(model->pairs().contains(QStringLiteral("SOL/USDC")));
    QVERIFY(!model->pairs().contains(QStringLiteral("USDC/SOL")));
}

void TestDesk::marketWatchUpdatesAndSorts()
{
    MarketWatchPanel *watch = m_window->marketWatch();
    MarketWatchModel *model = watch->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(watch->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Every pool of both venues, in canonical orientation.
    const int solRaydium = model->rowOf(QStringLiteral("SOL/USDC"), Venue::Raydium);
    const int solMeteora = model->rowOf(QStringLiteral("SOL/USDC"), Venue::Meteora);
    QVERIFY(solRaydium >= 0 && solMeteora >= 0);
    QCOMPARE(model->rowCount(), int(m_engine->market().listings().size()));
    QCOMPARE(model->rowOf(QStringLiteral("USDC/SOL"), Venue::Raydium), -1);
    const auto text = [model](int row, int column) { return model->index(row, column).data().toString(); };
    QVERIFY(text(solRaydium, MarketWatchModel::BidColumn) != QStringLiteral("—"));
    QVERIFY(text(solRaydium, MarketWatchModel::AskColumn) != QStringLiteral("—"));
    // A reference-size trade pays a fee both ways: the bid is below the ask.
    QVERIFY(model->index(solRaydium, MarketWatchModel::BidColumn).data(MarketWatchModel::SortRole).toDouble()
            < model->index(solRaydium, MarketWatchModel::AskColumn).data(MarketWatchModel::SortRole).toDouble());
    QVERIFY(text(solRaydium, MarketWatchModel::SpreadColumn) != QStringLiteral("—"));
    QVERIFY(text(solRaydium, MarketWatchModel::LiquidityColumn) != QStringLiteral("—"));

    // Live: a price set on Raydium shows up without anyone asking.
    const auto number = [model](int row, int column) {
        return model->index(row, column).data(MarketWatchModel::SortRole).toDouble();
    };
    QVERIFY(number(solRaydium, MarketWatchModel::MidColumn) < 190);
    QVERIFY(m_window->simulationPanel()->setPrice(QStringLiteral("raydium"), QStringLiteral("SOL"),
                                                  QStringLiteral("USDC"), QStringLiteral("200")));
    QTRY_VERIFY_WITH_TIMEOUT(number(solRaydium, MarketWatchModel::MidColumn) > 199, Timeout);
    QVERIFY(number(solRaydium, MarketWatchModel::MidColumn) < 201);
    QVERIFY(text(solRaydium, MarketWatchModel::ChangeColumn).startsWith(QLatin1Char('+'))
            || text(solRaydium, MarketWatchModel::ChangeColumn).startsWith(QStringLiteral("−")));
    // The spread between the venues follows: Raydium now well above Meteora, and Meteora below.
    QVERIFY(number(solRaydium, MarketWatchModel::SpreadColumn) > 1000);
    QVERIFY(number(solMeteora, MarketWatchModel::SpreadColumn) < -1000);

    // Sortable by any column: by mid, descending, the proxy's rows are in order.
    QSortFilterProxyModel *proxy = watch->proxy();
    watch->view()->sortByColumn(MarketWatchModel::MidColumn, Qt::DescendingOrder);
    double previous = std::numeric_limits<double>::max();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const double value = proxy->index(row, MarketWatchModel::MidColumn).data(MarketWatchModel::SortRole).toDouble();
        QVERIFY2(value <= previous, qPrintable(QStringLiteral("row %1").arg(row)));
        previous = value;
    }
    watch->view()->sortByColumn(MarketWatchModel::PairColumn, Qt::AscendingOrder);
    QString previousPair;
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QString pair = proxy->index(row, MarketWatchModel::PairColumn).data().toString();
        QVERIFY(pair >= previousPair);
        previousPair = pair;
    }
    // Filtered on the pair.
    watch->findChild<QLineEdit *>(QStringLiteral("marketWatchFilter"))->setText(QStringLiteral("BONK"));
    QVERIFY(proxy->rowCount() > 0 && proxy->rowCount() < model->rowCount());
    for (int row = 0; row < proxy->rowCount(); ++row)
        QVERIFY(proxy->index(row, 0).data().toString().contains(QLatin1String("BONK")));
    watch->findChild<QLineEdit *>(QStringLiteral("marketWatchFilter"))->clear();
}

void TestDesk::selectingPairDrivesChartAndTicket()
{
    MarketWatchPanel *watch = m_window->marketWatch();
    PriceChart *chart = m_window->priceChart();
    OrderTicket *ticket = m_window->orderTicket();
    QSignalSpy selected(watch, &MarketWatchPanel::pairSelected);
    QVERIFY(watch->selectPair(QStringLiteral("JUP/USDC")));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(chart->pair(), QStringLiteral("JUP/USDC"));
    QCOMPARE(ticket->base(), QStringLiteral("JUP"));
    QCOMPARE(ticket->quote(), QStringLiteral("USDC"));
    // Both venues' lines, from the market watch's history.
    QVERIFY(chart->pricePointCount(Venue::Raydium) > 0);
    QVERIFY(chart->pricePointCount(Venue::Meteora) > 0);

    // A click in the table is the same choice.
    QTableView *view = watch->view();
    int bonkRow = -1;
    for (int row = 0; row < watch->proxy()->rowCount() && bonkRow < 0; ++row) {
        if (watch->proxy()->index(row, 0).data().toString() == QLatin1String("BONK/SOL"))
            bonkRow = row;
    }
    QVERIFY(bonkRow >= 0);
    view->scrollTo(watch->proxy()->index(bonkRow, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(watch->proxy()->index(bonkRow, 0)).center());
    QTRY_COMPARE(chart->pair(), QStringLiteral("BONK/SOL"));
    QCOMPARE(ticket->base(), QStringLiteral("BONK"));
    QCOMPARE(ticket->quote(), QStringLiteral("SOL"));

    QVERIFY(watch->selectPair(QStringLiteral("SOL/USDC")));
    QCOMPARE(chart->pair(), QStringLiteral("SOL/USDC"));
}

void TestDesk::ticketBuysAndSellsWithRoute()
{
    OrderTicket *ticket = m_window->orderTicket();
    ticket->setPair(QStringLiteral("SOL"), QStringLiteral("USDC"));
    ticket->setSide(OrderSide::Buy);
    typeAmount(ticket, QStringLiteral("2"));
    // Buy = exact out of the base, paid in the quote.
    QJsonObject request = ticket->request();
    QCOMPARE(request.value(QStringLiteral("tokenIn")).toString(), QStringLiteral("USDC"));
    QCOMPARE(request.value(QStringLiteral("tokenOut")).toString(), QStringLiteral("SOL"));
    QCOMPARE(request.value(QStringLiteral("swapMode")).toString(), QStringLiteral("ExactOut"));
    QCOMPARE(request.value(QStringLiteral("side")).toString(), QStringLiteral("buy"));
    QCOMPARE(ticket->findChild<QPushButton *>(QStringLiteral("ticketSubmit"))->text(), QStringLiteral("Buy SOL"));
    // The route it would take, with its legs, fee and impact, and the impact curve up to 2 SOL.
    QTRY_VERIFY_WITH_TIMEOUT(ticket->quotePreviewText().contains(QLatin1String("Route:")), Timeout);
    const QString preview = ticket->quotePreviewText();
    QVERIFY2(preview.contains(QLatin1String("hop 1")), qPrintable(preview));
    QVERIFY(preview.contains(QLatin1String("fee")));
    QVERIFY(preview.contains(QLatin1String("impact")));
    QVERIFY(preview.contains(QLatin1String("USDC per SOL")));
    QVERIFY(preview.contains(QLatin1String("receive 2")));
    QTRY_VERIFY(ticket->impactChart()->pointCount() > 0);
    QVERIFY(ticket->impactChart()->impactAtFullSize(0) >= 0);

    // Sell = exact in of the base.
    ticket->setSide(OrderSide::Sell);
    request = ticket->request();
    QCOMPARE(request.value(QStringLiteral("tokenIn")).toString(), QStringLiteral("SOL"));
    QCOMPARE(request.value(QStringLiteral("tokenOut")).toString(), QStringLiteral("USDC"));
    QVERIFY(!request.contains(QStringLiteral("swapMode")));
    QTRY_VERIFY_WITH_TIMEOUT(ticket->quotePreviewText().contains(QLatin1String("pay 2 SOL")), Timeout);

    // A limit buy spends the quote, its limit typed in USDC per SOL and sent as SOL per USDC.
    auto *type = ticket->findChild<QComboBox *>(QStringLiteral("ticketType"));
    type->setCurrentIndex(type->findData(QStringLiteral("limit")));
    ticket->setSide(OrderSide::Buy);
    ticket->findChild<QLineEdit *>(QStringLiteral("ticketLimitPrice"))->setText(QStringLiteral("100"));
    request = ticket->request();
    QCOMPARE(request.value(QStringLiteral("tokenIn")).toString(), QStringLiteral("USDC"));
    QVERIFY(!request.contains(QStringLiteral("swapMode")));
    QCOMPARE(ticket->findChild<QLabel *>(QStringLiteral("ticketAmountUnit"))->text(), QStringLiteral("USDC"));
    QCOMPARE(request.value(QStringLiteral("limitPrice")).toString(), QStringLiteral("0.01"));
    ticket->findChild<QLineEdit *>(QStringLiteral("ticketLimitPrice"))->clear();
    type->setCurrentIndex(type->findData(QStringLiteral("market")));
    ticket->setSide(OrderSide::Sell);

    // Picked the wrong way round, the pair turns canonical: USDC priced in SOL is SOL/USDC.
    auto *base = ticket->findChild<QComboBox *>(QStringLiteral("ticketBase"));
    auto *quote = ticket->findChild<QComboBox *>(QStringLiteral("ticketQuote"));
    base->setCurrentText(QStringLiteral("USDC"));
    quote->setCurrentIndex(quote->findText(QStringLiteral("SOL")));
    emit quote->activated(quote->currentIndex());
    QCOMPARE(ticket->base(), QStringLiteral("SOL"));
    QCOMPARE(ticket->quote(), QStringLiteral("USDC"));
    typeAmount(ticket, QString());
}

void TestDesk::confirmedOrderAddsFillMarker()
{
    PriceChart *chart = m_window->priceChart();
    QVERIFY(m_window->marketWatch()->selectPair(QStringLiteral("SOL/USDC")));
    const int sellsBefore = chart->fillMarkerCount(OrderSide::Sell);
    const int buysBefore = chart->fillMarkerCount(OrderSide::Buy);
    QVERIFY(sellsBefore >= 1 && buysBefore >= 1); // the two orders of the blotter test

    OrderTicket *ticket = m_window->orderTicket();
    ticket->setPair(QStringLiteral("SOL"), QStringLiteral("USDC"));
    ticket->setSide(OrderSide::Buy);
    ticket->findChild<QSpinBox *>(QStringLiteral("ticketSlippage"))->setValue(500);
    typeAmount(ticket, QStringLiteral("0.25"));
    QSignalSpy placed(ticket, &OrderTicket::orderPlaced);
    QVERIFY(ticket->submit());
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, Timeout);
    const QString id = placed.constFirst().constFirst().toString();
    QTRY_COMPARE_WITH_TIMEOUT(int(statusOf(id)), int(OrderStatus::Confirmed), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(chart->fillMarkerCount(OrderSide::Buy), buysBefore + 1, Timeout);
    QCOMPARE(chart->fillMarkerCount(OrderSide::Sell), sellsBefore);

    // Another pair's chart has none of them.
    QVERIFY(m_window->marketWatch()->selectPair(QStringLiteral("JUP/USDC")));
    QCOMPARE(chart->fillMarkerCount(OrderSide::Buy), 0);
    QVERIFY(m_window->marketWatch()->selectPair(QStringLiteral("SOL/USDC")));
    typeAmount(ticket, QString());
}

void TestDesk::confirmationAboveThresholdAndMaximumRefuses()
{
    SafetyRails *rails = m_window->safetyRails();
    rails->setConfirmAboveUsdc(usdc(100));
    rails->setMaxNotionalUsdc(usdc(1000));
    OrderTicket *ticket = m_window->orderTicket();
    ticket->setPair(QStringLiteral("SOL"), QStringLiteral("USDC"));
    ticket->setSide(OrderSide::Sell);
    ticket->findChild<QSpinBox *>(QStringLiteral("ticketSlippage"))->setValue(500);
    QSignalSpy placed(ticket, &OrderTicket::orderPlaced);
    QSignalSpy confirmations(ticket, &OrderTicket::confirmationRequested);

    // Below the threshold (0.1 SOL is some 20 USDC): straight through.
    typeAmount(ticket, QStringLiteral("0.1"));
    QVERIFY(*ticket->notionalUsdc() < usdc(100));
    QVERIFY(ticket->submit());
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, Timeout);
    QCOMPARE(confirmations.size(), 0);

    // Above it (2 SOL): a confirmation first; nothing is sent until the operator says so.
    typeAmount(ticket, QStringLiteral("2"));
    const Int128 notional = *ticket->notionalUsdc();
    QVERIFY(notional > usdc(100) && notional < usdc(1000));
    QVERIFY(ticket->submit());
    QCOMPARE(confirmations.size(), 1);
    // The dialog deletes itself once closed.
    QPointer<QMessageBox> dialog = confirmations.constFirst().constFirst().value<QMessageBox *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(dialog->text().contains(QLatin1String("confirmation threshold")));
    QCOMPARE(placed.size(), 1);
    // Cancel sends nothing.
    QTest::mouseClick(dialog->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    QTest::qWait(0);
    QCOMPARE(placed.size(), 1);
    // Confirmed, it goes.
    QVERIFY(ticket->submit());
    QCOMPARE(confirmations.size(), 2);
    dialog = confirmations.constLast().constFirst().value<QMessageBox *>();
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("confirmSend")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 2, Timeout);

    // Above the maximum (20 SOL): refused in the console, with the reason, and never sent.
    typeAmount(ticket, QStringLiteral("20"));
    const auto newest = [this] {
        OrderListQuery query;
        query.limit = 1;
        const QList<Order> orders = m_engine->orders(query);
        return orders.isEmpty() ? QString() : orders.constFirst().id;
    };
    const QString newestBefore = newest();
    QVERIFY(!ticket->submit());
    QCOMPARE(confirmations.size(), 2);
    QVERIFY2(ticket->fieldError(QString()).contains(QLatin1String("maximum order notional")),
             qPrintable(ticket->fieldError(QString())));
    QVERIFY(m_window->lastMessage().contains(QLatin1String("maximum")));
    // Refused before the engine was asked: nothing was stored that could show up later.
    QCOMPARE(newest(), newestBefore);
    QCOMPARE(placed.size(), 2);

    rails->setConfirmAboveUsdc(0);
    rails->setMaxNotionalUsdc(0);
    typeAmount(ticket, QString());
}

void TestDesk::killSwitchStopsOrders()
{
    OrderTicket *ticket = m_window->orderTicket();
    QAction *halt = m_window->tradingActions()->haltAction();
    ConsoleStatusBar *bar = m_window->consoleStatusBar();
    QVERIFY(bar->haltText().contains(QLatin1String("Orders enabled")));
    halt->trigger();
    QVERIFY(m_window->safetyRails()->isHalted());
    QVERIFY(bar->haltText().contains(QLatin1String("Orders halted")));
    QVERIFY(ticket->findChild<QLabel *>(QStringLiteral("ticketHalted"))->isVisible());
    QVERIFY(!ticket->findChild<QPushButton *>(QStringLiteral("ticketSubmit"))->isEnabled());

    QSignalSpy placed(ticket, &OrderTicket::orderPlaced);
    typeAmount(ticket, QStringLiteral("0.1"));
    QVERIFY(!ticket->submit());
    QVERIFY(ticket->fieldError(QString()).contains(QLatin1String("kill switch")));
    QCOMPARE(placed.size(), 0);

    halt->trigger();
    QVERIFY(!m_window->safetyRails()->isHalted());
    QVERIFY(ticket->findChild<QPushButton *>(QStringLiteral("ticketSubmit"))->isEnabled());
    QVERIFY(ticket->submit());
    QTRY_COMPARE_WITH_TIMEOUT(placed.size(), 1, Timeout);
    typeAmount(ticket, QString());
}

void TestDesk::cancelAllCancelsExactlyTheWaitingOrders()
{
    // Two limit orders no pool reaches, a sniper order for a token that never launches, and
    // orders that are not waiting: a confirmed one and a cancelled one.
    const auto limit = [](const QString &price) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("limit")},
                           {QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                           {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                           {QStringLiteral("amount"), QStringLiteral("1")},
                           {QStringLiteral("limitPrice"), price}};
    };
    const QStringList waiting = {
        submitDirect(limit(QStringLiteral("1000000"))), submitDirect(limit(QStringLiteral("2000000"))),
        submitDirect({{QStringLiteral("type"), QStringLiteral("sniper")},
                      {QStringLiteral("tokenIn"), QStringLiteral("USDC")},
                      {QStringLiteral("tokenOut"), QStringLiteral("NEVERCOIN")},
                      {QStringLiteral("amount"), QStringLiteral("10")}})};
    const QString cancelledBefore = submitDirect(limit(QStringLiteral("3000000")));
    QVERIFY(std::holds_alternative<Order>(m_engine->cancel(cancelledBefore).result()));
    const QString confirmed = submitDirect({{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                            {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                            {QStringLiteral("amount"), QStringLiteral("0.1")},
                                            {QStringLiteral("slippageBps"), 500}});
    QTRY_COMPARE_WITH_TIMEOUT(int(statusOf(confirmed)), int(OrderStatus::Confirmed), Timeout);
    for (const QString &id : waiting)
        QCOMPARE(int(statusOf(id)), int(OrderStatus::Waiting));

    TradingActions *actions = m_window->tradingActions();
    QSignalSpy confirmations(actions, &TradingActions::confirmationRequested);
    QSignalSpy finished(actions, &TradingActions::cancelAllFinished);

    // Asked first; "keep them" cancels nothing.
    actions->cancelAllAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(confirmations.size(), 1, Timeout);
    QPointer<QMessageBox> dialog = confirmations.constLast().constFirst().value<QMessageBox *>();
    QVERIFY(dialog->text().contains(QLatin1String("3")));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("cancelAllKeep")), Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    for (const QString &id : waiting)
        QCOMPARE(int(statusOf(id)), int(OrderStatus::Waiting));

    actions->cancelAllAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(confirmations.size(), 2, Timeout);
    dialog = confirmations.constLast().constFirst().value<QMessageBox *>();
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("cancelAllConfirm")), Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(finished.constLast().at(0).toInt(), 3);
    QCOMPARE(finished.constLast().at(1).toInt(), 0);
    for (const QString &id : waiting)
        QCOMPARE(int(statusOf(id)), int(OrderStatus::Cancelled));
    QCOMPARE(int(statusOf(confirmed)), int(OrderStatus::Confirmed));
    QCOMPARE(int(statusOf(cancelledBefore)), int(OrderStatus::Cancelled));
    // The blotter follows.
    BlotterModel *model = m_window->blotterModel();
    for (const QString &id : waiting)
        QTRY_COMPARE(int(model->orderAt(model->rowOf(id)).status), int(OrderStatus::Cancelled));

    // Nothing left waiting: said so, no dialog.
    actions->cancelAllAction()->trigger();
    QTRY_COMPARE(finished.size(), 3);
    QCOMPARE(confirmations.size(), 2);
}

void TestDesk::retriedOrderShowsRetryingThenNextAttempt()
{
    // An engine whose market drops every submission: each attempt's transaction expires unlanded,
    // and the order retries after its back-off.
    EngineConfig config = TestSupport::quietConfig(m_dir.filePath(QStringLiteral("failing")));
    config.dexFailureRate = 1.0;
    config.maxAttempts = 2;
    config.backoffMs = 1500;
    Engine failing(config);
    QString error;
    QVERIFY2(failing.start(&error), qPrintable(error));
    {
        MainWindow window(failing);
        window.safetyRails()->setHalted(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        BlotterModel *model = window.blotterModel();
        QSignalSpy retries(model, &BlotterModel::retryScheduled);

        const auto submitted = failing.submit({{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                               {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                               {QStringLiteral("amount"), QStringLiteral("0.5")}})
                                   .result();
        QVERIFY(std::holds_alternative<SubmitResult>(submitted));
        const QString id = std::get<SubmitResult>(submitted).order.id;
        window.selectOrder(id);

        // The chip says retrying (not submitted) for the whole back-off, with why and until when.
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(id) >= 0
                                     && model->orderAt(model->rowOf(id)).status == OrderStatus::Retrying,
                                 Timeout);
        const QModelIndex status = model->index(model->rowOf(id), BlotterModel::StatusColumn);
        QCOMPARE(status.data().toString(), QStringLiteral("retrying"));
        QVERIFY2(status.data(Qt::ToolTipRole).toString().contains(QLatin1String("attempt 2 at")),
                 qPrintable(status.data(Qt::ToolTipRole).toString()));
        QVERIFY(status.data(Qt::ToolTipRole).toString().contains(QLatin1String("back-off")));
        // The status bar counts it and says why.
        QTRY_COMPARE(window.consoleStatusBar()->retryingText(), QStringLiteral("Retrying 1"));
        QTRY_VERIFY(!retries.isEmpty());
        QVERIFY(window.lastMessage().contains(QLatin1String("retrying")));
        // The timeline has the attempt's error and the back-off.
        auto *timeline = window.detailPane()->findChild<QTreeWidget *>(QStringLiteral("timeline"));
        const auto timelineHas = [timeline](const QString &status, const QString &text) {
            for (int row = 0; row < timeline->topLevelItemCount(); ++row) {
                const QTreeWidgetItem *item = timeline->topLevelItem(row);
                if (item->text(1) == status && item->text(3).contains(text))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY(timelineHas(QStringLiteral("retrying"), QStringLiteral("back-off")));
        QVERIFY(timelineHas(QStringLiteral("retrying"), QStringLiteral("1.5 s")));

        // Then the next attempt: routing again as attempt 2, and the count goes back to 0.
        QTRY_VERIFY_WITH_TIMEOUT(model->orderAt(model->rowOf(id)).attempt == 2
                                     && model->orderAt(model->rowOf(id)).status != OrderStatus::Retrying,
                                 Timeout);
        QTRY_COMPARE(window.consoleStatusBar()->retryingText(), QStringLiteral("Retrying 0"));
        QTRY_VERIFY(timelineHas(QStringLiteral("routing"), QStringLiteral("retry after")));
        // Two attempts at most: it ends failed, every attempt's reason on record.
        QTRY_COMPARE_WITH_TIMEOUT(int(model->orderAt(model->rowOf(id)).status), int(OrderStatus::Failed), 30'000);
    }
    failing.stop();
}

QTEST_MAIN(TestDesk)
#include "tst_desk.moc"
