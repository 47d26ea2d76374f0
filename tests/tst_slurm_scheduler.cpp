// SPDX-License-Identifier: GPL-3.0-or-later
// The SLURM backend against what a real scheduler does to its jobs, on a single-node cluster started by
// tests/slurm/slurm_cluster.sh with one generic resource "gpu" and partition-priority preemption:
// GPU jobs queue for the gres instead of sharing it; a job preempted and requeued by SLURM is followed
// to its result; a preempted job is submitted again; past `requeue` the evaluation fails "job preempted".
// Skips only where SLURM cannot be installed or started.
#include "slurm_test_cluster.h"
#include "testsupport.h"

#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

class TstSlurmScheduler : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<test::SlurmTestCluster> m_cluster;
    fs::path m_target;

    /// `phylo run` on the synthetic target in the background; the baseline is quick, every other
    /// candidate's job takes 2 timed runs of 2 s (long enough to be caught running) unless SLURM
    /// requeued it (SLURM_RESTART_COUNT > 0): then it is quick.
    void startRun(QProcess& run, const fs::path& db, int jobs, int maxEvals, const std::string& backendKeys) const
    {
        run.setProcessEnvironment(m_cluster->environment(backendKeys));
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(QString::fromStdString(test::cliPath()),
            { "run", QString::fromStdString(m_target.string()), "--db", QString::fromStdString(db.string()), "--offline",
                "--seed", "11", "--max-evals", QString::number(maxEvals), "--jobs", QString::number(jobs), "--backend",
                "slurm" });
    }

    static std::string finished(QProcess& run)
    {
        if (!run.waitForFinished(120000))
            return "phylo run did not finish";
        const auto output = run.readAll().toStdString();
        return run.exitStatus() == QProcess::NormalExit && run.exitCode() == 0 ? std::string() : output;
    }

    std::string jobState(const std::string& id) const
    {
        auto text = m_cluster->slurm("squeue", { "-h", "--states=all", "-j", QString::fromStdString(id), "-O", "State:" }).output;
        text.erase(std::remove(text.begin(), text.end(), '\n'), text.end());
        return text;
    }

    /// A candidate's job (not one of SEEN) that SLURM runs now; an empty node if none within a minute.
    Node runningCandidate(const fs::path& db, const std::set<std::string>& seen = {}) const
    {
        Node found;
        test::waitForNodes(db, [&](const std::vector<Node>& nodes) {
            for (const auto& node : nodes)
                if (node.op != "baseline" && node.status == NodeStatus::Running && !node.placement.jobId.empty()
                    && !seen.count(node.placement.jobId) && jobState(node.placement.jobId) == "RUNNING") {
                    found = node;
                    return true;
                }
            return false;
        }, 60);
        return found;
    }

    /// A job in "urgent" that needs the whole node: SLURM preempts the jobs of "debug" to run it.
    std::string preemptEverything() const
    {
        auto ran = m_cluster->slurm("sbatch", { "--parsable", "--partition=urgent", "--exclusive", "--output=/dev/null",
                                                  "--job-name=urgent", "--wrap", "sleep 1" });
        if (ran.exitCode != 0)
            return {};
        ran.output.erase(std::remove(ran.output.begin(), ran.output.end(), '\n'), ran.output.end());
        return ran.output;
    }

    std::vector<std::string> states(const std::string& job) const
    {
        std::vector<std::string> out;
        const auto runs = m_cluster->runs({ job }, { "State" });
        for (const auto& run : runs.count(job) ? runs.at(job) : decltype(runs)::mapped_type {})
            out.push_back(run.front().substr(0, run.front().find(' ')));
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cluster = std::make_unique<test::SlurmTestCluster>(fs::path(m_dir.path().toStdString()), 6927);
        const auto ran = m_cluster->start(
            { { "PHYLO_SLURM_GPUS", "1" }, { "PHYLO_SLURM_PREEMPT", "1" }, { "PHYLO_SLURM_REQUEUE_DELAY", "5" } });
        if (ran.exitCode == 77)
            QSKIP(("SLURM cannot be installed or started here: " + ran.output).c_str());
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());
        const auto node = m_cluster->slurm("scontrol", { "show", "node" }).output;
        QVERIFY2(node.find("Gres=gpu:1") != std::string::npos, node.c_str());
        m_target = m_cluster->work() / "synthetic";
        test::makeTarget(m_target, test::syntheticToml("sh bench.sh", 2),
            { { "kernel.txt", "kernel\n" },
                { "bench.sh", test::syntheticBench("[ -z \"$PHYLO_A$PHYLO_B$PHYLO_C$PHYLO_D$PHYLO_E\" ] || "
                                                "[ \"${SLURM_RESTART_COUNT:-0}\" != 0 ] || sleep 2") } });
    }

    void cleanupTestCase()
    {
        if (m_cluster)
            m_cluster->stop();
    }

    /// gpus = 1 on a node with one GPU: every job asks for and gets gres/gpu (SLURM sets
    /// CUDA_VISIBLE_DEVICES), and the second of two evaluations in flight waits for the first to end.
    void gpuJobsQueueForTheGres()
    {
        const auto db = m_cluster->work() / "gres.db";
        QProcess run;
        startRun(run, db, 2, 3, "gpus = 1\n");
        // Both candidates' jobs are submitted at once; one runs, the other waits for the GPU.
        bool queued = false;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!queued && run.state() != QProcess::NotRunning && std::chrono::steady_clock::now() < deadline) {
            const auto queue = m_cluster->slurm("squeue", { "-h", "-O", "State:|,Reason:|" }).output;
            queued = queue.find("RUNNING|") != std::string::npos && queue.find("PENDING|Resources|") != std::string::npos;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        const auto failed = finished(run);
        QVERIFY2(failed.empty(), failed.c_str());
        QVERIFY2(queued, "never saw one job running and another pending for resources");

        const auto nodes = test::nodesOf(db);
        QCOMPARE(nodes.size(), size_t(3));
        std::set<std::string> jobs;
        for (const auto& node : nodes) {
            QCOMPARE(node.status, NodeStatus::Succeeded);
            QCOMPARE(node.placement.gpu, std::string("0")); // CUDA_VISIBLE_DEVICES from SLURM's gres
            const auto job = m_cluster->showJob(node.placement.jobId);
            QVERIFY2(job.find("TresPerNode=gres:gpu:1") != std::string::npos, job.c_str()); // asked for
            QVERIFY2(job.find("JOB_GRES=gpu:1") != std::string::npos, job.c_str()); // and allocated
            jobs.insert(node.placement.jobId);
        }
        // One GPU: no two jobs ran at the same time (sacct's Start and End, to the second).
        const auto runs = m_cluster->runs(jobs, { "Start", "End" });
        QCOMPARE(runs.size(), size_t(3));
        for (const auto& [a, ra] : runs)
            for (const auto& [b, rb] : runs)
                if (a < b) {
                    const auto& x = ra.back();
                    const auto& y = rb.back();
                    QVERIFY2(x[1] <= y[0] || y[1] <= x[0], (a + " " + x[0] + "-" + x[1] + ", " + b + " " + y[0] + "-" + y[1]).c_str());
                }
    }

    /// PreemptMode=REQUEUE: SLURM stops the job and queues the same job id again. The backend follows
    /// it (no second job) and scores the whole run that follows, once.
    void requeuedJobIsFollowed()
    {
        const auto db = m_cluster->work() / "requeue.db";
        QProcess run;
        startRun(run, db, 1, 2, "requeue = 2\n");
        const auto victim = runningCandidate(db);
        QVERIFY2(!victim.placement.jobId.empty(), "no candidate's job ran");
        const auto urgent = preemptEverything();
        QVERIFY(!urgent.empty());
        const auto failed = finished(run);
        QVERIFY2(failed.empty(), failed.c_str());

        const auto node = test::nodesOf(db).at(static_cast<size_t>(victim.id - 1));
        QCOMPARE(node.status, NodeStatus::Succeeded);
        QCOMPARE(node.placement.jobId, victim.placement.jobId); // the same job, followed
        QCOMPARE(node.samples.size(), size_t(2)); // the second run's two timed runs, nothing of the first
        QVERIFY2(node.log.find("# SLURM job " + victim.placement.jobId + " requeued by SLURM (1 time)") != std::string::npos,
            node.log.c_str());
        QVERIFY2(node.log.find("submitted again") == std::string::npos, node.log.c_str());
        QCOMPARE(states(victim.placement.jobId), (std::vector<std::string> { "PREEMPTED", "COMPLETED" }));
        QVERIFY(m_cluster->showJob(victim.placement.jobId).find("Restarts=1") != std::string::npos);
        QCOMPARE(states(urgent), std::vector<std::string> { "COMPLETED" });
    }

    /// SLURM requeues the job, but `requeue = 0` allows no second run: the backend cancels it and the
    /// evaluation fails "job preempted"; the session goes on.
    void requeuedPastTheBudgetFails()
    {
        const auto db = m_cluster->work() / "requeue0.db";
        QProcess run;
        startRun(run, db, 1, 2, "requeue = 0\n");
        const auto victim = runningCandidate(db);
        QVERIFY2(!victim.placement.jobId.empty(), "no candidate's job ran");
        QVERIFY(!preemptEverything().empty());
        const auto failed = finished(run);
        QVERIFY2(failed.empty(), failed.c_str());

        const auto node = test::nodesOf(db).at(static_cast<size_t>(victim.id - 1));
        QCOMPARE(node.status, NodeStatus::Failed);
        QCOMPARE(node.failure, FailureReason::JobPreempted);
        QVERIFY(node.samples.empty() && !node.metric);
        QVERIFY2(node.failureDetail.find("SLURM job " + victim.placement.jobId + " requeued by SLURM after its run ended PREEMPTED")
                != std::string::npos,
            node.failureDetail.c_str());
        QCOMPARE(node.placement.jobId, victim.placement.jobId);
        QCOMPARE(states(victim.placement.jobId), (std::vector<std::string> { "PREEMPTED", "CANCELLED" }));
    }

    /// PreemptMode=CANCEL: the preempted job ends PREEMPTED; the backend submits it again (a new job),
    /// and when that one is preempted too with `requeue = 1` spent, the evaluation fails "job preempted".
    void preemptedJobIsSubmittedAgain()
    {
        QCOMPARE(m_cluster->slurm("scontrol", { "update", "partitionname=debug", "preemptmode=cancel" }).exitCode, 0);
        const auto restore = qScopeGuard(
            [&] { m_cluster->slurm("scontrol", { "update", "partitionname=debug", "preemptmode=requeue" }); });
        const auto db = m_cluster->work() / "cancel.db";
        QProcess run;
        startRun(run, db, 1, 2, "requeue = 1\n");
        const auto first = runningCandidate(db);
        QVERIFY2(!first.placement.jobId.empty(), "no candidate's job ran");
        QVERIFY(!preemptEverything().empty());
        const auto second = runningCandidate(db, { first.placement.jobId });
        QVERIFY2(!second.placement.jobId.empty(), "the preempted job was not submitted again");
        QCOMPARE(second.id, first.id);
        QVERIFY(!preemptEverything().empty());
        const auto failed = finished(run);
        QVERIFY2(failed.empty(), failed.c_str());

        const auto node = test::nodesOf(db).at(static_cast<size_t>(first.id - 1));
        QCOMPARE(node.status, NodeStatus::Failed);
        QCOMPARE(node.failure, FailureReason::JobPreempted);
        QVERIFY(node.samples.empty() && !node.metric);
        QCOMPARE(node.placement.jobId, second.placement.jobId);
        QVERIFY2(node.failureDetail.find("SLURM job " + second.placement.jobId + " PREEMPTED") != std::string::npos,
            node.failureDetail.c_str());
        QVERIFY2(node.log.find("# SLURM job " + first.placement.jobId + " PREEMPTED on ") != std::string::npos
                && node.log.find(": submitted again (2 of 2)") != std::string::npos,
            node.log.c_str());
        QCOMPARE(states(first.placement.jobId), std::vector<std::string> { "PREEMPTED" });
        QCOMPARE(states(second.placement.jobId), std::vector<std::string> { "PREEMPTED" });
    }
};

} // namespace

QTEST_GUILESS_MAIN(TstSlurmScheduler)
#include "tst_slurm_scheduler.moc"
