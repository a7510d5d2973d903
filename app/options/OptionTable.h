#pragma once

#include <QChar>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

namespace OrderDesk {

// One option of a program: everything --help, the man page, the config file and the shell
// completion say about it.
struct OptionSpec
{
    OptionSpec(QString name, QString valueName, QString description, QString environment = {},
               QChar shortName = {}, bool inConfigFile = true, QStringList choices = {})
        : name(std::move(name)), valueName(std::move(valueName)),
          description(std::move(description)), environment(std::move(environment)),
          shortName(shortName), inConfigFile(inConfigFile), choices(std::move(choices))
    {
    }

    QString name;        // the long option, and the config-file key: "workers"
    QString valueName;   // "N"; empty for a flag
    QString description; // the --help text
    QString environment; // read when the command line does not set it; empty: none
    QChar shortName;     // 'h', or none
    bool inConfigFile;   // false for --help, --version and --config itself
    QStringList choices; // shell completion: the values there are, when they are few

    bool isFlag() const { return valueName.isEmpty(); }
};

// What a program was asked to do: run, or print something about itself and exit.
enum class ProgramAction { Run, ShowHelp, ShowVersion, ShowManPage, ShowBashCompletion };

// What a man page says besides the options.
struct ManPageText
{
    QString summary;     // the NAME line after the dash
    QString description; // paragraphs separated by blank lines
    QString configFile;  // the CONFIGURATION FILE section; empty: none
    QList<QPair<QString, QString>> extraEnvironment; // variable, meaning (beyond the options')
    QList<QPair<QString, QString>> files;            // path, meaning
    QString exitStatus;
    QStringList seeAlso; // "orderdesk-market(1)"
};

// A program's options, declared once: the parser, --help, the man page, the config file's keys
// and the bash completion all come from here, so they cannot disagree.
class OptionTable
{
public:
    OptionTable(QString program, QString description, QList<OptionSpec> options);

    const QString &program() const { return m_program; }
    const QList<OptionSpec> &options() const { return m_options; }
    const OptionSpec *find(const QString &name) const;

    // A parser for every option, plus the hidden --man-page and --bash-completion that the
    // build uses to write those files.
    void setUp(QCommandLineParser &parser) const;
    // --help (-h), --version (-v), --man-page or --bash-completion, else Run.
    static ProgramAction requestedAction(const QCommandLineParser &parser);

    // --help: "Usage: PROGRAM [options]", the description, the options, then `footer`.
    QString helpText(const QString &footer = {}) const;
    // troff source of PROGRAM(1).
    QString manPage(const ManPageText &text, const QString &version) const;
    // A bash completion script for PROGRAM (complete -F).
    QString bashCompletion() const;

private:
    QString m_program;
    QString m_description;
    QList<OptionSpec> m_options;
};

} // namespace OrderDesk
