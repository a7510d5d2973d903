// One contract, two markets: every test runs against LocalMarket (in-process) and against
// RemoteMarket talking to a real orderdesk-market process started here (port 0, its own data
// dir). Latency scale 0: a block every 10 ms, a transaction lands in the next block.
#include "LocalMarket.h"
#include "RemoteMarket.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <QJsonDocument>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace OrderDesk;

namespace {
constexpr int LandTimeoutMs = 10'000;

// A market under test, and for the remote one the process behind it.
struct Harness
{
    TokenRegistry tokens;
    std::unique_ptr<QProcess> process;
    std::unique_ptr<Market> market;
    QUrl url;
};

// The global data row: "local" or "remote".
bool isRemote()
{
    QFETCH_GLOBAL(bool, remote);
    return remote;
}
} // namespace

class tst_MarketContract : public QObject
{
    Q_OBJECT

private:
    // Starts a market on `dataDir`; check QTest::currentTestFailed() after.
    std::unique_ptr<Harness> start(const QString &dataDir, double failureRate = 0.0);
    // Stops it as an operator would (SIGTERM for the service) and checks it exited cleanly.
    void stop(std::unique_ptr<Harness> &harness);
    SwapTransaction signedSwap(Market &market, const QString &orderId, Int128 amountIn,
                               Int128 minAmountOut = 0);
    static bool landed(Market &market, const QString &signature);
    static int ledgerCount(Market &market, const QString &signature);

    QTemporaryDir m_dir;
    int m_markets = 0;

private Q_SLOTS:
    void initTestCase_data();
    void blockhashIsValidFor150Blocks();
    void expiredBlockhashIsRejectedAndNeverLands();
    void badSignatureIsRejected();
    void sameTransactionTwiceLandsOnce();
    void landsWithItsRealAmounts();
    void slippageLandsFailedWithoutExecuting();
    void aRouteLandsWholeAsOneLedgerEntry();
    void droppedTransactionNeverLandsOnceExpired();
    void identicalOrdersWithDifferentIdsHaveDifferentSignatures();
    void ledgerPages();
    void statusesSurviveARestart();
    void poolsAreMirrored();
    void concurrentCallersFromWorkerThreads();
};

void tst_MarketContract::initTestCase_data()
{
    QTest::addColumn<bool>("remote");
    QTest::newRow("local") << false;
    QTest::newRow("remote") << true;
}

std::unique_ptr<Harness> tst_MarketContract::start(const QString &dataDir, double failureRate)
{
    auto harness = std::make_unique<Harness>();
    QString error;
    if (!isRemote()) {
        MarketConfig config;
        config.latencyScale = 0;
        config.failureRate = failureRate;
        config.seed = 7;
        config.launchChancePerStep = 0;
        config.listingChancePerStep = 0;
        config.dataDir = dataDir;
        auto local = std::make_unique<LocalMarket>(config, harness->tokens);
        [&] { QVERIFY2(local->open(&error), qPrintable(error)); }();
        harness->market = std::move(local);
        return harness;
    }

    harness->process = std::make_unique<QProcess>();
    QProcess &process = *harness->process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral(ORDERDESK_MARKET_BINARY),
                  {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                   QStringLiteral("--data-dir"), dataDir, QStringLiteral("--latency-scale"),
                   QStringLiteral("0"), QStringLiteral("--dex-failure-rate"),
                   QString::number(failureRate), QStringLiteral("--seed"), QStringLiteral("7")});
    QByteArray output;
    const auto listening = [&] {
        output += process.readAllStandardOutput();
        return output.contains('\n') || process.state() == QProcess::NotRunning;
    };
    [&] {
        QVERIFY2(process.waitForStarted(5000), qPrintable(process.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(listening(), 10'000);
        const QByteArray line = output.left(output.indexOf('\n')).trimmed();
        QVERIFY2(line.startsWith("listening on http://"), line.constData());
        harness->url = QUrl(QString::fromLatin1(line.mid(int(qstrlen("listening on ")))));
        auto remote = std::make_unique<RemoteMarket>(harness->url, harness->tokens);
        QVERIFY2(remote->open(&error), qPrintable(error));
        harness->market = std::move(remote);
    }();
    return harness;
}

void tst_MarketContract::stop(std::unique_ptr<Harness> &harness)
{
    harness->market.reset();
    if (harness->process) {
        QSignalSpy finished(harness->process.get(), &QProcess::finished);
        harness->process->terminate(); // SIGTERM
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);
        QCOMPARE(harness->process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(harness->process->exitCode(), 0);
    }
    harness.reset();
}

SwapTransaction tst_MarketContract::signedSwap(Market &market, const QString &orderId,
                                               Int128 amountIn, Int128 minAmountOut)
{
    const std::optional<Blockhash> hash = market.latestBlockhash();
    SwapTransaction tx;
    tx.orderId = orderId;
    tx.attempt = 1;
    tx.venue = Venue::Raydium;
    tx.tokenIn = TokenRegistry::sol();
    tx.tokenOut = TokenRegistry::usdc();
    tx.amountIn = amountIn;
    tx.minAmountOut = minAmountOut;
    tx.wrapSol = true;
    tx.blockhash = hash ? hash->blockhash : QString();
    tx.lastValidBlockHeight = hash ? hash->lastValidBlockHeight : 0;
    tx.sign();
    return tx;
}

bool tst_MarketContract::landed(Market &market, const QString &signature)
{
    const std::optional<SignatureStatus> status = market.signatureStatus(signature);
    return status && status->landed;
}

int tst_MarketContract::ledgerCount(Market &market, const QString &signature)
{
    int count = 0;
    qint64 after = 0;
    for (;;) {
        const std::optional<QList<LandedTransaction>> page = market.ledger(after, 1000);
        if (!page)
            return -1;
        for (const LandedTransaction &entry : *page)
            count += entry.signature == signature ? 1 : 0;
        if (page->size() < 1000)
            return count;
        after = page->last().sequence;
    }
}

void tst_MarketContract::blockhashIsValidFor150Blocks()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const std::optional<Blockhash> first = market.latestBlockhash();
    QVERIFY(first);
    QVERIFY(!first->blockhash.isEmpty());
    QCOMPARE(first->lastValidBlockHeight, first->slot + 150);
    QCOMPARE(market.blockIntervalMs(), 10);

    // Blocks advance, each with its own hash.
    QTRY_VERIFY_WITH_TIMEOUT(market.blockHeight().value_or(0) > first->slot + 2, 5000);
    const std::optional<Blockhash> later = market.latestBlockhash();
    QVERIFY(later);
    QVERIFY(later->slot > first->slot);
    QVERIFY(later->blockhash != first->blockhash);

    // A transaction on the older, still valid hash is accepted and lands.
    const SwapTransaction tx = signedSwap(market, QStringLiteral("order-valid"), 10'000'000);
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
    QTRY_VERIFY_WITH_TIMEOUT(landed(market, tx.signature), LandTimeoutMs);
    stop(harness);
}

void tst_MarketContract::expiredBlockhashIsRejectedAndNeverLands()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const SwapTransaction tx = signedSwap(market, QStringLiteral("order-expired"), 10'000'000);
    // 150 blocks of 10 ms.
    QTRY_VERIFY_WITH_TIMEOUT(market.blockHeight().value_or(0) > tx.lastValidBlockHeight, 10'000);
    const SendResult sent = market.sendTransaction(tx);
    QCOMPARE(sent.kind, SendResult::Kind::Rejected);
    QCOMPARE(sent.error.code, QStringLiteral("blockhash_not_found"));

    const std::optional<SignatureStatus> status = market.signatureStatus(tx.signature);
    QVERIFY(status);
    QVERIFY(!status->landed);
    QVERIFY(status->contextSlot > tx.lastValidBlockHeight); // so it never will
    QCOMPARE(ledgerCount(market, tx.signature), 0);

    // A blockhash the chain never issued is refused the same way.
    SwapTransaction madeUp = signedSwap(market, QStringLiteral("order-made-up"), 10'000'000);
    madeUp.blockhash = QStringLiteral("11111111111111111111111111111111");
    madeUp.sign();
    QCOMPARE(market.sendTransaction(madeUp).error.code, QStringLiteral("blockhash_not_found"));
    stop(harness);
}

void tst_MarketContract::badSignatureIsRejected()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    SwapTransaction tx = signedSwap(market, QStringLiteral("order-tampered"), 10'000'000);
    tx.amountIn *= 2; // after signing
    const SendResult sent = market.sendTransaction(tx);
    QCOMPARE(sent.kind, SendResult::Kind::Rejected);
    QCOMPARE(sent.error.code, QStringLiteral("invalid_signature"));
    QVERIFY(!market.signatureStatus(tx.signature)->landed);
    stop(harness);
}

void tst_MarketContract::sameTransactionTwiceLandsOnce()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const SwapTransaction tx = signedSwap(market, QStringLiteral("order-twice"), 50'000'000);
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted); // while pending
    QTRY_VERIFY_WITH_TIMEOUT(landed(market, tx.signature), LandTimeoutMs);
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted); // after landing
    const qint64 sentAt = market.blockHeight().value_or(0);
    QTRY_VERIFY_WITH_TIMEOUT(market.blockHeight().value_or(0) > sentAt + 3, 5000);
    QCOMPARE(ledgerCount(market, tx.signature), 1);
    stop(harness);
}

void tst_MarketContract::landsWithItsRealAmounts()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const Int128 amountIn = 2'000'000'000; // 2 SOL
    const VenueQuote quote =
        market.quote(Venue::Raydium, TokenRegistry::sol(), TokenRegistry::usdc(), amountIn);
    QVERIFY2(quote.available, qPrintable(quote.unavailableReason));
    QCOMPARE(quote.amountIn, amountIn);
    const Int128 minOut = quote.amountOut * 95 / 100;
    const SwapTransaction tx = signedSwap(market, QStringLiteral("order-amounts"), amountIn, minOut);
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
    QTRY_VERIFY_WITH_TIMEOUT(landed(market, tx.signature), LandTimeoutMs);

    const std::optional<SignatureStatus> status = market.signatureStatus(tx.signature);
    QVERIFY(status && status->landed && !status->error);
    QVERIFY(status->slot <= tx.lastValidBlockHeight);
    const std::optional<LandedTransaction> landedTx = market.transaction(tx.signature);
    QVERIFY(landedTx && landedTx->isKnown());
    QCOMPARE(landedTx->signature, tx.signature);
    QCOMPARE(landedTx->orderId, tx.orderId);
    QCOMPARE(landedTx->attempt, 1);
    QCOMPARE(landedTx->slot, status->slot);
    QVERIFY(landedTx->amountIn == amountIn);
    QVERIFY(landedTx->amountOut >= minOut);
    QVERIFY(landedTx->executedPrice > 0);
    QVERIFY(!landedTx->error);
    QCOMPARE(landedTx->tokenOut.symbol, QStringLiteral("USDC"));
    QVERIFY(landedTx->landedAt.isValid());

    // Unknown signatures are known not to exist, which is not the same as no answer.
    const std::optional<LandedTransaction> unknown = market.transaction(QStringLiteral("1111"));
    QVERIFY(unknown && !unknown->isKnown());
    stop(harness);
}

void tst_MarketContract::slippageLandsFailedWithoutExecuting()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const Int128 amountIn = 1'000'000'000;
    const VenueQuote quote =
        market.quote(Venue::Raydium, TokenRegistry::sol(), TokenRegistry::usdc(), amountIn);
    QVERIFY(quote.available);
    const SwapTransaction tx =
        signedSwap(market, QStringLiteral("order-slippage"), amountIn, quote.amountOut * 2);
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
    QTRY_VERIFY_WITH_TIMEOUT(landed(market, tx.signature), LandTimeoutMs);
    const std::optional<SignatureStatus> status = market.signatureStatus(tx.signature);
    QVERIFY(status && status->error);
    QCOMPARE(status->error->code, QStringLiteral("slippage_exceeded"));
    const std::optional<LandedTransaction> landedTx = market.transaction(tx.signature);
    QVERIFY(landedTx && landedTx->error);
    QCOMPARE(landedTx->error->code, QStringLiteral("slippage_exceeded"));
    QVERIFY(landedTx->amountOut == 0);
    QCOMPARE(ledgerCount(market, tx.signature), 0); // the audit trail holds executions only
    stop(harness);
}

void tst_MarketContract::aRouteLandsWholeAsOneLedgerEntry()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const Token sol = TokenRegistry::sol();
    const Token usdc = TokenRegistry::usdc();
    const Token usdt = *harness->tokens.find(QStringLiteral("USDT"));
    const auto leg = [](int hop, Venue venue, const Token &in, const Token &out, int share) {
        RouteLeg l;
        l.hop = hop;
        l.venue = venue;
        l.tokenIn = in;
        l.tokenOut = out;
        l.sharePpm = share;
        return l;
    };
    // A split over both venues, exact in: one transaction, one ledger line with both legs.
    SwapTransaction split = signedSwap(market, QStringLiteral("order-split"), 4'000'000'000);
    split.legs = {leg(0, Venue::Raydium, sol, usdc, 600'000), leg(0, Venue::Meteora, sol, usdc, 400'000)};
    split.sign();
    // Two hops, exact out: 5 USDT wanted for SOL through USDC, at most 1 SOL in.
    SwapTransaction buy = signedSwap(market, QStringLiteral("order-buy"), 1'000'000'000, 5'000'000);
    buy.tokenOut = usdt;
    buy.swapMode = SwapMode::ExactOut;
    buy.legs = {leg(0, Venue::Raydium, sol, usdc, RouteLeg::FullShare),
                leg(1, Venue::Meteora, usdc, usdt, RouteLeg::FullShare)};
    buy.sign();
    for (const SwapTransaction &tx : {split, buy})
        QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
    QTRY_VERIFY_WITH_TIMEOUT(landed(market, split.signature) && landed(market, buy.signature), LandTimeoutMs);

    const std::optional<LandedTransaction> splitLanded = market.transaction(split.signature);
    QVERIFY(splitLanded && !splitLanded->error);
    QCOMPARE(splitLanded->legs.size(), 2);
    QCOMPARE(Decimal::toString(splitLanded->legs[0].amountIn), QStringLiteral("2400000000"));
    QCOMPARE(Decimal::toString(splitLanded->legs[1].amountIn), QStringLiteral("1600000000"));
    QCOMPARE(Decimal::toString(splitLanded->amountOut),
             Decimal::toString(splitLanded->legs[0].amountOut + splitLanded->legs[1].amountOut));
    QCOMPARE(ledgerCount(market, split.signature), 1);

    const std::optional<LandedTransaction> buyLanded = market.transaction(buy.signature);
    QVERIFY2(buyLanded && !buyLanded->error,
             qPrintable(buyLanded && buyLanded->error ? buyLanded->error->message : QString()));
    QVERIFY(buyLanded->amountOut >= 5'000'000);
    QVERIFY(buyLanded->amountIn > 0 && buyLanded->amountIn <= 1'000'000'000);
    QCOMPARE(buyLanded->legs.size(), 2);
    QCOMPARE(Decimal::toString(buyLanded->legs[1].amountIn), Decimal::toString(buyLanded->legs[0].amountOut));
    QCOMPARE(ledgerCount(market, buy.signature), 1);
    stop(harness);
}

void tst_MarketContract::droppedTransactionNeverLandsOnceExpired()
{
    // Failure rate 1: every transaction is dropped silently, as Solana loses them.
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)), 1.0);
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const SwapTransaction tx = signedSwap(market, QStringLiteral("order-dropped"), 10'000'000);
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
    QTRY_VERIFY_WITH_TIMEOUT(market.blockHeight().value_or(0) > tx.lastValidBlockHeight, 10'000);
    const std::optional<SignatureStatus> status = market.signatureStatus(tx.signature);
    QVERIFY(status && !status->landed && status->contextSlot > tx.lastValidBlockHeight);
    // Rebroadcasting the same bytes after expiry cannot make it land either.
    QCOMPARE(market.sendTransaction(tx).error.code, QStringLiteral("blockhash_not_found"));
    QCOMPARE(ledgerCount(market, tx.signature), 0);
    stop(harness);
}

void tst_MarketContract::identicalOrdersWithDifferentIdsHaveDifferentSignatures()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const SwapTransaction a = signedSwap(market, QStringLiteral("order-a"), 10'000'000);
    SwapTransaction b = a;
    b.orderId = QStringLiteral("order-b");
    b.sign();
    QVERIFY(a.signature != b.signature);
    QCOMPARE(market.sendTransaction(a).kind, SendResult::Kind::Accepted);
    QCOMPARE(market.sendTransaction(b).kind, SendResult::Kind::Accepted);
    QTRY_VERIFY_WITH_TIMEOUT(landed(market, a.signature) && landed(market, b.signature),
                             LandTimeoutMs);
    QCOMPARE(ledgerCount(market, a.signature), 1);
    QCOMPARE(ledgerCount(market, b.signature), 1);
    stop(harness);
}

void tst_MarketContract::ledgerPages()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    QStringList sent;
    for (int i = 0; i < 5; ++i) {
        const SwapTransaction tx =
            signedSwap(market, QStringLiteral("order-page-%1").arg(i), 1'000'000 * (i + 1));
        QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
        sent.append(tx.signature);
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(sent.cbegin(), sent.cend(),
                                         [&](const QString &s) { return landed(market, s); }),
                             LandTimeoutMs);
    QStringList seen;
    qint64 after = 0;
    qint64 previous = 0;
    for (int page = 0; page < 10; ++page) {
        const std::optional<QList<LandedTransaction>> entries = market.ledger(after, 2);
        QVERIFY(entries);
        QVERIFY(entries->size() <= 2);
        if (entries->isEmpty())
            break;
        for (const LandedTransaction &entry : *entries) {
            QVERIFY(entry.sequence > previous);
            previous = entry.sequence;
            QVERIFY(!entry.error);
            seen.append(entry.signature);
        }
        after = entries->last().sequence;
    }
    QCOMPARE(seen.size(), 5);
    std::sort(sent.begin(), sent.end());
    std::sort(seen.begin(), seen.end());
    QCOMPARE(seen, sent);
    stop(harness);
}

void tst_MarketContract::statusesSurviveARestart()
{
    const QString dataDir = m_dir.filePath(QStringLiteral("m%1").arg(++m_markets));
    auto harness = start(dataDir);
    if (QTest::currentTestFailed())
        return;
    const SwapTransaction tx =
        signedSwap(*harness->market, QStringLiteral("order-restart"), 30'000'000);
    QCOMPARE(harness->market->sendTransaction(tx).kind, SendResult::Kind::Accepted);
    QTRY_VERIFY_WITH_TIMEOUT(landed(*harness->market, tx.signature), LandTimeoutMs);
    const qint64 slot = harness->market->signatureStatus(tx.signature)->slot;
    // Fresh from its block: the chain's memory answers this one.
    const std::optional<LandedTransaction> recent = harness->market->transaction(tx.signature);
    QVERIFY(recent && recent->isKnown());
    const qint64 heightBefore = harness->market->blockHeight().value_or(0);
    stop(harness);
    if (QTest::currentTestFailed())
        return;

    harness = start(dataDir);
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    QVERIFY(market.blockHeight().value_or(0) >= heightBefore); // never goes back
    const std::optional<SignatureStatus> status = market.signatureStatus(tx.signature);
    QVERIFY(status && status->landed);
    QCOMPARE(status->slot, slot);
    const std::optional<LandedTransaction> landedTx = market.transaction(tx.signature);
    QVERIFY(landedTx && landedTx->isKnown());
    // The ledger's record, field for field what memory said before the restart.
    QCOMPARE(landedTx->toJson(), recent->toJson());
    QCOMPARE(ledgerCount(market, tx.signature), 1);
    // Still idempotent across the restart: the same bytes change nothing.
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
    const qint64 now = market.blockHeight().value_or(0);
    QTRY_VERIFY_WITH_TIMEOUT(market.blockHeight().value_or(0) > now + 3, 5000);
    QCOMPARE(ledgerCount(market, tx.signature), 1);
    stop(harness);
}

void tst_MarketContract::poolsAreMirrored()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    const Token sol = TokenRegistry::sol();
    const Token usdc = TokenRegistry::usdc();
    for (Venue venue : AllVenues) {
        const std::optional<Int128> spot = market.spotPrice(venue, sol, usdc);
        QVERIFY(spot && *spot > 0);
        const VenueQuote indicative = market.indicativeQuote(venue, sol, usdc, 1'000'000'000);
        QVERIFY2(indicative.available, qPrintable(indicative.unavailableReason));
        QVERIFY(indicative.amountOut > 0);
    }
    // A trade moves the pool, and the (mirrored) price follows.
    QSignalSpy moved(&market, &Market::pricesMoved);
    const std::optional<Int128> before = market.spotPrice(Venue::Raydium, sol, usdc);
    const SwapTransaction tx = signedSwap(market, QStringLiteral("order-big"), Int128(20'000) * 1'000'000'000);
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Accepted);
    QTRY_VERIFY_WITH_TIMEOUT(landed(market, tx.signature), LandTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(market.spotPrice(Venue::Raydium, sol, usdc) < before, 5000);
    QTRY_VERIFY(moved.count() > 0);
    stop(harness);
}

void tst_MarketContract::concurrentCallersFromWorkerThreads()
{
    auto harness = start(m_dir.filePath(QStringLiteral("m%1").arg(++m_markets)));
    if (QTest::currentTestFailed())
        return;
    Market &market = *harness->market;
    // The engine's workers: threads without an event loop, each sending and polling its own.
    constexpr int Workers = 8;
    std::atomic<int> landedCount{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < Workers; ++w) {
        workers.emplace_back([&, w] {
            const SwapTransaction tx = signedSwap(
                market, QStringLiteral("order-worker-%1").arg(w), 1'000'000 * (w + 1));
            if (market.sendTransaction(tx).kind != SendResult::Kind::Accepted) {
                ++failures;
                return;
            }
            for (int poll = 0; poll < 500; ++poll) {
                const std::optional<SignatureStatus> status = market.signatureStatus(tx.signature);
                if (!status) {
                    ++failures;
                    return;
                }
                if (status->landed) {
                    ++landedCount;
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        });
    }
    for (std::thread &worker : workers)
        worker.join();
    QCOMPARE(failures.load(), 0);
    QCOMPARE(landedCount.load(), Workers);
    const std::optional<QList<LandedTransaction>> entries = market.ledger(0, 1000);
    QVERIFY(entries);
    QCOMPARE(entries->size(), Workers);
    stop(harness);
}

QTEST_GUILESS_MAIN(tst_MarketContract)
#include "tst_marketcontract.moc"
