// SPDX-License-Identifier: GPL-3.0-or-later
// The app with a session: the tree matches the file, a node's diff shows its changed lines, a session run
// inside the app fills the tree live, and every steering action in the UI lands in the session file.
#include "inspector/code_editor.h"
#include "inspector/diff_view.h"
#include "loopback_llm_server.h"
#include "inspector/ideas_panel.h"
#include "inspector/node_inspector.h"
#include "main_window.h"
#include "report/node_code.h"
#include "session/session_controller.h"
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "session_status.h"
#include "store/session_store.h"
#include "testsupport.h"
#include "tree/phylo_tree_view.h"

#include <QAction>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace phylo;
using namespace phylo::ui;
namespace fs = std::filesystem;

namespace {

std::vector<SteeringCommand> steeringIn(const QString& db)
{
    return SessionStore::open(db.toStdString(), SessionStore::Access::ReadOnly)->steering();
}

bool hasCommand(const QString& db, const std::string& command, const std::string& argument = {})
{
    for (const auto& c : steeringIn(db)) {
        if (c.command == command && c.argument == argument && c.source == "app")
            return true;
    }
    return false;
}

} // namespace

class TestAppSession : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", (m_dir.path() + QStringLiteral("/config")).toUtf8()); // keep the user's settings
        const fs::path target = m_dir.path().toStdString() + "/target";
        test::makeSyntheticTarget(target);
        RunOptions options;
        options.targetDir = target;
        options.db = m_dir.path().toStdString() + "/s.db";
        options.maxEvals = 16;
        options.seed = 5;
        options.jobs = 2;
        SessionObserver quiet;
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options, quiet, stop).exitCode, 0);
        m_db = QString::fromStdString(options.db.string());
    }

    void treeMatchesTheSessionFile()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::sessionShown);
        window.setSessionPath(m_db);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        const auto nodes = SessionStore::open(m_db.toStdString(), SessionStore::Access::ReadOnly)->loadNodes(false);
        QCOMPARE(window.treeView()->nodeItemCount(), static_cast<int>(nodes.size()));
        for (const auto& node : nodes) {
            QVERIFY2(window.treeView()->nodeItem(node.id), qPrintable(QStringLiteral("no item for #%1").arg(node.id)));
            // Each parent link is in the view's model as the file has it.
            const int index = window.treeView()->model().indexOf(node.id);
            QVERIFY(index >= 0);
        }
        QVERIFY(window.treeView()->bestNode() > 0);
        QVERIFY(window.sessionStatus()->text().contains(QStringLiteral("16 / 16 evaluations")));
        // The best node is selected and inspected at once.
        QTRY_COMPARE_WITH_TIMEOUT(window.inspector()->nodeId().value_or(0), window.treeView()->bestNode(), 10000);
    }

    void selectingANode_showsItsChangedLinesAgainstItsParent()
    {
        const auto store = SessionStore::open(m_db.toStdString(), SessionStore::Access::ReadOnly);
        const auto nodes = store->loadNodes(false);
        const auto ideas = store->ideas();
        const auto files = store->targetFiles();
        // A node whose settings differ from its first parent's.
        const Node* pick = nullptr;
        const Node* parent = nullptr;
        for (const auto& node : nodes) {
            if (node.parents.empty())
                continue;
            const Node& p = nodes[static_cast<size_t>(node.parents.front() - 1)];
            if (!(p.genes == node.genes)) {
                pick = &node;
                parent = &p;
                break;
            }
        }
        QVERIFY(pick && parent);
        const auto mine = nodeCode(files, pick->genes, ideas).at("kernel.txt");
        const auto theirs = nodeCode(files, parent->genes, ideas).at("kernel.txt");

        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::sessionShown);
        window.setSessionPath(m_db);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        window.treeView()->selectNode(pick->id);
        QTRY_COMPARE_WITH_TIMEOUT(window.inspector()->nodeId().value_or(0), pick->id, 10000);
        auto* diff = window.inspector()->diffView();
        QTRY_VERIFY_WITH_TIMEOUT(!diff->markedLines(DiffSide::New).empty() || !diff->markedLines(DiffSide::Old).empty(), 10000);

        // Every line marked on the right is a line of the node's code that its parent's code lacks, and vice versa.
        auto lines = [](const std::string& text) { return QString::fromStdString(text).split(QLatin1Char('\n')); };
        const auto mineLines = lines(mine), theirLines = lines(theirs);
        const auto* right = diff->editor(DiffSide::New);
        for (int line : diff->markedLines(DiffSide::New)) {
            const QString text = right->text(line).chopped(right->text(line).endsWith(QLatin1Char('\n')) ? 1 : 0);
            QVERIFY2((text.startsWith(QStringLiteral("#define")) || text == QStringLiteral("// PhyloEvolve settings"))
                    && !theirLines.contains(text),
                qPrintable(text));
        }
        const auto* left = diff->editor(DiffSide::Old);
        for (int line : diff->markedLines(DiffSide::Old)) {
            const QString text = left->text(line).chopped(left->text(line).endsWith(QLatin1Char('\n')) ? 1 : 0);
            QVERIFY2(!mineLines.contains(text), qPrintable(text));
        }
    }

    void anAgentsNode_showsItsPromptTokensAndCost()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/llm.db";
        test::makeSyntheticTarget(target);
        test::LoopbackLlmServer server;
        server.setDefault(test::LoopbackReply::ok(
            "### IDEA shorter_kernel\nDescription: a shorter kernel.\nRationale: less is more.\n"
            "kernel.txt\n<<<<<<< SEARCH\nkernel\n=======\nkern\n>>>>>>> REPLACE\n"));
        qputenv("PHYLO_APP_TEST_KEY", "app-test-key");
        RunOptions options;
        options.targetDir = target;
        options.db = db;
        options.maxEvals = 4;
        options.seed = 3;
        options.llm = "provider=openai,model=fake,base_url=" + server.baseUrl()
            + ",key_env=PHYLO_APP_TEST_KEY,mutations=0,input_usd_per_mtok=1,output_usd_per_mtok=1";
        SessionObserver quiet;
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options, quiet, stop).exitCode, 0);
        NodeId proposal = 0;
        for (const auto& node : SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes(false)) {
            if (node.op == "llm-proposal")
                proposal = node.id;
        }
        QVERIFY(proposal > 0);

        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::sessionShown);
        window.setSessionPath(QString::fromStdString(db.string()));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        QVERIFY(window.sessionStatus()->text().contains(QStringLiteral("LLM $")));
        window.treeView()->selectNode(1); // the baseline: no agent made it
        QTRY_COMPARE_WITH_TIMEOUT(window.inspector()->nodeId().value_or(0), NodeId(1), 10000);
        QVERIFY(!window.inspector()->isAgentTabVisible());
        window.treeView()->selectNode(proposal);
        QTRY_COMPARE_WITH_TIMEOUT(window.inspector()->nodeId().value_or(0), proposal, 10000);
        QVERIFY(window.inspector()->isAgentTabVisible());
    }

    void anOfflineSessionRunsInsideTheApp_andNodesArriveLive()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target";
        test::makeSyntheticTarget(target, "sleep 0.1");
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::sessionShown);
        QSignalSpy finished(window.controller(), &SessionController::runFinished);
        RunRequest request;
        request.targetDir = QString::fromStdString(target.string());
        request.sessionPath = dir.path() + QStringLiteral("/app.db");
        request.maxEvals = 12;
        request.jobs = 2;
        request.seed = 8;
        QVERIFY(window.startSession(request));
        QVERIFY(window.action(QStringLiteral("stop"))->isEnabled());
        std::set<int> counts;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                counts.insert(window.treeView()->nodeItemCount());
                return finished.count() == 1;
            }(),
            30000);
        QCOMPARE(finished.last().at(1).toInt(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(window.sessionStatus()->text().contains(QStringLiteral("12 / 12 evaluations")), 10000);
        QCOMPARE(window.treeView()->nodeItemCount(), 12);
        QVERIFY2(counts.size() >= 3, "the tree should grow in several steps while the run goes on");
        QVERIFY(shown.count() >= 3);
        QVERIFY(!window.action(QStringLiteral("stop"))->isEnabled());
    }

    void steeringInTheUi_landsInTheSessionFile()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target";
        test::makeSyntheticTarget(target, "sleep 0.3");
        MainWindow window;
        QSignalSpy finished(window.controller(), &SessionController::runFinished);
        QSignalSpy recorded(window.controller(), &SessionController::steeringRecorded);
        RunRequest request;
        request.targetDir = QString::fromStdString(target.string());
        request.sessionPath = dir.path() + QStringLiteral("/steer.db");
        request.maxEvals = 200;
        request.jobs = 2;
        request.seed = 9;
        QVERIFY(window.startSession(request));
        const QString db = request.sessionPath;
        QTRY_VERIFY_WITH_TIMEOUT(window.treeView()->nodeItemCount() >= 4, 20000);

        window.action(QStringLiteral("pause"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "pause"), 5000);
        // Resume is offered once the session shows it is paused.
        QTRY_VERIFY_WITH_TIMEOUT(window.action(QStringLiteral("resume"))->isEnabled(), 5000);
        QVERIFY(!window.action(QStringLiteral("pause"))->isEnabled());
        window.action(QStringLiteral("resume"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "resume"), 5000);

        window.treeView()->selectNode(2);
        window.action(QStringLiteral("prune"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "prune", "2"), 5000);
        window.action(QStringLiteral("backtrack"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "backtrack", "2"), 5000);
        // The tree's context menu and the ideas panel ask through signals; the window does it.
        Q_EMIT window.treeView()->pruneRequested(3);
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "prune", "3"), 5000);
        Q_EMIT window.ideasPanel()->pinRequested(QStringLiteral("b=fast"));
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "pin", "b=fast"), 5000);
        Q_EMIT window.ideasPanel()->banRequested(QStringLiteral("c"));
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "ban", "c"), 5000);
        Q_EMIT window.ideasPanel()->unbanRequested(QStringLiteral("c"));
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "unban", "c"), 5000);
        // A command the session cannot apply is refused, with the reason.
        Q_EMIT window.ideasPanel()->banRequested(QStringLiteral("nosuchidea"));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(recorded.begin(), recorded.end(),
                                     [](const QList<QVariant>& r) { return !r.at(2).toString().isEmpty(); }),
            5000);

        window.action(QStringLiteral("rethink"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(hasCommand(db, "rethink"), 5000);

        window.action(QStringLiteral("stop"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QCOMPARE(finished.last().at(1).toInt(), 130);
        const auto nodes = SessionStore::open(db.toStdString(), SessionStore::Access::ReadOnly)->loadNodes(false);
        int evaluated = 0;
        for (const auto& node : nodes)
            evaluated += node.evaluated();
        QVERIFY(evaluated < 200);
    }
};

QTEST_MAIN(TestAppSession)
#include "tst_app_session.moc"
