#include "ProgramOutput.h"

#include <cstdio>

namespace OrderDesk::ProgramOutput {

int print(ProgramAction action, const OptionTable &table, const QString &helpText,
          const QString &manPage, const QString &versionText)
{
    QString text;
    switch (action) {
    case ProgramAction::ShowHelp:
        text = helpText;
        break;
    case ProgramAction::ShowVersion:
        text = versionText + QLatin1Char('\n');
        break;
    case ProgramAction::ShowManPage:
        text = manPage;
        break;
    case ProgramAction::ShowBashCompletion:
        text = table.bashCompletion();
        break;
    case ProgramAction::Run:
        break;
    }
    std::fputs(qUtf8Printable(text), stdout);
    std::fflush(stdout);
    return 0;
}

} // namespace OrderDesk::ProgramOutput
