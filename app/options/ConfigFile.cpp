#include "ConfigFile.h"

#include "OptionTable.h"
#include "OptionValues.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStringList>

namespace OrderDesk {

namespace {

// QSettings tells what the keys are but not where: find each key's line for the messages. The
// last assignment of a key is the one QSettings keeps.
QHash<QString, int> keyLines(const QString &path)
{
    QHash<QString, int> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return lines;
    QString section;
    int number = 0;
    while (!file.atEnd()) {
        ++number;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char(';')) || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            section = line.mid(1, line.indexOf(QLatin1Char(']')) - 1).trimmed();
            if (section.compare(QLatin1String("General"), Qt::CaseInsensitive) == 0)
                section.clear();
            continue;
        }
        const QString key = line.section(QLatin1Char('='), 0, 0).trimmed();
        lines.insert(section.isEmpty() ? key : section + QLatin1Char('/') + key, number);
    }
    return lines;
}

} // namespace

std::optional<ConfigFile> ConfigFile::read(const QString &path, const OptionTable &table,
                                           QString *error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("%1: no such file").arg(OptionValues::printable(path));
        return std::nullopt;
    }
    if (!info.isFile() || !info.isReadable()) {
        *error = QStringLiteral("%1: not a readable file").arg(OptionValues::printable(path));
        return std::nullopt;
    }
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError) {
        *error = QStringLiteral("%1: not a valid INI file").arg(OptionValues::printable(path));
        return std::nullopt;
    }

    const QHash<QString, int> lines = keyLines(path);
    ConfigFile file;
    file.m_path = path;
    for (const QString &key : settings.allKeys()) {
        const int line = lines.value(key);
        const OptionSpec *spec = table.find(key);
        if (!spec || !spec->inConfigFile) {
            *error = QStringLiteral("%1:%2: unknown key '%3'")
                         .arg(OptionValues::printable(path))
                         .arg(line)
                         .arg(OptionValues::printable(key));
            return std::nullopt;
        }
        // An unquoted value with commas comes back as a list: give the option its text.
        const QVariant value = settings.value(key);
        const QString text = value.typeId() == QMetaType::QStringList
                                 ? value.toStringList().join(QLatin1Char(','))
                                 : value.toString();
        file.m_entries.insert(key, {text, line});
    }
    return file;
}

std::optional<ConfigFile::Entry> ConfigFile::entry(const QString &key) const
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend())
        return std::nullopt;
    return *it;
}

} // namespace OrderDesk
