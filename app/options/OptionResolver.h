#pragma once

#include "ConfigFile.h"
#include "OptionTable.h"
#include "OptionValues.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QString>

#include <functional>
#include <optional>

namespace OrderDesk {

// A value and where it came from, so that an error names what the user actually set.
struct Setting
{
    bool isSet = false;
    QString value; // a flag's is "true" on the command line, a boolean word in a config file
    QString label; // "--redis", "--redis (from REDIS_URL)", "/etc/orderdesk/orderdesk.conf:4: redis"
};

// One row of a program's options: the option, and how its value lands in `Options`.
template<class Options>
struct OptionRow
{
    OptionSpec spec;
    // Checks `value` and stores it; returns why it cannot ("expected ..., got '...'"), or nothing.
    // A flag's value is "true" or "false".
    std::function<std::optional<QString>(const QString &value, Options &options)> apply;
};

// Where each option's value comes from: the command line beats the environment beats the
// config file beats the default (SPEC §2).
class OptionResolver
{
public:
    // Parses `arguments` (argv[0] first) with a parser set up by `table`; unknown options,
    // missing values and stray arguments come back as one line in `error`.
    static bool parseCommandLine(const OptionTable &table, QCommandLineParser &parser,
                                 const QStringList &arguments, QString *error);

    // /etc/orderdesk/NAME (the packaged install's), then orderdesk/NAME in the user's config
    // directory.
    static QStringList defaultConfigFiles(const QString &name);

    OptionResolver(const OptionTable &table, const QCommandLineParser &parser,
                   QProcessEnvironment environment);

    // Reads the config file: the one --config names (or its variable), which must exist, else
    // the first of `defaultFiles` that exists, else none.
    bool loadConfigFile(const QStringList &defaultFiles, QString *error);
    const std::optional<ConfigFile> &configFile() const { return m_file; }

    Setting setting(const OptionSpec &spec) const;
    // "PROGRAM: LABEL: why".
    QString problem(const Setting &setting, const QString &why) const;

    // Applies every row that is set; stops at the first refusal, with `error` naming it.
    template<class Options>
    bool apply(const QList<OptionRow<Options>> &rows, Options &options, QString *error) const
    {
        for (const OptionRow<Options> &row : rows) {
            const Setting s = setting(row.spec);
            if (!s.isSet || !row.apply)
                continue;
            QString value = s.value;
            if (row.spec.isFlag()) {
                const auto flag = flagValue(s);
                if (!flag) {
                    *error = problem(s, OptionValues::expected(QStringLiteral("true or false"),
                                                               s.value));
                    return false;
                }
                value = *flag;
            }
            if (const auto why = row.apply(value, options)) {
                *error = problem(s, *why);
                return false;
            }
        }
        return true;
    }

private:
    static std::optional<QString> flagValue(const Setting &setting);

    const OptionTable &m_table;
    const QCommandLineParser &m_parser;
    QProcessEnvironment m_environment;
    std::optional<ConfigFile> m_file;
};

// A program's whole parse: the command line, then what it asks for (help, version, ...), then
// the config file (`configFiles` when neither --config nor its variable names one), then every
// row in precedence order. `Options` has `action` and `configFile`; `dataDir` is the setting
// the platform's app data directory fills when nothing set it. Never prints or exits.
template<class Options>
std::optional<Options> parseOptions(const OptionTable &table, const QList<OptionRow<Options>> &rows,
                                    const QStringList &arguments,
                                    const QProcessEnvironment &environment,
                                    const QStringList &configFiles, Options options,
                                    const std::function<QString &(Options &)> &dataDir,
                                    QString *error)
{
    QCommandLineParser parser;
    if (!OptionResolver::parseCommandLine(table, parser, arguments, error))
        return std::nullopt;
    options.action = OptionTable::requestedAction(parser);
    if (options.action != ProgramAction::Run)
        return options;

    OptionResolver resolver(table, parser, environment);
    if (!resolver.loadConfigFile(configFiles, error))
        return std::nullopt;
    if (resolver.configFile())
        options.configFile = resolver.configFile()->path();
    if (!resolver.apply(rows, options, error))
        return std::nullopt;
    if (dataDir(options).isEmpty()) {
        QString why;
        const auto dir = OptionValues::dataDirectory({}, false, &why);
        if (!dir) {
            *error = resolver.problem({false, {}, QStringLiteral("--data-dir")}, why);
            return std::nullopt;
        }
        dataDir(options) = *dir;
    }
    return options;
}

// The specs of `rows`, in order, for an OptionTable.
template<class Options>
QList<OptionSpec> specsOf(const QList<OptionRow<Options>> &rows)
{
    QList<OptionSpec> specs;
    for (const OptionRow<Options> &row : rows)
        specs.append(row.spec);
    return specs;
}

} // namespace OrderDesk
