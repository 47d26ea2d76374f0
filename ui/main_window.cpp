// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "app_icon.h"
#include "report_exporter.h"
#include "phylo/version.h"
#include "welcome_panel.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>
#include <QFutureWatcher>

namespace phylo::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_sessionLabel(new QLabel(this))
{
    setWindowIcon(appIcon());
    setCentralWidget(new WelcomePanel(this));
    createMenus();

    // A permanent widget, so menu status tips do not wipe the session path.
    m_sessionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_sessionLabel, 1);
    m_sessionLabel->setText(tr("No session open"));

    updateTitle();
    resize(900, 600);
}

void MainWindow::setSessionPath(const QString& path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (absolute == m_sessionPath)
        return;
    m_sessionPath = absolute;
    m_sessionLabel->setText(m_sessionPath.isEmpty() ? tr("No session open")
                                                    : tr("Session: %1").arg(QDir::toNativeSeparators(m_sessionPath)));
    updateTitle();
    if (m_exportReport)
        m_exportReport->setEnabled(!m_sessionPath.isEmpty());
    Q_EMIT sessionPathChanged(m_sessionPath);
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* open = fileMenu->addAction(tr("&Open Session…"), this, &MainWindow::chooseSession);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Choose a session file (.db) written by phylo run"));
    m_exportReport = fileMenu->addAction(tr("&Export Report…"), this, &MainWindow::chooseReportPath);
    m_exportReport->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportReport->setStatusTip(tr("Write the session's report as HTML, Markdown or PDF"));
    m_exportReport->setEnabled(false);
    fileMenu->addSeparator();
    QAction* quit = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    // QKeySequence::Quit is empty on some platforms (offscreen, plain X11); Qt maps Ctrl to Command on macOS.
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* about = helpMenu->addAction(tr("&About PhyloEvolve"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::chooseSession()
{
    const QString startDir = m_sessionPath.isEmpty() ? QDir::currentPath() : QFileInfo(m_sessionPath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Session"), startDir, tr("PhyloEvolve sessions (*.db);;All files (*)"));
    if (!path.isEmpty())
        setSessionPath(path);
}

void MainWindow::chooseReportPath()
{
    const QFileInfo session(m_sessionPath);
    const QString suggested = session.absolutePath() % QLatin1Char('/') % session.completeBaseName() % QStringLiteral("-report.html");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Report"), suggested,
        tr("HTML report (*.html);;Markdown report (*.md);;PDF report (*.pdf)"));
    if (!path.isEmpty())
        exportReportTo(path);
}

void MainWindow::exportReportTo(const QString& path)
{
    // Reading a large session takes a while: never on the GUI thread.
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (error.isEmpty())
            statusBar()->showMessage(tr("Report written to %1").arg(QDir::toNativeSeparators(path)), 10000);
        else if (isVisible())
            QMessageBox::warning(this, tr("Export Report"), error);
        Q_EMIT reportExported(path, error);
    });
    watcher->setFuture(QtConcurrent::run(&exportReport, m_sessionPath, path));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About PhyloEvolve"),
        tr("<h3>PhyloEvolve %1</h3>"
           "<p>Steerable LLM-driven evolutionary optimization of GPU and C++ kernels.</p>")
            .arg(QString::fromLatin1(phylo::kVersion)));
}

void MainWindow::updateTitle()
{
    const QString app = QStringLiteral("PhyloEvolve");
    if (m_sessionPath.isEmpty())
        setWindowTitle(app);
    else
        setWindowTitle(QFileInfo(m_sessionPath).fileName() % QStringLiteral(" — ") % app);
}

} // namespace phylo::ui
