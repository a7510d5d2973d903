#include "EngineTestSupport.h"
#include "Wallet.h"
#include "WalletDock.h"
#include "WalletModel.h"
#include "OrderTicket.h"
#include "SafetyRails.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QTemporaryDir>

// The console's wallet dock: its model (checked by QAbstractItemModelTester) follows the
// engine's wallet as orders are accepted and settled.

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;

namespace {

WalletBalance line(const char *token, int decimals, Int128 total, Int128 reserved)
{
    WalletBalance b;
    b.token = QString::fromLatin1(token);
    b.decimals = decimals;
    b.total = total;
    b.reserved = reserved;
    b.costKnown = true;
    return b;
}

WalletSnapshot snapshotOf(const QList<WalletBalance> &balances)
{
    WalletSnapshot snapshot;
    for (const WalletBalance &b : balances) {
        WalletLine l;
        l.balance = b;
        snapshot.lines.append(l);
    }
    return snapshot;
}

} // namespace

class TestWalletDock : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void modelShowsEachTokenAndKeepsRowsAcrossUpdates()
    {
        WalletModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf({line("SOL", 9, 10'000'000'000, 1'500'000'000),
                                      line("USDC", 6, 5'000'000'000, 0)}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, WalletModel::Token).data().toString(), QStringLiteral("SOL"));
        QCOMPARE(model.index(0, WalletModel::Available).data().toString(), QStringLiteral("8.5"));
        QCOMPARE(model.index(0, WalletModel::Reserved).data(Qt::ToolTipRole).toString(), QStringLiteral("1.5"));
        QCOMPARE(model.index(0, WalletModel::Price).data().toString(), QStringLiteral("—"));

        // The same tokens: rows change in place.
        int resets = 0;
        connect(&model, &QAbstractItemModel::modelReset, this, [&] { ++resets; });
        model.setSnapshot(snapshotOf({line("SOL", 9, 9'000'000'000, 0), line("USDC", 6, 5'150'000'000, 0)}));
        QCOMPARE(resets, 0);
        QCOMPARE(model.index(1, WalletModel::Total).data().toString(), QStringLiteral("5150"));
        // A new token: the rows are rebuilt.
        model.setSnapshot(snapshotOf({line("BONK", 5, 100, 0), line("SOL", 9, 9'000'000'000, 0),
                                      line("USDC", 6, 5'150'000'000, 0)}));
        QCOMPARE(resets, 1);
        QCOMPARE(model.rowCount(), 3);
    }

    void dockFollowsTheEngineWallet()
    {
        EngineConfig c = quietConfig(m_dir.path());
        c.walletFunding = {{QStringLiteral("SOL"), QStringLiteral("10")},
                           {QStringLiteral("USDC"), QStringLiteral("100")}};
        auto engine = startedEngine(c);
        WalletDock dock(engine->wallet());
        QAbstractItemModelTester tester(dock.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(dock.model()->rowCount(), 2, 10000);
        const QString id = submitOrder(*engine, {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                                                 {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                                                 {QStringLiteral("amount"), QStringLiteral("2")},
                                                 {QStringLiteral("slippageBps"), 500}});
        QTRY_COMPARE_WITH_TIMEOUT(toString(engine->order(id)->status), toString(OrderStatus::Confirmed), 20000);
        // The confirmed sell moved the position: 8 SOL left, the proceeds in USDC.
        QTRY_COMPARE_WITH_TIMEOUT(dock.model()->index(0, WalletModel::Total).data().toString(),
                                  QStringLiteral("8"), 10000);
        QVERIFY(dock.model()->index(1, WalletModel::Total).data(WalletModel::SortRole).toDouble() > 100e6);
        QVERIFY(dock.totalsText().contains(QStringLiteral("USDC")));
    }

    void ticketShowsTheAvailableBalanceAndMaxFillsIt()
    {
        QTemporaryDir dir;
        EngineConfig c = quietConfig(dir.path());
        c.walletFunding = {{QStringLiteral("SOL"), QStringLiteral("10")},
                           {QStringLiteral("USDC"), QStringLiteral("100")}};
        auto engine = startedEngine(c);
        SafetyRails rails;
        OrderTicket ticket(*engine, rails);
        auto *available = ticket.findChild<QLabel *>(QStringLiteral("ticketAvailable"));
        auto *max = ticket.findChild<QPushButton *>(QStringLiteral("ticketMax"));
        auto *amount = ticket.findChild<QLineEdit *>(QStringLiteral("ticketAmount"));
        // A sell (the ticket's default) pays its base token.
        auto *pay = ticket.findChild<QComboBox *>(QStringLiteral("ticketBase"));
        QVERIFY(available && max && amount && pay);
        pay->setCurrentText(QStringLiteral("SOL"));
        QTRY_COMPARE_WITH_TIMEOUT(available->text(), QStringLiteral("Available: 10 SOL"), 10000);
        // An order reserves part of it: the ticket shows what is left.
        QJsonObject limit{{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
                          {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
                          {QStringLiteral("amount"), QStringLiteral("2.5")},
                          {QStringLiteral("type"), QStringLiteral("limit")},
                          {QStringLiteral("limitPrice"), QStringLiteral("1000000")}};
        submitOrder(*engine, limit);
        QTRY_COMPARE_WITH_TIMEOUT(available->text(), QStringLiteral("Available: 7.5 SOL"), 10000);
        QVERIFY(max->isEnabled());
        max->click();
        QCOMPARE(amount->text(), QStringLiteral("7.5"));
        pay->setCurrentText(QStringLiteral("BONK"));
        QCOMPARE(available->text(), QStringLiteral("Available: 0 BONK"));
        QVERIFY(!max->isEnabled());
    }
};

QTEST_MAIN(TestWalletDock)
#include "tst_walletdock.moc"
