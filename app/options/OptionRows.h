#pragma once

#include "LogFormat.h"
#include "OptionResolver.h"
#include "OptionValues.h"

#include <QHostAddress>

#include <functional>

namespace OrderDesk {

// Rows both programs' option tables are made of: the options they share, and the value kinds
// most options are. `Options` is the program's settings struct.
namespace OptionRows {

using Why = std::optional<QString>;

template<class Options>
OptionRow<Options> help()
{
    return {{QStringLiteral("help"), {}, QStringLiteral("Show this help and exit."), {},
             QLatin1Char('h'), false},
            {}};
}

template<class Options>
OptionRow<Options> version()
{
    return {{QStringLiteral("version"), {}, QStringLiteral("Show the version and exit."), {},
             QLatin1Char('v'), false},
            {}};
}

// --config FILE: read by OptionResolver::loadConfigFile, never a key of the file itself.
template<class Options>
OptionRow<Options> config(const QString &variable, const QString &fileName)
{
    return {{QStringLiteral("config"), QStringLiteral("FILE"),
             QStringLiteral("INI file with the options below as keys (env %1; default "
                            "/etc/orderdesk/%2, else orderdesk/%2 in the user's config "
                            "directory). The command line and the environment win over it.")
                 .arg(variable, fileName),
             variable, {}, false},
            {}};
}

template<class Options>
OptionRow<Options> flag(OptionSpec spec, std::function<void(Options &, bool)> store)
{
    return {std::move(spec), [store](const QString &value, Options &options) -> Why {
                store(options, value == QLatin1String("true"));
                return std::nullopt;
            }};
}

// `what` may hold %1 and %2 for `min` and `max`.
template<class Options>
OptionRow<Options> wholeNumber(OptionSpec spec, qint64 min, qint64 max, const QString &what,
                               std::function<void(Options &, qint64)> store)
{
    return {std::move(spec), [=](const QString &value, Options &options) -> Why {
                const auto number = OptionValues::wholeNumber(value, min, max);
                if (!number)
                    return OptionValues::expected(what.arg(min).arg(max), value);
                store(options, *number);
                return std::nullopt;
            }};
}

template<class Options>
OptionRow<Options> realNumber(OptionSpec spec, double min, double max, const QString &what,
                              std::function<void(Options &, double)> store)
{
    return {std::move(spec), [=](const QString &value, Options &options) -> Why {
                const auto number = OptionValues::realNumber(value, min, max);
                if (!number)
                    return OptionValues::expected(what, value);
                store(options, *number);
                return std::nullopt;
            }};
}

template<class Options>
OptionRow<Options> seed(const QString &description, std::function<void(Options &, quint64)> store)
{
    return {{QStringLiteral("seed"), QStringLiteral("N"), description},
            [store](const QString &value, Options &options) -> Why {
                const auto seed = OptionValues::unsignedNumber(value);
                if (!seed) {
                    return OptionValues::expected(
                        QStringLiteral("a whole number from 0 to 18446744073709551615"), value);
                }
                store(options, *seed);
                return std::nullopt;
            }};
}

// `endpoint` gives the address and port the value updates.
template<class Options>
OptionRow<Options> listen(OptionSpec spec,
                          std::function<std::pair<QHostAddress *, quint16 *>(Options &)> endpoint)
{
    return {std::move(spec), [endpoint](const QString &value, Options &options) -> Why {
                const auto [address, port] = endpoint(options);
                if (!OptionValues::parseListen(value, address, port))
                    return OptionValues::expected(OptionValues::listenForm(), value);
                return std::nullopt;
            }};
}

// --data-dir DIR: created and checked now (see OptionValues::dataDirectory).
template<class Options>
OptionRow<Options> dataDir(const QString &description,
                           std::function<void(Options &, const QString &)> store)
{
    return {{QStringLiteral("data-dir"), QStringLiteral("DIR"), description},
            [store](const QString &value, Options &options) -> Why {
                QString why;
                const auto dir = OptionValues::dataDirectory(value, true, &why);
                if (!dir)
                    return why;
                store(options, *dir);
                return std::nullopt;
            }};
}

template<class Options>
OptionRow<Options> logFormat(LogFormat Options::*member)
{
    return {{QStringLiteral("log-format"), QStringLiteral("FORMAT"),
             QStringLiteral("Log lines as text (time, level, category, message) or as one JSON "
                            "object each for log shippers (default text)."),
             {}, {}, true, {QStringLiteral("text"), QStringLiteral("json")}},
            [member](const QString &value, Options &options) -> Why {
                const auto format = logFormatFromString(value);
                if (!format)
                    return OptionValues::expected(QStringLiteral("text or json"), value);
                options.*member = *format;
                return std::nullopt;
            }};
}

} // namespace OptionRows

} // namespace OrderDesk
