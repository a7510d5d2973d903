#include "EngineTestSupport.h"
#include "Wallet.h"

#include <QSignalSpy>
#include <QTemporaryDir>

// The wallet through the engine (SPEC §3 "Wallet"): what accepting an order reserves, what each
// terminal status does to the balances, exact to the base unit, the refusal that stores
// nothing, the snapshot and its signal, and a restart that keeps the balances.

using namespace OrderDesk;
using namespace OrderDesk::TestSupport;

namespace {

QJsonObject sell(const QString &amount)
{
    return {{QStringLiteral("tokenIn"), QStringLiteral("SOL")},
            {QStringLiteral("tokenOut"), QStringLiteral("USDC")},
            {QStringLiteral("amount"), amount},
            {QStringLiteral("slippageBps"), 500}};
}

WalletSnapshot readWallet(Engine &engine)
{
    const Wallet::ReadOutcome outcome = engine.wallet()->read().result();
    if (const auto *error = std::get_if<EngineError>(&outcome))
        qFatal("wallet read failed: %s", qPrintable(error->message));
    return std::get<WalletSnapshot>(outcome);
}

WalletBalance balance(Engine &engine, const QString &token)
{
    const WalletSnapshot snapshot = readWallet(engine);
    const WalletLine *line = snapshot.line(token);
    return line ? line->balance : WalletBalance{};
}

QString units(Int128 value)
{
    return Decimal::toString(value);
}

Int128 parse(const QString &text, int decimals)
{
    return *Decimal::parse(text, decimals);
}

} // namespace

class TestWalletEngine : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_runs = 0;

    EngineConfig config()
    {
        EngineConfig c = quietConfig(m_dir.path() + QLatin1Char('/') + QString::number(++m_runs));
        c.backoffMs = 20;
        c.walletFunding = {{QStringLiteral("SOL"), QStringLiteral("10")},
                           {QStringLiteral("USDC"), QStringLiteral("5000")},
                           {QStringLiteral("BONK"), QStringLiteral("1000000")}};
        return c;
    }

    Order waitForTerminal(Engine &engine, const QString &id)
    {
        [&] { QTRY_VERIFY_WITH_TIMEOUT(isTerminal(engine.order(id)->status), 30000); }();
        return *engine.order(id);
    }

private Q_SLOTS:
    void confirmedSettlesExactAmounts()
    {
        auto engine = startedEngine(config());
        const QString id = submitOrder(*engine, sell(QStringLiteral("1.5")));
        // Accepting reserved exactly the input.
        QCOMPARE(units(balance(*engine, QStringLiteral("SOL")).reserved), QStringLiteral("1500000000"));
        QCOMPARE(*engine->order(id)->reservedIn, parse(QStringLiteral("1.5"), 9));

        const Order order = waitForTerminal(*engine, id);
        QCOMPARE(toString(order.status), toString(OrderStatus::Confirmed));
        const WalletBalance sol = balance(*engine, QStringLiteral("SOL"));
        QCOMPARE(units(sol.total), QStringLiteral("8500000000"));
        QCOMPARE(units(sol.reserved), QStringLiteral("0"));
        const WalletBalance usdc = balance(*engine, QStringLiteral("USDC"));
        QCOMPARE(usdc.total, parse(QStringLiteral("5000"), 6) + order.execution->amountOut);
        // The position: the sold part took its share of the cost, the rest is realised.
        QVERIFY(sol.costKnown);
        const WalletSnapshot snapshot = readWallet(*engine);
        QVERIFY(snapshot.line(QStringLiteral("SOL"))->midPrice.has_value());
        QVERIFY(snapshot.line(QStringLiteral("SOL"))->unrealisedUsdc.has_value());
        QCOMPARE(snapshot.realisedUsdc, sol.realisedUsdc);
    }

    void failedAfterRetriesReleases()
    {
        EngineConfig c = config();
        c.dexFailureRate = 1;
        c.maxAttempts = 2;
        auto engine = startedEngine(c);
        const QString id = submitOrder(*engine, sell(QStringLiteral("2")));
        QCOMPARE(units(balance(*engine, QStringLiteral("SOL")).reserved), QStringLiteral("2000000000"));
        const Order order = waitForTerminal(*engine, id);
        QCOMPARE(toString(order.status), toString(OrderStatus::Failed));
        QCOMPARE(order.attempt, 2);
        const WalletBalance sol = balance(*engine, QStringLiteral("SOL"));
        QCOMPARE(units(sol.total), QStringLiteral("10000000000"));
        QCOMPARE(units(sol.reserved), QStringLiteral("0"));
    }

    void permanentFailureReleases()
    {
        auto engine = startedEngine(config());
        const Token unlisted{QStringLiteral("NEWCOIN"),
                             QStringLiteral("NewCoin1111111111111111111111111111111111111"), 6};
        QVERIFY(engine->tokens().add(unlisted));
        QJsonObject request = sell(QStringLiteral("1000"));
        request[QStringLiteral("tokenIn")] = QStringLiteral("BONK");
        request[QStringLiteral("tokenOut")] = QStringLiteral("NEWCOIN");
        const QString id = submitOrder(*engine, request);
        const Order order = waitForTerminal(*engine, id);
        QCOMPARE(order.lastError->code, QStringLiteral("no_route"));
        const WalletBalance bonk = balance(*engine, QStringLiteral("BONK"));
        QCOMPARE(units(bonk.total), QStringLiteral("100000000000"));
        QCOMPARE(units(bonk.reserved), QStringLiteral("0"));
    }

    void cancelledAndExpiredRelease()
    {
        auto engine = startedEngine(config());
        QJsonObject limit = sell(QStringLiteral("3"));
        limit[QStringLiteral("type")] = QStringLiteral("limit");
        limit[QStringLiteral("limitPrice")] = QStringLiteral("1000000"); // far above the market
        const QString cancelled = submitOrder(*engine, limit);
        limit[QStringLiteral("amount")] = QStringLiteral("4");
        limit[QStringLiteral("expiresInSec")] = 1;
        const QString expiring = submitOrder(*engine, limit);
        QCOMPARE(units(balance(*engine, QStringLiteral("SOL")).reserved), QStringLiteral("7000000000"));

        QVERIFY(std::holds_alternative<Order>(engine->cancel(cancelled).result()));
        QCOMPARE(units(balance(*engine, QStringLiteral("SOL")).reserved), QStringLiteral("4000000000"));
        QCOMPARE(toString(waitForTerminal(*engine, expiring).status), toString(OrderStatus::Expired));
        const WalletBalance sol = balance(*engine, QStringLiteral("SOL"));
        QCOMPARE(units(sol.reserved), QStringLiteral("0"));
        QCOMPARE(units(sol.total), QStringLiteral("10000000000"));
    }

    void insufficientFundsNamesTheFieldAndStoresNothing()
    {
        auto engine = startedEngine(config());
        const auto refused = engine->submit(sell(QStringLiteral("10.000000001"))).result();
        QVERIFY(std::holds_alternative<EngineError>(refused));
        const EngineError error = std::get<EngineError>(refused);
        QCOMPARE(error.kind, EngineError::Kind::InvalidInput);
        QCOMPARE(error.code, QStringLiteral("insufficient_funds"));
        QCOMPARE(error.field, QStringLiteral("amount"));
        QCOMPARE(engine->orders({}).size(), 0);
        QCOMPARE(units(balance(*engine, QStringLiteral("SOL")).reserved), QStringLiteral("0"));
        // Exactly the balance still fits, and its resubmission (same clientOrderId) is that order,
        // although the wallet could not pay for it a second time.
        QJsonObject all = sell(QStringLiteral("10"));
        all[QStringLiteral("clientOrderId")] = QStringLiteral("all-in");
        const QString id = submitOrder(*engine, all);
        QCOMPARE(balance(*engine, QStringLiteral("SOL")).available(), Int128(0));
        const auto again = engine->submit(all).result();
        QVERIFY(std::holds_alternative<SubmitResult>(again));
        QCOMPARE(std::get<SubmitResult>(again).order.id, id);
        QVERIFY(!std::get<SubmitResult>(again).created);
    }

    void exactOutReservesItsMaximumInputAndSpendsNoMore()
    {
        auto engine = startedEngine(config());
        const QJsonObject buy{{QStringLiteral("tokenIn"), QStringLiteral("USDC")},
                              {QStringLiteral("tokenOut"), QStringLiteral("SOL")},
                              {QStringLiteral("amount"), QStringLiteral("2")},
                              {QStringLiteral("swapMode"), QStringLiteral("ExactOut")},
                              {QStringLiteral("slippageBps"), 100}};
        const QString id = submitOrder(*engine, buy);
        const Int128 reserved = *engine->order(id)->reservedIn;
        QVERIFY(reserved > 0);
        QCOMPARE(balance(*engine, QStringLiteral("USDC")).reserved, reserved);
        const Order order = waitForTerminal(*engine, id);
        QCOMPARE(toString(order.status), toString(OrderStatus::Confirmed));
        QVERIFY(order.route->maxAmountIn <= reserved);
        const QList<OrderEvent> history = engine->history(id);
        const Int128 spent = parse(history.last().details.value(QStringLiteral("amountIn")).toString(), 6);
        QVERIFY(spent <= reserved);
        const WalletBalance usdc = balance(*engine, QStringLiteral("USDC"));
        QCOMPARE(usdc.total, parse(QStringLiteral("5000"), 6) - spent);
        QCOMPARE(units(usdc.reserved), QStringLiteral("0"));
        QCOMPARE(balance(*engine, QStringLiteral("SOL")).total,
                 parse(QStringLiteral("10"), 9) + order.execution->amountOut);
    }

    void theSnapshotFollowsEveryChange()
    {
        auto engine = startedEngine(config());
        Wallet *wallet = engine->wallet();
        QVERIFY(wallet);
        QSignalSpy changed(wallet, &Wallet::changed);
        const QString id = submitOrder(*engine, sell(QStringLiteral("1")));
        waitForTerminal(*engine, id);
        // After the terminal event the wallet is read again: the snapshot settles at the
        // balances the store holds.
        QTRY_COMPARE_WITH_TIMEOUT(units(wallet->snapshot().line(QStringLiteral("SOL"))->balance.total),
                                  QStringLiteral("9000000000"), 10000);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(wallet->snapshot().available(QStringLiteral("SOL")), parse(QStringLiteral("9"), 9));
        const QJsonObject json = wallet->snapshot().toJson();
        QVERIFY(json.value(QStringLiteral("balances")).isArray());
        QVERIFY(json.value(QStringLiteral("totals")).toObject().contains(QStringLiteral("pnlUsdc")));
    }

    void aRestartKeepsTheBalancesAndDoesNotFundAgain()
    {
        EngineConfig c = config();
        Int128 usdcAfter = 0;
        {
            auto engine = startedEngine(c);
            const QString id = submitOrder(*engine, sell(QStringLiteral("2.5")));
            QCOMPARE(toString(waitForTerminal(*engine, id).status), toString(OrderStatus::Confirmed));
            usdcAfter = balance(*engine, QStringLiteral("USDC")).total;
            engine->stop();
        }
        c.walletFunding = {{QStringLiteral("SOL"), QStringLiteral("999")}};
        auto engine = startedEngine(c);
        QCOMPARE(units(balance(*engine, QStringLiteral("SOL")).total), QStringLiteral("7500000000"));
        QCOMPARE(balance(*engine, QStringLiteral("USDC")).total, usdcAfter);
    }

    void concurrentOrdersNeverOverdraw()
    {
        EngineConfig c = config();
        c.workers = 8;
        auto engine = startedEngine(c);
        // 40 orders of 0.4 SOL submitted at once against 10 SOL: 25 fit.
        QList<QFuture<Engine::SubmitOutcome>> submitted;
        for (int i = 0; i < 40; ++i)
            submitted << engine->submit(sell(QStringLiteral("0.4")));
        QStringList accepted;
        int refused = 0;
        for (auto &future : submitted) {
            const Engine::SubmitOutcome outcome = future.result();
            if (const auto *ok = std::get_if<SubmitResult>(&outcome))
                accepted << ok->order.id;
            else if (std::get<EngineError>(outcome).code == QLatin1String("insufficient_funds"))
                ++refused;
        }
        QCOMPARE(accepted.size(), 25);
        QCOMPARE(refused, 15);
        Int128 spent = 0;
        for (const QString &id : std::as_const(accepted)) {
            const Order order = waitForTerminal(*engine, id);
            if (order.status == OrderStatus::Confirmed)
                spent += order.amountIn;
        }
        const WalletBalance sol = balance(*engine, QStringLiteral("SOL"));
        QCOMPARE(units(sol.reserved), QStringLiteral("0"));
        QCOMPARE(sol.total, parse(QStringLiteral("10"), 9) - spent);
        QVERIFY(sol.total >= 0);
    }
};

QTEST_GUILESS_MAIN(TestWalletEngine)
#include "tst_walletengine.moc"
