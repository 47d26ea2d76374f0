// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_arguments.h"
#include "app_icon.h"
#include "main_window.h"
#include "phylo/version.h"
#include "screenshot.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <optional>

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("PhyloEvolve"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(phylo::kVersion));
}

// Help, version and a bad command line end the program here; nullopt means: open the window.
std::optional<int> answerWithoutWindow(QCommandLineParser& parser, const phylo::app::ParseResult& parsed)
{
    using Status = phylo::app::ParseResult::Status;
    switch (parsed.status) {
    case Status::Ok:
        return std::nullopt;
    case Status::HelpRequested:
        parser.showHelp(0); // exits
    case Status::VersionRequested:
        parser.showVersion(); // exits
    case Status::Error:
        break;
    }
    std::fprintf(stderr, "phyloevolve: %s\n\n%s", qPrintable(parsed.errorMessage), qPrintable(parser.helpText()));
    return 2;
}

// Renders the window once it shows what it should (the session's first snapshot laid out, when one is
// open), then quits with 0 on success and 1 on failure.
void scheduleScreenshot(phylo::ui::MainWindow& window, const QString& path, const QString& part)
{
    auto shoot = [&window, path, part] {
        QString error;
        QWidget* widget = window.panel(part);
        if (!widget || !phylo::ui::saveScreenshot(*widget, path, &error)) {
            std::fprintf(stderr, "phyloevolve: cannot write screenshot %s: %s\n", qPrintable(path), qPrintable(error));
            QCoreApplication::exit(1);
            return;
        }
        QCoreApplication::exit(0);
    };
    if (window.sessionPath().isEmpty()) {
        QTimer::singleShot(0, &window, shoot);
        return;
    }
    auto once = std::make_shared<bool>(false);
    auto shootOnce = [shoot, once] {
        if (!*once)
            shoot();
        *once = true;
    };
    // The tree lays itself out on a worker thread after the first snapshot: give it a moment.
    QObject::connect(&window, &phylo::ui::MainWindow::sessionShown, &window,
        [&window, shootOnce] { QTimer::singleShot(1500, &window, shootOnce); }, Qt::SingleShotConnection);
    QTimer::singleShot(15000, &window, shootOnce); // a session that never loads still gets its picture
}

} // namespace

int main(int argc, char* argv[])
{
    if (phylo::app::asksForHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        setApplicationIdentity();
        QCommandLineParser parser;
        return answerWithoutWindow(parser, phylo::app::parseAppArguments(parser, QCoreApplication::arguments()))
            .value_or(0);
    }

    QApplication app(argc, argv);
    setApplicationIdentity();
    QGuiApplication::setDesktopFileName(QStringLiteral("phyloevolve"));
    QApplication::setWindowIcon(phylo::ui::appIcon());

    QCommandLineParser parser;
    const phylo::app::ParseResult parsed = phylo::app::parseAppArguments(parser, QCoreApplication::arguments());
    if (const std::optional<int> exitCode = answerWithoutWindow(parser, parsed))
        return *exitCode;

    phylo::ui::MainWindow window;
    window.setInitialSelection(parsed.arguments.selectNode);
    if (!parsed.arguments.inspectorTab.isEmpty())
        window.showInspectorTab(parsed.arguments.inspectorTab);
    if (!parsed.arguments.sessionPath.isEmpty())
        window.setSessionPath(parsed.arguments.sessionPath);
    window.show();
    if (!parsed.arguments.screenshotPath.isEmpty())
        scheduleScreenshot(window, parsed.arguments.screenshotPath, parsed.arguments.screenshotPart);
    return QApplication::exec();
}
