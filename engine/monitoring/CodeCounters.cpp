#include "CodeCounters.h"

#include <QThread>

#include <cstring>

namespace OrderDesk {

bool CodeCounters::tryCount(Slot &slot, const QByteArray &code)
{
    int state = slot.state.load(std::memory_order_acquire);
    if (state == Empty && slot.state.compare_exchange_strong(state, Claimed,
                                                             std::memory_order_acq_rel)) {
        std::memcpy(slot.code, code.constData(), size_t(code.size()));
        slot.code[code.size()] = '\0';
        slot.count.fetch_add(1, std::memory_order_relaxed);
        slot.state.store(Ready, std::memory_order_release);
        return true;
    }
    // Another thread is writing this slot's code: a few instructions away from done.
    while ((state = slot.state.load(std::memory_order_acquire)) == Claimed)
        QThread::yieldCurrentThread();
    if (std::strcmp(slot.code, code.constData()) != 0)
        return false;
    slot.count.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void CodeCounters::add(const QString &text)
{
    const QByteArray code = (text.isEmpty() ? QStringLiteral("unknown") : text)
                                .toLatin1()
                                .left(MaxCodeLength);
    for (Slot &slot : m_slots) {
        if (tryCount(slot, code))
            return;
    }
    m_other.fetch_add(1, std::memory_order_relaxed);
}

QList<QPair<QString, quint64>> CodeCounters::counts() const
{
    QList<QPair<QString, quint64>> result;
    for (const Slot &slot : m_slots) {
        if (slot.state.load(std::memory_order_acquire) != Ready)
            break;
        result.append({QString::fromLatin1(slot.code), slot.count.load(std::memory_order_relaxed)});
    }
    if (const quint64 other = m_other.load(std::memory_order_relaxed))
        result.append({QStringLiteral("other"), other});
    return result;
}

} // namespace OrderDesk
