// SPDX-License-Identifier: GPL-3.0-or-later
// Steering a session by hand: pin, ban, prune, pause and resume, recorded in the session file.
#include "report/markdown_report.h"
#include "report/report_data.h"
#include "search/genetic_search.h"
#include "search/search_history.h"
#include "search/steering.h"
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "store/session_store.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

std::vector<Idea> fiveIdeas()
{
    return { { "a", "", {} }, { "b", "", { "slow", "fast" } }, { "c", "", {} }, { "d", "", { "1", "2", "3" } },
        { "e", "", {} } };
}

SteeringCommand cmd(const std::string& command, const std::string& argument = {})
{
    return { 0, 0, "test", command, argument };
}

/// Runs the GA in-process for MAX_EVALS with STEERING in force from the start.
std::vector<Node> simulate(const Steering& steering, int maxEvals, std::uint64_t seed)
{
    const auto ideas = fiveIdeas();
    GeneticSearch search({}, seed);
    std::vector<Node> nodes(1);
    nodes[0].id = 1;
    nodes[0].op = "baseline";
    nodes[0].genes = Genes(ideas.size());
    nodes[0].status = NodeStatus::Succeeded;
    nodes[0].metric = 100;
    nodes[0].speedup = 1;
    for (int g = 1; static_cast<int>(nodes.size()) < maxEvals; ++g) {
        SearchHistory history(ideas, nodes);
        history.setSteering(steering);
        auto batch = search.nextBatch(history, g, maxEvals - static_cast<int>(nodes.size()));
        if (batch.empty())
            break;
        for (auto& p : batch) {
            Node n;
            n.id = static_cast<NodeId>(nodes.size()) + 1;
            n.generation = g;
            n.op = p.op;
            n.parents = p.parents;
            n.genes = p.genes;
            n.status = NodeStatus::Succeeded;
            n.metric = 50 + static_cast<double>(n.id % 7);
            n.speedup = 100 / *n.metric;
            nodes.push_back(n);
        }
    }
    return nodes;
}

class Observer : public SessionObserver {
public:
    std::function<void(const Node&, const SessionProgress&)> finished;
    std::vector<std::string> messages;
    void onNodeFinished(const Node& node, const SessionProgress& progress) override
    {
        if (finished)
            finished(node, progress);
    }
    void onMessage(const std::string& text) override { messages.push_back(text); }
};

RunOptions options(const fs::path& target, const fs::path& db, int maxEvals)
{
    RunOptions o;
    o.targetDir = target;
    o.db = db;
    o.maxEvals = maxEvals;
    o.seed = 3;
    o.jobs = 2;
    return o;
}

} // namespace

class TestSteering : public QObject {
    Q_OBJECT

private slots:
    void fold_replaysCommandsInOrder()
    {
        const auto ideas = fiveIdeas();
        auto s = foldSteering({ cmd("pin", "d=2"), cmd("ban", "a"), cmd("pin", "a"), cmd("prune", "7"), cmd("pause"),
                                  cmd("unprune", "7"), cmd("prune", "9"), cmd("resume"), cmd("ban", "e"), cmd("unban", "e") },
            ideas);
        QCOMPARE(s.pinned.size(), size_t(2));
        QCOMPARE(s.pinned.at(3), 1); // d=2
        QCOMPARE(s.pinned.at(0), 0); // a pinned on: the later pin lifts the ban
        QVERIFY(s.banned.empty());
        QCOMPARE(s.prunedRoots, (std::set<NodeId> { 9 }));
        QVERIFY(!s.paused);
    }

    void validate_refusesWhatCannotApply()
    {
        const auto ideas = fiveIdeas();
        const std::set<NodeId> ids { 1, 2, 3 };
        QVERIFY(!validateSteering("pin", "b=fast", ideas, ids));
        QVERIFY(!validateSteering("pin", "a", ideas, ids));
        QVERIFY(validateSteering("pin", "b", ideas, ids)); // a variant idea needs its value
        QVERIFY(validateSteering("pin", "b=medium", ideas, ids));
        QVERIFY(validateSteering("ban", "zz", ideas, ids));
        QVERIFY(!validateSteering("prune", "2", ideas, ids));
        QVERIFY(validateSteering("prune", "42", ideas, ids));
        QVERIFY(validateSteering("prune", "2x", ideas, ids));
        QVERIFY(validateSteering("pause", "now", ideas, ids));
        QVERIFY(validateSteering("explode", "", ideas, ids));
        QVERIFY(!validateSteering("backtrack", "3", ideas, ids));
        QVERIFY(validateSteering("backtrack", "", ideas, ids));
    }

    void bannedIdea_inNoNewIndividual_pinnedInEvery()
    {
        Steering steering;
        steering.banned = { 2 }; // c
        steering.pinned[3] = 2; // d=3
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const auto nodes = simulate(steering, 30, seed);
            QVERIFY(nodes.size() > 5);
            for (size_t i = 1; i < nodes.size(); ++i) {
                QVERIFY(!nodes[i].genes.isOn(2));
                QCOMPARE(nodes[i].genes.state(3), 2);
            }
        }
    }

    void prunedSubtree_getsNoChildren()
    {
        // Evolve a while, then prune one lineage and go on: nothing new descends from it.
        const auto before = simulate({}, 20, 4);
        const NodeId root = before[3].id;
        Steering steering;
        steering.prunedRoots = { root };
        SearchHistory history(fiveIdeas(), before);
        history.setSteering(steering);
        GeneticSearch search({}, 4);
        for (int g = 10; g < 14; ++g) {
            for (const auto& proposal : search.nextBatch(history, g, 8)) {
                for (NodeId parent : proposal.parents)
                    QVERIFY2(!history.isPruned(parent), "a child of a pruned subtree");
            }
        }
    }

    void backtrack_breedsFromTheNodesNeighbourhood()
    {
        const auto nodes = simulate({}, 30, 6);
        SearchHistory history(fiveIdeas(), nodes);
        Steering steering;
        steering.backtrackTo = nodes[4].id;
        history.setSteering(steering);
        std::set<NodeId> around;
        for (const Node* n : history.neighbourhood(nodes[4].id))
            around.insert(n->id);
        QVERIFY(around.count(nodes[4].id));
        QVERIFY(around.count(1)); // its parent, the baseline
        GeneticSearch search({}, 6);
        const auto batch = search.nextBatch(history, 9, 8);
        QVERIFY(!batch.empty());
        for (const auto& proposal : batch) {
            for (NodeId parent : proposal.parents)
                QVERIFY2(around.count(parent), "a parent outside the backtrack neighbourhood");
        }
    }

    void runningSession_backtracksOnCommand()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "sleep 0.05");
        Observer observer;
        double at = 0;
        observer.finished = [&](const Node&, const SessionProgress& progress) {
            if (progress.evaluated == 10 && at == 0) {
                auto store = SessionStore::open(db, SessionStore::Access::ReadWrite);
                store->addSteering("test", "backtrack", "3");
                at = store->steering().back().at;
            }
        };
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options(target, db, 30), observer, stop).exitCode, 0);
        const auto nodes = SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes();
        SearchHistory history(fiveIdeas(), nodes);
        std::set<NodeId> around;
        for (const Node* n : history.neighbourhood(3))
            around.insert(n->id);
        // The first batch made after the command breeds only from node 3's neighbourhood.
        int firstGeneration = -1, checked = 0;
        for (const auto& node : nodes) {
            if (node.createdAt <= at)
                continue;
            if (firstGeneration < 0)
                firstGeneration = node.generation;
            if (node.generation != firstGeneration)
                break;
            for (NodeId parent : node.parents)
                QVERIFY2(around.count(parent), "parent outside node 3's neighbourhood");
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    void runningSession_appliesCommandsFromTheSessionFile()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "sleep 0.05");
        Observer observer;
        double bannedAt = 0;
        // Another connection, as `phylo steer` or the app would write it, once a few nodes are in.
        observer.finished = [&](const Node&, const SessionProgress& progress) {
            if (progress.evaluated == 5 && bannedAt == 0) {
                auto store = SessionStore::open(db, SessionStore::Access::ReadWrite);
                store->addSteering("test", "ban", "a");
                store->addSteering("test", "pin", "d=2");
                bannedAt = store->steering().back().at;
            }
        };
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options(target, db, 30), observer, stop).exitCode, 0);
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        int after = 0;
        for (const auto& node : store->loadNodes()) {
            if (node.createdAt <= bannedAt)
                continue;
            ++after;
            QVERIFY(!node.genes.isOn(0));
            QCOMPARE(node.genes.state(3), 1);
        }
        QVERIFY(after > 0);
        QCOMPARE(store->steering().size(), size_t(2));
        // The report lists them.
        const auto markdown = renderMarkdownReport(computeReportData(*store));
        QVERIFY(markdown.find("## Steering") != std::string::npos);
        QVERIFY(markdown.find("`ban a`") != std::string::npos);
        QVERIFY(markdown.find("`pin d=2`") != std::string::npos);
    }

    void prune_cancelsQueuedEvaluations()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "sleep 0.2");
        Observer observer;
        bool pruned = false;
        observer.finished = [&](const Node& node, const SessionProgress&) {
            if (!pruned && node.op == "seed") {
                // Prune the root's whole tree below the baseline: the rest of the batch is cancelled.
                SessionStore::open(db, SessionStore::Access::ReadWrite)->addSteering("test", "prune", "1");
                pruned = true;
            }
        };
        std::atomic<bool> stop { false };
        const auto result = runSession(options(target, db, 30), observer, stop);
        QCOMPARE(result.exitCode, 0);
        const auto nodes = SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes();
        int cancelled = 0, evaluatedSeeds = 0;
        for (const auto& node : nodes) {
            QVERIFY(node.status != NodeStatus::Pending);
            cancelled += node.failure == FailureReason::Pruned;
            evaluatedSeeds += node.op == "seed" && node.status == NodeStatus::Succeeded;
            if (node.failure == FailureReason::Pruned)
                QVERIFY(!node.metric && node.samples.empty()); // never run, never scored
        }
        QVERIFY2(cancelled > 0, "the queued evaluations were not cancelled");
        QVERIFY(evaluatedSeeds < 7);
        QCOMPARE(static_cast<int>(nodes.size()), 8); // no new batch: everything descends from the pruned root
        QVERIFY(std::any_of(observer.messages.begin(), observer.messages.end(),
            [](const std::string& m) { return m.find("pruned") != std::string::npos; }));
    }

    void pause_holdsNewEvaluationsUntilResume()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        Observer observer;
        std::jthread resumer;
        std::atomic<double> pausedAt { 0 }, resumedAt { 0 };
        std::vector<double> finishedAt;
        observer.finished = [&](const Node& node, const SessionProgress& progress) {
            finishedAt.push_back(node.finishedAt);
            if (progress.evaluated == 3 && pausedAt == 0) {
                auto store = SessionStore::open(db, SessionStore::Access::ReadWrite);
                store->addSteering("test", "pause", "");
                pausedAt = store->steering().back().at;
                resumer = std::jthread([&] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
                    auto other = SessionStore::open(db, SessionStore::Access::ReadWrite);
                    other->addSteering("test", "resume", "");
                    resumedAt = other->steering().back().at;
                });
            }
        };
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options(target, db, 15), observer, stop).exitCode, 0);
        QVERIFY(resumedAt > 0);
        QVERIFY(std::any_of(observer.messages.begin(), observer.messages.end(),
            [](const std::string& m) { return m.find("paused") != std::string::npos; }));
        // Nothing started between the pause and the resume (in-flight ones may finish).
        for (const auto& node : SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes()) {
            if (node.startedAt > pausedAt + 1.0) // a task already past its hold check may start just after
                QVERIFY2(node.startedAt >= resumedAt, "an evaluation started while paused");
        }
    }

    void stopCommand_endsTheRunCleanly_andOnlyThatRun()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "sleep 0.2");
        Observer observer;
        observer.finished = [&](const Node&, const SessionProgress& progress) {
            if (progress.evaluated == 3)
                SessionStore::open(db, SessionStore::Access::ReadWrite)->addSteering("app", "stop", "");
        };
        std::atomic<bool> stop { false };
        const auto first = runSession(options(target, db, 20), observer, stop);
        QCOMPARE(first.exitCode, 0);
        QVERIFY2(first.endReason.find("stopped by steering (app)") != std::string::npos, first.endReason.c_str());
        int evaluated = 0;
        for (const auto& node : SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes(false)) {
            evaluated += node.evaluated();
            QVERIFY(node.status != NodeStatus::Running); // in-flight ones went back to pending
        }
        QVERIFY2(evaluated >= 3 && evaluated < 20, std::to_string(evaluated).c_str());
        // The old stop does not end the next run: it resumes and reaches the budget.
        Observer quiet;
        const auto second = runSession(options(target, db, 12), quiet, stop);
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.endReason.find("max-evals") != std::string::npos, second.endReason.c_str());
    }

    void rethinkCommand_endsTheEra()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "sleep 0.1");
        Observer observer;
        bool asked = false;
        observer.finished = [&](const Node&, const SessionProgress& progress) {
            if (progress.evaluated == 5 && !asked) {
                SessionStore::open(db, SessionStore::Access::ReadWrite)->addSteering("app", "rethink", "");
                asked = true;
            }
        };
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options(target, db, 14), observer, stop).exitCode, 0);
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        QVERIFY2(store->meta("era_0_end").value_or("").find("the user asked for a rethink") != std::string::npos,
            store->meta("era_0_end").value_or("(no era ended)").c_str());
        const auto nodes = store->loadNodes(false);
        QVERIFY(std::any_of(nodes.begin(), nodes.end(), [](const Node& n) { return n.op == "era-commit" && n.era == 1; }));
        // One rethink, one era: the command is not applied twice.
        QCOMPARE(std::count_if(nodes.begin(), nodes.end(), [](const Node& n) { return n.op == "era-commit"; }), 1L);
    }

    void addIdea_fromAFile_joinsThePool()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        Observer quiet;
        std::atomic<bool> stop { false };
        QCOMPARE(runSession(options(target, db, 4), quiet, stop).exitCode, 0);
        auto block = [](const std::string& search, const std::string& replace) {
            return "kernel.txt\n<<<<<<< SEARCH\n" + search + "=======\n" + replace + ">>>>>>> REPLACE\n";
        };
        const auto good = dir.path().toStdString() + "/ideas.md", bad = dir.path().toStdString() + "/bad.md";
        test::writeFile(good, "### IDEA shorter\nDescription: a shorter kernel.\n" + block("kernel\n", "kern\n")
                + "\n### IDEA ghost_user\nDescription: edits what is not there.\n" + block("nothing here\n", "x\n"));
        test::writeFile(bad, "just some prose, no idea\n");
        auto steer = [&](const std::string& file) {
            QProcess p;
            p.start(QString::fromStdString(test::cliPath()),
                { QStringLiteral("steer"), QStringLiteral("--db"), QString::fromStdString(db.string()), QStringLiteral("add-idea"),
                    QString::fromStdString(file) });
            p.waitForFinished();
            return std::make_pair(p.exitCode(), p.readAllStandardError());
        };
        const auto refused = steer(bad);
        QCOMPARE(refused.first, 2);
        QVERIFY(refused.second.contains("add-idea"));
        QCOMPARE(steer(dir.path().toStdString() + "/missing.md").first, 2);
        QCOMPARE(steer(good).first, 0);

        QCOMPARE(runSession(options(target, db, 10), quiet, stop).exitCode, 0);
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto ideas = store->ideas();
        QVERIFY(std::any_of(ideas.begin(), ideas.end(), [](const Idea& i) { return i.name == "shorter" && i.origin == "user" && i.isCode(); }));
        std::map<std::string, const Node*> byIdea;
        const auto nodes = store->loadNodes(false);
        for (const auto& n : nodes) {
            if (n.op == "user-idea")
                byIdea[n.geneKey] = &n;
        }
        QCOMPARE(byIdea.size(), size_t(2));
        QCOMPARE(byIdea.at("shorter")->status, NodeStatus::Succeeded);
        QCOMPARE(byIdea.at("ghost_user")->failure, FailureReason::EditDidNotApply);
        QVERIFY(byIdea.at("ghost_user")->failureDetail.find("nothing here") != std::string::npos);
    }

    void cli_steer()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        Observer quiet;
        std::atomic<bool> stop { false };
        runSession(options(target, db, 4), quiet, stop);
        auto steer = [&](const QStringList& args) {
            QProcess p;
            p.start(QString::fromStdString(test::cliPath()),
                QStringList { QStringLiteral("steer"), QStringLiteral("--db"), QString::fromStdString(db.string()) } + args);
            p.waitForFinished();
            return p.exitCode();
        };
        QCOMPARE(steer({ QStringLiteral("pin"), QStringLiteral("b=fast") }), 0);
        QCOMPARE(steer({ QStringLiteral("ban"), QStringLiteral("zz") }), 2);
        QCOMPARE(steer({ QStringLiteral("prune"), QStringLiteral("999") }), 2);
        QCOMPARE(steer({ QStringLiteral("frobnicate") }), 2);
        QCOMPARE(steer({ QStringLiteral("stop"), QStringLiteral("now") }), 2); // stop takes no argument
        QCOMPARE(SessionStore::open(db, SessionStore::Access::ReadOnly)->steering().size(), size_t(1));
        QProcess show;
        show.start(QString::fromStdString(test::cliPath()),
            { QStringLiteral("show"), QStringLiteral("--db"), QString::fromStdString(db.string()) });
        show.waitForFinished();
        QVERIFY(show.readAllStandardOutput().contains("cli: pin b=fast"));
    }
};

QTEST_GUILESS_MAIN(TestSteering)
#include "tst_steering.moc"
