#include "MarketService.h"

#include "Base58.h"
#include "Chain.h"
#include "JsonText.h"
#include "VenuePool.h"
#include "LocalMarket.h"
#include "Logging.h"
#include "RouteMath.h"
#include "SimulatedVenue.h"

#include <QCryptographicHash>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace OrderDesk {

namespace {
using StatusCode = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;

// A transaction is a few hundred bytes and 256 signatures about 23 KiB: anything near this is
// not a request of ours. QHttpServer 6.4 buffers whatever Content-Length announces.
constexpr qint64 MaxBodyBytes = 1024 * 1024;
constexpr int MaxSignaturesPerCall = 256;
constexpr int MaxLedgerLimit = 1000;

// JSON-RPC 2.0 and Solana's error codes.
constexpr int ParseError = -32700;
constexpr int InvalidRequest = -32600;
constexpr int MethodNotFound = -32601;
constexpr int InvalidParams = -32602;
constexpr int InternalError = -32603;
constexpr int PreflightFailure = -32002;
constexpr int SignatureVerificationFailure = -32003;

QJsonObject errorBody(const QString &code, const QString &message)
{
    return {{QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
}

void reply(QHttpServerResponder &&responder, const QJsonObject &body,
           StatusCode status = StatusCode::Ok)
{
    responder.write(JsonText::compact(body), "application/json", status);
}

QJsonObject rpcError(int code, const QString &message, const QJsonObject &data = {})
{
    QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isEmpty())
        error.insert(QStringLiteral("data"), data);
    return error;
}

QJsonObject context(qint64 slot)
{
    return {{QStringLiteral("slot"), slot}};
}

// A JSON number or decimal string as an integer with `scale` decimals.
std::optional<Int128> decimalValue(const QJsonValue &value, int scale)
{
    if (value.isString())
        return Decimal::parse(value.toString().trimmed(), scale);
    if (value.isDouble()) {
        const QString text = QString::number(value.toDouble(), 'f', std::min(scale, 9));
        return Decimal::parse(text, scale);
    }
    return std::nullopt;
}

// Ppm of the input as a percent string: Jupiter's priceImpactPct.
QString percentOfPpm(int ppm)
{
    return Decimal::format(ppm, 4);
}

// Keeps a responder for an answer given later; the client may have left by then.
struct PendingReply
{
    explicit PendingReply(QHttpServerResponder &&r) : responder(std::move(r)), socket(responder.socket())
    {
    }
    QHttpServerResponder responder;
    QPointer<QTcpSocket> socket;
};
} // namespace

MarketService::MarketService(LocalMarket &market, bool simControl, QObject *parent)
    : QObject(parent), m_market(market), m_simControl(simControl),
      m_http(std::make_unique<QHttpServer>())
{
    addRoutes();
}

MarketService::~MarketService() = default;

quint16 MarketService::listen(const QHostAddress &address, quint16 port, QString *error)
{
    const quint16 bound = m_http->listen(address, port);
    if (bound == 0) {
        *error = QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port);
        return 0;
    }
    return bound;
}

void MarketService::route(const QString &path, const char *method,
                          void (MarketService::*handler)(const QHttpServerRequest &,
                                                         QHttpServerResponder &&))
{
    const QByteArray expected(method);
    // Every method is routed and checked here: a route whose method does not match would fall
    // through to the 404 of the missing handler (QHttpServer 6.4).
    m_http->route(path, [this, handler, expected, path](const QHttpServerRequest &request,
                                                      QHttpServerResponder &&responder) {
        const bool isGet = request.method() == Method::Get || request.method() == Method::Head;
        const bool isPost = request.method() == Method::Post;
        if ((expected == "GET" && !isGet) || (expected == "POST" && !isPost)) {
            responder.write(QJsonDocument(errorBody(
                                QStringLiteral("method_not_allowed"),
                                QStringLiteral("%1 takes %2 only").arg(path, QString::fromLatin1(expected))))
                                .toJson(QJsonDocument::Compact),
                            {{"Content-Type", "application/json"}, {"Allow", expected}},
                            StatusCode::MethodNotAllowed);
            return;
        }
        if (isPost) {
            const qint64 length = request.value("Content-Length").trimmed().toLongLong();
            if (length > MaxBodyBytes || request.body().size() > MaxBodyBytes) {
                reply(std::move(responder),
                      errorBody(QStringLiteral("body_too_large"),
                                QStringLiteral("request bodies are limited to %1 bytes").arg(MaxBodyBytes)),
                      StatusCode::PayloadTooLarge);
                return;
            }
        }
        (this->*handler)(request, std::move(responder));
    });
}

void MarketService::addRoutes()
{
    route(QStringLiteral("/quote"), "GET", &MarketService::quote);
    route(QStringLiteral("/rpc"), "POST", &MarketService::rpc);
    route(QStringLiteral("/ledger"), "GET", &MarketService::ledger);
    route(QStringLiteral("/pools"), "GET", &MarketService::pools);
    route(QStringLiteral("/health"), "GET", &MarketService::health);
    // Without --sim-control these paths do not exist: the missing handler's 404.
    if (m_simControl) {
        route(QStringLiteral("/sim/launch"), "POST", &MarketService::simLaunch);
        route(QStringLiteral("/sim/price"), "POST", &MarketService::simPrice);
    }
    m_http->setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        reply(std::move(responder),
              errorBody(QStringLiteral("not_found"),
                        QStringLiteral("no such endpoint: %1").arg(request.url().path())),
              StatusCode::NotFound);
    });
}

// ---- GET /quote -------------------------------------------------------------------------------

void MarketService::quote(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QUrlQuery query = request.query();
    const auto param = [&](const char *name) {
        return query.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded).trimmed();
    };
    const std::optional<Token> tokenIn = m_market.tokens().find(param("inputMint"));
    const std::optional<Token> tokenOut = m_market.tokens().find(param("outputMint"));
    const std::optional<Int128> amount = Decimal::fromString(param("amount"));
    const std::optional<SwapMode> swapMode =
        param("swapMode").isEmpty() ? SwapMode::ExactIn : swapModeFromString(param("swapMode"));
    const std::optional<Venue> venue =
        venueFromString(param("venue").isEmpty() ? QStringLiteral("raydium") : param("venue"));
    QString problem;
    if (!tokenIn || !tokenOut)
        problem = QStringLiteral("inputMint and outputMint must be known mints or symbols");
    else if (!amount || *amount <= 0)
        problem = QStringLiteral("amount must be a positive integer of base units");
    else if (!swapMode)
        problem = QStringLiteral("swapMode must be ExactIn or ExactOut");
    else if (!venue)
        problem = QStringLiteral("venue must be raydium or meteora");
    if (!problem.isEmpty())
        return reply(std::move(responder), errorBody(QStringLiteral("invalid_request"), problem),
                     StatusCode::BadRequest);

    // The venue's quote latency, waited on a timer: the answer reflects the pool as it is when
    // the latency is over, as LocalMarket::quote's would.
    SimulatedVenue *simulated = m_market.simulator().simulatedVenue(*venue);
    const int latencyMs = int(std::llround(simulated->drawQuoteLatency() * 1000.0));
    auto pending = std::make_shared<PendingReply>(std::move(responder));
    const Token in = *tokenIn;
    const Token out = *tokenOut;
    const Int128 amountIn = *amount;
    const Venue chosen = *venue;
    const SwapMode mode = *swapMode;
    QTimer::singleShot(latencyMs, this, [this, pending, in, out, amountIn, chosen, mode] {
        if (!pending->socket || pending->socket->state() != QAbstractSocket::ConnectedState)
            return;
        // ExactOut: `amount` is the output; the least input that delivers it (RouteMath's, as
        // the router's and the executed route's).
        VenueQuote quote = m_market.indicativeQuote(chosen, in, out, amountIn);
        if (mode == SwapMode::ExactOut) {
            const LegQuoter quoter = [this](Venue v, const Token &a, const Token &b, Int128 x) {
                return m_market.indicativeQuote(v, a, b, x);
            };
            const std::optional<VenueQuote> least = RouteMath::minimalInput(quoter, chosen, in, out, amountIn);
            if (least) {
                quote = *least;
            } else {
                quote = VenueQuote{};
                quote.venue = chosen;
                quote.unavailableReason = QStringLiteral("the pool cannot deliver that much");
            }
        }
        QJsonObject json = quote.toJson(in, out);
        const QString ammKey = Base58::encode(QCryptographicHash::hash(
            (toString(chosen) + in.mint + out.mint).toUtf8(), QCryptographicHash::Sha256));
        json.insert(QStringLiteral("inputMint"), in.mint);
        json.insert(QStringLiteral("outputMint"), out.mint);
        json.insert(QStringLiteral("inAmount"), Decimal::toString(quote.amountIn));
        json.insert(QStringLiteral("outAmount"), Decimal::toString(quote.amountOut));
        // With no slippage asked for, the threshold is the quote itself: minimum out for
        // ExactIn, maximum in for ExactOut (Jupiter's otherAmountThreshold).
        json.insert(QStringLiteral("otherAmountThreshold"),
                    Decimal::toString(mode == SwapMode::ExactIn ? quote.amountOut : quote.amountIn));
        json.insert(QStringLiteral("swapMode"), toString(mode));
        json.insert(QStringLiteral("slippageBps"), 0);
        json.insert(QStringLiteral("priceImpactPct"), percentOfPpm(quote.priceImpactPpm));
        json.insert(QStringLiteral("feeAmount"), Decimal::toString(quote.feeAmount));
        json.insert(QStringLiteral("feeMint"), in.mint);
        json.insert(QStringLiteral("feePpm"), quote.feePpm);
        json.insert(QStringLiteral("contextSlot"), m_market.blockHeight().value_or(0));
        json.insert(QStringLiteral("routePlan"),
                    QJsonArray{QJsonObject{
                        {QStringLiteral("swapInfo"),
                         QJsonObject{{QStringLiteral("ammKey"), ammKey},
                                     {QStringLiteral("label"), toString(chosen)},
                                     {QStringLiteral("inputMint"), in.mint},
                                     {QStringLiteral("outputMint"), out.mint},
                                     {QStringLiteral("inAmount"), Decimal::toString(quote.amountIn)},
                                     {QStringLiteral("outAmount"), Decimal::toString(quote.amountOut)},
                                     {QStringLiteral("feeAmount"), Decimal::toString(quote.feeAmount)},
                                     {QStringLiteral("feeMint"), in.mint}}},
                        {QStringLiteral("percent"), 100}}});
        reply(std::move(pending->responder), json);
    });
}

// ---- POST /rpc --------------------------------------------------------------------------------

void MarketService::rpc(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parse);
    const auto single = [](const QJsonObject &error) {
        return QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("id"), QJsonValue()},
                           {QStringLiteral("error"), error}};
    };
    if (parse.error != QJsonParseError::NoError)
        return reply(std::move(responder), single(rpcError(ParseError, QStringLiteral("Parse error"))));
    if (document.isArray()) {
        QJsonArray answers;
        for (const QJsonValue &entry : document.array())
            answers.append(handleRpc(entry.toObject()));
        return responder.write(JsonText::compact(answers),
                               "application/json");
    }
    reply(std::move(responder), handleRpc(document.object()));
}

QJsonObject MarketService::handleRpc(const QJsonObject &request)
{
    QJsonObject answer{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                       {QStringLiteral("id"), request.value(QStringLiteral("id"))}};
    const QJsonValue method = request.value(QStringLiteral("method"));
    const QJsonValue params = request.value(QStringLiteral("params"));
    if (!method.isString() || !(params.isUndefined() || params.isArray() || params.isNull())) {
        answer.insert(QStringLiteral("error"), rpcError(InvalidRequest, QStringLiteral("Invalid request")));
        return answer;
    }
    QJsonObject error;
    const QJsonValue result = rpcResult(method.toString(), params.toArray(), &error);
    if (!error.isEmpty())
        answer.insert(QStringLiteral("error"), error);
    else
        answer.insert(QStringLiteral("result"), result);
    return answer;
}

QJsonValue MarketService::rpcResult(const QString &method, const QJsonArray &params,
                                    QJsonObject *error)
{
    const auto unavailable = [error] {
        *error = rpcError(InternalError, QStringLiteral("Internal error: the ledger is unavailable"));
        return QJsonValue();
    };
    if (method == QLatin1String("getLatestBlockhash")) {
        const std::optional<Blockhash> hash = m_market.latestBlockhash();
        if (!hash)
            return unavailable();
        return QJsonObject{{QStringLiteral("context"), context(hash->slot)},
                           {QStringLiteral("value"),
                            QJsonObject{{QStringLiteral("blockhash"), hash->blockhash},
                                        {QStringLiteral("lastValidBlockHeight"),
                                         hash->lastValidBlockHeight}}}};
    }
    if (method == QLatin1String("getBlockHeight") || method == QLatin1String("getSlot")) {
        const std::optional<qint64> height = m_market.blockHeight();
        return height ? QJsonValue(*height) : unavailable();
    }
    if (method == QLatin1String("sendTransaction")) {
        const std::optional<SwapTransaction> tx =
            SwapTransaction::fromJson(params.at(0).toObject(), m_market.tokens());
        if (!tx) {
            *error = rpcError(InvalidParams, QStringLiteral("Invalid params: malformed transaction"),
                              {{QStringLiteral("code"), QStringLiteral("invalid_transaction")},
                               {QStringLiteral("permanent"), true}});
            return {};
        }
        const SendResult sent = m_market.sendTransaction(*tx);
        if (sent.kind == SendResult::Kind::Accepted)
            return tx->signature;
        if (sent.kind == SendResult::Kind::Unreachable) {
            *error = rpcError(InternalError, QStringLiteral("Internal error: ") + sent.error.message);
            return {};
        }
        const bool badSignature = sent.error.code == QLatin1String("invalid_signature");
        const QString solanaError = badSignature ? QStringLiteral("SignatureFailure")
                                    : sent.error.code == QLatin1String("blockhash_not_found")
                                        ? QStringLiteral("BlockhashNotFound")
                                        : QStringLiteral("InvalidTransaction");
        *error = rpcError(badSignature ? SignatureVerificationFailure : PreflightFailure,
                          QStringLiteral("Transaction simulation failed: ") + sent.error.message,
                          {{QStringLiteral("err"), solanaError},
                           {QStringLiteral("code"), sent.error.code},
                           {QStringLiteral("permanent"), sent.error.permanent}});
        return {};
    }
    if (method == QLatin1String("getSignatureStatuses")) {
        const QJsonArray list = params.at(0).toArray();
        QStringList signatures;
        for (const QJsonValue &value : list)
            signatures.append(value.toString());
        if (!params.at(0).isArray() || signatures.size() > MaxSignaturesPerCall) {
            *error = rpcError(InvalidParams, QStringLiteral("Invalid params: an array of at most %1 "
                                                            "signatures is expected")
                                                 .arg(MaxSignaturesPerCall));
            return {};
        }
        const std::optional<QList<SignatureStatus>> statuses = m_market.signatureStatuses(signatures);
        if (!statuses)
            return unavailable();
        QJsonArray values;
        for (const SignatureStatus &status : *statuses) {
            if (!status.landed) {
                values.append(QJsonValue());
                continue;
            }
            const QJsonValue err = status.error ? QJsonValue(status.error->toJson()) : QJsonValue();
            values.append(QJsonObject{
                {QStringLiteral("slot"), status.slot},
                {QStringLiteral("confirmations"), QJsonValue()},
                {QStringLiteral("err"), err},
                {QStringLiteral("status"),
                 status.error ? QJsonObject{{QStringLiteral("Err"), err}}
                              : QJsonObject{{QStringLiteral("Ok"), QJsonValue()}}},
                {QStringLiteral("confirmationStatus"), QStringLiteral("finalized")}});
        }
        const qint64 slot = statuses->isEmpty() ? m_market.blockHeight().value_or(0)
                                                : statuses->first().contextSlot;
        return QJsonObject{{QStringLiteral("context"), context(slot)},
                           {QStringLiteral("value"), values}};
    }
    if (method == QLatin1String("getTransaction")) {
        if (!params.at(0).isString()) {
            *error = rpcError(InvalidParams, QStringLiteral("Invalid params: a signature is expected"));
            return {};
        }
        const std::optional<LandedTransaction> landed = m_market.transaction(params.at(0).toString());
        if (!landed)
            return unavailable();
        if (!landed->isKnown())
            return QJsonValue();
        QJsonObject json = landed->toJson();
        json.insert(QStringLiteral("meta"),
                    QJsonObject{{QStringLiteral("err"), json.value(QStringLiteral("err"))},
                                {QStringLiteral("fee"), 0}});
        return json;
    }
    *error = rpcError(MethodNotFound, QStringLiteral("Method not found: %1").arg(method));
    return {};
}

// ---- GET /ledger, /pools, /health -------------------------------------------------------------

void MarketService::ledger(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QUrlQuery query = request.query();
    bool afterOk = true;
    bool limitOk = true;
    const QString afterText = query.queryItemValue(QStringLiteral("after"));
    const QString limitText = query.queryItemValue(QStringLiteral("limit"));
    const qint64 after = afterText.isEmpty() ? 0 : afterText.toLongLong(&afterOk);
    const int limit = limitText.isEmpty() ? 100 : limitText.toInt(&limitOk);
    if (!afterOk || after < 0 || !limitOk || limit < 1 || limit > MaxLedgerLimit) {
        return reply(std::move(responder),
                     errorBody(QStringLiteral("invalid_request"),
                               QStringLiteral("after must be a sequence ≥ 0 and limit 1 to %1")
                                   .arg(MaxLedgerLimit)),
                     StatusCode::BadRequest);
    }
    const std::optional<QList<LandedTransaction>> entries = m_market.ledger(after, limit);
    if (!entries) {
        return reply(std::move(responder),
                     errorBody(QStringLiteral("unavailable"), QStringLiteral("the ledger is unavailable")),
                     StatusCode::ServiceUnavailable);
    }
    QJsonArray list;
    for (const LandedTransaction &entry : *entries)
        list.append(entry.toJson());
    reply(std::move(responder),
          {{QStringLiteral("entries"), list},
           {QStringLiteral("next"), entries->isEmpty() ? after : entries->last().sequence}});
}

void MarketService::pools(const QHttpServerRequest &, QHttpServerResponder &&responder)
{
    QJsonArray list;
    for (Venue venue : AllVenues) {
        for (const VenuePool &pool : m_market.simulator().simulatedVenue(venue)->pools()) {
            QJsonObject json = pool.toJson();
            json.insert(QStringLiteral("venue"), toString(venue));
            json.insert(QStringLiteral("spotPrice"),
                        Decimal::format(pool.spotPrice(pool.tokenA(), pool.tokenB()).value_or(0),
                                        PriceScale));
            list.append(json);
        }
    }
    reply(std::move(responder), {{QStringLiteral("slot"), m_market.blockHeight().value_or(0)},
                                 {QStringLiteral("blockIntervalMs"), m_market.blockIntervalMs()},
                                 {QStringLiteral("pools"), list}});
}

void MarketService::health(const QHttpServerRequest &, QHttpServerResponder &&responder)
{
    const std::optional<qint64> height = m_market.blockHeight();
    reply(std::move(responder),
          {{QStringLiteral("status"), height ? QStringLiteral("ok") : QStringLiteral("down")},
           {QStringLiteral("blockHeight"), height.value_or(0)},
           {QStringLiteral("blockIntervalMs"), m_market.blockIntervalMs()},
           {QStringLiteral("latencyScale"), m_market.simulator().config().latencyScale},
           {QStringLiteral("seed"), QString::number(m_market.simulator().seed())},
           {QStringLiteral("simControl"), m_simControl}},
          height ? StatusCode::Ok : StatusCode::ServiceUnavailable);
}

// ---- POST /sim/launch, /sim/price (the same bodies as the engine's /api/sim/…) ----------------

void MarketService::simLaunch(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
    const auto bad = [&](const QString &code, const QString &message) {
        reply(std::move(responder), errorBody(code, message), StatusCode::BadRequest);
    };
    static const QRegularExpression symbolPattern(QStringLiteral("^[A-Za-z0-9]{1,12}$"));
    const QString symbol = (body.contains(QStringLiteral("token")) ? body.value(QStringLiteral("token"))
                                                                    : body.value(QStringLiteral("symbol")))
                               .toString().trimmed().toUpper();
    if (!symbolPattern.match(symbol).hasMatch())
        return bad(QStringLiteral("invalid_symbol"), QStringLiteral("token must be 1 to 12 letters or digits"));
    const QJsonValue decimalsValue = body.value(QStringLiteral("decimals"));
    const int decimals = decimalsValue.isUndefined() ? 6 : decimalsValue.toInt(-1);
    if (decimals < 0 || decimals > 18)
        return bad(QStringLiteral("invalid_decimals"), QStringLiteral("decimals must be an integer from 0 to 18"));
    QString mint = body.value(QStringLiteral("mint")).toString().trimmed();
    if (mint.isEmpty()) {
        // The same stand-in address the engine's /api/sim/launch gives a symbol.
        mint = Base58::encode(QCryptographicHash::hash("orderdesk-sim:" + symbol.toUtf8(),
                                                       QCryptographicHash::Sha256));
    } else if (!Base58::decode(mint) || mint.size() < 32 || mint.size() > 44) {
        return bad(QStringLiteral("invalid_mint"), QStringLiteral("mint must be a base58 address"));
    }
    std::optional<Venue> venue;
    if (const QString text = body.value(QStringLiteral("venue")).toString(); !text.isEmpty()) {
        venue = venueFromString(text);
        if (!venue)
            return bad(QStringLiteral("invalid_venue"), QStringLiteral("venue must be raydium or meteora"));
    }
    const Token usdc = TokenRegistry::usdc();
    Int128 liquidity = Int128(50'000) * Decimal::pow10(usdc.decimals);
    if (const QJsonValue value = body.value(QStringLiteral("liquidity")); !value.isUndefined()) {
        const std::optional<Int128> parsed = decimalValue(value, usdc.decimals);
        if (!parsed || *parsed <= 0)
            return bad(QStringLiteral("invalid_liquidity"), QStringLiteral("liquidity must be a positive USDC amount"));
        liquidity = *parsed;
    }
    const Token token{symbol, mint, decimals};
    if (!m_market.launchToken(token, venue, liquidity)) {
        return reply(std::move(responder),
                     errorBody(QStringLiteral("launch_failed"),
                               QStringLiteral("%1 was not launched: the symbol or mint is taken, or "
                                              "its pools exist already").arg(symbol)),
                     StatusCode::Conflict);
    }
    reply(std::move(responder), Market::launchJson(token, venue, liquidity), StatusCode::Created);
}

void MarketService::simPrice(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
    const std::optional<Venue> venue = venueFromString(body.value(QStringLiteral("venue")).toString());
    if (!venue) {
        return reply(std::move(responder),
                     errorBody(QStringLiteral("invalid_venue"), QStringLiteral("venue must be raydium or meteora")),
                     StatusCode::BadRequest);
    }
    std::optional<Token> pair[2];
    const QString names[2] = {QStringLiteral("base"), QStringLiteral("quote")};
    const QString aliases[2] = {QStringLiteral("tokenIn"), QStringLiteral("tokenOut")};
    const QStringList pairNames = body.value(QStringLiteral("pair")).toString().split(QLatin1Char('/'));
    for (int i = 0; i < 2; ++i) {
        QString text = body.value(names[i]).toString();
        if (text.isEmpty())
            text = body.value(aliases[i]).toString();
        if (text.isEmpty() && pairNames.size() == 2)
            text = pairNames[i].trimmed();
        pair[i] = m_market.tokens().find(text);
        if (!pair[i]) {
            return reply(std::move(responder),
                         errorBody(QStringLiteral("unknown_token"),
                                   QStringLiteral("unknown token %1 for %2").arg(text, names[i])),
                         StatusCode::BadRequest);
        }
    }
    const std::optional<Int128> price = decimalValue(body.value(QStringLiteral("price")), PriceScale);
    if (!price || *price <= 0) {
        return reply(std::move(responder),
                     errorBody(QStringLiteral("invalid_price"), QStringLiteral("price must be a positive number")),
                     StatusCode::BadRequest);
    }
    if (!m_market.setSpotPrice(*venue, *pair[0], *pair[1], *price)) {
        return reply(std::move(responder),
                     errorBody(QStringLiteral("no_pool"),
                               QStringLiteral("%1 has no %2/%3 pool")
                                   .arg(toString(*venue), pair[0]->symbol, pair[1]->symbol)),
                     StatusCode::Conflict);
    }
    const std::optional<Int128> spot = m_market.spotPrice(*venue, *pair[0], *pair[1]);
    reply(std::move(responder), {{QStringLiteral("venue"), toString(*venue)},
                                 {QStringLiteral("base"), pair[0]->symbol},
                                 {QStringLiteral("quote"), pair[1]->symbol},
                                 {QStringLiteral("price"), Decimal::format(spot.value_or(*price), PriceScale)}});
}

} // namespace OrderDesk
