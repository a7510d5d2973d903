#pragma once

#include "OptionTable.h"

#include <QString>

namespace OrderDesk {

// What a program prints instead of running: --help, --version, and the man page and bash
// completion that the build writes from the option table.
namespace ProgramOutput {

// Prints the text `action` asks for on stdout; returns the exit code (0).
int print(ProgramAction action, const OptionTable &table, const QString &helpText,
          const QString &manPage, const QString &versionText);

} // namespace ProgramOutput

} // namespace OrderDesk
