// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "app_icon.h"
#include "inspector/agent_record.h"
#include "inspector/charts_panel.h"
#include "inspector/comparison_kind.h"
#include "inspector/idea_state.h"
#include "inspector/ideas_panel.h"
#include "inspector/metrics_view.h"
#include "inspector/node_inspector.h"
#include "phylo/version.h"
#include "report_exporter.h"
#include "session/session_controller.h"
#include "session/session_snapshot.h"
#include "session_status.h"
#include "tree/phylo_tree_view.h"
#include "welcome_panel.h"
#include "wizard/app_settings.h"
#include "wizard/new_session_request.h"
#include "wizard/new_session_wizard.h"
#include "wizard/recent_sessions.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QtConcurrent/QtConcurrentRun>

namespace phylo::ui {

namespace {
    constexpr int kCopyCodeTag = 100; ///< codeReady tags below it are ComparisonKind values

    QString codeAsText(const std::map<std::string, std::string>& code)
    {
        QString text;
        for (const auto& [path, content] : code) {
            if (code.size() > 1)
                text += QStringLiteral("// ===== %1 =====\n").arg(QString::fromStdString(path));
            text += QString::fromStdString(content);
        }
        return text;
    }
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_controller(new SessionController(this))
    , m_settings(new AppSettings)
    , m_recent(new RecentSessions(this))
    , m_status(new SessionStatus(this))
    , m_sessionLabel(new QLabel(this))
{
    setWindowIcon(appIcon());
    createPanels();
    createActions();
    createMenus();
    connectController();

    // Permanent widgets, so menu status tips do not wipe them.
    m_sessionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_status);
    statusBar()->addPermanentWidget(m_sessionLabel, 1);
    m_sessionLabel->setText(tr("No session open"));

    updateTitle();
    updateActions();
    resize(1400, 860);
}

MainWindow::~MainWindow()
{
    delete m_settings;
}

void MainWindow::createPanels()
{
    m_centre = new QStackedWidget(this);
    m_centre->addWidget(new WelcomePanel(m_centre));
    m_tree = new PhyloTreeView(m_centre);
    m_centre->addWidget(m_tree);
    setCentralWidget(m_centre);

    auto dock = [this](const QString& title, const QString& name, QWidget* widget, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    m_inspector = new NodeInspector(this);
    m_charts = new ChartsPanel(this);
    m_ideas = new IdeasPanel(this);
    dock(tr("Node"), QStringLiteral("inspectorDock"), m_inspector, Qt::RightDockWidgetArea)->setMinimumWidth(420);
    dock(tr("Ideas"), QStringLiteral("ideasDock"), m_ideas, Qt::LeftDockWidgetArea)->setMinimumWidth(360);
    dock(tr("Charts"), QStringLiteral("chartsDock"), m_charts, Qt::BottomDockWidgetArea);
    resizeDocks({ findChild<QDockWidget*>(QStringLiteral("chartsDock")) }, { 260 }, Qt::Vertical);

    connect(m_tree, &PhyloTreeView::nodeSelected, this, &MainWindow::selectNode);
    connect(m_charts, &ChartsPanel::nodeActivated, m_tree, &PhyloTreeView::selectNode);
    connect(m_tree, &PhyloTreeView::pruneRequested, this,
        [this](NodeId id) { m_controller->steer(QStringLiteral("prune"), QString::number(id)); });
    connect(m_tree, &PhyloTreeView::backtrackRequested, this,
        [this](NodeId id) { m_controller->steer(QStringLiteral("backtrack"), QString::number(id)); });
    connect(m_tree, &PhyloTreeView::pinIdeasRequested, this, &MainWindow::pinIdeasOf);
    connect(m_tree, &PhyloTreeView::copyCodeRequested, this, [this](NodeId id) { m_controller->requestCode(id, kCopyCodeTag); });
    connect(m_tree, &PhyloTreeView::compareRequested, this, [this](NodeId a, NodeId b) {
        m_compareWith = b;
        m_inspector->selectComparison(ComparisonKind::OtherNode);
        if (m_tree->selectedNode() != a)
            m_tree->selectNode(a); // its detail arrives, then the comparison is requested
        else
            requestComparison(ComparisonKind::OtherNode);
    });
    connect(m_inspector, &NodeInspector::comparisonRequested, this, &MainWindow::requestComparison);
    connect(m_ideas, &IdeasPanel::pinRequested, this, [this](const QString& s) { m_controller->steer(QStringLiteral("pin"), s); });
    connect(m_ideas, &IdeasPanel::unpinRequested, this, [this](const QString& s) { m_controller->steer(QStringLiteral("unpin"), s); });
    connect(m_ideas, &IdeasPanel::banRequested, this, [this](const QString& s) { m_controller->steer(QStringLiteral("ban"), s); });
    connect(m_ideas, &IdeasPanel::unbanRequested, this, [this](const QString& s) { m_controller->steer(QStringLiteral("unban"), s); });
}

QAction* MainWindow::addAction(const QString& name, const QString& text, const QKeySequence& shortcut, const QString& tip)
{
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    a->setShortcut(shortcut);
    a->setStatusTip(tip);
    a->setToolTip(shortcut.isEmpty() ? tip : tip + QStringLiteral(" (") + shortcut.toString(QKeySequence::NativeText) + QLatin1Char(')'));
    m_actions[name] = a;
    return a;
}

QAction* MainWindow::action(const QString& name) const
{
    const auto it = m_actions.find(name);
    return it == m_actions.end() ? nullptr : it->second;
}

void MainWindow::createActions()
{
    connect(addAction(QStringLiteral("new"), tr("&New Session…"), QKeySequence::New,
                tr("Choose a target, an LLM or offline, and limits; then run it here")),
        &QAction::triggered, this, &MainWindow::newSession);
    connect(addAction(QStringLiteral("open"), tr("&Open Session…"), QKeySequence::Open,
                tr("Open a session file (.db), also one a headless phylo run is writing")),
        &QAction::triggered, this, &MainWindow::chooseSession);
    connect(addAction(QStringLiteral("export"), tr("&Export Report…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                tr("Write the session's report as HTML, Markdown or PDF")),
        &QAction::triggered, this, &MainWindow::chooseReportPath);
    // QKeySequence::Quit is empty on some platforms (offscreen, plain X11); Qt maps Ctrl to Command on macOS.
    auto* quit = addAction(QStringLiteral("quit"), tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), tr("Close the window"));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    connect(addAction(QStringLiteral("start"), tr("&Start / Continue…"), QKeySequence(Qt::Key_F5),
                tr("Run the open session here for more evaluations")),
        &QAction::triggered, this, [this] {
            if (!m_snapshot)
                return;
            bool ok = false;
            const int more = QInputDialog::getInt(this, tr("Continue Session"), tr("Evaluations to add:"), 20, 1, 100000, 1, &ok);
            if (ok)
                m_controller->resumeRun(m_snapshot->evaluated + more);
        });
    connect(addAction(QStringLiteral("pause"), tr("&Pause"), QKeySequence(Qt::Key_F6),
                tr("Start no new evaluation until resumed (running ones finish)")),
        &QAction::triggered, this, [this] { m_controller->steer(QStringLiteral("pause")); });
    connect(addAction(QStringLiteral("resume"), tr("&Resume"), QKeySequence(Qt::Key_F7), tr("Go on after a pause")),
        &QAction::triggered, this, [this] { m_controller->steer(QStringLiteral("resume")); });
    connect(addAction(QStringLiteral("stop"), tr("S&top"), QKeySequence(Qt::SHIFT | Qt::Key_F5),
                tr("End the run cleanly; evaluations in flight run again on resume")),
        &QAction::triggered, m_controller, &SessionController::stop);
    connect(addAction(QStringLiteral("rethink"), tr("Re&think Now"), QKeySequence(Qt::CTRL | Qt::Key_R),
                tr("End the era: commit its best beyond noise, let the rethinker retire and propose ideas")),
        &QAction::triggered, this, [this] { m_controller->steer(QStringLiteral("rethink")); });
    connect(addAction(QStringLiteral("addIdea"), tr("&Add Ideas…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
                tr("Add ideas you wrote (### IDEA sections with SEARCH/REPLACE blocks) to the running search")),
        &QAction::triggered, this, [this] {
            const QString path = QFileDialog::getOpenFileName(this, tr("Add Ideas"), QString(),
                tr("Ideas (*.md *.txt);;All files (*)"));
            if (path.isEmpty())
                return;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                QMessageBox::warning(this, tr("Add Ideas"), tr("Cannot read %1: %2").arg(path, file.errorString()));
                return;
            }
            m_controller->steer(QStringLiteral("add-idea"), QString::fromUtf8(file.readAll()));
        });
    connect(addAction(QStringLiteral("backtrack"), tr("&Backtrack Here"), QKeySequence(Qt::CTRL | Qt::Key_B),
                tr("Breed the next generation from the selected node's neighbourhood")),
        &QAction::triggered, this, [this] {
            if (m_tree->selectedNode() > 0)
                m_controller->steer(QStringLiteral("backtrack"), QString::number(m_tree->selectedNode()));
        });
    connect(addAction(QStringLiteral("prune"), tr("P&rune Subtree"), QKeySequence(Qt::Key_Delete),
                tr("The selected node's subtree gets no children; its queued evaluations are cancelled")),
        &QAction::triggered, this, [this] {
            if (m_tree->selectedNode() > 0)
                m_controller->steer(QStringLiteral("prune"), QString::number(m_tree->selectedNode()));
        });
    connect(addAction(QStringLiteral("unprune"), tr("&Unprune Subtree"), QKeySequence(Qt::SHIFT | Qt::Key_Delete),
                tr("Let the selected pruned subtree have children again")),
        &QAction::triggered, this, [this] {
            if (m_tree->selectedNode() > 0)
                m_controller->steer(QStringLiteral("unprune"), QString::number(m_tree->selectedNode()));
        });
    connect(addAction(QStringLiteral("fit"), tr("&Fit Tree"), QKeySequence(Qt::CTRL | Qt::Key_0), tr("Show the whole tree")),
        &QAction::triggered, m_tree, &PhyloTreeView::fitAll);
    connect(addAction(QStringLiteral("find"), tr("F&ind Node…"), QKeySequence::Find, tr("Find a node by id (#42) or idea name")),
        &QAction::triggered, this, &MainWindow::findNode);
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(action(QStringLiteral("new")));
    fileMenu->addAction(action(QStringLiteral("open")));
    QMenu* recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    m_recent->attachMenu(recentMenu);
    connect(m_recent, &RecentSessions::sessionChosen, this, &MainWindow::setSessionPath);
    fileMenu->addAction(action(QStringLiteral("export")));
    fileMenu->addSeparator();
    fileMenu->addAction(action(QStringLiteral("quit")));

    QMenu* sessionMenu = menuBar()->addMenu(tr("&Session"));
    for (const char* name : { "start", "pause", "resume", "stop", "rethink", "addIdea" })
        sessionMenu->addAction(action(QString::fromLatin1(name)));
    sessionMenu->addSeparator();
    for (const char* name : { "backtrack", "prune", "unprune" })
        sessionMenu->addAction(action(QString::fromLatin1(name)));

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(action(QStringLiteral("fit")));
    viewMenu->addAction(action(QStringLiteral("find")));
    viewMenu->addSeparator();
    for (auto* dock : findChildren<QDockWidget*>())
        viewMenu->addAction(dock->toggleViewAction());

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* about = helpMenu->addAction(tr("&About PhyloEvolve"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);

    auto* toolbar = addToolBar(tr("Session"));
    toolbar->setObjectName(QStringLiteral("sessionToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (const char* name : { "new", "open", "start", "pause", "resume", "stop", "rethink", "backtrack", "prune", "fit", "find" })
        toolbar->addAction(action(QString::fromLatin1(name)));
}

void MainWindow::connectController()
{
    connect(m_controller, &SessionController::snapshotReady, this, &MainWindow::showSnapshot);
    connect(m_controller, &SessionController::detailReady, this, &MainWindow::showDetail);
    connect(m_controller, &SessionController::codeReady, this, [this](qint64 id, int tag, CodePtr code) {
        if (tag == kCopyCodeTag) {
            QGuiApplication::clipboard()->setText(codeAsText(*code));
            statusBar()->showMessage(tr("Code of node #%1 copied").arg(id), 5000);
            return;
        }
        const auto kind = static_cast<ComparisonKind>(tag);
        std::optional<double> speedup = id == 0 ? std::optional<double>(1.0) : std::nullopt;
        if (m_snapshot && id != 0) {
            if (const Node* node = m_snapshot->byId(id))
                speedup = node->speedup;
        }
        const QString label = id == 0 ? comparisonKindText(kind) : comparisonKindText(kind) + tr(" (#%1)").arg(id);
        m_inspector->setComparison(kind, label, *code, speedup);
    });
    connect(m_controller, &SessionController::steeringRecorded, this,
        [this](const QString& command, const QString& argument, const QString& error) {
            if (error.isEmpty())
                statusBar()->showMessage(tr("Steering recorded: %1 %2").arg(command, argument.section(QLatin1Char('\n'), 0, 0)), 5000);
            else if (isVisible())
                QMessageBox::warning(this, tr("Steering"), error);
            else
                statusBar()->showMessage(error, 10000);
        });
    connect(m_controller, &SessionController::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_controller, &SessionController::failed, this, [this](const QString& error) {
        statusBar()->showMessage(error, 15000);
        if (!m_snapshot && isVisible()) // the session could not be opened at all: say so where it is seen
            QMessageBox::warning(this, tr("Open Session"), error);
    });
    connect(m_controller, &SessionController::runStarted, this, &MainWindow::updateActions);
    connect(m_controller, &SessionController::runFinished, this, [this](const QString& reason, int exitCode) {
        updateActions();
        if (exitCode == 2 && isVisible())
            QMessageBox::warning(this, tr("The session could not start"), reason);
        statusBar()->showMessage(tr("Run ended: %1").arg(reason), 15000);
        if (m_closeWhenStopped)
            close();
    });
}

void MainWindow::setSessionPath(const QString& path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (absolute == m_sessionPath)
        return;
    m_sessionPath = absolute;
    m_snapshot.reset();
    m_tree->clear();
    m_inspector->clear();
    m_charts->clear();
    m_status->clear();
    m_sessionLabel->setText(m_sessionPath.isEmpty() ? tr("No session open")
                                                    : tr("Session: %1").arg(QDir::toNativeSeparators(m_sessionPath)));
    if (!m_sessionPath.isEmpty()) {
        m_recent->add(m_sessionPath);
        // A run in this process writes its own file: it is already being followed.
        if (m_controller->sessionPath() != m_sessionPath)
            m_controller->openSession(m_sessionPath);
    }
    updateTitle();
    updateActions();
    Q_EMIT sessionPathChanged(m_sessionPath);
}

bool MainWindow::startSession(const RunRequest& request)
{
    if (!m_controller->startRun(request))
        return false;
    setSessionPath(request.sessionPath);
    return true;
}

void MainWindow::showSnapshot(const SnapshotPtr& snapshot)
{
    if (!snapshot || QFileInfo(QString::fromStdString(snapshot->path)).absoluteFilePath() != m_sessionPath)
        return;
    const bool first = !m_snapshot;
    m_snapshot = snapshot;
    TreeDecorations decorations;
    decorations.pruned = snapshot->steering.prunedRoots;
    decorations.bestId = snapshot->bestId;
    for (int era = 1; era < snapshot->eras; ++era)
        decorations.eraNames[era] = tr("Era %1 (committed)").arg(era);
    if (first || snapshot->full) {
        m_tree->setNodes(snapshot->nodes, decorations);
        m_centre->setCurrentWidget(m_tree);
    } else {
        std::vector<Node> changed;
        changed.reserve(snapshot->changed.size());
        for (NodeId id : snapshot->changed) {
            if (const Node* node = snapshot->byId(id))
                changed.push_back(*node);
        }
        m_tree->updateNodes(changed, decorations);
    }
    std::map<std::string, IdeaState> states;
    for (size_t i = 0; i < snapshot->ideas.size(); ++i) {
        const auto& steering = snapshot->steering;
        states[snapshot->ideas[i].name] = snapshot->committedIdeas.count(snapshot->ideas[i].name) ? IdeaState::Committed
            : snapshot->ideas[i].retired                                                         ? IdeaState::Retired
            : steering.pinned.count(i)                                 ? IdeaState::Pinned
            : steering.banned.count(i)                                 ? IdeaState::Banned
                                                                       : IdeaState::Active;
    }
    if (first || !snapshot->changed.empty()) {
        m_charts->setData(snapshot->nodes, snapshot->ideas);
        m_charts->setSpend(snapshot->spendPoints);
        m_ideas->setData(snapshot->ideas, snapshot->nodes, states);
    } else {
        m_ideas->setStates(states);
    }
    m_status->showSnapshot(*snapshot, m_controller->isRunningHere());
    m_status->setSpend(snapshot->spend.costUsd, snapshot->spend.inputTokens + snapshot->spend.outputTokens);
    if (first && m_tree->selectedNode() <= 0) {
        const NodeId pick = m_initialSelection > 0 && snapshot->byId(m_initialSelection) ? m_initialSelection : snapshot->bestId;
        if (pick > 0)
            m_tree->selectNode(pick); // nodeSelected: the inspector shows it
    }
    // The selected node changed (it finished, or failed): show its new state.
    const auto selected = m_inspector->nodeId();
    if (!first && selected && std::find(snapshot->changed.begin(), snapshot->changed.end(), *selected) != snapshot->changed.end())
        m_controller->requestDetail(*selected);
    updateActions();
    Q_EMIT sessionShown();
}

bool MainWindow::showInspectorTab(const QString& name)
{
    const std::map<QString, NodeInspector::Tab> tabs { { QStringLiteral("diff"), NodeInspector::DiffTab },
        { QStringLiteral("code"), NodeInspector::CodeTab }, { QStringLiteral("metrics"), NodeInspector::MetricsTab },
        { QStringLiteral("log"), NodeInspector::LogTab }, { QStringLiteral("agent"), NodeInspector::AgentTab } };
    const auto it = tabs.find(name);
    if (it == tabs.end())
        return false;
    m_inspector->tabs()->setCurrentIndex(it->second);
    return true;
}

QWidget* MainWindow::panel(const QString& name)
{
    if (name == QStringLiteral("window"))
        return this;
    if (name == QStringLiteral("tree"))
        return m_tree;
    for (const auto& [dock, part] : { std::pair { "inspectorDock", "inspector" }, std::pair { "chartsDock", "charts" },
             std::pair { "ideasDock", "ideas" } }) {
        if (name == QLatin1String(part))
            return findChild<QDockWidget*>(QLatin1String(dock));
    }
    return nullptr;
}

void MainWindow::selectNode(NodeId id)
{
    if (id > 0)
        m_controller->requestDetail(id);
    updateActions();
}

void MainWindow::showDetail(const NodeDetailPtr& detail)
{
    if (!detail || !m_snapshot)
        return;
    SpeedupReferences references;
    references.original = 1.0;
    references.eraBaseline = 1.0;
    if (!detail->node.parents.empty()) {
        if (const Node* parent = m_snapshot->byId(detail->node.parents.front()))
            references.parent = parent->speedup;
    }
    std::optional<AgentRecord> agent;
    if (detail->call) {
        const auto& c = *detail->call;
        agent = AgentRecord { QString::fromStdString(c.agent), QString::fromStdString(c.model), QString::fromStdString(c.prompt),
            QString::fromStdString(c.response), QString(), c.inputTokens, c.outputTokens, c.costUsd };
        for (const auto& idea : m_snapshot->ideas) {
            if (idea.name == c.idea)
                agent->rationale = QString::fromStdString(idea.rationale.empty() ? idea.description : idea.rationale);
        }
    }
    m_inspector->showNode(detail->node, detail->code, agent, references); // asks for its comparison
}

void MainWindow::requestComparison(ComparisonKind kind)
{
    const auto id = m_inspector->nodeId();
    if (!id || !m_snapshot)
        return;
    NodeId other = 0; // the original (and era 0's baseline)
    if (kind == ComparisonKind::EraBaseline) {
        // The node that opened the node's era (for era 0, the baseline: the original code).
        const Node* node = m_snapshot->byId(*id);
        if (const auto it = node ? m_snapshot->eraBaselines.find(node->era) : m_snapshot->eraBaselines.end();
            it != m_snapshot->eraBaselines.end() && node->era > 0)
            other = it->second;
    } else if (kind == ComparisonKind::Parent) {
        const Node* node = m_snapshot->byId(*id);
        if (node && !node->parents.empty())
            other = node->parents.front();
    } else if (kind == ComparisonKind::OtherNode) {
        other = m_compareWith;
    }
    m_controller->requestCode(other, static_cast<int>(kind));
}

void MainWindow::pinIdeasOf(NodeId id)
{
    const Node* node = m_snapshot ? m_snapshot->byId(id) : nullptr;
    if (!node)
        return;
    for (size_t i = 0; i < node->genes.size() && i < m_snapshot->ideas.size(); ++i) {
        if (!node->genes.isOn(i))
            continue;
        const auto& idea = m_snapshot->ideas[i];
        const QString setting = QString::fromStdString(idea.isSwitch() ? idea.name : idea.name + "=" + idea.valueText(node->genes.state(i)));
        m_controller->steer(QStringLiteral("pin"), setting);
    }
}

void MainWindow::updateActions()
{
    const bool open = !m_sessionPath.isEmpty();
    const bool here = m_controller->isRunningHere();
    const bool live = here || (m_snapshot && m_snapshot->live);
    const bool paused = m_snapshot && m_snapshot->steering.paused;
    const bool selected = m_tree->selectedNode() > 0;
    action(QStringLiteral("export"))->setEnabled(open);
    action(QStringLiteral("start"))->setEnabled(open && !live && m_snapshot);
    action(QStringLiteral("pause"))->setEnabled(live && !paused);
    action(QStringLiteral("resume"))->setEnabled(open && paused);
    action(QStringLiteral("stop"))->setEnabled(live);
    action(QStringLiteral("rethink"))->setEnabled(live);
    action(QStringLiteral("addIdea"))->setEnabled(open);
    action(QStringLiteral("backtrack"))->setEnabled(open && selected);
    action(QStringLiteral("prune"))->setEnabled(open && selected);
    action(QStringLiteral("unprune"))->setEnabled(open && selected && m_snapshot && m_snapshot->steering.prunedRoots.count(m_tree->selectedNode()));
    action(QStringLiteral("fit"))->setEnabled(open);
    action(QStringLiteral("find"))->setEnabled(open);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_controller->isRunningHere()) {
        if (!m_closeWhenStopped) {
            const auto answer = QMessageBox::question(this, tr("Stop the session?"),
                tr("A session is running in this window. Stop it and close?\n\nNothing evaluated is lost: "
                   "open the session and continue it later."));
            if (answer != QMessageBox::Yes) {
                event->ignore();
                return;
            }
            m_closeWhenStopped = true;
            m_controller->stop();
            statusBar()->showMessage(tr("Stopping: the window closes when the run has ended…"));
        }
        event->ignore(); // closes on runFinished
        return;
    }
    event->accept();
}

void MainWindow::newSession()
{
    NewSessionWizard wizard(m_settings, this);
    if (wizard.exec() != QDialog::Accepted)
        return;
    const auto chosen = wizard.request();
    RunRequest request;
    request.targetDir = chosen.targetDir;
    request.sessionPath = chosen.sessionPath;
    request.maxEvals = chosen.maxEvals;
    request.jobs = chosen.jobs;
    request.seed = chosen.seed;
    request.offline = chosen.offline;
    request.llm = chosen.offline ? QString() : chosen.llmOverride();
    QDir().mkpath(QFileInfo(request.sessionPath).absolutePath());
    startSession(request);
}

void MainWindow::chooseSession()
{
    const QString startDir = m_sessionPath.isEmpty() ? QDir::currentPath() : QFileInfo(m_sessionPath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Session"), startDir, tr("PhyloEvolve sessions (*.db);;All files (*)"));
    if (!path.isEmpty())
        setSessionPath(path);
}

void MainWindow::findNode()
{
    bool ok = false;
    const QString query = QInputDialog::getText(this, tr("Find Node"), tr("Node id (#42) or idea name:"), QLineEdit::Normal, {}, &ok);
    if (ok && !query.isEmpty() && !m_tree->findNode(query))
        statusBar()->showMessage(tr("No node matches \"%1\"").arg(query), 5000);
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
