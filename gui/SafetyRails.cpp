#include "SafetyRails.h"

#include "ConsoleSettings.h"

#include <QSettings>

namespace OrderDesk {

namespace {
const QString ConfirmKey = QStringLiteral("safety/confirmAboveUsdc");
const QString MaximumKey = QStringLiteral("safety/maxNotionalUsdc");
const QString HaltedKey = QStringLiteral("safety/halted");
constexpr int UsdcDecimals = 6;

Int128 readAmount(const QSettings &store, const QString &key, Int128 fallback)
{
    const QString text = store.value(key).toString();
    if (text.isEmpty())
        return fallback;
    const std::optional<Int128> parsed = Decimal::parse(text, UsdcDecimals);
    return parsed && *parsed >= 0 ? *parsed : fallback;
}
} // namespace

SafetyRails::SafetyRails(QObject *parent)
    : QObject(parent)
{
    const QSettings store = ConsoleSettings::open();
    m_confirmAbove = readAmount(store, ConfirmKey, DefaultConfirmAboveUsdc);
    m_maxNotional = readAmount(store, MaximumKey, DefaultMaxNotionalUsdc);
    // Kept across restarts: a halt the operator set stays until they lift it.
    m_halted = store.value(HaltedKey, false).toBool();
}

void SafetyRails::setConfirmAboveUsdc(Int128 usdcUnits)
{
    m_confirmAbove = std::max<Int128>(usdcUnits, 0);
    save();
    emit changed();
}

void SafetyRails::setMaxNotionalUsdc(Int128 usdcUnits)
{
    m_maxNotional = std::max<Int128>(usdcUnits, 0);
    save();
    emit changed();
}

void SafetyRails::setHalted(bool halted)
{
    if (halted == m_halted)
        return;
    m_halted = halted;
    save();
    emit haltedChanged(halted);
    emit changed();
}

void SafetyRails::save() const
{
    QSettings store = ConsoleSettings::open();
    store.setValue(ConfirmKey, Decimal::format(m_confirmAbove, UsdcDecimals));
    store.setValue(MaximumKey, Decimal::format(m_maxNotional, UsdcDecimals));
    store.setValue(HaltedKey, m_halted);
}

QString SafetyRails::usdcText(Int128 usdcUnits)
{
    // Whole cents are enough for a notional.
    const Int128 cents = usdcUnits / 10'000;
    return Decimal::format(cents, 2) + QStringLiteral(" USDC");
}

SafetyRails::Verdict SafetyRails::check(std::optional<Int128> notionalUsdc) const
{
    if (m_halted)
        return {Verdict::Kind::Refused,
                tr("Orders are halted: the kill switch is on. Lift it in Orders ▸ Halt orders to "
                   "send orders again.")};
    if (!notionalUsdc) {
        // Nothing to compare: better one click more than a blind order.
        if (m_confirmAbove > 0 || m_maxNotional > 0)
            return {Verdict::Kind::Confirm,
                    tr("The market cannot value this order in USDC, so neither the confirmation "
                       "threshold nor the maximum can be checked. Send it anyway?")};
        return {};
    }
    if (m_maxNotional > 0 && *notionalUsdc > m_maxNotional)
        return {Verdict::Kind::Refused,
                tr("Refused: this order is worth about %1, above the maximum order notional of "
                   "%2 set in the preferences.")
                    .arg(usdcText(*notionalUsdc), usdcText(m_maxNotional))};
    if (m_confirmAbove > 0 && *notionalUsdc > m_confirmAbove)
        return {Verdict::Kind::Confirm,
                tr("This order is worth about %1, above the confirmation threshold of %2. Send "
                   "it?")
                    .arg(usdcText(*notionalUsdc), usdcText(m_confirmAbove))};
    return {};
}

} // namespace OrderDesk
