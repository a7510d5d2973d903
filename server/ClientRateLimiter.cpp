#include "ClientRateLimiter.h"

#include <QtMath>

#include <algorithm>

namespace OrderDesk {

namespace {
constexpr qint64 SweepIntervalMs = 60'000;

// "::ffff:127.0.0.1" and "127.0.0.1" are one client, whichever socket family accepted it.
QHostAddress normalized(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}
} // namespace

ClientRateLimiter::ClientRateLimiter(int requestsPerSecond)
    : m_rate(std::max(0, requestsPerSecond)), m_burst(2.0 * m_rate)
{
    m_clock.start();
}

qint64 ClientRateLimiter::tryAcquire(const QHostAddress &client)
{
    if (m_rate <= 0)
        return 0;

    const qint64 now = m_clock.elapsed();
    if (now - m_lastSweepMs > SweepIntervalMs)
        forgetIdleClients(now);

    const QHostAddress key = normalized(client);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{m_burst, now});

    Bucket &bucket = it.value();
    bucket.tokens = std::min(m_burst, bucket.tokens + (now - bucket.updatedMs) * m_rate / 1000.0);
    bucket.updatedMs = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return std::max<qint64>(1, qCeil((1.0 - bucket.tokens) * 1000.0 / m_rate));
}

void ClientRateLimiter::forgetIdleClients(qint64 nowMs)
{
    m_lastSweepMs = nowMs;
    // A bucket that has refilled completely is indistinguishable from a new one.
    const double refillMs = m_burst * 1000.0 / m_rate;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (nowMs - it->updatedMs >= refillMs)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

} // namespace OrderDesk
