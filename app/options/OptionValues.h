#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace OrderDesk {

// The value forms every OrderDesk program accepts, with one wording for their errors.
namespace OptionValues {

// Keeps an error message on one line and of readable length whatever the user typed.
QString printable(const QString &value);
// "expected WHAT, got 'VALUE'": the tail of every refused value's message.
QString expected(const QString &what, const QString &got);

bool isDigits(const QString &text);
std::optional<qint64> wholeNumber(const QString &text, qint64 min, qint64 max);
std::optional<quint64> unsignedNumber(const QString &text); // 0 to 2^64-1, digits only
std::optional<double> realNumber(const QString &text, double min, double max);
// A flag's value in a config file: true/false, yes/no, on/off, 1/0, any letter case.
std::optional<bool> boolean(const QString &text);

// The directory `input` names (relative to the working directory), or the platform's app data
// directory when not `isSet`: created if need be and checked writable, because a program that
// cannot write there cannot keep its state. The absolute path, or nothing with `why` set.
std::optional<QString> dataDirectory(const QString &input, bool isSet, QString *why);

// HOST:PORT, PORT, HOST or [IPv6]:PORT; what the text leaves out keeps its value in `address`
// and `port`. False (both untouched) when the text is none of those.
bool parseListen(const QString &text, QHostAddress *address, quint16 *port);
const QString &listenForm();

} // namespace OptionValues

} // namespace OrderDesk
