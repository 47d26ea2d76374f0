// SPDX-License-Identifier: GPL-3.0-or-later
// The SLURM backend against a real single-node SLURM cluster started by tests/slurm/slurm_cluster.sh
// (installed with apt-get when missing): offline sessions on examples/matmul-cpu. Skips only where
// SLURM cannot be installed or started.
#include "slurm_test_cluster.h"
#include "store/session_store.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <memory>
#include <set>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

class TstSlurmBackend : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<test::SlurmTestCluster> m_cluster;

    fs::path work() const { return m_cluster->work(); }
    fs::path example() const { return fs::path(PHYLO_SOURCE_DIR) / "examples" / "matmul-cpu"; }

    /// The backend config's sbatch_args = [SBATCH_ARGS] (TOML strings).
    QProcessEnvironment environment(const std::string& sbatchArgs = "") const
    {
        return m_cluster->environment("sbatch_args = [" + sbatchArgs + "]\n");
    }

    QStringList runArgs(const fs::path& db, const QString& backend, int maxEvals) const
    {
        return { "run", QString::fromStdString(example().string()), "--db", QString::fromStdString(db.string()),
            "--offline", "--seed", "11", "--max-evals", QString::number(maxEvals), "--jobs", "2", "--backend", backend };
    }

    test::Ran phylo(const QStringList& args, const std::string& sbatchArgs = "") const
    {
        return test::runProgram(QString::fromStdString(test::cliPath()), args, environment(sbatchArgs));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cluster = std::make_unique<test::SlurmTestCluster>(fs::path(m_dir.path().toStdString()), 6937);
        const auto ran = m_cluster->start();
        if (ran.exitCode == 77)
            QSKIP(("SLURM cannot be installed or started here: " + ran.output).c_str());
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());
    }

    void cleanupTestCase()
    {
        if (m_cluster)
            m_cluster->stop();
    }

    /// Every evaluation is a SLURM job, and the session is the local backend's for the same seed: the
    /// baseline and the seed population (7 individuals, drawn from the seed alone; later generations
    /// depend on measured times, which differ from run to run on any backend).
    void matchesTheLocalBackend()
    {
        const auto local = work() / "local.db", slurm = work() / "slurm.db";
        auto ran = phylo(runArgs(local, "local", 8));
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());
        ran = phylo(runArgs(slurm, "slurm", 8));
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());

        const auto a = test::nodesOf(local), b = test::nodesOf(slurm);
        QCOMPARE(a.size(), b.size());
        QCOMPARE(b.size(), size_t(8));
        std::set<std::string> jobs;
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].id, a[i].id);
            QCOMPARE(b[i].geneKey, a[i].geneKey);
            QCOMPARE(b[i].status, a[i].status);
            QCOMPARE(b[i].failure, a[i].failure);
            QCOMPARE(a[i].placement.backend, std::string("local"));
            QCOMPARE(b[i].placement.backend, std::string("slurm"));
            QVERIFY2(!b[i].placement.jobId.empty(), ("node " + std::to_string(b[i].id) + " has no job").c_str());
            QVERIFY(!b[i].placement.host.empty());
            QVERIFY(b[i].log.find("# SLURM job " + b[i].placement.jobId) != std::string::npos);
            jobs.insert(b[i].placement.jobId);
        }
        QCOMPARE(jobs.size(), b.size()); // one job per evaluation
        for (const auto& [id, state] : m_cluster->accounted(jobs))
            QCOMPARE(state, std::string("COMPLETED"));
        QCOMPARE(m_cluster->accounted(jobs).size(), jobs.size());

        // Where each node ran reaches show and export.
        ran = phylo({ "show", "--db", QString::fromStdString(slurm.string()) });
        QVERIFY2(ran.output.find("slurm job " + b[1].placement.jobId) != std::string::npos, ran.output.c_str());
        ran = phylo({ "export", "--db", QString::fromStdString(slurm.string()) });
        QVERIFY2(ran.output.find("\"job_id\": \"" + b[1].placement.jobId + "\"") != std::string::npos, ran.output.c_str());
    }

    /// compile = "job": each candidate is built in a SLURM job of its own, then checked and timed in
    /// another; the session is the local backend's (a synthetic target: metrics known exactly), and a
    /// build that fails in the job is a build failure with the job's message.
    void buildsInTheJob()
    {
        const auto target = work() / "built-in-job";
        auto toml = test::syntheticToml();
        toml.replace(toml.find("echo {defines} > defines.txt"), std::string("echo {defines} > defines.txt").size(),
            "sh build.sh {defines}");
        test::makeTarget(target, toml,
            { { "kernel.txt", "kernel\n" },
                { "build.sh",
                    "echo \"build.sh: in SLURM job ${SLURM_JOB_ID:-none}\"\n"
                    "if [ -n \"$PHYLO_A\" ]; then echo \"build.sh: error: idea a breaks the build (SLURM job "
                    "${SLURM_JOB_ID:-none})\" >&2; exit 1; fi\n"
                    "echo \"built in SLURM job ${SLURM_JOB_ID:-none}\" > built.txt\n" },
                { "bench.sh", test::syntheticBench("cat built.txt || exit 1") } });
        const auto args = [&](const fs::path& db, const QString& backend) {
            return QStringList { "run", QString::fromStdString(target.string()), "--db", QString::fromStdString(db.string()),
                "--offline", "--seed", "11", "--max-evals", "6", "--jobs", "2", "--backend", backend };
        };
        const auto local = work() / "build-local.db", slurm = work() / "build-job.db";
        auto ran = test::runProgram(QString::fromStdString(test::cliPath()), args(local, "local"), environment());
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());
        ran = test::runProgram(QString::fromStdString(test::cliPath()), args(slurm, "slurm"),
            m_cluster->environment("compile = \"job\"\n"));
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());
        QVERIFY2(ran.output.find("compiled in the jobs") != std::string::npos, ran.output.c_str());

        const auto a = test::nodesOf(local), b = test::nodesOf(slurm);
        QCOMPARE(b.size(), size_t(6));
        QCOMPARE(a.size(), b.size());
        int built = 0, broken = 0;
        std::set<std::string> jobs;
        for (size_t i = 0; i < a.size(); ++i) {
            const auto& node = b[i];
            const auto name = "node " + std::to_string(node.id) + ": " + node.log;
            QCOMPARE(node.geneKey, a[i].geneKey);
            QCOMPARE(node.status, a[i].status);
            QCOMPARE(node.failure, a[i].failure);
            QCOMPARE(node.metric, a[i].metric);
            jobs.insert(node.placement.jobId);
            if (node.failure == FailureReason::BuildFailed) {
                // Its only job was the build: the message is the job's own.
                ++broken;
                QVERIFY2(node.failureDetail.find("idea a breaks the build (SLURM job " + node.placement.jobId + ")")
                        != std::string::npos,
                    node.failureDetail.c_str());
                continue;
            }
            QCOMPARE(node.status, NodeStatus::Succeeded);
            ++built;
            // Two jobs: the build's, whose output the log keeps, then the run's, which ran what it built.
            const auto at = node.log.find("build.sh: in SLURM job ");
            QVERIFY2(at != std::string::npos, name.c_str());
            const auto buildJob = node.log.substr(at + 23, node.log.find('\n', at) - at - 23);
            QVERIFY2(!buildJob.empty() && buildJob != "none" && buildJob != node.placement.jobId, name.c_str());
            QVERIFY2(node.log.find("# SLURM job " + buildJob + "\n") != std::string::npos, name.c_str());
            QVERIFY2(node.log.find("built in SLURM job " + buildJob) != std::string::npos, name.c_str());
            jobs.insert(buildJob);
        }
        QVERIFY2(built >= 2 && broken >= 1, "seed 11 draws candidates with and without idea a");
        for (const auto& [id, state] : m_cluster->accounted(jobs))
            QVERIFY2(state == "COMPLETED", (id + ": " + state).c_str());
        QCOMPARE(m_cluster->accounted(jobs).size(), jobs.size());
    }

    /// A job cancelled with scancel (by someone else) is a failed evaluation, and the session goes on.
    void scancelledJobFails()
    {
        const auto db = work() / "scancel.db";
        QProcess run;
        run.setProcessEnvironment(environment("\"--begin=now+2\""));
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(QString::fromStdString(test::cliPath()), runArgs(db, "slurm", 5));
        Node victim;
        QVERIFY(test::waitForNodes(db, [&](const std::vector<Node>& nodes) {
            for (const auto& node : nodes)
                if (node.op != "baseline" && node.status == NodeStatus::Running && !node.placement.jobId.empty()) {
                    victim = node;
                    return true;
                }
            return false;
        }));
        m_cluster->slurm("scancel", { QString::fromStdString(victim.placement.jobId) });
        QVERIFY(run.waitForFinished(180000));
        const auto output = run.readAll().toStdString();
        QVERIFY2(run.exitCode() == 0, output.c_str());
        const auto nodes = test::nodesOf(db);
        int evaluated = 0;
        for (const auto& node : nodes) {
            evaluated += node.evaluated();
            if (node.id != victim.id)
                continue;
            QCOMPARE(node.status, NodeStatus::Failed);
            QCOMPARE(node.failure, FailureReason::JobCancelled);
            QVERIFY(!node.metric);
            QVERIFY2(node.failureDetail.find("SLURM job " + victim.placement.jobId) != std::string::npos,
                node.failureDetail.c_str());
        }
        QCOMPARE(evaluated, 5); // the session went on to its budget
    }

    /// Pruning a node cancels its job (the node is recorded "pruned", never scored); stopping the session
    /// cancels the others (their nodes go back to pending, to run again on resume).
    void pruneAndStopCancelJobs()
    {
        const auto db = work() / "prune.db";
        const std::string delay = "\"--begin=now+4\"";
        QProcess run;
        run.setProcessEnvironment(environment(delay));
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(QString::fromStdString(test::cliPath()), runArgs(db, "slurm", 6));
        std::vector<Node> inFlight;
        QVERIFY(test::waitForNodes(db, [&](const std::vector<Node>& nodes) {
            inFlight.clear();
            for (const auto& node : nodes)
                if (node.op != "baseline" && node.status == NodeStatus::Running && !node.placement.jobId.empty())
                    inFlight.push_back(node);
            return inFlight.size() == 2;
        }));
        const auto dbArg = QString::fromStdString(db.string());
        QCOMPARE(phylo({ "steer", "--db", dbArg, "prune", QString::number(inFlight[0].id) }, delay).exitCode, 0);
        QVERIFY(test::waitForNodes(db, [&](const std::vector<Node>& nodes) {
            return nodes[static_cast<size_t>(inFlight[0].id - 1)].failure == FailureReason::Pruned;
        }, 30));
        QCOMPARE(phylo({ "steer", "--db", dbArg, "stop" }, delay).exitCode, 0);
        QVERIFY(run.waitForFinished(60000));
        const auto nodes = test::nodesOf(db);
        const auto& pruned = nodes[static_cast<size_t>(inFlight[0].id - 1)];
        QCOMPARE(pruned.status, NodeStatus::Failed);
        QVERIFY(!pruned.metric);
        QVERIFY2(pruned.failureDetail.find("SLURM job " + inFlight[0].placement.jobId) != std::string::npos,
            pruned.failureDetail.c_str());
        QCOMPARE(nodes[static_cast<size_t>(inFlight[1].id - 1)].status, NodeStatus::Pending);
        const auto states = m_cluster->accounted({ inFlight[0].placement.jobId, inFlight[1].placement.jobId });
        QCOMPARE(states.size(), size_t(2));
        for (const auto& [id, state] : states)
            QVERIFY2(state.rfind("CANCELLED", 0) == 0, (id + ": " + state).c_str());
    }

    /// After a kill -9 of `phylo run`, the resumed run adopts the jobs still queued or running.
    void resumeAdoptsJobs()
    {
        const auto db = work() / "resume.db";
        const std::string delay = "\"--begin=now+3\"";
        QProcess run;
        run.setProcessEnvironment(environment(delay));
        run.start(QString::fromStdString(test::cliPath()), runArgs(db, "slurm", 5));
        std::map<NodeId, std::string> submitted;
        QVERIFY(test::waitForNodes(db, [&](const std::vector<Node>& nodes) {
            submitted.clear();
            for (const auto& node : nodes)
                if (node.op != "baseline" && node.status == NodeStatus::Running && !node.placement.jobId.empty())
                    submitted[node.id] = node.placement.jobId;
            return submitted.size() == 2; // --jobs 2: both in flight
        }));
        run.kill(); // SIGKILL: the jobs stay in SLURM
        run.waitForFinished();

        const auto ran = phylo(runArgs(db, "slurm", 5), delay);
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());
        const auto nodes = test::nodesOf(db);
        for (const auto& [id, job] : submitted) {
            const auto& node = nodes[static_cast<size_t>(id - 1)];
            QCOMPARE(node.id, id);
            QVERIFY(node.evaluated());
            QCOMPARE(node.placement.jobId, job); // the same job: adopted, not submitted again
            QVERIFY2(node.log.find("# adopted SLURM job " + job) != std::string::npos, node.log.c_str());
        }
        // No job was submitted twice: one job per node, and SLURM ran each once.
        std::set<std::string> jobs;
        for (const auto& node : nodes)
            if (node.evaluated())
                jobs.insert(node.placement.jobId);
        QCOMPARE(jobs.size(), size_t(5));
    }
};

} // namespace

QTEST_GUILESS_MAIN(TstSlurmBackend)
#include "tst_slurm_backend.moc"
