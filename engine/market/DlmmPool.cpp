#include "DlmmPool.h"

#include "BinPriceTable.h"
#include "PoolMath.h"
#include "TokenJson.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace OrderDesk {

namespace {
using PoolMath::mulDiv;
using PoolMath::mulDivUp;
using PoolMath::mulShift64;

constexpr Int128 One = Int128(1) << 64; // 1.0 in Q64.64
constexpr double Ln10 = 2.302585092994045684;
constexpr qint64 BasisPointMax = 10'000;
} // namespace

DlmmPool::DlmmPool(const Token &tokenA, const Token &tokenB, int lowId, std::vector<DlmmBin> bins,
                   int activeId, const DlmmParameters &parameters)
    : m_tokenA(tokenA), m_tokenB(tokenB), m_parameters(parameters), m_lowId(lowId),
      m_bins(std::move(bins)), m_activeId(activeId), m_indexReference(activeId)
{
    cachePrices();
}

std::optional<Int128> DlmmPool::binPrice(int id, int binStepBps)
{
    if (binStepBps <= 0 || std::abs(id) > MaxBinId)
        return std::nullopt;
    // Square and multiply in Q64.64, each product rounded down; a negative id is the inverse.
    Int128 base = One + One * binStepBps / BasisPointMax;
    Int128 result = One;
    for (unsigned n = unsigned(std::abs(id)); n != 0; n >>= 1) {
        if (n & 1u) {
            const std::optional<Int128> product = mulShift64(result, base);
            if (!product)
                return std::nullopt;
            result = *product;
        }
        if (n > 1) {
            const std::optional<Int128> square = mulShift64(base, base);
            if (!square)
                return std::nullopt;
            base = *square;
        }
    }
    if (id < 0)
        return mulDiv(One, One, result);
    return result;
}

void DlmmPool::cachePrices()
{
    m_prices.resize(m_bins.size());
    BinPriceTable::fill(m_parameters.binStepBps, m_lowId, m_prices);
}

std::optional<Int128> DlmmPool::priceOf(int id) const
{
    const long index = long(id) - m_lowId;
    if (index >= 0 && index < long(m_prices.size()) && m_prices[std::size_t(index)] > 0)
        return m_prices[std::size_t(index)];
    return binPrice(id, m_parameters.binStepBps);
}

DlmmBin *DlmmPool::binAt(int id)
{
    const long index = long(id) - m_lowId;
    if (index < 0 || index >= long(m_bins.size()))
        return nullptr;
    return &m_bins[std::size_t(index)];
}

DlmmBin DlmmPool::bin(int id) const
{
    const long index = long(id) - m_lowId;
    return index >= 0 && index < long(m_bins.size()) ? m_bins[std::size_t(index)] : DlmmBin{};
}

std::optional<DlmmPool> DlmmPool::withUniformLiquidity(const Token &tokenA, const Token &tokenB,
                                                       Int128 reserveA, Int128 reserveB,
                                                       int binsPerSide, const DlmmParameters &parameters)
{
    if (reserveA <= 0 || reserveB <= 0 || binsPerSide < 0 || parameters.binStepBps <= 0 || tokenA == tokenB)
        return std::nullopt;
    const double step = std::log1p(parameters.binStepBps / double(BasisPointMax));
    const double logPrice = std::log(static_cast<double>(reserveB)) - std::log(static_cast<double>(reserveA));
    const long active = std::lround(logPrice / step);
    if (std::abs(active) + binsPerSide > MaxBinId)
        return std::nullopt;
    // Value per bin, in B: the two sides hold what reserveB and reserveA are worth, about 2·reserveB.
    const Int128 perBin = 2 * reserveB / (2 * binsPerSide + 1);
    if (perBin <= 0)
        return std::nullopt;
    const int low = int(active) - binsPerSide;
    std::vector<DlmmBin> bins(std::size_t(2 * binsPerSide + 1));
    for (int i = 0; i < int(bins.size()); ++i) {
        const int id = low + i;
        const std::optional<Int128> price = binPrice(id, parameters.binStepBps);
        if (!price || *price <= 0)
            return std::nullopt;
        DlmmBin &bin = bins[std::size_t(i)];
        if (id < active) {
            bin.y = perBin;
        } else if (id > active) {
            bin.x = mulDiv(perBin, One, *price).value_or(0);
        } else {
            bin.y = perBin / 2;
            bin.x = mulDiv(perBin - perBin / 2, One, *price).value_or(0);
        }
    }
    return DlmmPool(tokenA, tokenB, low, std::move(bins), int(active), parameters);
}

bool DlmmPool::trades(const Token &tokenIn, const Token &tokenOut) const
{
    return (tokenIn == m_tokenA && tokenOut == m_tokenB) || (tokenIn == m_tokenB && tokenOut == m_tokenA);
}

Int128 DlmmPool::reserveA() const
{
    Int128 total = 0;
    for (const DlmmBin &bin : m_bins)
        total += bin.x;
    return total;
}

Int128 DlmmPool::reserveB() const
{
    Int128 total = 0;
    for (const DlmmBin &bin : m_bins)
        total += bin.y;
    return total;
}

qint64 DlmmPool::feeRateFor(const DlmmParameters &parameters, qint64 accumulator)
{
    // Meteora: variable = ceil(control · (accumulator · binStep)² / 1e11), total capped.
    const Int128 scaled = Int128(accumulator) * parameters.binStepBps;
    const Int128 variable =
        parameters.variableFeeControl <= 0
            ? 0
            : (Int128(parameters.variableFeeControl) * scaled * scaled + 99'999'999'999) / 100'000'000'000;
    return qint64(std::min<Int128>(parameters.baseFeeRate + variable, parameters.maxFeeRate));
}

qint64 DlmmPool::feeRate() const
{
    DlmmPool now = *this;
    now.updateReferences();
    now.updateVolatilityAccumulator();
    return feeRateFor(m_parameters, now.m_volatilityAccumulator);
}

int DlmmPool::feePpm() const
{
    return int((feeRate() + 500) / 1000);
}

void DlmmPool::updateReferences()
{
    const qint64 elapsed = m_now - m_lastUpdate;
    if (elapsed < m_parameters.filterPeriod)
        return; // the high-frequency window: the reference stays
    m_indexReference = m_activeId;
    m_volatilityReference = elapsed < m_parameters.decayPeriod
                                ? m_volatilityAccumulator * m_parameters.reductionFactor / BasisPointMax
                                : 0;
}

void DlmmPool::updateVolatilityAccumulator()
{
    const qint64 crossed = std::abs(qint64(m_indexReference) - m_activeId);
    m_volatilityAccumulator =
        std::min(m_volatilityReference + crossed * BasisPointMax, m_parameters.maxVolatilityAccumulator);
}

std::optional<int> DlmmPool::nextBinHolding(bool sellingA) const
{
    if (m_bins.empty())
        return std::nullopt;
    if (sellingA) {
        for (int id = std::min(m_activeId, highestBinId()); id >= m_lowId; --id) {
            if (m_bins[std::size_t(id - m_lowId)].y > 0)
                return id;
        }
    } else {
        for (int id = std::max(m_activeId, m_lowId); id <= highestBinId(); ++id) {
            if (m_bins[std::size_t(id - m_lowId)].x > 0)
                return id;
        }
    }
    return std::nullopt;
}

std::optional<Int128> DlmmPool::spotPrice(const Token &tokenIn, const Token &tokenOut) const
{
    const std::optional<Int128> price = priceOf(m_activeId);
    if (!trades(tokenIn, tokenOut) || !price || *price <= 0)
        return std::nullopt;
    const int exponent = PriceScale + tokenIn.decimals - tokenOut.decimals;
    // Selling A: P base units of B per unit of A; selling B: 1/P.
    return tokenIn == m_tokenA ? PoolMath::scaledRatio(*price, One, exponent)
                               : PoolMath::scaledRatio(One, *price, exponent);
}

double DlmmPool::logPrice() const
{
    return m_activeId * std::log1p(m_parameters.binStepBps / double(BasisPointMax)) + m_logOffset
           + (m_tokenA.decimals - m_tokenB.decimals) * Ln10;
}

VenueQuote DlmmPool::quote(const Token &tokenIn, Int128 amountIn) const
{
    DlmmPool copy = *this;
    return copy.swap(tokenIn, amountIn);
}

VenueQuote DlmmPool::swap(const Token &tokenIn, Int128 amountIn)
{
    if (!contains(tokenIn)) {
        return PoolMath::unavailable(amountIn, QStringLiteral("%1 is not in the %2/%3 pool")
                                                   .arg(tokenIn.symbol, m_tokenA.symbol, m_tokenB.symbol));
    }
    if (amountIn <= 0)
        return PoolMath::unavailable(amountIn, QStringLiteral("amount must be greater than 0"));
    const bool sellingA = tokenIn == m_tokenA;
    const Token &tokenOut = sellingA ? m_tokenB : m_tokenA;
    const std::optional<Int128> spot = spotPrice(tokenIn, tokenOut);
    const std::optional<Int128> startPrice = priceOf(m_activeId);
    if (!spot || !startPrice)
        return PoolMath::unavailable(amountIn, QStringLiteral("the pool has no price"));

    // Worked on a copy: a swap that cannot be filled leaves the pool as it was.
    DlmmPool work = *this;
    work.updateReferences();
    Int128 remaining = amountIn;
    Int128 out = 0;
    Int128 fee = 0;
    while (remaining > 0) {
        const std::optional<int> next = work.nextBinHolding(sellingA);
        if (!next) {
            return PoolMath::unavailable(
                amountIn, QStringLiteral("amount is too large for this pool: its bins hold %1 %2 in all")
                              .arg(Decimal::format(sellingA ? reserveB() : reserveA(), tokenOut.decimals),
                                   tokenOut.symbol));
        }
        work.m_activeId = *next;
        work.updateVolatilityAccumulator();
        const qint64 rate = feeRateFor(m_parameters, work.m_volatilityAccumulator);
        DlmmBin &bin = *work.binAt(*next);
        const std::optional<Int128> price = work.priceOf(*next);
        const Int128 reserveOut = sellingA ? bin.y : bin.x;
        // What empties the bin: its reserve at the bin's price rounded up, the fee on top.
        const std::optional<Int128> maxIn =
            price ? (sellingA ? mulDivUp(reserveOut, One, *price) : mulDivUp(reserveOut, *price, One))
                  : std::nullopt;
        const std::optional<Int128> maxFee = maxIn ? mulDivUp(*maxIn, rate, FeePrecision - rate) : std::nullopt;
        if (!maxIn || !maxFee)
            return PoolMath::unavailable(amountIn, QStringLiteral("amount is too large for this pool"));
        Int128 binIn = 0;
        Int128 binOut = 0;
        if (remaining >= *maxIn + *maxFee) {
            binIn = *maxIn + *maxFee;
            binOut = reserveOut;
            fee += *maxFee;
        } else {
            const Int128 binFee = mulDivUp(remaining, rate, FeePrecision).value_or(remaining);
            const Int128 net = remaining - binFee;
            binIn = remaining;
            binOut = std::min(reserveOut, (sellingA ? mulShift64(net, *price) : mulDiv(net, One, *price)).value_or(0));
            fee += binFee;
        }
        // The whole input stays in the bin, its fee included (the LPs' share of this bin).
        if (sellingA) {
            bin.x += binIn;
            bin.y -= binOut;
        } else {
            bin.y += binIn;
            bin.x -= binOut;
        }
        remaining -= binIn;
        out += binOut;
        if (remaining > 0)
            work.m_activeId += sellingA ? -1 : 1;
    }
    if (out <= 0) {
        return PoolMath::unavailable(amountIn, QStringLiteral("amount is too small: the %1/%2 pool would return no %3")
                                                   .arg(m_tokenA.symbol, m_tokenB.symbol, tokenOut.symbol));
    }
    work.m_lastUpdate = work.m_now;

    VenueQuote quote;
    quote.available = true;
    quote.amountIn = amountIn;
    quote.amountOut = out;
    quote.feeAmount = fee;
    quote.feePpm = int(mulDivUp(fee, PoolMath::PpmScale, amountIn).value_or(0));
    quote.spotPrice = *spot;
    quote.executionPrice =
        PoolMath::scaledRatio(out, amountIn, PriceScale + tokenIn.decimals - tokenOut.decimals).value_or(0);
    const Int128 net = amountIn - fee;
    quote.priceImpactPpm = PoolMath::priceImpactPpm(
        sellingA ? mulShift64(net, *startPrice) : mulDiv(net, One, *startPrice), out);
    quote.binsCrossed = std::abs(work.m_activeId - m_activeId);
    *this = std::move(work);
    return quote;
}

bool DlmmPool::movePrice(double logMove)
{
    if (!std::isfinite(logMove) || std::abs(logMove) > 80)
        return false;
    const double step = std::log1p(m_parameters.binStepBps / double(BasisPointMax));
    const double wanted = m_logOffset + logMove;
    const long target = std::clamp<long>(m_activeId + std::lround(wanted / step), -MaxBinId, MaxBinId);
    m_logOffset = wanted - (target - m_activeId) * step;
    if (target == m_activeId)
        return true;
    updateReferences();
    // The arbitrage takes what the crossed bins sell at their own prices: rising, their A for B;
    // falling, their B for A. The bin it stops in keeps what it holds.
    const bool rising = target > m_activeId;
    const int first = rising ? std::max(m_activeId, m_lowId) : std::max(int(target) + 1, m_lowId);
    const int last = rising ? std::min(int(target) - 1, highestBinId()) : std::min(m_activeId, highestBinId());
    for (int id = first; id <= last; ++id) {
        DlmmBin &bin = *binAt(id);
        const Int128 price = *priceOf(id);
        if (rising && bin.x > 0) {
            bin.y += mulDivUp(bin.x, price, One).value_or(0);
            bin.x = 0;
        } else if (!rising && bin.y > 0) {
            bin.x += mulDivUp(bin.y, One, price).value_or(0);
            bin.y = 0;
        }
    }
    m_activeId = int(target);
    updateVolatilityAccumulator();
    m_lastUpdate = m_now;
    return true;
}

bool DlmmPool::setPrice(const Token &base, const Token &quote, Int128 price)
{
    return trades(base, quote) && price > 0 && movePrice(PoolMath::logMoveTo(logPrice(), base == m_tokenA, price));
}

QJsonObject DlmmPool::toJson() const
{
    // The bins as one comma-separated string per side: the market writes every pool's state a
    // few times a second for each node's mirror, and a JSON array of strings cost ~9,000
    // instructions per bin to write and read, a string ~1,000.
    QString xs;
    QString ys;
    xs.reserve(qsizetype(m_bins.size()) * 12);
    ys.reserve(qsizetype(m_bins.size()) * 12);
    for (const DlmmBin &bin : m_bins) {
        if (!xs.isEmpty()) {
            xs += QLatin1Char(',');
            ys += QLatin1Char(',');
        }
        xs += Decimal::toString(bin.x);
        ys += Decimal::toString(bin.y);
    }
    return {
        {QStringLiteral("kind"), QStringLiteral("dlmm")},
        {QStringLiteral("tokenA"), TokenJson::toJson(m_tokenA)},
        {QStringLiteral("tokenB"), TokenJson::toJson(m_tokenB)},
        {QStringLiteral("reserveA"), Decimal::toString(reserveA())},
        {QStringLiteral("reserveB"), Decimal::toString(reserveB())},
        {QStringLiteral("feePpm"), feePpm()},
        {QStringLiteral("binStep"), m_parameters.binStepBps},
        {QStringLiteral("activeId"), m_activeId},
        {QStringLiteral("lowBinId"), m_lowId},
        {QStringLiteral("binsX"), xs},
        {QStringLiteral("binsY"), ys},
        {QStringLiteral("fees"),
         QJsonObject{{QStringLiteral("baseFeeRate"), m_parameters.baseFeeRate},
                     {QStringLiteral("maxFeeRate"), m_parameters.maxFeeRate},
                     {QStringLiteral("variableFeeControl"), m_parameters.variableFeeControl},
                     {QStringLiteral("maxVolatilityAccumulator"), m_parameters.maxVolatilityAccumulator},
                     {QStringLiteral("filterPeriod"), m_parameters.filterPeriod},
                     {QStringLiteral("decayPeriod"), m_parameters.decayPeriod},
                     {QStringLiteral("reductionFactor"), m_parameters.reductionFactor}}},
        {QStringLiteral("clock"),
         QJsonObject{{QStringLiteral("now"), m_now},
                     {QStringLiteral("lastUpdate"), m_lastUpdate},
                     {QStringLiteral("indexReference"), m_indexReference},
                     {QStringLiteral("volatilityAccumulator"), m_volatilityAccumulator},
                     {QStringLiteral("volatilityReference"), m_volatilityReference}}},
        {QStringLiteral("volatility"), m_volatility},
        {QStringLiteral("logOffset"), m_logOffset},
    };
}

namespace {

// One side's bin amounts: a comma-separated string, or (as markets before it wrote them) an
// array of strings; nullopt when an amount is not a non-negative integer.
std::optional<std::vector<Int128>> binAmounts(const QJsonValue &value)
{
    std::vector<Int128> amounts;
    const auto add = [&amounts](QStringView text) {
        const std::optional<Int128> amount = Decimal::fromString(text);
        if (!amount || *amount < 0)
            return false;
        amounts.push_back(*amount);
        return true;
    };
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        amounts.reserve(std::size_t(array.size()));
        for (const QJsonValue &item : array) {
            if (!add(item.toString()))
                return std::nullopt;
        }
        return amounts;
    }
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    if (text.isEmpty())
        return amounts;
    for (const QStringView item : QStringView(text).tokenize(QLatin1Char(','))) {
        if (!add(item))
            return std::nullopt;
    }
    return amounts;
}

} // namespace

std::optional<DlmmPool> DlmmPool::fromJson(const QJsonObject &json)
{
    const std::optional<Token> a = TokenJson::fromJson(json.value(QStringLiteral("tokenA")));
    const std::optional<Token> b = TokenJson::fromJson(json.value(QStringLiteral("tokenB")));
    const std::optional<std::vector<Int128>> xs = binAmounts(json.value(QStringLiteral("binsX")));
    const std::optional<std::vector<Int128>> ys = binAmounts(json.value(QStringLiteral("binsY")));
    const QJsonObject fees = json.value(QStringLiteral("fees")).toObject();
    const QJsonObject clock = json.value(QStringLiteral("clock")).toObject();
    const int binStep = json.value(QStringLiteral("binStep")).toInt();
    if (!a || !b || !xs || !ys || xs->size() != ys->size() || fees.isEmpty() || clock.isEmpty()
        || binStep <= 0) {
        return std::nullopt;
    }
    const auto integer = [](const QJsonObject &object, const char *key) {
        return qint64(object.value(QLatin1String(key)).toDouble());
    };
    DlmmParameters parameters;
    parameters.binStepBps = binStep;
    parameters.baseFeeRate = integer(fees, "baseFeeRate");
    parameters.maxFeeRate = integer(fees, "maxFeeRate");
    parameters.variableFeeControl = integer(fees, "variableFeeControl");
    parameters.maxVolatilityAccumulator = integer(fees, "maxVolatilityAccumulator");
    parameters.filterPeriod = integer(fees, "filterPeriod");
    parameters.decayPeriod = integer(fees, "decayPeriod");
    parameters.reductionFactor = integer(fees, "reductionFactor");
    if (parameters.maxFeeRate <= 0 || parameters.maxFeeRate >= FeePrecision)
        return std::nullopt;
    std::vector<DlmmBin> bins(xs->size());
    for (std::size_t i = 0; i < xs->size(); ++i)
        bins[i] = {(*xs)[i], (*ys)[i]};
    DlmmPool pool(*a, *b, json.value(QStringLiteral("lowBinId")).toInt(), std::move(bins),
                  json.value(QStringLiteral("activeId")).toInt(), parameters);
    pool.m_now = integer(clock, "now");
    pool.m_lastUpdate = integer(clock, "lastUpdate");
    pool.m_indexReference = int(integer(clock, "indexReference"));
    pool.m_volatilityAccumulator = integer(clock, "volatilityAccumulator");
    pool.m_volatilityReference = integer(clock, "volatilityReference");
    pool.m_volatility = json.value(QStringLiteral("volatility")).toDouble();
    pool.m_logOffset = json.value(QStringLiteral("logOffset")).toDouble();
    return pool;
}

} // namespace OrderDesk
