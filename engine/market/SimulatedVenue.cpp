#include "SimulatedVenue.h"

#include <QMutexLocker>
#include <chrono>
#include <cmath>
#include <thread>

namespace OrderDesk {

namespace {
std::mt19937_64 stream(quint64 seed, quint32 streamId)
{
    std::seed_seq sequence{static_cast<quint32>(seed), static_cast<quint32>(seed >> 32), streamId};
    return std::mt19937_64(sequence);
}

// Counts this call as in flight for as long as it lives.
class LoadScope
{
public:
    explicit LoadScope(VenueLoad *load) : m_load(load)
    {
        if (!m_load)
            return;
        const int now = ++m_load->inFlight;
        int peak = m_load->peak.load();
        while (now > peak && !m_load->peak.compare_exchange_weak(peak, now)) {
        }
    }
    ~LoadScope()
    {
        if (m_load)
            --m_load->inFlight;
    }
    LoadScope(const LoadScope &) = delete;
    LoadScope &operator=(const LoadScope &) = delete;

private:
    VenueLoad *m_load;
};

} // namespace

SimulatedVenue::SimulatedVenue(Venue venue, double latencyScale, quint64 seed,
                               std::shared_ptr<VenueLoad> load)
    : m_venue(venue), m_latencyScale(std::max(0.0, latencyScale)), m_latencyRng(stream(seed, 1)),
      m_load(std::move(load))
{
}

QString SimulatedVenue::pairKey(const Token &a, const Token &b)
{
    return a.mint < b.mint ? a.mint + QLatin1Char('/') + b.mint
                           : b.mint + QLatin1Char('/') + a.mint;
}

void SimulatedVenue::sleepFor(double seconds) const
{
    if (seconds > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(std::llround(seconds * 1e6)));
}

double SimulatedVenue::drawQuoteLatency()
{
    QMutexLocker locker(&m_mutex);
    return std::uniform_real_distribution<double>(0.150, 0.250)(m_latencyRng) * m_latencyScale;
}

VenueQuote SimulatedVenue::quote(const Token &tokenIn, const Token &tokenOut, Int128 amountIn)
{
    LoadScope busy(m_load.get());
    sleepFor(drawQuoteLatency());
    return indicativeQuote(tokenIn, tokenOut, amountIn);
}

VenueQuote SimulatedVenue::indicativeQuote(const Token &tokenIn, const Token &tokenOut,
                                           Int128 amountIn) const
{
    QMutexLocker locker(&m_mutex);
    VenueQuote result;
    const auto it = m_pools.constFind(pairKey(tokenIn, tokenOut));
    if (tokenIn == tokenOut) {
        result.amountIn = amountIn;
        result.unavailableReason = QStringLiteral("cannot swap %1 for itself").arg(tokenIn.symbol);
    } else if (it == m_pools.cend()) {
        result.amountIn = amountIn;
        result.unavailableReason = QStringLiteral("no pool for %1/%2 on %3")
                                       .arg(tokenIn.symbol, tokenOut.symbol, toString(m_venue));
    } else {
        result = it->quote(tokenIn, amountIn);
    }
    result.venue = m_venue;
    result.quotedAt = QDateTime::currentDateTimeUtc();
    return result;
}

void SimulatedVenue::storePool(const VenuePool &pool)
{
    QMutexLocker locker(&m_mutex);
    m_pools.insert(pairKey(pool.tokenA(), pool.tokenB()), pool);
}

bool SimulatedVenue::addPool(const VenuePool &pool)
{
    QMutexLocker locker(&m_mutex);
    const QString key = pairKey(pool.tokenA(), pool.tokenB());
    if (pool.tokenA() == pool.tokenB() || m_pools.contains(key))
        return false;
    m_pools.insert(key, pool);
    return true;
}

void SimulatedVenue::setPools(const QList<VenuePool> &pools)
{
    QHash<QString, VenuePool> replacement;
    for (const VenuePool &pool : pools)
        replacement.insert(pairKey(pool.tokenA(), pool.tokenB()), pool);
    QMutexLocker locker(&m_mutex);
    m_pools.swap(replacement);
}

bool SimulatedVenue::hasPool(const Token &a, const Token &b) const
{
    QMutexLocker locker(&m_mutex);
    return m_pools.contains(pairKey(a, b));
}

std::optional<VenuePool> SimulatedVenue::pool(const Token &a, const Token &b) const
{
    QMutexLocker locker(&m_mutex);
    const auto it = m_pools.constFind(pairKey(a, b));
    if (it == m_pools.cend())
        return std::nullopt;
    return *it;
}

QList<VenuePool> SimulatedVenue::pools() const
{
    QMutexLocker locker(&m_mutex);
    return m_pools.values();
}

QList<PoolListing> SimulatedVenue::listings() const
{
    QList<PoolListing> listings;
    const QMutexLocker locker(&m_mutex);
    listings.reserve(m_pools.size());
    for (const VenuePool &pool : m_pools)
        listings.append({m_venue, pool.tokenA(), pool.tokenB(), pool.reserveA(), pool.reserveB()});
    return listings;
}

std::optional<Int128> SimulatedVenue::spotPrice(const Token &tokenIn, const Token &tokenOut) const
{
    QMutexLocker locker(&m_mutex);
    const auto it = m_pools.constFind(pairKey(tokenIn, tokenOut));
    if (it == m_pools.cend())
        return std::nullopt;
    return it->spotPrice(tokenIn, tokenOut);
}

bool SimulatedVenue::setSpotPrice(const Token &base, const Token &quote, Int128 price)
{
    QMutexLocker locker(&m_mutex);
    const auto it = m_pools.find(pairKey(base, quote));
    return it != m_pools.end() && it->setPrice(base, quote, price);
}

void SimulatedVenue::stepPools(const std::function<double(const VenuePool &)> &logMoveFor)
{
    QMutexLocker locker(&m_mutex);
    for (VenuePool &pool : m_pools) {
        pool.tick();
        pool.movePrice(logMoveFor(pool));
    }
}

double SimulatedVenue::latencyScale() const
{
    QMutexLocker locker(&m_mutex);
    return m_latencyScale;
}

void SimulatedVenue::setLatencyScale(double scale)
{
    QMutexLocker locker(&m_mutex);
    m_latencyScale = std::max(0.0, scale);
}

} // namespace OrderDesk
