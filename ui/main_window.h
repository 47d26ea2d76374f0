// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"
#include "session/session_worker.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QStackedWidget;

namespace phylo::ui {

class AppSettings;
class ChartsPanel;
class IdeasPanel;
class NodeInspector;
class PhyloTreeView;
class RecentSessions;
class SessionController;
class SessionStatus;
struct RunRequest;
enum class ComparisonKind;

/**
 * The top-level window: the phylogenetic tree in the centre, the node inspector on the right,
 * the ideas on the left and the charts below (each a dock the user can move or close), a Session
 * menu and toolbar for the controls, and a status bar that says where the session stands. It
 * holds no session state of its own: SessionController reads and writes the session file off the
 * GUI thread, and every panel is fed from its snapshots.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /** Opens the session file and follows it live (it may be one a headless `phylo run` is writing). */
    void setSessionPath(const QString& path);
    QString sessionPath() const { return m_sessionPath; }
    /** Starts a session in this process (the wizard's result) and follows it. */
    bool startSession(const RunRequest& request);
    /** Exports the open session's report to PATH on a worker thread; reportExported() says how it went. */
    void exportReportTo(const QString& path);

    SessionController* controller() const { return m_controller; }
    PhyloTreeView* treeView() const { return m_tree; }
    NodeInspector* inspector() const { return m_inspector; }
    ChartsPanel* chartsPanel() const { return m_charts; }
    IdeasPanel* ideasPanel() const { return m_ideas; }
    SessionStatus* sessionStatus() const { return m_status; }
    /** The node to select when the session is first shown (instead of the best). */
    void setInitialSelection(NodeId id) { m_initialSelection = id; }
    /** Shows the inspector's tab NAME: diff, code, metrics, log or agent. False if there is no such tab. */
    bool showInspectorTab(const QString& name);
    /** The panel NAME (window, tree, inspector, charts, ideas), e.g. for a screenshot; nullptr if unknown. */
    QWidget* panel(const QString& name);
    /** The action named NAME ("start", "pause", "resume", "stop", "backtrack", "prune", "fit", "find", ...). */
    QAction* action(const QString& name) const;

Q_SIGNALS:
    void sessionPathChanged(const QString& path);
    /** ERROR is empty on success. */
    void reportExported(const QString& path, const QString& error);
    /** A snapshot of the session reached every panel. */
    void sessionShown();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createPanels();
    void createActions();
    void createMenus();
    void connectController();
    void showSnapshot(const SnapshotPtr& snapshot);
    void showDetail(const NodeDetailPtr& detail);
    void requestComparison(ComparisonKind kind);
    void selectNode(NodeId id);
    void pinIdeasOf(NodeId id);
    void chooseSession();
    void newSession();
    void chooseReportPath();
    void findNode();
    void showAbout();
    void updateTitle();
    void updateActions();
    QAction* addAction(const QString& name, const QString& text, const QKeySequence& shortcut, const QString& tip);

    SessionController* m_controller = nullptr;
    AppSettings* m_settings = nullptr;
    RecentSessions* m_recent = nullptr;
    QStackedWidget* m_centre = nullptr;
    PhyloTreeView* m_tree = nullptr;
    NodeInspector* m_inspector = nullptr;
    ChartsPanel* m_charts = nullptr;
    IdeasPanel* m_ideas = nullptr;
    SessionStatus* m_status = nullptr;
    QLabel* m_sessionLabel = nullptr;
    QString m_sessionPath;
    SnapshotPtr m_snapshot;
    NodeId m_compareWith = 0;
    NodeId m_initialSelection = 0;
    bool m_closeWhenStopped = false;
    std::map<QString, QAction*> m_actions;
};

} // namespace phylo::ui
