#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace OrderDesk {

class OptionTable;

// A program's INI config file (QSettings IniFormat): one key per option, named like the long
// option without its dashes. Keys outside any section (or in [General]) only.
class ConfigFile
{
public:
    struct Entry
    {
        QString value;
        int line = 0; // where the key is, for messages
    };

    // Reads `path`, refusing a key that `table` does not take from a file. On failure returns
    // nothing and sets `error` to "PATH: why" or "PATH:LINE: unknown key 'k'".
    static std::optional<ConfigFile> read(const QString &path, const OptionTable &table,
                                          QString *error);

    const QString &path() const { return m_path; }
    std::optional<Entry> entry(const QString &key) const;

private:
    QString m_path;
    QHash<QString, Entry> m_entries;
};

} // namespace OrderDesk
