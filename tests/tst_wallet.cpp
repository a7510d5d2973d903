#include "StoreTestSupport.h"
#include "StoreWriter.h"

#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

using namespace OrderDesk;
using namespace StoreTest;

// The wallet in the store (SPEC §3 "Wallet"), on SQLite and PostgreSQL: reservations made in
// the insert's transaction, settled or released exactly once in the terminal transition's,
// refusals that write nothing, and two stores racing for the last balance of one database.

namespace {

WalletBalance funded(const Token &token, const char *whole)
{
    WalletBalance balance;
    balance.token = token.symbol;
    balance.decimals = token.decimals;
    balance.total = units(whole, token.decimals);
    balance.costKnown = true;
    balance.costUsdc = token.symbol == QLatin1String("USDC") ? balance.total : 0;
    return balance;
}

// An order of `sol` SOL for USDC that reserves what it sells.
Order reserving(const QString &id, const char *sol, qint64 offsetMs = 0)
{
    Order order = newOrder(id, offsetMs);
    order.amountIn = units(sol, 9);
    order.reservedIn = order.amountIn;
    return order;
}

WalletBalance balanceOf(OrderStore &store, const QString &token)
{
    const std::optional<QList<WalletBalance>> balances = store.walletBalances();
    if (!balances)
        qFatal("the wallet cannot be read: %s", qPrintable(store.lastError()));
    for (const WalletBalance &balance : *balances) {
        if (balance.token == token)
            return balance;
    }
    WalletBalance none;
    none.token = token;
    return none;
}

// Moves a stored order to `status` (through routing when it must), as its worker would.
WriteResult finish(OrderStore &store, Order &order, OrderStatus status)
{
    if (status != OrderStatus::Cancelled && status != OrderStatus::Expired) {
        order.attempt = 1;
        const OrderEvent routing = advance(order, OrderStatus::Routing);
        if (const WriteResult r = store.applyTransition(order, routing); r != WriteResult::Applied)
            return r;
    }
    const OrderEvent event = advance(order, status);
    return store.applyTransition(order, event);
}

QString text(Int128 value)
{
    return Decimal::toString(value);
}

} // namespace

class TestWallet : public StoreFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addBackendRows(); }
    void init()
    {
        initBackend("tst_wallet");
        QCOMPARE(m_store->fundWallet({funded(TokenRegistry::sol(), "10"),
                                      funded(TokenRegistry::usdc(), "1000")}),
                 std::optional<bool>(true));
    }
    void cleanup() { cleanupBackend(); }

    void fundedOnceAndKeptAcrossRestarts()
    {
        QCOMPARE(m_store->fundWallet({funded(TokenRegistry::sol(), "99")}), std::optional<bool>(false));
        Order order = reserving(QStringLiteral("kept"), "2.5");
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);

        m_store.reset();
        m_store = openStore();
        QVERIFY(m_store);
        QCOMPARE(m_store->fundWallet({funded(TokenRegistry::sol(), "99")}), std::optional<bool>(false));
        const WalletBalance sol = balanceOf(*m_store, QStringLiteral("SOL"));
        QCOMPARE(text(sol.total), QStringLiteral("10000000000"));
        QCOMPARE(text(sol.reserved), QStringLiteral("2500000000"));
        QCOMPARE(*m_store->order(order.id)->reservedIn, units("2.5", 9));
    }

    void everyTerminalPathReleasesOrSettlesOnce_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("failed") << int(OrderStatus::Failed);
        QTest::newRow("cancelled") << int(OrderStatus::Cancelled);
        QTest::newRow("expired") << int(OrderStatus::Expired);
    }
    void everyTerminalPathReleasesOrSettlesOnce()
    {
        QFETCH(int, status);
        Order order = reserving(QStringLiteral("released"), "4");
        QCOMPARE(m_store->insertOrder(order, firstEvent(order)), WriteResult::Applied);
        QCOMPARE(text(balanceOf(*m_store, QStringLiteral("SOL")).reserved), QStringLiteral("4000000000"));
        QCOMPARE(text(balanceOf(*m_store, QStringLiteral("SOL")).available()), QStringLiteral("6000000000"));

        const Order before = order;
        QCOMPARE(finish(*m_store, order, OrderStatus(status)), WriteResult::Applied);
        WalletBalance sol = balanceOf(*m_store, QStringLiteral("SOL"));
        QCOMPARE(text(sol.reserved), QStringLiteral("0"));
        QCOMPARE(text(sol.total), QStringLiteral("10000000000"));
        QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE wallet_state = 'released'")), 1);

        // The same terminal write again (a retried write, a second worker): refused by the
        // order's compare-and-set, and the reservation is not released a second time.
        Order again = before;
        QCOMPARE(finish(*m_store, again, OrderStatus(status)), WriteResult::Conflict);
        sol = balanceOf(*m_store, QStringLiteral("SOL"));
        QCOMPARE(text(sol.reserved), QStringLiteral("0"));
        QCOMPARE(text(sol.total), QStringLiteral("10000000000"));
    }

    void confirmedSettlesTheRealAmounts()
    {
        // A sell of 4 SOL that reserved 4 and took 4, and an ExactOut buy of USDC-for-SOL style:
        // 3 SOL reserved, 2.75 taken.
        Order sell = reserving(QStringLiteral("sell"), "4");
        Order capped = reserving(QStringLiteral("capped"), "3", 1);
        QCOMPARE(m_store->applyBatch({StoreWrite::insert(sell, firstEvent(sell)),
                                      StoreWrite::insert(capped, firstEvent(capped))}),
                 (QList<WriteResult>{WriteResult::Applied, WriteResult::Applied}));
        QCOMPARE(text(balanceOf(*m_store, QStringLiteral("SOL")).reserved), QStringLiteral("7000000000"));

        sell.execution = ExecutionResult{QStringLiteral("sig-sell"), Venue::Raydium,
                                         units("601.234567", 6), 0, at(10)};
        sell.execution->amountIn = units("4", 9);
        sell.execution->valueUsdc = units("601.234567", 6);
        capped.execution = ExecutionResult{QStringLiteral("sig-capped"), Venue::Meteora,
                                           units("400", 6), 0, at(11)};
        capped.execution->amountIn = units("2.750000001", 9);
        capped.execution->valueUsdc = units("400", 6);
        QCOMPARE(finish(*m_store, sell, OrderStatus::Confirmed), WriteResult::Applied);
        QCOMPARE(finish(*m_store, capped, OrderStatus::Confirmed), WriteResult::Applied);

        const WalletBalance sol = balanceOf(*m_store, QStringLiteral("SOL"));
        QCOMPARE(text(sol.total), QStringLiteral("3249999999")); // 10 - 4 - 2.750000001
        QCOMPARE(text(sol.reserved), QStringLiteral("0"));
        const WalletBalance usdc = balanceOf(*m_store, QStringLiteral("USDC"));
        QCOMPARE(text(usdc.total), QStringLiteral("2001234567")); // 1000 + 601.234567 + 400
        QCOMPARE(text(usdc.reserved), QStringLiteral("0"));
        QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE wallet_state = 'settled'")), 2);
    }

    void aTokenBoughtForTheFirstTimeGetsItsRow()
    {
        Order buy = newOrder(QStringLiteral("first-bonk"));
        buy.tokenIn = TokenRegistry::usdc();
        buy.tokenOut = *TokenRegistry().find(QStringLiteral("BONK"));
        buy.amountIn = units("100", 6);
        buy.reservedIn = buy.amountIn;
        QCOMPARE(m_store->insertOrder(buy, firstEvent(buy)), WriteResult::Applied);
        buy.execution = ExecutionResult{QStringLiteral("sig-bonk"), Venue::Raydium,
                                        units("4000000", 5), 0, at(5)};
        buy.execution->amountIn = buy.amountIn;
        buy.execution->valueUsdc = buy.amountIn;
        QCOMPARE(finish(*m_store, buy, OrderStatus::Confirmed), WriteResult::Applied);
        const WalletBalance bonk = balanceOf(*m_store, QStringLiteral("BONK"));
        QCOMPARE(bonk.decimals, 5);
        QCOMPARE(text(bonk.total), QStringLiteral("400000000000"));
        QCOMPARE(text(bonk.costUsdc), QStringLiteral("100000000"));
        QCOMPARE(text(balanceOf(*m_store, QStringLiteral("USDC")).total), QStringLiteral("900000000"));
    }

    void averageCostAndRealisedPnl()
    {
        // 10 SOL that cost 1,500 USDC; 4 sold for 700: 600 of cost leaves with them, 100 realised.
        QVERIFY(m_store->markWalletCosts({}));
        QString error;
        QVERIFY2(rawExec({QStringLiteral("UPDATE wallet_balances SET cost_usdc = '1500000000'"
                                         " WHERE token = 'SOL'")}, &error), qPrintable(error));
        Order sell = reserving(QStringLiteral("pnl"), "4");
        QCOMPARE(m_store->insertOrder(sell, firstEvent(sell)), WriteResult::Applied);
        sell.execution = ExecutionResult{QStringLiteral("sig-pnl"), Venue::Raydium, units("700", 6), 0, at(3)};
        sell.execution->amountIn = units("4", 9);
        sell.execution->valueUsdc = units("700", 6);
        QCOMPARE(finish(*m_store, sell, OrderStatus::Confirmed), WriteResult::Applied);
        const WalletBalance sol = balanceOf(*m_store, QStringLiteral("SOL"));
        QCOMPARE(text(sol.costUsdc), QStringLiteral("900000000"));
        QCOMPARE(text(sol.realisedUsdc), QStringLiteral("100000000"));
    }

    void anOrderTheBalanceCannotCoverIsRefusedAloneAndWritesNothing()
    {
        // 10 SOL: 4 and 5 fit, 3 does not (1 left), 1 still does.
        const Order a = reserving(QStringLiteral("a"), "4", 0);
        const Order b = reserving(QStringLiteral("b"), "5", 1);
        const Order c = reserving(QStringLiteral("c"), "3", 2);
        const Order d = reserving(QStringLiteral("d"), "1", 3);
        QCOMPARE(m_store->applyBatch({StoreWrite::insert(a, firstEvent(a)), StoreWrite::insert(b, firstEvent(b)),
                                      StoreWrite::insert(c, firstEvent(c)), StoreWrite::insert(d, firstEvent(d))}),
                 (QList<WriteResult>{WriteResult::Applied, WriteResult::Applied,
                                     WriteResult::InsufficientFunds, WriteResult::Applied}));
        QVERIFY(!m_store->order(c.id));
        QVERIFY(m_store->lastError().isEmpty());
        QCOMPARE(m_store->history(c.id).size(), 0);
        QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders")), 3);
        const WalletBalance sol = balanceOf(*m_store, QStringLiteral("SOL"));
        QCOMPARE(text(sol.reserved), QStringLiteral("10000000000"));
        QCOMPARE(text(sol.available()), QStringLiteral("0"));
        // A token the wallet does not hold at all.
        Order bonk = newOrder(QStringLiteral("no-bonk"), 4);
        bonk.tokenIn = *TokenRegistry().find(QStringLiteral("BONK"));
        bonk.reservedIn = Int128(1);
        QCOMPARE(m_store->insertOrder(bonk, firstEvent(bonk)), WriteResult::InsufficientFunds);
        QVERIFY(!m_store->order(bonk.id));
    }

    void aRepeatedClientOrderIdHoldsNothing()
    {
        // The second order with clientOrderId "dup" stores nothing, in a batch whose other
        // members do: only what was stored stays reserved.
        const Order first = reserving(QStringLiteral("first"), "1", 0);
        Order firstWithKey = first;
        firstWithKey.clientOrderId = QStringLiteral("dup");
        QCOMPARE(m_store->insertOrder(firstWithKey, firstEvent(firstWithKey)), WriteResult::Applied);
        Order again = reserving(QStringLiteral("again"), "2", 1);
        again.clientOrderId = QStringLiteral("dup");
        const Order other = reserving(QStringLiteral("other"), "3", 2);
        const Order more = reserving(QStringLiteral("more"), "0.5", 3);
        const Order last = reserving(QStringLiteral("last"), "0.25", 4);
        QCOMPARE(m_store->applyBatch({StoreWrite::insert(again, firstEvent(again)),
                                      StoreWrite::insert(other, firstEvent(other)),
                                      StoreWrite::insert(more, firstEvent(more)),
                                      StoreWrite::insert(last, firstEvent(last))}),
                 (QList<WriteResult>{WriteResult::Duplicate, WriteResult::Applied,
                                     WriteResult::Applied, WriteResult::Applied}));
        QVERIFY(!m_store->order(again.id));
        QCOMPARE(text(balanceOf(*m_store, QStringLiteral("SOL")).reserved), QStringLiteral("4750000000"));
    }

    void oneBatchSettlesReleasesAndReserves()
    {
        // What a busy node's group commit holds: orders finishing (one of them with two
        // transitions in the batch) next to new orders, whose reservations count the balance
        // the finished ones gave back.
        Order sold = reserving(QStringLiteral("sold"), "4", 0);
        Order failed = reserving(QStringLiteral("failed"), "5", 1);
        QCOMPARE(m_store->applyBatch({StoreWrite::insert(sold, firstEvent(sold)),
                                      StoreWrite::insert(failed, firstEvent(failed))}),
                 (QList<WriteResult>{WriteResult::Applied, WriteResult::Applied}));
        sold.attempt = 1;
        const OrderEvent routing = advance(sold, OrderStatus::Routing);
        QCOMPARE(m_store->applyTransition(sold, routing), WriteResult::Applied);

        failed.attempt = 1;
        const OrderEvent failedRoutingEvent = advance(failed, OrderStatus::Routing);
        const Order failedAtRouting = failed;
        const OrderEvent failedEvent = advance(failed, OrderStatus::Failed);
        sold.execution = ExecutionResult{QStringLiteral("sig-sold"), Venue::Raydium,
                                         units("600", 6), 0, at(10)};
        sold.execution->amountIn = units("4", 9);
        sold.execution->valueUsdc = units("600", 6);
        const OrderEvent confirmed = advance(sold, OrderStatus::Confirmed);
        // 10 SOL: 1 left before the batch; 4 settled away and 5 released leave 6 available.
        const Order big = reserving(QStringLiteral("big"), "5.5", 2);
        const Order tooBig = reserving(QStringLiteral("too-big"), "1", 3);
        const Order fits = reserving(QStringLiteral("fits"), "0.5", 4);
        QCOMPARE(m_store->applyBatch({StoreWrite::transition(failedAtRouting, failedRoutingEvent),
                                      StoreWrite::transition(failed, failedEvent),
                                      StoreWrite::transition(sold, confirmed),
                                      StoreWrite::insert(big, firstEvent(big)),
                                      StoreWrite::insert(tooBig, firstEvent(tooBig)),
                                      StoreWrite::insert(fits, firstEvent(fits))}),
                 (QList<WriteResult>{WriteResult::Applied, WriteResult::Applied, WriteResult::Applied,
                                     WriteResult::Applied, WriteResult::InsufficientFunds,
                                     WriteResult::Applied}));
        const WalletBalance sol = balanceOf(*m_store, QStringLiteral("SOL"));
        QCOMPARE(text(sol.total), QStringLiteral("6000000000"));
        QCOMPARE(text(sol.reserved), QStringLiteral("6000000000"));
        const WalletBalance usdc = balanceOf(*m_store, QStringLiteral("USDC"));
        QCOMPARE(text(usdc.total), QStringLiteral("1600000000"));
        QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE wallet_state = 'settled'")), 1);
        QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE wallet_state = 'released'")), 1);
        QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders WHERE wallet_state = 'open'")), 2);
    }

    void concurrentOrdersNeverOverdraw()
    {
        // Four writers (each its own group-commit thread), 60 orders each of 0.1 to 0.5 SOL,
        // against 10 SOL: exactly what fits is accepted, and the reservations add up.
        constexpr int Writers = 4;
        constexpr int PerWriter = 60;
        std::vector<std::unique_ptr<OrderStore>> stores;
        std::vector<std::unique_ptr<StoreWriter>> writers;
        for (int w = 0; w < Writers; ++w) {
            stores.push_back(openStore());
            QVERIFY(stores.back());
            writers.push_back(std::make_unique<StoreWriter>(*stores.back()));
            writers.back()->start();
        }
        QList<QFuture<WriteResult>> futures;
        QList<Int128> amounts;
        for (int i = 0; i < PerWriter; ++i) {
            for (int w = 0; w < Writers; ++w) {
                const int tenths = 1 + (i * 7 + w * 3) % 5;
                const QByteArray amount = QByteArray("0.") + QByteArray::number(tenths);
                const Order order = reserving(QStringLiteral("c-%1-%2").arg(w).arg(i), amount.constData(), i);
                amounts << order.amountIn;
                futures << writers[w]->write(StoreWrite::insert(order, firstEvent(order)));
            }
        }
        Int128 accepted = 0;
        int refused = 0;
        for (qsizetype k = 0; k < futures.size(); ++k) {
            const WriteResult result = futures[k].result();
            QVERIFY(result == WriteResult::Applied || result == WriteResult::InsufficientFunds);
            if (result == WriteResult::Applied)
                accepted += amounts.at(k);
            else
                ++refused;
        }
        const WalletBalance sol = balanceOf(*m_store, QStringLiteral("SOL"));
        QCOMPARE(text(sol.reserved), text(accepted));
        QVERIFY(sol.reserved <= sol.total);
        QVERIFY(refused > 0);
        // Refusals only once the rest could not cover even the smallest order.
        QVERIFY(sol.available() < units("0.5", 9));
        QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders")), int(futures.size()) - refused);
        for (auto &writer : writers)
            writer->stop();
    }

    void twoStoresRaceForTheLastBalance()
    {
        if (!isPostgres())
            QSKIP("two processes share a database only on PostgreSQL");
        // Two nodes' stores on one PostgreSQL, each with 20 orders of the whole 10 SOL, sent at
        // once from two threads: exactly one order gets it.
        std::unique_ptr<OrderStore> other = openStore();
        QVERIFY(other);
        std::atomic<int> applied{0};
        std::atomic<int> refused{0};
        auto race = [&](OrderStore &store, const QString &node) {
            for (int i = 0; i < 20; ++i) {
                const Order order = reserving(QStringLiteral("%1-%2").arg(node).arg(i), "10", i);
                const WriteResult result = store.insertOrder(order, firstEvent(order));
                if (result == WriteResult::Applied)
                    ++applied;
                else if (result == WriteResult::InsufficientFunds)
                    ++refused;
            }
        };
        std::unique_ptr<QThread> first(QThread::create(race, std::ref(*m_store), QStringLiteral("one")));
        std::unique_ptr<QThread> second(QThread::create(race, std::ref(*other), QStringLiteral("two")));
        first->start();
        second->start();
        QVERIFY(first->wait(60000));
        QVERIFY(second->wait(60000));
        QCOMPARE(applied.load(), 1);
        QCOMPARE(refused.load(), 39);
        QCOMPARE(text(balanceOf(*m_store, QStringLiteral("SOL")).reserved), QStringLiteral("10000000000"));
        QCOMPARE(rawCount(QStringLiteral("SELECT COUNT(*) FROM orders")), 1);
    }
};

QTEST_GUILESS_MAIN(TestWallet)
#include "tst_wallet.moc"
