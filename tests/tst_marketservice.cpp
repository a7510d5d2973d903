// The orderdesk-market service as other programs see it: Solana's JSON-RPC and Jupiter's quote
// shapes on the wire, and a client that never makes up an answer when the service is away. (What
// every market does, in-process or remote, is tst_marketcontract.)
#include "FaultHarness.h"
#include "MarketHttpClient.h"
#include "RemoteMarket.h"

#include <QUrlQuery>

using namespace OrderDesk;

namespace {
constexpr int LandTimeoutMs = 10'000;

SwapTransaction signedSwap(Market &market, const QString &orderId, Int128 amountIn)
{
    const std::optional<Blockhash> hash = market.latestBlockhash();
    SwapTransaction tx;
    tx.orderId = orderId;
    tx.attempt = 1;
    tx.tokenIn = TokenRegistry::sol();
    tx.tokenOut = TokenRegistry::usdc();
    tx.amountIn = amountIn;
    tx.wrapSol = true;
    tx.blockhash = hash ? hash->blockhash : QString();
    tx.lastValidBlockHeight = hash ? hash->lastValidBlockHeight : 0;
    tx.sign();
    return tx;
}

bool landed(Market &market, const QString &signature)
{
    const std::optional<SignatureStatus> status = market.signatureStatus(signature);
    return status && status->landed;
}
} // namespace

class tst_MarketService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void serviceSpeaksSolanaAndJupiter();
    void unreachableMarketIsNeverMadeUp();
};

// The wire shapes other clients (and the engine's later callers) rely on.
void tst_MarketService::serviceSpeaksSolanaAndJupiter()
{
    FaultHarness::ServiceProcess service(
        QStringLiteral(ORDERDESK_MARKET_BINARY),
        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"),
         m_dir.filePath(QStringLiteral("wire")), QStringLiteral("--latency-scale"), QStringLiteral("0"),
         QStringLiteral("--dex-failure-rate"), QStringLiteral("0"), QStringLiteral("--seed"), QStringLiteral("7")});
    QVERIFY(service.start());
    TokenRegistry tokens;
    RemoteMarket market{QUrl(service.url()), tokens};
    QString openError;
    QVERIFY2(market.open(&openError), qPrintable(openError));
    MarketHttpClient http{QUrl(service.url())};
    QString error;
    const auto rpc = [&](const QJsonObject &request) {
        const auto response =
            http.post(QStringLiteral("/rpc"), QJsonDocument(request).toJson(), &error);
        return response ? QJsonDocument::fromJson(response->body).object() : QJsonObject();
    };
    const auto call = [](const char *method, const QJsonArray &params = {}) {
        return QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("id"), 1},
                           {QStringLiteral("method"), QString::fromLatin1(method)},
                           {QStringLiteral("params"), params}};
    };

    const QJsonObject latest = rpc(call("getLatestBlockhash")).value(QStringLiteral("result")).toObject();
    QVERIFY(latest.value(QStringLiteral("context")).toObject().value(QStringLiteral("slot")).isDouble());
    const QJsonObject value = latest.value(QStringLiteral("value")).toObject();
    QVERIFY(!value.value(QStringLiteral("blockhash")).toString().isEmpty());
    QVERIFY(value.value(QStringLiteral("lastValidBlockHeight")).isDouble());
    QVERIFY(rpc(call("getBlockHeight")).value(QStringLiteral("result")).isDouble());

    const SwapTransaction tx = signedSwap(market, QStringLiteral("order-wire"), 5'000'000);
    QCOMPARE(rpc(call("sendTransaction", {tx.toJson()})).value(QStringLiteral("result")).toString(),
             tx.signature);
    QTRY_VERIFY_WITH_TIMEOUT(landed(market, tx.signature), LandTimeoutMs);

    // Many signatures in one call, unknown ones as null, in the order asked.
    const QJsonObject statuses =
        rpc(call("getSignatureStatuses",
                 {QJsonArray{QStringLiteral("1111"), tx.signature},
                  QJsonObject{{QStringLiteral("searchTransactionHistory"), true}}}))
            .value(QStringLiteral("result")).toObject();
    const QJsonArray values = statuses.value(QStringLiteral("value")).toArray();
    QCOMPARE(values.size(), 2);
    QVERIFY(values.at(0).isNull());
    const QJsonObject status = values.at(1).toObject();
    QVERIFY(status.value(QStringLiteral("slot")).isDouble());
    QVERIFY(status.value(QStringLiteral("err")).isNull());
    QVERIFY(status.value(QStringLiteral("confirmations")).isNull());
    QCOMPARE(status.value(QStringLiteral("confirmationStatus")).toString(), QStringLiteral("finalized"));

    const QJsonObject landedTx =
        rpc(call("getTransaction", {tx.signature})).value(QStringLiteral("result")).toObject();
    QCOMPARE(landedTx.value(QStringLiteral("amountIn")).toString(), QStringLiteral("5000000"));
    QVERIFY(landedTx.value(QStringLiteral("meta")).toObject().contains(QStringLiteral("err")));
    QVERIFY(rpc(call("getTransaction", {QStringLiteral("1111")})).value(QStringLiteral("result")).isNull());

    // Refusals are JSON-RPC errors that name the reason.
    SwapTransaction stale = tx;
    stale.blockhash = QStringLiteral("11111111111111111111111111111111");
    stale.sign();
    const QJsonObject refused = rpc(call("sendTransaction", {stale.toJson()})).value(QStringLiteral("error")).toObject();
    QCOMPARE(refused.value(QStringLiteral("data")).toObject().value(QStringLiteral("err")).toString(),
             QStringLiteral("BlockhashNotFound"));
    QCOMPARE(rpc(call("noSuchMethod")).value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toInt(),
             -32601);

    // A Jupiter-like quote.
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("inputMint"), TokenRegistry::sol().mint);
    query.addQueryItem(QStringLiteral("outputMint"), TokenRegistry::usdc().mint);
    query.addQueryItem(QStringLiteral("amount"), QStringLiteral("1000000000"));
    query.addQueryItem(QStringLiteral("venue"), QStringLiteral("meteora"));
    const auto quoteResponse = http.get(QStringLiteral("/quote?") + query.toString(QUrl::FullyEncoded), &error);
    QVERIFY2(quoteResponse, qPrintable(error));
    const QJsonObject quote = QJsonDocument::fromJson(quoteResponse->body).object();
    QCOMPARE(quote.value(QStringLiteral("inAmount")).toString(), QStringLiteral("1000000000"));
    QVERIFY(quote.value(QStringLiteral("outAmount")).toString().toLongLong() > 0);
    QVERIFY(quote.value(QStringLiteral("priceImpactPct")).isString());
    QVERIFY(quote.value(QStringLiteral("feeAmount")).isString());
    // ExactOut: the amount is the output wanted; the answer is the least input for it, and the
    // threshold (no slippage asked) is that input.
    query.removeAllQueryItems(QStringLiteral("amount"));
    query.addQueryItem(QStringLiteral("amount"), QStringLiteral("150000000"));
    query.addQueryItem(QStringLiteral("swapMode"), QStringLiteral("ExactOut"));
    const QJsonObject exactOut = QJsonDocument::fromJson(
        http.get(QStringLiteral("/quote?") + query.toString(QUrl::FullyEncoded), &error)->body).object();
    QCOMPARE(exactOut.value(QStringLiteral("swapMode")).toString(), QStringLiteral("ExactOut"));
    QVERIFY(exactOut.value(QStringLiteral("outAmount")).toString().toLongLong() >= 150'000'000);
    QCOMPARE(exactOut.value(QStringLiteral("otherAmountThreshold")).toString(),
             exactOut.value(QStringLiteral("inAmount")).toString());

    // The ledger pages by sequence and says where to continue.
    const auto ledger = http.get(QStringLiteral("/ledger?after=0&limit=10"), &error);
    QVERIFY(ledger);
    const QJsonObject page = QJsonDocument::fromJson(ledger->body).object();
    QCOMPARE(page.value(QStringLiteral("entries")).toArray().size(), 1);
    QCOMPARE(page.value(QStringLiteral("next")).toInteger(), 1);
    QCOMPARE(http.get(QStringLiteral("/ledger?limit=5000"), &error)->status, 400);

    // No --sim-control: the simulation controls do not exist.
    QCOMPARE(http.post(QStringLiteral("/sim/price"), "{}", &error)->status, 404);
    QVERIFY(service.terminate());
}

void tst_MarketService::unreachableMarketIsNeverMadeUp()
{
    // A port nobody listens on: bind one, then free it.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
    probe.close();
    TokenRegistry tokens;
    RemoteMarket market(url, tokens);
    QString error;
    QVERIFY(!market.open(&error));
    QVERIFY2(error.contains(url.toString()), qPrintable(error));
    QVERIFY(!market.latestBlockhash());
    QVERIFY(!market.signatureStatus(QStringLiteral("1111")));
    QVERIFY(!market.transaction(QStringLiteral("1111")));
    SwapTransaction tx;
    tx.orderId = QStringLiteral("order-unreachable");
    tx.tokenIn = TokenRegistry::sol();
    tx.tokenOut = TokenRegistry::usdc();
    tx.amountIn = 1;
    tx.sign();
    QCOMPARE(market.sendTransaction(tx).kind, SendResult::Kind::Unreachable);
    QVERIFY(!market.quote(Venue::Raydium, tx.tokenIn, tx.tokenOut, 1'000'000).available);
}

QTEST_GUILESS_MAIN(tst_MarketService)
#include "tst_marketservice.moc"
