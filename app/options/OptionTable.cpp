#include "OptionTable.h"

#include <QCommandLineOption>
#include <QRegularExpression>

namespace OrderDesk {

namespace {

const QString ManPageOption = QStringLiteral("man-page");
const QString BashCompletionOption = QStringLiteral("bash-completion");

QCommandLineOption commandLineOption(const OptionSpec &spec)
{
    QStringList names;
    if (!spec.shortName.isNull())
        names << QString(spec.shortName);
    names << spec.name;
    return spec.isFlag() ? QCommandLineOption(names, spec.description)
                         : QCommandLineOption(names, spec.description, spec.valueName);
}

QCommandLineOption hidden(const QString &name)
{
    QCommandLineOption option(name);
    option.setFlags(QCommandLineOption::HiddenFromHelp);
    return option;
}

// Text as troff shows it literally: backslashes, hyphens (which troff may turn into dashes
// that no terminal can paste back as an option) and a leading dot or quote.
QString roff(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QLatin1String("\\e"));
    out.replace(QLatin1Char('-'), QLatin1String("\\-"));
    static const QRegularExpression lineStart(QStringLiteral("^([.'])"),
                                              QRegularExpression::MultilineOption);
    out.replace(lineStart, QStringLiteral("\\&\\1"));
    return out;
}

QString roffParagraphs(const QString &text)
{
    QStringList paragraphs;
    for (const QString &paragraph : text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
        paragraphs << roff(paragraph.trimmed());
    return paragraphs.join(QStringLiteral("\n.PP\n")) + QLatin1Char('\n');
}

QString optionSynopsis(const OptionSpec &spec)
{
    QString text;
    if (!spec.shortName.isNull())
        text += QStringLiteral("\\fB\\-%1\\fR, ").arg(spec.shortName);
    text += QStringLiteral("\\fB\\-\\-%1\\fR").arg(roff(spec.name));
    if (!spec.isFlag())
        text += QStringLiteral(" \\fI%1\\fR").arg(roff(spec.valueName));
    return text;
}

} // namespace

OptionTable::OptionTable(QString program, QString description, QList<OptionSpec> options)
    : m_program(std::move(program)), m_description(std::move(description)),
      m_options(std::move(options))
{
}

const OptionSpec *OptionTable::find(const QString &name) const
{
    for (const OptionSpec &spec : m_options) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

void OptionTable::setUp(QCommandLineParser &parser) const
{
    parser.setApplicationDescription(m_description);
    // "-workers 4" reads as the long option instead of six unknown short ones; Qt's own GUI
    // options (-platform, -style) are spelled that way too.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const OptionSpec &spec : m_options)
        parser.addOption(commandLineOption(spec));
    parser.addOption(hidden(ManPageOption));
    parser.addOption(hidden(BashCompletionOption));
}

ProgramAction OptionTable::requestedAction(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("help")))
        return ProgramAction::ShowHelp;
    if (parser.isSet(QStringLiteral("version")))
        return ProgramAction::ShowVersion;
    if (parser.isSet(ManPageOption))
        return ProgramAction::ShowManPage;
    if (parser.isSet(BashCompletionOption))
        return ProgramAction::ShowBashCompletion;
    return ProgramAction::Run;
}

QString OptionTable::helpText(const QString &footer) const
{
    QCommandLineParser parser;
    setUp(parser);
    QString text = parser.helpText();
    // Qt puts argv[0] there, often a long build path.
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
    text.replace(0, lineEnd, QStringLiteral("Usage: %1 [options]").arg(m_program));
    if (!footer.isEmpty())
        text += QLatin1Char('\n') + footer + QLatin1Char('\n');
    return text;
}

QString OptionTable::manPage(const ManPageText &text, const QString &version) const
{
    QString page;
    page += QStringLiteral(".TH %1 1 \"\" \"%2\" \"User Commands\"\n")
                .arg(roff(m_program.toUpper()), roff(version));
    page += QStringLiteral(".SH NAME\n%1 \\- %2\n").arg(roff(m_program), roff(text.summary));
    page += QStringLiteral(".SH SYNOPSIS\n.B %1\n[\\fIoptions\\fR]\n").arg(roff(m_program));
    page += QStringLiteral(".SH DESCRIPTION\n") + roffParagraphs(text.description);

    page += QStringLiteral(".SH OPTIONS\n");
    for (const OptionSpec &spec : m_options) {
        page += QStringLiteral(".TP\n") + optionSynopsis(spec) + QLatin1Char('\n');
        page += roff(spec.description) + QLatin1Char('\n');
    }

    if (!text.configFile.isEmpty()) {
        page += QStringLiteral(".SH CONFIGURATION FILE\n") + roffParagraphs(text.configFile);
        page += QStringLiteral(".PP\nKeys:");
        QStringList keys;
        for (const OptionSpec &spec : m_options) {
            if (spec.inConfigFile)
                keys << QStringLiteral("\\fB%1\\fR").arg(roff(spec.name));
        }
        page += QLatin1Char(' ') + keys.join(QStringLiteral(", ")) + QStringLiteral(".\n");
    }

    QList<QPair<QString, QString>> environment;
    for (const OptionSpec &spec : m_options) {
        if (!spec.environment.isEmpty())
            environment.append({spec.environment, QStringLiteral("Read as --%1 when the command "
                                                                 "line does not set it.")
                                                      .arg(spec.name)});
    }
    environment += text.extraEnvironment;
    if (!environment.isEmpty()) {
        page += QStringLiteral(".SH ENVIRONMENT\n");
        for (const auto &[variable, meaning] : environment)
            page += QStringLiteral(".TP\n.B %1\n%2\n").arg(roff(variable), roff(meaning));
    }
    if (!text.files.isEmpty()) {
        page += QStringLiteral(".SH FILES\n");
        for (const auto &[path, meaning] : text.files)
            page += QStringLiteral(".TP\n.I %1\n%2\n").arg(roff(path), roff(meaning));
    }
    if (!text.exitStatus.isEmpty())
        page += QStringLiteral(".SH EXIT STATUS\n") + roffParagraphs(text.exitStatus);
    if (!text.seeAlso.isEmpty()) {
        QStringList references;
        for (const QString &reference : text.seeAlso) {
            const qsizetype paren = reference.indexOf(QLatin1Char('('));
            references << QStringLiteral(".BR %1 %2").arg(roff(reference.left(paren)),
                                                          reference.mid(paren));
        }
        page += QStringLiteral(".SH SEE ALSO\n") + references.join(QStringLiteral(" ,\n"))
                + QLatin1Char('\n');
    }
    return page;
}

QString OptionTable::bashCompletion() const
{
    const QString function = QStringLiteral("_") + QString(m_program).replace(QLatin1Char('-'),
                                                                               QLatin1Char('_'));
    QStringList words;
    QStringList valueCases;
    for (const OptionSpec &spec : m_options) {
        words << QStringLiteral("--") + spec.name;
        if (!spec.shortName.isNull())
            words << QStringLiteral("-") + spec.shortName;
        if (spec.isFlag())
            continue;
        QString action;
        if (!spec.choices.isEmpty())
            action = QStringLiteral("COMPREPLY=($(compgen -W '%1' -- \"$cur\"))")
                         .arg(spec.choices.join(QLatin1Char(' ')));
        else if (spec.valueName == QLatin1String("FILE"))
            action = QStringLiteral("_filedir");
        else if (spec.valueName == QLatin1String("DIR"))
            action = QStringLiteral("_filedir -d");
        else
            action = QStringLiteral("COMPREPLY=()");
        valueCases << QStringLiteral("        --%1)\n            %2\n            return\n"
                                     "            ;;\n")
                          .arg(spec.name, action);
    }
    return QStringLiteral(
               "# bash completion for %1 (generated from its option table)\n"
               "%2()\n"
               "{\n"
               "    local cur prev words cword\n"
               "    _init_completion -s || return\n"
               "    case $prev in\n"
               "%3"
               "    esac\n"
               "    $split && return\n"
               "    COMPREPLY=($(compgen -W '%4' -- \"$cur\"))\n"
               "    [[ ${COMPREPLY-} == *= ]] && compopt -o nospace\n"
               "}\n"
               "complete -F %2 %1\n")
        .arg(m_program, function, valueCases.join(QString()), words.join(QLatin1Char(' ')));
}

} // namespace OrderDesk
