// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "app_icon.h"
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
    Q_EMIT sessionPathChanged(m_sessionPath);
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* open = fileMenu->addAction(tr("&Open Session…"), this, &MainWindow::chooseSession);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Choose a session file (.db) written by phylo run"));
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
