#include "LatencyHistogram.h"

namespace OrderDesk {

void LatencyHistogram::record(std::chrono::microseconds duration)
{
    const qint64 micros = std::max<qint64>(0, duration.count());
    const double seconds = double(micros) / 1e6;
    for (std::size_t i = 0; i < BucketBounds.size(); ++i) {
        if (seconds <= BucketBounds[i]) {
            m_buckets[i].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    }
    m_count.fetch_add(1, std::memory_order_relaxed);
    m_sumMicroseconds.fetch_add(micros, std::memory_order_relaxed);
}

LatencyHistogram::Snapshot LatencyHistogram::snapshot() const
{
    Snapshot snapshot;
    quint64 running = 0;
    for (std::size_t i = 0; i < BucketBounds.size(); ++i) {
        running += m_buckets[i].load(std::memory_order_relaxed);
        snapshot.cumulative[i] = running;
    }
    // Never fewer than the buckets hold, so +Inf stays >= every bucket.
    snapshot.count = std::max(running, m_count.load(std::memory_order_relaxed));
    snapshot.sumSeconds = double(m_sumMicroseconds.load(std::memory_order_relaxed)) / 1e6;
    return snapshot;
}

} // namespace OrderDesk
