// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_arguments.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstring>

namespace phylo::app {

ParseResult parseAppArguments(QCommandLineParser& parser, const QStringList& arguments)
{
    parser.setApplicationDescription(QCoreApplication::translate("phyloevolve",
        "Desktop app of PhyloEvolve: steer LLM-driven evolutionary "
        "optimization of GPU and C++ kernels."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QCoreApplication::translate("phyloevolve", "Render the window to <file> (PNG) once shown, then quit."),
        QStringLiteral("file"));
    parser.addOption(screenshotOption);
    parser.addPositionalArgument(QStringLiteral("session"),
        QCoreApplication::translate("phyloevolve", "Session file (.db) written by 'phylo run'."),
        QStringLiteral("[session]"));

    ParseResult result;
    if (!parser.parse(arguments)) {
        result.status = ParseResult::Status::Error;
        result.errorMessage = parser.errorText();
        return result;
    }
    if (parser.isSet(helpOption)) {
        result.status = ParseResult::Status::HelpRequested;
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.status = ParseResult::Status::VersionRequested;
        return result;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        result.status = ParseResult::Status::Error;
        result.errorMessage = QCoreApplication::translate("phyloevolve", "Expected at most one session file, got %1.")
                                  .arg(positional.size());
        return result;
    }
    if (!positional.isEmpty())
        result.arguments.sessionPath = positional.constFirst();
    if (parser.isSet(screenshotOption)) {
        result.arguments.screenshotPath = parser.value(screenshotOption);
        if (result.arguments.screenshotPath.isEmpty()) {
            result.status = ParseResult::Status::Error;
            result.errorMessage = QCoreApplication::translate("phyloevolve", "--screenshot needs a file name.");
        }
    }
    return result;
}

bool asksForHelpOrVersion(int argc, const char* const* argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (std::strcmp(arg, "--") == 0)
            return false;
        for (const char* option : { "-h", "--help", "-?", "--help-all", "-v", "--version" }) {
            if (std::strcmp(arg, option) == 0)
                return true;
        }
    }
    return false;
}

} // namespace phylo::app
