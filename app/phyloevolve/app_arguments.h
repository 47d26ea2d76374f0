// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace phylo::app {

/** What the command line asks of the desktop app. */
struct AppArguments
{
    /** SESSION: a session .db to show (only remembered for now), empty if none. */
    QString sessionPath;
    /** --screenshot FILE: render the window to this PNG once it is shown, then quit. */
    QString screenshotPath;
    /** --part NAME: with --screenshot, only this panel (window, tree, inspector, charts, ideas). */
    QString screenshotPart = QStringLiteral("window");
    /** --select ID: the node to select (and inspect) once the session is shown; 0: the best. */
    qint64 selectNode = 0;
    /** --tab NAME: the inspector tab to show (diff, code, metrics, log, agent). */
    QString inspectorTab;
};

/** The outcome of parsing: the caller prints help, version or the error and exits for the non-Ok cases. */
struct ParseResult
{
    enum class Status { Ok, Error, HelpRequested, VersionRequested };
    Status status = Status::Ok;
    AppArguments arguments;
    QString errorMessage;
};

/**
 * Declares the options on parser and parses arguments (argv as a list, program name first). Kept apart
 * from QCommandLineParser::process(), which exits, so that it can be tested.
 */
ParseResult parseAppArguments(QCommandLineParser& parser, const QStringList& arguments);

/**
 * True when argv asks for help or the version (before any "--"). Those must answer without a display,
 * so main() serves them with a QCoreApplication: QApplication aborts where it finds no display.
 */
bool asksForHelpOrVersion(int argc, const char* const* argv);

} // namespace phylo::app
