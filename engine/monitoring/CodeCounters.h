#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <array>
#include <atomic>

namespace OrderDesk {

// Counters by error code ("slippage_exceeded", ...) without a lock: a code takes a slot the
// first time it is seen (a compare-and-swap), later counts are one atomic increment. Codes
// past the capacity count as "other", so a stream of new codes cannot grow the metrics.
class CodeCounters
{
public:
    static constexpr int Capacity = 48;
    static constexpr int MaxCodeLength = 47;

    void add(const QString &code);
    // Every code seen, with its count, in the order they were first seen.
    QList<QPair<QString, quint64>> counts() const;

private:
    enum SlotState { Empty, Claimed, Ready };
    struct Slot
    {
        std::atomic<int> state{Empty};
        char code[MaxCodeLength + 1] = {};
        std::atomic<quint64> count{0};
    };
    bool tryCount(Slot &slot, const QByteArray &code);

    std::array<Slot, Capacity> m_slots;
    std::atomic<quint64> m_other{0};
};

} // namespace OrderDesk
