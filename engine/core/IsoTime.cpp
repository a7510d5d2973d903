#include "IsoTime.h"

namespace OrderDesk {

QString toIsoString(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    // From the epoch milliseconds, without Qt's time-zone machinery: every event, write and
    // quote carries timestamps, and QDateTime::toString was a tenth of an order's JSON.
    const qint64 ms = time.toMSecsSinceEpoch();
    const qint64 days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
    const qint64 msOfDay = ms - days * 86'400'000;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    const qint64 z = days + 719'468;
    const qint64 era = (z >= 0 ? z : z - 146'096) / 146'097;
    const qint64 dayOfEra = z - era * 146'097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36'524 - dayOfEra / 146'096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999)
        return time.toUTC().toString(Qt::ISODateWithMs);

    char text[] = "YYYY-MM-DDThh:mm:ss.zzzZ";
    const auto put = [&text](int at, qint64 value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, msOfDay / 3'600'000, 2);
    put(14, msOfDay / 60'000 % 60, 2);
    put(17, msOfDay / 1000 % 60, 2);
    put(20, msOfDay % 1000, 3);
    return QString::fromLatin1(text, sizeof text - 1);
}

std::optional<QDateTime> fromIsoString(const QString &text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return time.toUTC();
}

} // namespace OrderDesk
