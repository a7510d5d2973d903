#include "OptionValues.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <cmath>

namespace OrderDesk::OptionValues {

QString printable(const QString &value)
{
    QString text;
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            text += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            text += c;
    }
    constexpr int MaxLength = 120;
    if (text.size() > MaxLength)
        text = text.left(MaxLength - 3) + QStringLiteral("...");
    return text;
}

QString expected(const QString &what, const QString &got)
{
    return QStringLiteral("expected %1, got '%2'").arg(what, printable(got));
}

bool isDigits(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

std::optional<qint64> wholeNumber(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok, 10);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

std::optional<quint64> unsignedNumber(const QString &input)
{
    const QString text = input.trimmed();
    bool ok = false;
    const quint64 value = isDigits(text) ? text.toULongLong(&ok, 10) : 0;
    if (!ok)
        return std::nullopt;
    return value;
}

std::optional<double> realNumber(const QString &text, double min, double max)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max)
        return std::nullopt;
    return value;
}

std::optional<bool> boolean(const QString &input)
{
    const QString text = input.trimmed().toLower();
    for (const auto yes : {QLatin1String("true"), QLatin1String("yes"), QLatin1String("on"),
                           QLatin1String("1")}) {
        if (text == yes)
            return true;
    }
    for (const auto no : {QLatin1String("false"), QLatin1String("no"), QLatin1String("off"),
                          QLatin1String("0")}) {
        if (text == no)
            return false;
    }
    return std::nullopt;
}

std::optional<QString> dataDirectory(const QString &input, bool isSet, QString *why)
{
    QString dir = isSet ? input.trimmed()
                        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty()) {
        *why = isSet ? expected(QStringLiteral("a directory"), input)
                     : QStringLiteral("this system has no default data directory; give one");
        return std::nullopt;
    }
    dir = QDir::cleanPath(QDir::current().absoluteFilePath(dir));
    if (!QDir().mkpath(dir)) {
        *why = QStringLiteral("cannot create directory '%1'").arg(printable(dir));
        return std::nullopt;
    }
    if (!QFileInfo(dir).isWritable()) {
        *why = QStringLiteral("directory '%1' is not writable").arg(printable(dir));
        return std::nullopt;
    }
    return dir;
}

const QString &listenForm()
{
    static const QString form = QStringLiteral(
        "HOST:PORT, PORT or [IPv6]:PORT (HOST an IP address or localhost, PORT 0-65535)");
    return form;
}

bool parseListen(const QString &input, QHostAddress *addressOut, quint16 *portOut)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return false;
    QString host;
    QString port;
    bool bracketed = false;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return false;
        bracketed = true;
        host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')) || rest.size() == 1)
                return false;
            port = rest.mid(1);
        }
    } else if (isDigits(text)) {
        port = text;
    } else {
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        // "::1:3000" is itself a valid IPv6 address, so without brackets the port is ambiguous.
        if (colon >= 0 && text.indexOf(QLatin1Char(':')) != colon)
            return false;
        host = colon < 0 ? text : text.left(colon);
        if (colon >= 0) {
            port = text.mid(colon + 1);
            if (port.isEmpty())
                return false;
        }
    }

    QHostAddress address = *addressOut;
    if (!host.isEmpty()) {
        if (!bracketed && host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
            address = QHostAddress(QHostAddress::LocalHost);
        } else {
            if (!address.setAddress(host))
                return false;
            const bool isIpv6 = address.protocol() == QAbstractSocket::IPv6Protocol;
            if (isIpv6 != bracketed)
                return false;
        }
    }
    quint16 portNumber = *portOut;
    if (!port.isEmpty()) {
        const auto value = isDigits(port) ? wholeNumber(port, 0, 65535) : std::nullopt;
        if (!value)
            return false;
        portNumber = static_cast<quint16>(*value);
    }
    *addressOut = address;
    *portOut = portNumber;
    return true;
}

} // namespace OrderDesk::OptionValues
