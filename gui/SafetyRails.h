#pragma once

#include "Decimal.h"

#include <QObject>
#include <QString>

#include <optional>

namespace OrderDesk {

// The console's guards against a fat-finger order (SPEC §7), kept in QSettings: orders worth
// more than a notional (USDC) ask for confirmation, orders worth more than a hard maximum are
// refused, and a kill switch stops this console from sending any order. They guard this console
// only: the API and other nodes are not affected.
class SafetyRails : public QObject
{
    Q_OBJECT

public:
    // USDC base units (6 decimals).
    static constexpr qint64 DefaultConfirmAboveUsdc = 1'000'000'000;  // 1 000 USDC
    static constexpr qint64 DefaultMaxNotionalUsdc = 50'000'000'000;  // 50 000 USDC

    struct Verdict
    {
        enum class Kind { Allowed, Confirm, Refused };
        Kind kind = Kind::Allowed;
        QString message; // what the operator reads: why confirm, why refused
    };

    explicit SafetyRails(QObject *parent = nullptr);

    // 0 turns either off.
    Int128 confirmAboveUsdc() const { return m_confirmAbove; }
    Int128 maxNotionalUsdc() const { return m_maxNotional; }
    bool isHalted() const { return m_halted; }
    void setConfirmAboveUsdc(Int128 usdcUnits);
    void setMaxNotionalUsdc(Int128 usdcUnits);

    // What to do with an order worth `notionalUsdc` (nullopt: the market cannot value it).
    Verdict check(std::optional<Int128> notionalUsdc) const;

    static QString usdcText(Int128 usdcUnits); // "1 000 USDC"

public Q_SLOTS:
    void setHalted(bool halted);

Q_SIGNALS:
    void haltedChanged(bool halted);
    void changed();

private:
    void save() const;

    Int128 m_confirmAbove = DefaultConfirmAboveUsdc;
    Int128 m_maxNotional = DefaultMaxNotionalUsdc;
    bool m_halted = false;
};

} // namespace OrderDesk
