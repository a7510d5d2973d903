#include "OptionResolver.h"

#include "OptionValues.h"

#include <QFileInfo>
#include <QStandardPaths>

namespace OrderDesk {

namespace {

QString optionName(const QString &name)
{
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

const QString ConfigOption = QStringLiteral("config");

} // namespace

bool OptionResolver::parseCommandLine(const OptionTable &table, QCommandLineParser &parser,
                                      const QStringList &arguments, QString *error)
{
    using OptionValues::printable;
    table.setUp(parser);
    if (!parser.parse(arguments)) {
        const QStringList unknown = parser.unknownOptionNames();
        if (!unknown.isEmpty()) {
            QStringList names;
            for (const QString &name : unknown)
                names << optionName(printable(name));
            *error = QStringLiteral("%1: unknown option%2 %3 (see --help)")
                         .arg(table.program(), unknown.size() == 1 ? QString() : QStringLiteral("s"),
                              names.join(QLatin1String(", ")));
        } else {
            QString text = parser.errorText().trimmed();
            if (text.endsWith(QLatin1Char('.')))
                text.chop(1);
            *error = QStringLiteral("%1: %2").arg(table.program(), printable(text));
        }
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("%1: unexpected argument '%2' (see --help)")
                     .arg(table.program(), printable(parser.positionalArguments().constFirst()));
        return false;
    }
    return true;
}

QStringList OptionResolver::defaultConfigFiles(const QString &name)
{
    return {QStringLiteral(ORDERDESK_SYSCONFDIR "/orderdesk/") + name,
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                + QStringLiteral("/orderdesk/") + name};
}

OptionResolver::OptionResolver(const OptionTable &table, const QCommandLineParser &parser,
                               QProcessEnvironment environment)
    : m_table(table), m_parser(parser), m_environment(std::move(environment))
{
}

bool OptionResolver::loadConfigFile(const QStringList &defaultFiles, QString *error)
{
    QString path;
    if (const OptionSpec *spec = m_table.find(ConfigOption)) {
        const Setting named = setting(*spec);
        if (named.isSet) {
            path = named.value.trimmed();
            if (path.isEmpty()) {
                *error = problem(named, QStringLiteral("expected a file name"));
                return false;
            }
        }
    }
    if (path.isEmpty()) {
        for (const QString &candidate : defaultFiles) {
            if (QFileInfo::exists(candidate)) {
                path = candidate;
                break;
            }
        }
    }
    if (path.isEmpty())
        return true;
    QString why;
    m_file = ConfigFile::read(path, m_table, &why);
    if (!m_file) {
        *error = QStringLiteral("%1: %2").arg(m_table.program(), why);
        return false;
    }
    return true;
}

Setting OptionResolver::setting(const OptionSpec &spec) const
{
    const QString name = QStringLiteral("--") + spec.name;
    if (m_parser.isSet(spec.name))
        return {true, spec.isFlag() ? QStringLiteral("true") : m_parser.value(spec.name), name};
    // An empty variable counts as unset: `export REDIS_URL=` is how shells clear one.
    if (!spec.environment.isEmpty()) {
        const QString value = m_environment.value(spec.environment);
        if (!value.isEmpty())
            return {true, value, QStringLiteral("%1 (from %2)").arg(name, spec.environment)};
    }
    if (m_file && spec.inConfigFile) {
        if (const auto entry = m_file->entry(spec.name)) {
            const QString label = QStringLiteral("%1:%2: %3")
                                      .arg(OptionValues::printable(m_file->path()))
                                      .arg(entry->line)
                                      .arg(spec.name);
            return {true, entry->value, label};
        }
    }
    return {false, {}, name};
}

std::optional<QString> OptionResolver::flagValue(const Setting &setting)
{
    const auto on = OptionValues::boolean(setting.value);
    if (!on)
        return std::nullopt;
    return *on ? QStringLiteral("true") : QStringLiteral("false");
}

QString OptionResolver::problem(const Setting &setting, const QString &why) const
{
    return QStringLiteral("%1: %2: %3").arg(m_table.program(), setting.label, why);
}

} // namespace OrderDesk
