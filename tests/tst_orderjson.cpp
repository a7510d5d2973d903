#include "JsonText.h"
#include "Order.h"
#include "OrderEvent.h"
#include "SwapTransaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>
#include <QRandomGenerator>
#include <QtTest>

#include <QSet>
#include <QUuid>

using namespace OrderDesk;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 21), QTime(10, 0, 0, 123), Qt::UTC);

Int128 units(const char *text)
{
    return *Decimal::fromString(QString::fromLatin1(text));
}

// The store and the cross-node channel keep JSON as text: round trips go through it too.
QJsonObject throughText(const QJsonObject &json)
{
    return QJsonDocument::fromJson(QJsonDocument(json).toJson(QJsonDocument::Compact)).object();
}

QStringList sortedKeys(const QJsonObject &json)
{
    QStringList keys = json.keys();
    keys.sort();
    return keys;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

VenueQuote raydiumQuote()
{
    VenueQuote quote;
    quote.venue = Venue::Raydium;
    quote.available = true;
    quote.amountIn = units("1500000000");           // 1.5 SOL
    quote.amountOut = units("224437500");           // 224.4375 USDC
    quote.feeAmount = units("3750000");             // 0.00375 SOL
    quote.feePpm = 2500;                            // 25 bps
    quote.priceImpactPpm = 1370;                    // 13.7 bps
    quote.spotPrice = units("150000000000000000000");       // 150
    quote.executionPrice = units("149625000000000000000");  // 149.625
    quote.quotedAt = T0;
    return quote;
}

VenueQuote meteoraUnavailable()
{
    VenueQuote quote;
    quote.venue = Venue::Meteora;
    quote.available = false;
    quote.unavailableReason = QStringLiteral("no pool for SOL/USDC");
    quote.amountIn = units("1500000000");
    quote.quotedAt = T0.addMSecs(7);
    return quote;
}

RouteDecision decision()
{
    RouteDecision route;
    route.quotes = {raydiumQuote(), meteoraUnavailable()};
    route.venue = Venue::Raydium;
    route.reason = QStringLiteral("raydium: the only venue with a pool");
    route.minAmountOut = units("223315312");
    route.wrapSol = true;
    return route;
}

ExecutionResult execution()
{
    return {QStringLiteral("5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW"),
            Venue::Raydium, units("224000001"), units("149333334000000000001"), T0.addSecs(3)};
}

Order fullOrder()
{
    Order order;
    order.id = QStringLiteral("ord_01HZX");
    order.clientOrderId = QStringLiteral("desk-7");
    order.type = OrderType::Limit;
    order.side = OrderSide::Sell;
    order.tokenIn = TokenRegistry::sol();
    order.tokenOut = TokenRegistry::usdc();
    order.amountIn = units("1500000000");
    order.slippageBps = 75;
    order.limitPrice = units("149500000000000000001");
    order.expiresAt = T0.addSecs(3600);
    order.status = OrderStatus::Confirmed;
    order.attempt = 2;
    order.seq = 9;
    order.createdAt = T0;
    order.updatedAt = T0.addSecs(5);
    order.route = decision();
    order.execution = execution();
    order.lastError = OrderError{QStringLiteral("slippage_exceeded"), QStringLiteral("price moved"), false};
    order.retryAt = T0.addSecs(2);
    return order;
}

Order minimalOrder()
{
    Order order;
    order.id = QStringLiteral("ord_min");
    order.tokenIn = TokenRegistry::usdc();
    order.tokenOut = TokenRegistry::sol();
    order.amountIn = 1;
    order.createdAt = T0;
    order.updatedAt = T0;
    return order;
}

} // namespace

class TestOrderJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newIdsAreUuidV7InCreationOrder()
    {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(1'795'000'000'000, Qt::UTC);
        QStringList ids;
        for (int i = 0; i < 5000; ++i) // many in one millisecond: the counter orders them
            ids << Order::newId(t);
        ids << Order::newId(t.addMSecs(1));
        QStringList sorted = ids;
        sorted.sort();
        QCOMPARE(sorted, ids);
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
        const QUuid uuid(ids.first());
        QVERIFY(!uuid.isNull());
        // Qt 6.4's QUuid predates version 7: read the version and variant nibbles directly.
        QCOMPARE(ids.first().at(14), QLatin1Char('7'));
        QVERIFY(QStringLiteral("89ab").contains(ids.first().at(19)));
        QCOMPARE(ids.first().left(8) + ids.first().mid(9, 4),
                 QStringLiteral("%1").arg(t.toMSecsSinceEpoch(), 12, 16, QLatin1Char('0')));
    }

    void venueQuoteShape()
    {
        const Token sol = TokenRegistry::sol();
        const Token usdc = TokenRegistry::usdc();
        const QJsonObject json = raydiumQuote().toJson(sol, usdc);
        QCOMPARE(sortedKeys(json), sorted({"venue", "available", "amountIn", "amountOut", "fee", "feeBps",
                                           "priceImpactBps", "binsCrossed", "spotPrice", "price", "quotedAt"}));
        QCOMPARE(json.value("venue").toString(), QStringLiteral("raydium"));
        QCOMPARE(json.value("available").toBool(), true);
        QCOMPARE(json.value("amountIn").toString(), QStringLiteral("1.5"));
        QCOMPARE(json.value("amountOut").toString(), QStringLiteral("224.4375"));
        QCOMPARE(json.value("fee").toString(), QStringLiteral("0.00375"));
        QCOMPARE(json.value("feeBps").toString(), QStringLiteral("25"));
        QCOMPARE(json.value("priceImpactBps").toString(), QStringLiteral("13.7"));
        QCOMPARE(json.value("spotPrice").toString(), QStringLiteral("150"));
        QCOMPARE(json.value("price").toString(), QStringLiteral("149.625"));
        QCOMPARE(json.value("quotedAt").toString(), QStringLiteral("2026-11-21T10:00:00.123Z"));

        const QJsonObject unavailable = meteoraUnavailable().toJson(sol, usdc);
        QCOMPARE(unavailable.value("available").toBool(), false);
        QCOMPARE(unavailable.value("reason").toString(), QStringLiteral("no pool for SOL/USDC"));
        QCOMPARE(unavailable.value("amountOut").toString(), QStringLiteral("0"));
    }

    void routeAndResultRoundTrip()
    {
        const Token sol = TokenRegistry::sol();
        const Token usdc = TokenRegistry::usdc();
        const RouteDecision route = decision();
        const QJsonObject routeJson = route.toJson(sol, usdc);
        QCOMPARE(sortedKeys(routeJson),
                 sorted({"venue", "reason", "quotes", "minAmountOut", "wrapSol", "unwrapSol",
                         "swapMode", "kind", "path", "legs", "candidates", "amountIn", "amountOut"}));
        QCOMPARE(routeJson.value("minAmountOut").toString(), QStringLiteral("223.315312"));
        QCOMPARE(routeJson.value("quotes").toArray().size(), 2);

        const auto back = RouteDecision::fromJson(throughText(routeJson), sol, usdc);
        QVERIFY(back);
        QCOMPARE(back->toJson(sol, usdc), routeJson);
        // As the store reads it back: the same route, whose JSON is the stored text's.
        const QByteArray stored = route.toJsonText(sol, usdc);
        const auto read = RouteDecision::fromJsonText(stored, sol, usdc);
        QVERIFY(read);
        QCOMPARE(read->toJson(sol, usdc), routeJson);
        QCOMPARE(read->toJsonText(sol, usdc), stored);
        QVERIFY(read->legs.size() == route.legs.size() && read->amountOut == route.amountOut);
        QVERIFY(!RouteDecision::fromJsonText(stored.left(stored.size() / 2), sol, usdc));
        QVERIFY(back->venue == Venue::Raydium);
        QCOMPARE(back->reason, route.reason);
        QVERIFY(back->minAmountOut == route.minAmountOut);
        QCOMPARE(back->wrapSol, true);
        QCOMPARE(back->unwrapSol, false);
        QCOMPARE(back->quotes.size(), 2);
        const VenueQuote &quote = back->quotes.at(0);
        QVERIFY(quote.amountIn == route.quotes.at(0).amountIn);
        QVERIFY(quote.amountOut == route.quotes.at(0).amountOut);
        QVERIFY(quote.feeAmount == route.quotes.at(0).feeAmount);
        QCOMPARE(quote.feePpm, 2500);
        QCOMPARE(quote.priceImpactPpm, 1370);
        QVERIFY(quote.spotPrice == route.quotes.at(0).spotPrice);
        QVERIFY(quote.executionPrice == route.quotes.at(0).executionPrice);
        QCOMPARE(quote.quotedAt, T0);
        QCOMPARE(back->quotes.at(1).unavailableReason, QStringLiteral("no pool for SOL/USDC"));
        QVERIFY(back->chosenQuote());
        QVERIFY(back->chosenQuote()->venue == Venue::Raydium);

        const ExecutionResult result = execution();
        const QJsonObject resultJson = result.toJson(usdc);
        QCOMPARE(sortedKeys(resultJson), sorted({"signature", "venue", "amountOut", "executedPrice", "executedAt"}));
        QCOMPARE(resultJson.value("amountOut").toString(), QStringLiteral("224.000001"));
        QCOMPARE(resultJson.value("executedPrice").toString(), QStringLiteral("149.333334000000000001"));
        QCOMPARE(resultJson.value("executedAt").toString(), QStringLiteral("2026-11-21T10:00:03.123Z"));
        const auto resultBack = ExecutionResult::fromJson(throughText(resultJson), usdc);
        QVERIFY(resultBack);
        QCOMPARE(resultBack->toJson(usdc), resultJson);
        QCOMPARE(resultBack->signature, result.signature);
        QVERIFY(resultBack->amountOut == result.amountOut);
        QVERIFY(resultBack->executedPrice == result.executedPrice);
        QCOMPARE(resultBack->executedAt, result.executedAt);
    }

    void orderShape_data()
    {
        QTest::addColumn<bool>("full");
        QTest::addColumn<QStringList>("keys");
        const QStringList always{"id", "orderId", "type", "tokenIn", "tokenOut", "tokenInMint", "tokenOutMint",
                                 "pair", "amount", "swapMode", "slippageBps", "status", "attempt", "seq", "createdAt",
                                 "updatedAt"};
        QTest::newRow("minimal") << false << sorted(always);
        QTest::newRow("everything") << true
                                    << sorted(always + QStringList{"clientOrderId", "side", "limitPrice",
                                                                   "expiresAt", "route", "result", "error",
                                                                   "retryAt"});
    }
    void orderShape()
    {
        QFETCH(bool, full);
        QFETCH(QStringList, keys);
        const Order order = full ? fullOrder() : minimalOrder();
        const QJsonObject json = order.toJson();
        QCOMPARE(sortedKeys(json), keys);
        QCOMPARE(json.value("orderId"), json.value("id"));
        QCOMPARE(json.value("pair").toString(), order.pair());
        QCOMPARE(json.value("tokenInMint").toString(), order.tokenIn.mint);
        QCOMPARE(json.value("createdAt").toString(), QStringLiteral("2026-11-21T10:00:00.123Z"));
        if (full) {
            QCOMPARE(json.value("type").toString(), QStringLiteral("limit"));
            QCOMPARE(json.value("side").toString(), QStringLiteral("sell"));
            QCOMPARE(json.value("tokenIn").toString(), QStringLiteral("SOL"));
            QCOMPARE(json.value("amount").toString(), QStringLiteral("1.5"));
            QCOMPARE(json.value("limitPrice").toString(), QStringLiteral("149.500000000000000001"));
            QCOMPARE(json.value("status").toString(), QStringLiteral("confirmed"));
            QCOMPARE(json.value("attempt").toInt(), 2);
            QCOMPARE(json.value("seq").toInt(), 9);
            QCOMPARE(json.value("expiresAt").toString(), QStringLiteral("2026-11-21T11:00:00.123Z"));
            QCOMPARE(json.value("error").toObject(),
                     (QJsonObject{{"code", "slippage_exceeded"}, {"message", "price moved"}, {"permanent", false}}));
            QCOMPARE(json.value("result").toObject().value("signature").toString(), execution().signature);
            QCOMPARE(json.value("route").toObject().value("venue").toString(), QStringLiteral("raydium"));
        } else {
            QCOMPARE(json.value("amount").toString(), QStringLiteral("0.000001"));
            QCOMPARE(json.value("type").toString(), QStringLiteral("market"));
            QCOMPARE(json.value("slippageBps").toInt(), 50);
        }
    }

    void orderRoundTrips_data()
    {
        QTest::addColumn<bool>("full");
        QTest::addColumn<bool>("exactOut");
        QTest::newRow("minimal") << false << false;
        QTest::newRow("everything") << true << false;
        // A snapshot another node takes an order over from: the mode travels as it is, whatever
        // the side says (none here), and the amount is read in tokenOut's decimals.
        QTest::newRow("exact out") << false << true;
    }
    void orderRoundTrips()
    {
        QFETCH(bool, full);
        QFETCH(bool, exactOut);
        const TokenRegistry tokens;
        Order order = full ? fullOrder() : minimalOrder();
        if (exactOut) {
            order.swapMode = SwapMode::ExactOut;
            order.side = OrderSide::Unspecified;
            order.amountIn = units("2500000001"); // 2.500000001 SOL wanted: 9 decimals
        }
        const QJsonObject json = order.toJson();
        const auto back = Order::fromJson(throughText(json), tokens);
        QVERIFY(back);
        QCOMPARE(back->toJson(), json);
        QCOMPARE(back->id, order.id);
        QCOMPARE(back->clientOrderId, order.clientOrderId);
        QVERIFY(back->type == order.type);
        QVERIFY(back->side == order.side);
        QCOMPARE(toString(back->swapMode), toString(order.swapMode));
        QVERIFY(back->status == order.status);
        QCOMPARE(back->tokenIn, order.tokenIn);
        QCOMPARE(back->tokenOut.decimals, order.tokenOut.decimals);
        QVERIFY(back->amountIn == order.amountIn);
        QCOMPARE(back->slippageBps, order.slippageBps);
        QCOMPARE(back->limitPrice.has_value(), order.limitPrice.has_value());
        if (order.limitPrice)
            QVERIFY(*back->limitPrice == *order.limitPrice);
        QCOMPARE(back->expiresAt, order.expiresAt);
        QCOMPARE(back->retryAt, order.retryAt);
        QCOMPARE(back->attempt, order.attempt);
        QCOMPARE(back->seq, order.seq);
        QCOMPARE(back->createdAt, order.createdAt);
        QCOMPARE(back->updatedAt, order.updatedAt);
        QCOMPARE(back->route.has_value(), order.route.has_value());
        QCOMPARE(back->execution.has_value(), order.execution.has_value());
        QCOMPARE(back->lastError.has_value(), order.lastError.has_value());
    }

    // 1e12 whole SOL is 1e21 base units: beyond a double's exact range and beyond 64 bits.
    void decimalsNeverLosePrecision_data()
    {
        QTest::addColumn<QString>("baseUnits");
        QTest::addColumn<QString>("shown");
        QTest::newRow("1e21 base units") << "1000000000000000000000" << "1000000000000";
        QTest::newRow("all digits significant") << "999999999999999999999" << "999999999999.999999999";
        QTest::newRow("one base unit") << "1" << "0.000000001";
        QTest::newRow("2^53 + 1") << "9007199254740993" << "9007199.254740993";
    }
    void decimalsNeverLosePrecision()
    {
        QFETCH(QString, baseUnits);
        QFETCH(QString, shown);
        const TokenRegistry tokens;
        Order order = minimalOrder();
        order.tokenIn = TokenRegistry::sol();
        order.tokenOut = TokenRegistry::usdc();
        order.amountIn = *Decimal::fromString(baseUnits);
        order.limitPrice = *Decimal::fromString(baseUnits); // the same digits at 18 decimals
        ExecutionResult result = execution();
        result.amountOut = order.amountIn;
        order.execution = result;
        const QJsonObject json = throughText(order.toJson());
        QCOMPARE(json.value("amount").toString(), shown);
        const auto back = Order::fromJson(json, tokens);
        QVERIFY(back);
        QCOMPARE(Decimal::toString(back->amountIn), baseUnits);
        QCOMPARE(Decimal::toString(*back->limitPrice), baseUnits);
        QCOMPARE(Decimal::toString(back->execution->amountOut), Decimal::toString(order.amountIn));
    }

    // A transaction's JSON is made once it is signed and shared by its copies; signing it anew
    // after a change makes it anew (an order's writes must never carry a stale transaction).
    void transactionJsonFollowsItsSignature()
    {
        SwapTransaction tx;
        tx.orderId = QStringLiteral("ord_1");
        tx.attempt = 1;
        tx.tokenIn = TokenRegistry::usdc();
        tx.tokenOut = TokenRegistry::sol();
        tx.amountIn = 5'000'000;
        tx.blockhash = QStringLiteral("hash");
        tx.lastValidBlockHeight = 150;
        QCOMPARE(tx.toJson().value(QStringLiteral("amountIn")).toString(), QStringLiteral("5000000"));
        tx.amountIn = 6'000'000; // not signed yet: nothing is kept
        QCOMPARE(tx.toJson().value(QStringLiteral("amountIn")).toString(), QStringLiteral("6000000"));

        tx.sign();
        const QByteArray signedText = tx.toJsonText();
        QVERIFY(signedText.contains("\"amountIn\":\"6000000\""));
        QVERIFY(signedText.contains(tx.signature.toUtf8()));
        const SwapTransaction copy = tx;
        QCOMPARE(copy.toJsonText().constData(), signedText.constData()); // shared, not made again

        tx.amountIn = 7'000'000;
        tx.sign();
        QCOMPARE(tx.toJson().value(QStringLiteral("amountIn")).toString(), QStringLiteral("7000000"));
        QCOMPARE(tx.toJson().value(QStringLiteral("signature")).toString(), tx.signature);
        QCOMPARE(copy.toJson().value(QStringLiteral("amountIn")).toString(), QStringLiteral("6000000"));
        QCOMPARE(QJsonDocument::fromJson(tx.toJsonText()).object(), tx.toJson());
    }

    void orderEventJson()
    {
        OrderEvent event;
        event.orderId = QStringLiteral("ord_1");
        event.seq = 3;
        event.status = OrderStatus::Building;
        event.attempt = 1;
        event.timestamp = T0;
        event.details = {{"route", decision().toJson(TokenRegistry::sol(), TokenRegistry::usdc())},
                         {"status", "forged"}}; // a detail must not overwrite the envelope
        const QJsonObject json = event.toJson();
        QCOMPARE(json.value("type").toString(), QStringLiteral("status"));
        QCOMPARE(json.value("orderId").toString(), QStringLiteral("ord_1"));
        QCOMPARE(json.value("status").toString(), QStringLiteral("building"));
        QCOMPARE(json.value("attempt").toInt(), 1);
        QCOMPARE(json.value("seq").toInt(), 3);
        QCOMPARE(json.value("ts").toString(), QStringLiteral("2026-11-21T10:00:00.123Z"));
        QCOMPARE(json.value("route").toObject().value("venue").toString(), QStringLiteral("raydium"));

        event.details.remove(QStringLiteral("status"));
        const QJsonObject clean = event.toJson();
        const auto back = OrderEvent::fromJson(throughText(clean));
        QVERIFY(back);
        QCOMPARE(back->toJson(), clean);
        QCOMPARE(back->orderId, event.orderId);
        QCOMPARE(back->seq, event.seq);
        QVERIFY(back->status == event.status);
        QCOMPARE(back->attempt, event.attempt);
        QCOMPARE(back->timestamp, event.timestamp);
        QCOMPARE(back->details, event.details);

        const FailureRecord failure{QStringLiteral("ord_1"), 2, QStringLiteral("slippage_exceeded"),
                                    QStringLiteral("price moved 1.2%"), T0, false};
        QCOMPARE(failure.toJson(), (QJsonObject{{"attempt", 2},
                                                {"code", "slippage_exceeded"},
                                                {"message", "price moved 1.2%"},
                                                {"at", "2026-11-21T10:00:00.123Z"},
                                                {"permanent", false}}));
    }

    // A building event carries its route as the route's text, which its text forms splice in:
    // every form must read back as the same event, with the route among its details, and an
    // event read back from the store (its route parsed into the details) must read the same.
    void orderEventRouteTextReadsAsItsDetails()
    {
        Order order = fullOrder();
        order.route = decision();
        OrderEvent event;
        event.orderId = order.id;
        event.seq = 4;
        event.status = OrderStatus::Building;
        event.attempt = 2;
        event.timestamp = T0;
        event.details = {{"note", "é \"q\""}};
        event.routeText = order.route->toJsonText(order.tokenIn, order.tokenOut);

        QJsonObject expected = event.details;
        expected.insert("route", order.route->toJson(order.tokenIn, order.tokenOut));
        QCOMPARE(event.allDetails(), expected);
        QCOMPARE(event.toJson().value("route").toObject(), expected.value("route").toObject());
        QCOMPARE(QJsonDocument::fromJson(event.toJsonText()).object(), event.toJson());
        QCOMPARE(QJsonDocument::fromJson(event.detailsText()).object(), expected);

        OrderEvent stored = event;
        stored.routeText.clear();
        stored.details = QJsonDocument::fromJson(event.detailsText()).object();
        QCOMPARE(stored.toJson(), event.toJson());
        QCOMPARE(QJsonDocument::fromJson(stored.toJsonText()).object(), event.toJson());

        // The envelope stays the event's even where a detail names its keys.
        event.details.insert("status", "confirmed");
        QCOMPARE(QJsonDocument::fromJson(event.toJsonText()).object().value("status").toString(),
                 QStringLiteral("building"));

        event.routeText.clear();
        event.details = {{"signature", "abc"}};
        QCOMPARE(QJsonDocument::fromJson(event.toJsonText()).object(), event.toJson());
        QCOMPARE(QJsonDocument::fromJson(event.detailsText()).object(), event.details);
    }

    // JsonText::compact is a faster QJsonDocument::toJson(Compact): byte for byte the same
    // text, for the documents OrderDesk writes and for strings of any character.
    void compactWritesWhatQtWrites()
    {
        Order order = fullOrder();
        order.route = decision();
        QList<QJsonObject> objects{order.toJson(),
                                   order.route->toJson(order.tokenIn, order.tokenOut),
                                   execution().toJson(order.tokenOut),
                                   QJsonObject{},
                                   QJsonObject{{"empty", QJsonArray{}}, {"nested", QJsonObject{}}}};
        QJsonArray numbers;
        for (const double number : {0.0, -0.0, 1.0, -1.0, 1.5, 1e-7, 0.1, 123456789012.0, 9007199254740991.0,
                                    9007199254740992.0, 1e21, -2.5e-300, 1e300, qInf(), qQNaN()})
            numbers.append(number);
        for (const qint64 integer : {qint64(0), qint64(-7), qint64(281'474'976'710'655), qint64(1) << 52})
            numbers.append(integer);
        objects << QJsonObject{{"numbers", numbers}, {"flags", QJsonArray{true, false, QJsonValue()}}};

        QString controls;
        for (char16_t c = 0; c < 0x20; ++c)
            controls += QChar(c);
        QStringList strings{controls, "\"quoted\" \\ back/slash", "é → 😀 ünïcödé", QString(QChar(0xd800)),
                            QString(QChar(0xdc00)) + "x", QString(QChar(0x2028)) + QChar(0x2029) + QChar(0x7f) + QChar(0x80) + QChar(0xffff)};
        QRandomGenerator random(7);
        const QList<char16_t> pool{u'a', u'Z', u'0', u' ', u'"', u'\\', u'\n', u'\x01', u'\x1f', u'\x7f',
                                   u'é', u'→', char16_t(0xd83d), char16_t(0xde00), char16_t(0xd800),
                                   char16_t(0xdfff), char16_t(0xfffd)};
        for (int i = 0; i < 300; ++i) {
            QString text;
            for (int n = int(random.bounded(40)); n > 0; --n)
                text += QChar(pool.at(int(random.bounded(pool.size()))));
            strings << text;
        }
        for (const QString &text : std::as_const(strings))
            objects << QJsonObject{{text, text}, {"in", QJsonArray{text}}};

        for (const QJsonObject &object : std::as_const(objects))
            QCOMPARE(JsonText::compact(object), QJsonDocument(object).toJson(QJsonDocument::Compact));
        QCOMPARE(JsonText::compact(numbers), QJsonDocument(numbers).toJson(QJsonDocument::Compact));
    }

    void timestampsAreUtcWithMilliseconds()
    {
        const QDateTime berlin(QDate(2026, 7, 1), QTime(12, 30, 5, 7), QTimeZone("Europe/Berlin"));
        QCOMPARE(toIsoString(berlin), QStringLiteral("2026-07-01T10:30:05.007Z"));
        QCOMPARE(toIsoString(QDateTime()), QString());
        const auto parsed = fromIsoString(QStringLiteral("2026-07-01T10:30:05.007Z"));
        QVERIFY(parsed);
        QCOMPARE(*parsed, berlin);
        QVERIFY(!fromIsoString(QStringLiteral("yesterday")));

        // Leap days, year ends and times before 1970 read as Qt writes them.
        QRandomGenerator random(11);
        const qint64 from = QDateTime(QDate(1900, 1, 1), QTime(), Qt::UTC).toMSecsSinceEpoch();
        const qint64 to = QDateTime(QDate(2400, 3, 1), QTime(), Qt::UTC).toMSecsSinceEpoch();
        for (int i = 0; i < 5000; ++i) {
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(
                from + qint64(random.bounded(quint64(to - from))), Qt::UTC);
            QCOMPARE(toIsoString(time), time.toString(Qt::ISODateWithMs));
        }
        for (const QDate day : {QDate(2024, 2, 29), QDate(2000, 2, 29), QDate(1969, 12, 31),
                                QDate(2026, 12, 31), QDate(2100, 3, 1)}) {
            const QDateTime time(day, QTime(23, 59, 59, 999), Qt::UTC);
            QCOMPARE(toIsoString(time), time.toString(Qt::ISODateWithMs));
        }
    }

    // Stored JSON that does not parse back is reported, never half-read into zeros.
    void refusesMalformedJson_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value"); // undefined: the key is removed
        QTest::newRow("unknown venue") << "venue" << QJsonValue("orca");
        QTest::newRow("no venue") << "venue" << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("amount as number") << "minAmountOut" << QJsonValue(223.3);
        QTest::newRow("too many decimals") << "minAmountOut" << QJsonValue("1.0000001");
        QTest::newRow("quotes not an array") << "quotes" << QJsonValue("none");
        QTest::newRow("bad quote") << "quotes" << QJsonValue(QJsonArray{QJsonObject{{"venue", "raydium"}}});
        QTest::newRow("wrapSol as string") << "wrapSol" << QJsonValue("yes");
    }
    void refusesMalformedJson()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        const Token sol = TokenRegistry::sol();
        const Token usdc = TokenRegistry::usdc();
        QJsonObject json = decision().toJson(sol, usdc);
        QVERIFY(RouteDecision::fromJson(json, sol, usdc));
        if (value.isUndefined())
            json.remove(key);
        else
            json.insert(key, value);
        QVERIFY(!RouteDecision::fromJson(json, sol, usdc));
    }
};

QTEST_GUILESS_MAIN(TestOrderJson)
#include "tst_orderjson.moc"
