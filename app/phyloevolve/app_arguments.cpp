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
    const QCommandLineOption partOption(QStringLiteral("part"),
        QCoreApplication::translate("phyloevolve", "With --screenshot: only <panel> (window, tree, inspector, charts, ideas)."),
        QStringLiteral("panel"), QStringLiteral("window"));
    parser.addOption(partOption);
    const QCommandLineOption selectOption(QStringLiteral("select"),
        QCoreApplication::translate("phyloevolve", "Select and inspect node <id> once the session is shown."), QStringLiteral("id"));
    parser.addOption(selectOption);
    const QCommandLineOption tabOption(QStringLiteral("tab"),
        QCoreApplication::translate("phyloevolve", "Show the inspector's <tab> (diff, code, metrics, log, agent)."),
        QStringLiteral("tab"));
    parser.addOption(tabOption);
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
    const QStringList parts { QStringLiteral("window"), QStringLiteral("tree"), QStringLiteral("inspector"),
        QStringLiteral("charts"), QStringLiteral("ideas") };
    result.arguments.screenshotPart = parser.value(partOption);
    if (!parts.contains(result.arguments.screenshotPart)) {
        result.status = ParseResult::Status::Error;
        result.errorMessage = QCoreApplication::translate("phyloevolve", "--part: expected one of %1, got \"%2\".")
                                  .arg(parts.join(QStringLiteral(", ")), result.arguments.screenshotPart);
    }
    if (parser.isSet(selectOption)) {
        bool ok = false;
        result.arguments.selectNode = parser.value(selectOption).toLongLong(&ok);
        if (!ok || result.arguments.selectNode < 1) {
            result.status = ParseResult::Status::Error;
            result.errorMessage = QCoreApplication::translate("phyloevolve", "--select: expected a node id, got \"%1\".")
                                      .arg(parser.value(selectOption));
        }
    }
    const QStringList tabs { QStringLiteral("diff"), QStringLiteral("code"), QStringLiteral("metrics"), QStringLiteral("log"),
        QStringLiteral("agent") };
    result.arguments.inspectorTab = parser.value(tabOption);
    if (!result.arguments.inspectorTab.isEmpty() && !tabs.contains(result.arguments.inspectorTab)) {
        result.status = ParseResult::Status::Error;
        result.errorMessage = QCoreApplication::translate("phyloevolve", "--tab: expected one of %1, got \"%2\".")
                                  .arg(tabs.join(QStringLiteral(", ")), result.arguments.inspectorTab);
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
