#include "OrderRequest.h"
#include "Token.h"

#include <QJsonDocument>
#include <QtTest>

using namespace OrderDesk;

namespace {

const QString SolMint = QStringLiteral("So11111111111111111111111111111111111111112");
const QString UsdcMint = QStringLiteral("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v");

// Requests are written as JSON text so numbers reach the validator as a client's would: as
// doubles from the JSON parser.
QJsonObject object(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("bad JSON in test data: %s", text.constData());
    return document.object();
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private:
    TokenRegistry m_tokens;

    std::variant<OrderRequest, EngineError> validate(const QByteArray &text) const
    {
        return OrderRequest::fromJson(object(text), m_tokens);
    }

    // Adds the columns shared by every "refused" table.
    static void errorColumns()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message"); // empty: only field and code are checked
    }

    void checkRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, code);
        QFETCH(QString, message);
        const auto result = validate(json);
        const auto *error = std::get_if<EngineError>(&result);
        QVERIFY2(error, "accepted an invalid request");
        QVERIFY(error->kind == EngineError::Kind::InvalidInput);
        QCOMPARE(error->field, field);
        QCOMPARE(error->code, code);
        if (!message.isEmpty())
            QCOMPARE(error->message, message);
        // A message a person can act on names the field it is about.
        QVERIFY2(error->message.contains(field), qPrintable(error->message));
    }

    OrderRequest accepted(const QByteArray &json)
    {
        const auto result = validate(json);
        if (const auto *error = std::get_if<EngineError>(&result))
            qWarning("refused: %s (%s)", qPrintable(error->message), qPrintable(error->field));
        return std::holds_alternative<OrderRequest>(result) ? std::get<OrderRequest>(result)
                                                            : OrderRequest{};
    }

private Q_SLOTS:
    void minimalOrderGetsDefaults()
    {
        const auto result = validate(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":"1.5"})");
        QVERIFY(std::holds_alternative<OrderRequest>(result));
        const OrderRequest &request = std::get<OrderRequest>(result);
        QCOMPARE(request.tokenIn.symbol, QStringLiteral("SOL"));
        QCOMPARE(request.tokenOut.symbol, QStringLiteral("USDC"));
        QCOMPARE(Decimal::toString(request.amountIn), QStringLiteral("1500000000"));
        QCOMPARE(toString(request.type), QStringLiteral("market"));
        QVERIFY(request.side == OrderSide::Unspecified);
        QCOMPARE(request.slippageBps, 50);
        QVERIFY(!request.limitPrice);
        QVERIFY(!request.expiresInSec);
        QVERIFY(request.clientOrderId.isEmpty());
    }

    void resolvesTokens_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("symbols") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1})")
                                 << "SOL" << "USDC";
        QTest::newRow("any case") << QByteArray(R"({"tokenIn":"sol","tokenOut":"bOnK","amount":1})")
                                  << "SOL" << "BONK";
        QTest::newRow("mints")
            << QByteArray(R"({"tokenIn":"So11111111111111111111111111111111111111112",
                             "tokenOut":"EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v","amount":1})")
            << "SOL" << "USDC";
        QTest::newRow("aliases") << QByteArray(R"({"inputToken":"JUP","outputToken":"WIF","amount":1})")
                                 << "JUP" << "WIF";
        QTest::newRow("mixed") << QByteArray(R"({"inputToken":"RAY","tokenOut":"USDT","amount":1})")
                               << "RAY" << "USDT";
        // SPEC §3's other listed tokens, which existing clients trade.
        QTest::newRow("wormhole ETH") << QByteArray(R"({"tokenIn":"eth","tokenOut":"USDC","amount":1})")
                                      << "ETH" << "USDC";
        QTest::newRow("WBTC") << QByteArray(R"({"tokenIn":"USDC","tokenOut":"WBTC","amount":100})")
                              << "USDC" << "WBTC";
        QTest::newRow("JTO and PYTH") << QByteArray(R"({"tokenIn":"JTO","tokenOut":"pyth","amount":1})")
                                      << "JTO" << "PYTH";
        QTest::newRow("alias agreeing with name")
            << QByteArray(R"({"tokenIn":"SOL","inputToken":"So11111111111111111111111111111111111111112",
                             "tokenOut":"USDC","amount":1})")
            << "SOL" << "USDC";
    }
    void resolvesTokens()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, in);
        QFETCH(QString, out);
        const OrderRequest request = accepted(json);
        QCOMPARE(request.tokenIn.symbol, in);
        QCOMPARE(request.tokenOut.symbol, out);
        QCOMPARE(request.tokenIn, *m_tokens.find(in)); // the mint travels with the symbol
    }

    void refusesBadTokens_data()
    {
        errorColumns();
        QTest::newRow("no tokenIn") << QByteArray(R"({"tokenOut":"USDC","amount":1})")
                                    << "tokenIn" << "missing_field" << "tokenIn is required";
        QTest::newRow("no tokenOut") << QByteArray(R"({"tokenIn":"SOL","amount":1})")
                                     << "tokenOut" << "missing_field" << "tokenOut is required";
        QTest::newRow("empty tokenIn") << QByteArray(R"({"tokenIn":" ","tokenOut":"USDC","amount":1})")
                                       << "tokenIn" << "missing_field" << "";
        QTest::newRow("unknown tokenIn") << QByteArray(R"({"tokenIn":"DOGE","tokenOut":"USDC","amount":1})")
                                         << "tokenIn" << "unknown_token" << "";
        QTest::newRow("unknown inputToken")
            << QByteArray(R"({"inputToken":"DOGE","tokenOut":"USDC","amount":1})")
            << "inputToken" << "unknown_token" << "";
        QTest::newRow("unknown outputToken")
            << QByteArray(R"({"tokenIn":"SOL","outputToken":"So1111","amount":1})")
            << "outputToken" << "unknown_token" << "";
        QTest::newRow("number as token") << QByteArray(R"({"tokenIn":42,"tokenOut":"USDC","amount":1})")
                                         << "tokenIn" << "unknown_token" << "";
        QTest::newRow("same token") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"sol","amount":1})")
                                    << "tokenOut" << "same_token" << "tokenOut must differ from tokenIn";
        QTest::newRow("same token by mint")
            << QByteArray(R"({"inputToken":"SOL","outputToken":"So11111111111111111111111111111111111111112","amount":1})")
            << "outputToken" << "same_token" << "outputToken must differ from inputToken";
        QTest::newRow("aliases disagree")
            << QByteArray(R"({"tokenIn":"SOL","inputToken":"USDT","tokenOut":"USDC","amount":1})")
            << "inputToken" << "unknown_token" << "";
        // Tokens not launched yet have no mint: their symbols must agree.
        QTest::newRow("sniper aliases disagree")
            << QByteArray(R"({"type":"sniper","tokenIn":"USDC","tokenOut":"NEWCOIN","outputToken":"OTHERCOIN","amount":1})")
            << "outputToken" << "unknown_token" << "outputToken conflicts with tokenOut; send only one";
        QTest::newRow("long s look-alike")
            << QByteArray("{\"tokenIn\":\"\xc5\xbf" "ol\",\"tokenOut\":\"USDC\",\"amount\":1}")
            << "tokenIn" << "unknown_token" << "tokenIn must be an ASCII token symbol or mint address";
        QTest::newRow("Kelvin sign look-alike")
            << QByteArray("{\"tokenIn\":\"USDC\",\"tokenOut\":\"BON\xe2\x84\xaa\",\"amount\":1}")
            << "tokenOut" << "unknown_token" << "";
    }
    void refusesBadTokens() { checkRefused(); }

    void parsesAmountsExactly_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("units");
        QTest::newRow("string 0.1 SOL") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":"0.1"})")
                                        << "100000000";
        QTest::newRow("number 0.1 SOL") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":0.1})")
                                        << "100000000";
        QTest::newRow("number 0.3 SOL") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":0.3})")
                                        << "300000000";
        QTest::newRow("amountIn alias") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amountIn":"2"})")
                                        << "2000000000";
        QTest::newRow("one base unit") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":"0.000000001"})")
                                       << "1";
        QTest::newRow("6 decimals USDC number")
            << QByteArray(R"({"tokenIn":"USDC","tokenOut":"SOL","amount":123.456789})") << "123456789";
        QTest::newRow("trailing zeros beyond decimals")
            << QByteArray(R"({"tokenIn":"USDC","tokenOut":"SOL","amount":"1.50000000"})") << "1500000";
        QTest::newRow("1e12 SOL string")
            << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":"1000000000000"})")
            << "1000000000000000000000";
        QTest::newRow("1e12 SOL number")
            << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1e12})")
            << "1000000000000000000000";
        QTest::newRow("15 significant digits")
            << QByteArray(R"({"tokenIn":"USDC","tokenOut":"SOL","amount":123456789.123456})")
            << "123456789123456";
        QTest::newRow("long string is exact")
            << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":"999999999999.999999999"})")
            << "999999999999999999999";
    }
    void parsesAmountsExactly()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, units);
        QCOMPARE(Decimal::toString(accepted(json).amountIn), units);
    }

    void refusesBadAmounts_data()
    {
        errorColumns();
        const QByteArray prefix = R"({"tokenIn":"USDC","tokenOut":"SOL",)";
        QTest::newRow("missing") << prefix + R"("side":"sell"})"
                                 << "amount" << "missing_field" << "amount is required";
        QTest::newRow("null") << prefix + R"("amount":null})"
                              << "amount" << "missing_field" << "amount is required";
        QTest::newRow("zero") << prefix + R"("amount":0})"
                              << "amount" << "invalid_amount" << "amount must be greater than 0";
        QTest::newRow("zero string") << prefix + R"("amount":"0.000"})"
                                     << "amount" << "invalid_amount" << "amount must be greater than 0";
        QTest::newRow("negative") << prefix + R"("amount":-5})"
                                  << "amount" << "invalid_amount" << "amount must be greater than 0";
        QTest::newRow("negative string") << prefix + R"("amount":"-5"})"
                                         << "amount" << "invalid_amount" << "amount must be greater than 0";
        QTest::newRow("7 decimals on USDC") << prefix + R"("amount":"1.0000001"})"
                                            << "amount" << "invalid_amount"
                                            << "amount has more than 6 decimal places for USDC";
        QTest::newRow("7 decimals on USDC number") << prefix + R"("amount":0.0000001})"
                                                   << "amount" << "invalid_amount"
                                                   << "amount has more than 6 decimal places for USDC";
        QTest::newRow("alias named") << prefix + R"("amountIn":"0"})"
                                     << "amountIn" << "invalid_amount" << "amountIn must be greater than 0";
        QTest::newRow("above 1e12") << prefix + R"("amount":"1000000000000.000001"})"
                                    << "amount" << "invalid_amount" << "";
        QTest::newRow("above 1e12 number") << prefix + R"("amount":1000000000001})"
                                           << "amount" << "invalid_amount" << "";
        QTest::newRow("exponent string") << prefix + R"("amount":"1e3"})"
                                         << "amount" << "invalid_amount" << "";
        QTest::newRow("words") << prefix + R"("amount":"ten"})"
                               << "amount" << "invalid_amount" << "";
        QTest::newRow("empty string") << prefix + R"("amount":""})"
                                      << "amount" << "invalid_amount" << "";
        QTest::newRow("boolean") << prefix + R"("amount":true})"
                                 << "amount" << "invalid_amount"
                                 << "amount must be a number or a decimal string";
        QTest::newRow("array") << prefix + R"("amount":[1]})"
                               << "amount" << "invalid_amount"
                               << "amount must be a number or a decimal string";
        QTest::newRow("16 significant digits") << prefix + R"("amount":1234567890.123456})"
                                               << "amount" << "invalid_amount" << "";
        QTest::newRow("aliases disagree") << prefix + R"("amount":"1","amountIn":"2"})"
                                          << "amountIn" << "invalid_amount" << "";
    }
    void refusesBadAmounts() { checkRefused(); }

    void longNumbersAskForAString()
    {
        const auto result = validate(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":0.12345678901234567})");
        const auto *error = std::get_if<EngineError>(&result);
        QVERIFY(error);
        QCOMPARE(error->code, QStringLiteral("invalid_amount"));
        QVERIFY2(error->message.contains(QStringLiteral("string")), qPrintable(error->message));
    }

    void parsesOrderType_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<OrderType>("type");
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1)";
        QTest::newRow("default") << prefix + "}" << OrderType::Market;
        QTest::newRow("market") << prefix + R"(,"type":"market"})" << OrderType::Market;
        QTest::newRow("MARKET") << prefix + R"(,"type":"MARKET"})" << OrderType::Market;
        QTest::newRow("Sniper") << prefix + R"(,"type":"Sniper"})" << OrderType::Sniper;
        QTest::newRow("limit") << prefix + R"(,"type":"limit","limitPrice":"150"})" << OrderType::Limit;
        QTest::newRow("orderType alias") << prefix + R"(,"orderType":"sniper"})" << OrderType::Sniper;
    }
    void parsesOrderType()
    {
        QFETCH(QByteArray, json);
        QFETCH(OrderType, type);
        QCOMPARE(toString(accepted(json).type), toString(type));
    }

    void refusesBadOrderType_data()
    {
        errorColumns();
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,)";
        QTest::newRow("unknown") << prefix + R"("type":"stop"})" << "type" << "invalid_type" << "";
        QTest::newRow("unknown alias") << prefix + R"("orderType":"twap"})" << "orderType" << "invalid_type" << "";
        QTest::newRow("empty") << prefix + R"("type":""})" << "type" << "invalid_type" << "";
        QTest::newRow("number") << prefix + R"("type":1})" << "type" << "invalid_type" << "";
        QTest::newRow("aliases disagree") << prefix + R"("type":"market","orderType":"sniper"})"
                                          << "orderType" << "invalid_type" << "";
    }
    void refusesBadOrderType() { checkRefused(); }

    void parsesSide_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<OrderSide>("side");
        QTest::addColumn<QString>("swapMode");
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1)";
        QTest::newRow("absent") << prefix + "}" << OrderSide::Unspecified << "ExactIn";
        QTest::newRow("null") << prefix + R"(,"side":null})" << OrderSide::Unspecified << "ExactIn";
        QTest::newRow("buy exact out") << prefix + R"(,"side":"buy","swapMode":"ExactOut"})" << OrderSide::Buy
                                       << "ExactOut";
        // The side is recorded as given: an exact-out order without one has none.
        QTest::newRow("exact out") << prefix + R"(,"swapMode":"exactout"})" << OrderSide::Unspecified
                                   << "ExactOut";
        // A side alone is only recorded (SPEC §3): the order spends its amount, as before swapMode.
        QTest::newRow("buy alone") << prefix + R"(,"side":"buy"})" << OrderSide::Buy << "ExactIn";
        QTest::newRow("SELL") << prefix + R"(,"side":"SELL"})" << OrderSide::Sell << "ExactIn";
        QTest::newRow("sell exact in") << prefix + R"(,"side":"sell","swapMode":"ExactIn"})" << OrderSide::Sell
                                       << "ExactIn";
    }
    void parsesSide()
    {
        QFETCH(QByteArray, json);
        QFETCH(OrderSide, side);
        QFETCH(QString, swapMode);
        const OrderRequest request = accepted(json);
        QCOMPARE(toString(request.side), toString(side));
        QCOMPARE(toString(request.swapMode), swapMode);
        const Order order = request.toNewOrder(QDateTime::currentDateTimeUtc()).first;
        QCOMPARE(toString(order.side), toString(side));
        QCOMPARE(toString(order.swapMode), swapMode);
    }

    void refusesBadSide_data()
    {
        errorColumns();
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,)";
        QTest::newRow("short") << prefix + R"("side":"short"})" << "side" << "invalid_side"
                               << "side must be buy or sell";
        QTest::newRow("empty") << prefix + R"("side":""})" << "side" << "invalid_side" << "";
        QTest::newRow("boolean") << prefix + R"("side":true})" << "side" << "invalid_side" << "";
        // Buy is ExactOut: given together, the two must agree.
        QTest::newRow("buy exact in") << prefix + R"("side":"buy","swapMode":"ExactIn"})" << "side"
                                      << "invalid_side" << "";
        QTest::newRow("sell exact out") << prefix + R"("side":"sell","swapMode":"ExactOut"})"
                                        << "side" << "invalid_side" << "";
        QTest::newRow("bad mode") << prefix + R"("swapMode":"ExactBoth"})" << "swapMode"
                                  << "invalid_swap_mode" << "swapMode must be ExactIn or ExactOut";
        QTest::newRow("limit exact out")
            << prefix + R"("swapMode":"ExactOut","type":"limit","limitPrice":1})" << "swapMode"
            << "invalid_swap_mode" << "swapMode ExactOut (a buy) is for market orders only";
    }
    void refusesBadSide() { checkRefused(); }

    void parsesSlippage_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("bps");
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1)";
        QTest::newRow("default") << prefix + "}" << 50;
        QTest::newRow("bps") << prefix + R"(,"slippageBps":100})" << 100;
        QTest::newRow("bps zero") << prefix + R"(,"slippageBps":0})" << 0;
        QTest::newRow("bps max") << prefix + R"(,"slippageBps":5000})" << 5000;
        QTest::newRow("bps as string") << prefix + R"(,"slippageBps":"75"})" << 75;
        QTest::newRow("fraction") << prefix + R"(,"slippage":0.005})" << 50;
        QTest::newRow("fraction string") << prefix + R"(,"slippage":"0.0125"})" << 125;
        QTest::newRow("tolerance alias") << prefix + R"(,"slippageTolerance":0.01})" << 100;
        QTest::newRow("fraction max") << prefix + R"(,"slippage":0.05})" << 500;
        QTest::newRow("fraction zero") << prefix + R"(,"slippage":0})" << 0;
        QTest::newRow("one bp") << prefix + R"(,"slippage":0.0001})" << 1;
    }
    void parsesSlippage()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, bps);
        QCOMPARE(accepted(json).slippageBps, bps);
    }

    void refusesBadSlippage_data()
    {
        errorColumns();
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,)";
        QTest::newRow("bps too high") << prefix + R"("slippageBps":5001})" << "slippageBps" << "invalid_slippage" << "";
        QTest::newRow("bps negative") << prefix + R"("slippageBps":-1})" << "slippageBps" << "invalid_slippage" << "";
        QTest::newRow("bps fractional") << prefix + R"("slippageBps":12.5})" << "slippageBps" << "invalid_slippage" << "";
        QTest::newRow("bps text") << prefix + R"("slippageBps":"lots"})" << "slippageBps" << "invalid_slippage" << "";
        QTest::newRow("fraction too high") << prefix + R"("slippage":0.6})" << "slippage" << "invalid_slippage" << "";
        // 0.5 meant as 0.5 % would be a hundred times the tolerance: refused, pointing to bps.
        QTest::newRow("half as a fraction") << prefix + R"("slippage":0.5})" << "slippage" << "invalid_slippage"
                                            << "slippage is a fraction (0.005 = 0.5 %) and at most 0.05; for "
                                               "more, or to be unambiguous, send slippageBps (e.g. 50 for 0.5 %)";
        QTest::newRow("tolerance past 0.05") << prefix + R"("slippageTolerance":0.0501})"
                                             << "slippageTolerance" << "invalid_slippage" << "";
        QTest::newRow("fraction negative") << prefix + R"("slippage":-0.01})" << "slippage" << "invalid_slippage" << "";
        QTest::newRow("not whole bps") << prefix + R"("slippage":0.00005})" << "slippage" << "invalid_slippage" << "";
        QTest::newRow("tolerance not whole bps") << prefix + R"("slippageTolerance":"0.00125"})"
                                                 << "slippageTolerance" << "invalid_slippage" << "";
        QTest::newRow("both forms") << prefix + R"("slippageBps":50,"slippage":0.005})"
                                    << "slippage" << "invalid_slippage" << "";
        QTest::newRow("both forms, tolerance") << prefix + R"("slippageBps":50,"slippageTolerance":0.005})"
                                               << "slippageTolerance" << "invalid_slippage" << "";
        QTest::newRow("fraction aliases disagree") << prefix + R"("slippage":0.01,"slippageTolerance":0.02})"
                                                   << "slippageTolerance" << "invalid_slippage" << "";
    }
    void refusesBadSlippage() { checkRefused(); }

    void limitOrdersCarryTheirPrice_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("price"); // PriceScale fixed point
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"type":"limit",)";
        QTest::newRow("string") << prefix + R"("limitPrice":"150.25"})" << "150250000000000000000";
        QTest::newRow("number") << prefix + R"("limitPrice":150.25})" << "150250000000000000000";
        QTest::newRow("18 decimals") << prefix + R"("limitPrice":"0.000000000000000001"})" << "1";
    }
    void limitOrdersCarryTheirPrice()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, price);
        const OrderRequest request = accepted(json);
        QVERIFY(request.type == OrderType::Limit);
        QVERIFY(request.limitPrice);
        QCOMPARE(Decimal::toString(*request.limitPrice), price);
    }

    void refusesBadLimitPrice_data()
    {
        errorColumns();
        const QByteArray base = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,)";
        QTest::newRow("missing on limit") << base + R"("type":"limit"})"
                                          << "limitPrice" << "missing_limit_price" << "";
        QTest::newRow("null on limit") << base + R"("type":"limit","limitPrice":null})"
                                       << "limitPrice" << "missing_limit_price" << "";
        QTest::newRow("zero") << base + R"("type":"limit","limitPrice":0})"
                              << "limitPrice" << "invalid_limit_price" << "limitPrice must be greater than 0";
        QTest::newRow("negative") << base + R"("type":"limit","limitPrice":"-1"})"
                                  << "limitPrice" << "invalid_limit_price" << "";
        QTest::newRow("19 decimals") << base + R"("type":"limit","limitPrice":"0.0000000000000000001"})"
                                     << "limitPrice" << "invalid_limit_price" << "";
        QTest::newRow("text") << base + R"("type":"limit","limitPrice":"cheap"})"
                              << "limitPrice" << "invalid_limit_price" << "";
        QTest::newRow("boolean") << base + R"("type":"limit","limitPrice":false})"
                                 << "limitPrice" << "invalid_limit_price" << "";
        QTest::newRow("on market") << base + R"("limitPrice":"150"})"
                                   << "limitPrice" << "invalid_limit_price" << "";
        QTest::newRow("on sniper") << base + R"("type":"sniper","limitPrice":"150"})"
                                   << "limitPrice" << "invalid_limit_price" << "";
    }
    void refusesBadLimitPrice() { checkRefused(); }

    void expiry_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("seconds"); // 0: no expiry
        const QByteArray limit = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"type":"limit","limitPrice":1,)";
        const QByteArray sniper = R"({"tokenIn":"SOL","tokenOut":"BONK","amount":1,"type":"sniper",)";
        QTest::newRow("limit") << limit + R"("expiresInSec":60})" << 60;
        QTest::newRow("sniper") << sniper + R"("expiresInSec":3600})" << 3600;
        QTest::newRow("30 days") << limit + R"("expiresInSec":2592000})" << 2592000;
        QTest::newRow("string") << sniper + R"("expiresInSec":"120"})" << 120;
        QTest::newRow("absent") << sniper + R"("side":"sell"})" << 0;
    }
    void expiry()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, seconds);
        const OrderRequest request = accepted(json);
        QCOMPARE(request.expiresInSec.value_or(0), seconds);
    }

    void refusesBadExpiry_data()
    {
        errorColumns();
        const QByteArray limit = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"type":"limit","limitPrice":1,)";
        QTest::newRow("on market") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"expiresInSec":60})")
                                   << "expiresInSec" << "invalid_expiry" << "";
        QTest::newRow("zero") << limit + R"("expiresInSec":0})" << "expiresInSec" << "invalid_expiry" << "";
        QTest::newRow("negative") << limit + R"("expiresInSec":-60})" << "expiresInSec" << "invalid_expiry" << "";
        QTest::newRow("over 30 days") << limit + R"("expiresInSec":2592001})" << "expiresInSec" << "invalid_expiry" << "";
        QTest::newRow("fractional") << limit + R"("expiresInSec":1.5})" << "expiresInSec" << "invalid_expiry" << "";
        QTest::newRow("text") << limit + R"("expiresInSec":"soon"})" << "expiresInSec" << "invalid_expiry" << "";
    }
    void refusesBadExpiry() { checkRefused(); }

    void clientOrderId_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("id");
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,)";
        QTest::newRow("simple") << prefix + R"("clientOrderId":"abc-123"})" << "abc-123";
        QTest::newRow("punctuation") << prefix + R"("clientOrderId":"desk#7/ord:42_x.y~"})" << "desk#7/ord:42_x.y~";
        const QString longest(64, QLatin1Char('x'));
        QTest::newRow("64 chars") << prefix + "\"clientOrderId\":\"" + longest.toLatin1() + "\"}" << longest;
        QTest::newRow("null") << prefix + R"("clientOrderId":null})" << QString();
    }
    void clientOrderId()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, id);
        QCOMPARE(accepted(json).clientOrderId, id);
    }

    void refusesBadClientOrderId_data()
    {
        errorColumns();
        const QByteArray prefix = R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,)";
        const QByteArray tooLong(65, 'x');
        QTest::newRow("65 chars") << prefix + "\"clientOrderId\":\"" + tooLong + "\"}"
                                  << "clientOrderId" << "invalid_client_order_id" << "";
        QTest::newRow("empty") << prefix + R"("clientOrderId":""})"
                               << "clientOrderId" << "invalid_client_order_id" << "";
        QTest::newRow("space") << prefix + R"("clientOrderId":"my order"})"
                               << "clientOrderId" << "invalid_client_order_id" << "";
        QTest::newRow("tab") << prefix + R"("clientOrderId":"a\tb"})"
                             << "clientOrderId" << "invalid_client_order_id" << "";
        QTest::newRow("non-ASCII") << prefix + R"("clientOrderId":"ordre-é"})"
                                   << "clientOrderId" << "invalid_client_order_id" << "";
        QTest::newRow("number") << prefix + R"("clientOrderId":42})"
                                << "clientOrderId" << "invalid_client_order_id" << "";
    }
    void refusesBadClientOrderId() { checkRefused(); }

    // With several problems the client hears about the first in SPEC §3's table order, so fixing
    // errors one by one converges.
    void reportsFirstProblemInTableOrder_data()
    {
        errorColumns();
        QTest::newRow("tokenIn before all") << QByteArray(R"({"tokenIn":"X","amount":0,"type":"?","slippageBps":-1})")
                                            << "tokenIn" << "unknown_token" << "";
        QTest::newRow("tokenOut before amount") << QByteArray(R"({"tokenIn":"SOL","amount":0})")
                                                << "tokenOut" << "missing_field" << "";
        QTest::newRow("amount before type") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":0,"type":"?"})")
                                            << "amount" << "invalid_amount" << "";
        QTest::newRow("type before side") << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"type":"?","side":"?"})")
                                          << "type" << "invalid_type" << "";
        QTest::newRow("side before slippage")
            << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"side":"?","slippageBps":-1})")
            << "side" << "invalid_side" << "";
        QTest::newRow("slippage before limitPrice")
            << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"type":"limit","slippageBps":-1})")
            << "slippageBps" << "invalid_slippage" << "";
        QTest::newRow("limitPrice before expiry")
            << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"type":"limit","expiresInSec":0})")
            << "limitPrice" << "missing_limit_price" << "";
        QTest::newRow("expiry before clientOrderId")
            << QByteArray(R"({"tokenIn":"SOL","tokenOut":"USDC","amount":1,"expiresInSec":0,"clientOrderId":""})")
            << "expiresInSec" << "invalid_expiry" << "";
    }
    void reportsFirstProblemInTableOrder() { checkRefused(); }

    void ignoresUnknownFields()
    {
        const OrderRequest request = accepted(
            R"({"tokenIn":"SOL","tokenOut":"USDC","amount":"2","note":"hi","priority":9,"extra":{"a":[1]}})");
        QCOMPARE(Decimal::toString(request.amountIn), QStringLiteral("2000000000"));
    }

    void decimalFromJsonIsExact_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<int>("scale");
        QTest::addColumn<QString>("units"); // empty: refused
        QTest::newRow("string") << QJsonValue(QStringLiteral("1.25")) << 2 << "125";
        QTest::newRow("number 0.1") << QJsonValue(0.1) << 18 << "100000000000000000";
        QTest::newRow("number 1e21 base units") << QJsonValue(1e21) << 0 << "1000000000000000000000";
        QTest::newRow("too many decimals") << QJsonValue(QStringLiteral("1.255")) << 2 << "";
        QTest::newRow("17 digits") << QJsonValue(0.30000000000000004) << 18 << "";
        QTest::newRow("NaN") << QJsonValue(std::nan("")) << 2 << "";
        QTest::newRow("bool") << QJsonValue(true) << 2 << "";
        QTest::newRow("null") << QJsonValue() << 2 << "";
        QTest::newRow("exponent string") << QJsonValue(QStringLiteral("1e2")) << 2 << "";
    }
    void decimalFromJsonIsExact()
    {
        QFETCH(QJsonValue, value);
        QFETCH(int, scale);
        QFETCH(QString, units);
        QString error;
        const auto result = decimalFromJson(value, scale, &error);
        if (units.isEmpty()) {
            QVERIFY(!result);
            QVERIFY(!error.isEmpty());
        } else {
            QVERIFY2(result, qPrintable(error));
            QCOMPARE(Decimal::toString(*result), units);
        }
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
