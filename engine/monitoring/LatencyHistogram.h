#pragma once

#include <QtGlobal>

#include <array>
#include <atomic>
#include <chrono>

namespace OrderDesk {

// A Prometheus histogram of durations with fixed buckets (5 ms to 10 min): any thread records
// with a few relaxed atomic increments, nothing is locked, and a reader gets each figure as it
// was at some moment of its read (a scrape may see a sample in `count` before its bucket).
class LatencyHistogram
{
public:
    static constexpr std::array<double, 16> BucketBounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                          0.5,   1.0,  2.5,   5.0,  10.0, 30.0,
                                                          60.0,  120.0, 300.0, 600.0};

    void record(std::chrono::microseconds duration);
    void recordMs(qint64 milliseconds) { record(std::chrono::milliseconds(milliseconds)); }

    struct Snapshot
    {
        std::array<quint64, BucketBounds.size()> cumulative{}; // samples <= each bound
        quint64 count = 0;
        double sumSeconds = 0;
    };
    Snapshot snapshot() const;

private:
    std::array<std::atomic<quint64>, BucketBounds.size()> m_buckets{}; // not cumulative
    std::atomic<quint64> m_count{0};
    std::atomic<qint64> m_sumMicroseconds{0};
};

// Records the time from its construction to its destruction: one line around a round trip.
class LatencyTimer
{
public:
    explicit LatencyTimer(LatencyHistogram &histogram)
        : m_histogram(histogram), m_start(std::chrono::steady_clock::now())
    {
    }
    ~LatencyTimer()
    {
        m_histogram.record(std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - m_start));
    }
    LatencyTimer(const LatencyTimer &) = delete;
    LatencyTimer &operator=(const LatencyTimer &) = delete;

private:
    LatencyHistogram &m_histogram;
    std::chrono::steady_clock::time_point m_start;
};

} // namespace OrderDesk
