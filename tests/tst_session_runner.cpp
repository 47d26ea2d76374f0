// SPDX-License-Identifier: GPL-3.0-or-later
// Whole sessions on a synthetic target: order, budget, determinism, isolation, failures, resume.
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "search/eras.h"
#include "store/session_store.h"
#include "testsupport.h"
#include "util/user_error.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

#include <csignal>
#include <set>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

class QuietObserver : public SessionObserver {
public:
    std::vector<std::string> messages;
    int finished = 0;
    void onMessage(const std::string& text) override { messages.push_back(text); }
    void onNodeFinished(const Node&, const SessionProgress&) override { ++finished; }
};

std::vector<Node> nodesOf(const fs::path& db)
{
    return SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes();
}

// A writer that has just started may not have created the schema yet: until then there is nothing to count.
size_t nodeCountWhileWriting(const fs::path& db)
{
    try {
        return fs::exists(db) ? nodesOf(db).size() : 0;
    } catch (const UserError&) {
        return 0;
    }
}

std::vector<std::string> keySequence(const std::vector<Node>& nodes)
{
    std::vector<std::string> keys;
    for (const auto& n : nodes)
        keys.push_back(n.geneKey);
    return keys;
}

RunResult run(const fs::path& target, const fs::path& db, int maxEvals, std::uint64_t seed, int jobs = 2,
    std::optional<std::string> strategy = {})
{
    RunOptions options;
    options.targetDir = target;
    options.db = db;
    options.maxEvals = maxEvals;
    options.seed = seed;
    options.jobs = jobs;
    options.strategy = strategy;
    QuietObserver observer;
    std::atomic<bool> stop { false };
    return runSession(options, observer, stop);
}

} // namespace

class TestSessionRunner : public QObject {
    Q_OBJECT

private slots:
    void runsBaselineFirstAndRespectsBudget()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        const auto result = run(target, db, 20, 1);
        QCOMPARE(result.exitCode, 0);
        const auto nodes = nodesOf(db);
        QCOMPARE(nodes.size(), size_t(20));
        QCOMPARE(nodes[0].op, std::string("baseline"));
        QCOMPARE(nodes[0].evalIndex, std::int64_t(0));
        QCOMPARE(*nodes[0].metric, 100.0);
        QCOMPARE(*nodes[0].speedup, 1.0);
        std::set<std::string> keys;
        for (const auto& node : nodes) {
            QCOMPARE(node.status, NodeStatus::Succeeded);
            QVERIFY2(keys.insert(node.geneKey).second, "a setting was evaluated twice");
            // speedup = baseline / metric for a minimized metric
            QCOMPARE(*node.speedup, 100.0 / *node.metric);
            QVERIFY(node.finishedAt >= node.startedAt && node.startedAt > 0);
            for (NodeId parent : node.parents)
                QVERIFY(parent < node.id); // parents exist before their children
        }
    }

    void sameSeed_sameSequence_evenWithParallelJobs()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target";
        test::makeSyntheticTarget(target);
        run(target, dir.path().toStdString() + "/a.db", 25, 7, 1);
        run(target, dir.path().toStdString() + "/b.db", 25, 7, 3);
        run(target, dir.path().toStdString() + "/c.db", 25, 8, 2);
        const auto a = keySequence(nodesOf(dir.path().toStdString() + "/a.db"));
        const auto b = keySequence(nodesOf(dir.path().toStdString() + "/b.db"));
        const auto c = keySequence(nodesOf(dir.path().toStdString() + "/c.db"));
        QCOMPARE(a, b);
        QVERIFY(a != c);
    }

    void parallelEvaluationsNeverShareADir()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        const auto log = dir.path().toStdString() + "/dirs.log";
        // Each run marks its dir busy for a while; a second run in the same dir would see the mark.
        test::makeSyntheticTarget(target,
            "if [ -e .busy ]; then echo COLLISION >> " + log + "; fi; touch .busy; echo \"$(pwd) $PHYLO_SEED\" >> " + log
                + "; sleep 0.2; rm .busy",
            2);
        QCOMPARE(run(target, db, 12, 3, 4).exitCode, 0);
        const auto text = test::readFile(log);
        QVERIFY(text.find("COLLISION") == std::string::npos);
        std::map<std::string, int> runsPerDir;
        std::istringstream lines(text);
        for (std::string dirName, seed; lines >> dirName >> seed;)
            ++runsPerDir[dirName];
        QCOMPARE(runsPerDir.size(), size_t(12)); // one fresh dir per evaluation
        for (const auto& [name, count] : runsPerDir) {
            QCOMPARE(count, 2); // repeat = 2, both in that evaluation's own dir
            QVERIFY(name.find(target.string()) != 0); // never in the target dir itself
        }
    }

    void failuresAreRecordedWithReasons_neverScored()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "[ \"$PHYLO_D\" = 3 ] && exit 4\n[ -n \"$PHYLO_A\" ] && [ -n \"$PHYLO_E\" ] && exec sleep 60");
        test::writeFile(target / "phylo.toml", test::syntheticToml("sh bench.sh", 1).replace(
            test::syntheticToml("sh bench.sh", 1).find("timeout_s = 20"), 14, "timeout_s = 2"));
        QCOMPARE(run(target, db, 30, 5, 2).exitCode, 0);
        int failedRun = 0, timedOut = 0;
        for (const auto& node : nodesOf(db)) {
            const bool d3 = node.genes.state(3) == 2;
            const bool ae = node.genes.isOn(0) && node.genes.isOn(4);
            if (d3) {
                QCOMPARE(node.status, NodeStatus::Failed);
                QCOMPARE(node.failure, FailureReason::RunFailed);
                ++failedRun;
            } else if (ae) {
                QCOMPARE(node.failure, FailureReason::RunTimeout);
                ++timedOut;
            } else
                QCOMPARE(node.status, NodeStatus::Succeeded);
            if (node.status == NodeStatus::Failed) {
                QVERIFY(!node.metric && !node.speedup);
                QVERIFY(!node.failureDetail.empty());
            }
        }
        QVERIFY(failedRun > 0);
        QVERIFY(timedOut > 0);
    }

    void failedBaseline_stopsWithAClearReason()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "[ -z \"$PHYLO_A$PHYLO_B$PHYLO_C$PHYLO_D$PHYLO_E\" ] && exit 9");
        const auto result = run(target, db, 10, 1);
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.endReason.find("baseline failed") != std::string::npos);
        QCOMPARE(nodesOf(db).size(), size_t(1));
    }

    void greedyStrategy_runs()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        const auto result = run(target, db, 60, 1, 2, "greedy");
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.endReason.find("nothing new") != std::string::npos); // greedy converged
        const auto nodes = nodesOf(db);
        for (size_t i = 1; i < nodes.size(); ++i)
            QCOMPARE(nodes[i].op, std::string("greedy"));
    }

    void stopAndResume_evaluatesNothingTwice()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        const auto log = dir.path().toStdString() + "/runs.log";
        test::makeSyntheticTarget(target, "echo \"$PHYLO_A/$PHYLO_B/$PHYLO_C/$PHYLO_D/$PHYLO_E\" >> " + log + "; sleep 0.1");
        RunOptions options;
        options.targetDir = target;
        options.db = db;
        options.maxEvals = 20;
        options.seed = 11;
        options.jobs = 2;
        std::atomic<bool> stop { false };
        class StopAfter : public QuietObserver {
        public:
            std::atomic<bool>& stop;
            explicit StopAfter(std::atomic<bool>& s)
                : stop(s)
            {
            }
            void onNodeFinished(const Node&, const SessionProgress& progress) override
            {
                if (progress.evaluated >= 6)
                    stop = true;
            }
        } observer(stop);
        const auto first = runSession(options, observer, stop);
        QCOMPARE(first.exitCode, 130);
        const auto partial = nodesOf(db);
        int evaluated = 0;
        for (const auto& n : partial) {
            evaluated += n.evaluated();
            QVERIFY(n.status != NodeStatus::Running); // nothing left marked running
        }
        QVERIFY(evaluated >= 6 && evaluated < 20);

        options.seed.reset(); // resume uses the stored seed
        QuietObserver quiet;
        std::atomic<bool> noStop { false };
        QCOMPARE(runSession(options, quiet, noStop).exitCode, 0);
        const auto resumed = nodesOf(db);
        QCOMPARE(resumed.size(), size_t(20));
        for (size_t i = 0; i < partial.size(); ++i) {
            QCOMPARE(resumed[i].geneKey, partial[i].geneKey);
            if (partial[i].evaluated())
                QCOMPARE(resumed[i].finishedAt, partial[i].finishedAt); // not evaluated again
        }
        // The same sequence as an uninterrupted session with that seed.
        run(target, dir.path().toStdString() + "/whole.db", 20, 11, 2);
        QCOMPARE(keySequence(resumed), keySequence(nodesOf(dir.path().toStdString() + "/whole.db")));
    }

    void killDashNine_thenResume()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        const auto log = dir.path().toStdString() + "/runs.log";
        test::makeSyntheticTarget(
            target, "echo \"$PHYLO_A/$PHYLO_B/$PHYLO_C/$PHYLO_D/$PHYLO_E\" >> " + log + "; sleep 0.3");
        const QStringList args { "run", QString::fromStdString(target.string()), "--db", QString::fromStdString(db.string()),
            "--max-evals", "24", "--seed", "21", "--jobs", "2" };
        QProcess first;
        first.start(QString::fromStdString(test::cliPath()), args);
        QVERIFY(first.waitForStarted());
        // Kill it once a few evaluations are in the file and others are in flight.
        QTRY_VERIFY_WITH_TIMEOUT(fs::exists(db) && [&] {
            try {
                int done = 0;
                for (const auto& n : nodesOf(db))
                    done += n.evaluated();
                return done >= 5;
            } catch (...) {
                return false;
            }
        }(), 30000);
        ::kill(static_cast<pid_t>(first.processId()), SIGKILL);
        first.waitForFinished();
        const auto before = nodesOf(db);
        std::map<std::string, double> finishedBefore;
        for (const auto& n : before) {
            if (n.evaluated())
                finishedBefore[n.geneKey] = n.finishedAt;
        }
        QVERIFY(finishedBefore.size() >= 5 && finishedBefore.size() < 24);

        QProcess second;
        second.start(QString::fromStdString(test::cliPath()), args.mid(0, 6)); // no --seed: the stored one
        QVERIFY(second.waitForFinished(120000));
        QCOMPARE(second.exitCode(), 0);
        const auto after = nodesOf(db);
        QCOMPARE(after.size(), size_t(24));
        std::set<std::string> keys;
        for (const auto& n : after) {
            QVERIFY2(keys.insert(n.geneKey).second, "duplicated node after resume");
            QVERIFY(n.evaluated());
            if (auto it = finishedBefore.find(n.geneKey); it != finishedBefore.end())
                QCOMPARE(n.finishedAt, it->second); // already evaluated: kept, not run again
        }
        // The order of nodes is the one an uninterrupted run produces.
        run(target, dir.path().toStdString() + "/whole.db", 24, 21, 2);
        QCOMPARE(keySequence(after), keySequence(nodesOf(dir.path().toStdString() + "/whole.db")));
    }

    void resume_refusesAChangedTarget()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target);
        QCOMPARE(run(target, db, 3, 1).exitCode, 0);
        test::writeFile(target / "phylo.toml", test::syntheticToml("sh bench.sh", 3));
        QVERIFY_THROWS_EXCEPTION(UserError, run(target, db, 5, 1));
        QVERIFY_THROWS_EXCEPTION(UserError, run(target, db, 5, 2)); // another seed
        QCOMPARE(nodesOf(db).size(), size_t(3));
    }

    void secondWriter_isRefused()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeSyntheticTarget(target, "sleep 0.5");
        QProcess first;
        first.start(QString::fromStdString(test::cliPath()),
            { "run", QString::fromStdString(target.string()), "--db", QString::fromStdString(db.string()), "--max-evals", "6",
                "--seed", "1" });
        QVERIFY(first.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(nodeCountWhileWriting(db) > 0, 20000);
        QVERIFY_THROWS_EXCEPTION(UserError, run(target, db, 6, 1));
        QVERIFY(first.waitForFinished(60000));
        QCOMPARE(first.exitCode(), 0);
    }

    void eras_commitBeyondNoise_andCarryTheCommittedSettings()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        test::makeTarget(target, test::syntheticToml("sh bench.sh", 3, "[search]\nera_evals = 8\n"),
            { { "kernel.txt", "kernel\n" }, { "bench.sh", test::syntheticBench() } });
        QCOMPARE(run(target, db, 40, 6).exitCode, 0);
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto nodes = store->loadNodes(false);
        std::vector<const Node*> commits;
        for (const auto& n : nodes) {
            if (n.op == "era-commit")
                commits.push_back(&n);
        }
        QVERIFY2(!commits.empty(), "no era ended");
        QVERIFY(store->meta("era_0_end").has_value());
        // The first era's commit re-measures a node that beat the baseline; it is better than the baseline.
        const Node& first = *commits.front();
        QCOMPARE(first.era, 1);
        QCOMPARE(first.status, NodeStatus::Succeeded);
        QVERIFY(*first.speedup > 1.0);
        QCOMPARE(first.samples.size(), size_t(6)); // re-measured with twice the target's 3 runs
        QVERIFY(store->meta("era_0_end")->find("commits node") != std::string::npos);
        // Every later individual of era 1 carries what it committed.
        int later = 0;
        for (const auto& n : nodes) {
            later += n.era == 1 && n.op != "era-commit";
            if (n.era != 1 || n.op == "era-commit")
                continue;
            for (size_t i = 0; i < first.genes.size(); ++i) {
                if (first.genes.isOn(i))
                    QCOMPARE(n.genes.state(i), first.genes.state(i));
            }
        }
        QVERIFY(later >= 1);
        // Eras only go forward in id order.
        int era = 0;
        for (const auto& n : nodes) {
            QVERIFY(n.era >= era || n.status != NodeStatus::Pending);
            era = std::max(era, n.era);
        }
    }

    void eras_aCommitThatDoesNotHold_isTakenBack()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        // Idea a helps on an evaluation's first three runs only: an era commits it, and its re-measurement
        // (six runs in one scratch dir) shows the baseline's time on the last three, so the commit fails to hold.
        const std::string bench = "n=$(cat runs 2>/dev/null || echo 0); n=$((n + 1)); echo $n > runs\n"
                                  "t=100\n[ -n \"$PHYLO_A\" ] && [ $n -le 3 ] && t=80\necho \"METRIC time_ms=$t\"\n";
        test::makeTarget(target, test::syntheticToml("sh bench.sh", 3, "[search]\nera_evals = 6\n"),
            { { "kernel.txt", "kernel\n" }, { "bench.sh", bench } });
        QCOMPARE(run(target, db, 24, 3).exitCode, 0);
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto nodes = store->loadNodes(false);
        std::vector<const Node*> commits;
        for (const auto& n : nodes) {
            if (n.op == "era-commit")
                commits.push_back(&n);
        }
        QVERIFY2(commits.size() >= 2, "the session ended before a commit could be taken back");
        // Era 0 commits a node with a on; re-measured, it is no better than the baseline.
        const Node& first = *commits[0];
        QCOMPARE(first.era, 1);
        QVERIFY(first.parents.front() != 1);
        QVERIFY(first.genes.isOn(0));
        QCOMPARE(first.samples.size(), size_t(6));
        QVERIFY2(store->meta("era_0_end")->find("commits node") != std::string::npos, store->meta("era_0_end")->c_str());
        // Era 1 ends at once and takes it back: era 2 starts again from the original baseline.
        const auto end = store->meta("era_1_end");
        QVERIFY(end.has_value());
        QVERIFY2(end->find(kCommitDidNotHold) != std::string::npos, end->c_str());
        QVERIFY2(end->find("goes back to node 1") != std::string::npos, end->c_str());
        const Node& back = *commits[1];
        QCOMPARE(back.era, 2);
        QCOMPARE(back.parents.front(), NodeId(1));
        QVERIFY(back.genes.allOff());
        // The revert itself holds: if era 2 ended, it was not for that reason.
        if (const auto after = store->meta("era_2_end"))
            QVERIFY2(after->find(kCommitDidNotHold) == std::string::npos, after->c_str());
    }

    void pureNoise_commitsNothing_andTheTreeStaysWhole()
    {
        QTemporaryDir dir;
        const fs::path target = dir.path().toStdString() + "/target", db = dir.path().toStdString() + "/s.db";
        // The ideas change nothing: every difference is noise.
        test::makeTarget(target, test::syntheticToml("sh bench.sh", 5, "[search]\nera_evals = 6\n"),
            { { "kernel.txt", "kernel\n" },
                { "bench.sh", "n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')\necho \"METRIC time_ms=$((100 + n % 20))\"\n" } });
        QCOMPARE(run(target, db, 30, 9).exitCode, 0);
        auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto end = store->meta("era_0_end");
        QVERIFY2(end.has_value(), "the era did not end");
        QVERIFY2(end->find("commits nothing new") != std::string::npos, end->c_str());
        const auto nodes = store->loadNodes(false);
        // Lineage integrity: every edge's endpoints exist, parents come first, and eras never go back.
        std::set<NodeId> ids;
        for (const auto& n : nodes) {
            for (NodeId parent : n.parents) {
                QVERIFY2(ids.count(parent), ("node " + std::to_string(n.id) + " has a missing parent").c_str());
                const Node& p = nodes.at(static_cast<size_t>(parent - 1));
                QVERIFY(p.era <= n.era);
            }
            ids.insert(n.id);
            if (n.op == "era-commit") {
                QCOMPARE(n.parents.size(), size_t(1));
                QCOMPARE(n.era, nodes.at(static_cast<size_t>(n.parents.front() - 1)).era + 1);
                QVERIFY(n.genes.allOff()); // nothing committed: the era baseline (the original) goes on
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSessionRunner)
#include "tst_session_runner.moc"
