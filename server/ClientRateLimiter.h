#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

namespace OrderDesk {

// A token bucket per remote address: `requestsPerSecond` sustained, bursts of twice that.
// Single-threaded (the server's thread). Idle clients are forgotten, so the table stays as
// small as the set of recently active addresses.
class ClientRateLimiter
{
public:
    explicit ClientRateLimiter(int requestsPerSecond); // 0: unlimited

    bool isEnabled() const { return m_rate > 0; }

    // 0 when the request may proceed (and is counted); otherwise the milliseconds until the
    // client's next request would be allowed.
    qint64 tryAcquire(const QHostAddress &client);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };

    void forgetIdleClients(qint64 nowMs);

    int m_rate = 0;
    double m_burst = 0;
    QElapsedTimer m_clock;
    QHash<QHostAddress, Bucket> m_buckets;
    qint64 m_lastSweepMs = 0;
};

} // namespace OrderDesk
