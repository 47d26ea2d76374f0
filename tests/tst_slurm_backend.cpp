// SPDX-License-Identifier: GPL-3.0-or-later
// The SLURM backend against a real single-node SLURM cluster started by tests/slurm/slurm_cluster.sh
// (installed with apt-get when missing): offline sessions on examples/matmul-cpu. Skips only where
// SLURM cannot be installed or started.
#include "store/session_store.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

struct Ran {
    int exitCode;
    std::string output;
};

class TstSlurmBackend : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path m_work;
    fs::path m_cluster;
    bool m_up = false;

    fs::path example() const { return fs::path(PHYLO_SOURCE_DIR) / "examples" / "matmul-cpu"; }

    QProcessEnvironment environment(const std::string& sbatchArgs = "") const
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("SLURM_CONF", QString::fromStdString((m_cluster / "slurm.conf").string()));
        const auto config = m_work / ("backend" + std::to_string(std::hash<std::string> {}(sbatchArgs)) + ".toml");
        test::writeFile(config,
            "[backend]\nshared_dir = \"" + (m_work / "shared").string() + "\"\npoll_s = 0.3\nsbatch_args = [" + sbatchArgs
                + "]\n");
        env.insert("PHYLO_BACKEND_CONFIG", QString::fromStdString(config.string()));
        env.insert("PHYLO_BUILD_CACHE", QString::fromStdString((m_work / "build-cache").string()));
        return env;
    }

    static Ran command(const QString& program, const QStringList& args, const QProcessEnvironment& env, int timeoutMs = 240000)
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, args);
        process.waitForFinished(timeoutMs);
        return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAll().toStdString() };
    }

    QStringList runArgs(const fs::path& db, const QString& backend, int maxEvals) const
    {
        return { "run", QString::fromStdString(example().string()), "--db", QString::fromStdString(db.string()),
            "--offline", "--seed", "11", "--max-evals", QString::number(maxEvals), "--jobs", "2", "--backend", backend };
    }

    Ran phylo(const QStringList& args, const std::string& sbatchArgs = "") const
    {
        return command(QString::fromStdString(test::cliPath()), args, environment(sbatchArgs));
    }

    static std::vector<Node> nodesOf(const fs::path& db)
    {
        return SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes(true);
    }

    /// sacct's (job completion data's) state of each job of IDS.
    std::map<std::string, std::string> accounted(const std::set<std::string>& ids) const
    {
        QString list;
        for (const auto& id : ids)
            list += (list.isEmpty() ? "" : ",") + QString::fromStdString(id);
        auto ran = command("sacct", { "-n", "-P", "-X", "-j", list, "-o", "JobIDRaw,State" }, environment());
        if (ran.exitCode != 0)
            ran = command("sacct", { "-c", "-n", "-P", "-j", list, "-o", "JobID,State" }, environment());
        std::map<std::string, std::string> states;
        std::istringstream lines(ran.output);
        for (std::string line; std::getline(lines, line);) {
            const auto bar = line.find('|');
            if (bar != std::string::npos)
                states[line.substr(0, bar)] = line.substr(bar + 1);
        }
        return states;
    }

    /// Waits (up to SECONDS) until PREDICATE holds for the session's nodes.
    template <typename Predicate>
    static bool waitForNodes(const fs::path& db, Predicate predicate, double seconds = 90)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < deadline) {
            try {
                if (fs::exists(db) && predicate(nodesOf(db)))
                    return true;
            } catch (const std::exception&) {
                // not a session yet
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_work = m_dir.path().toStdString();
        m_cluster = m_work / "cluster";
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("PHYLO_SLURMCTLD_PORT", "6937");
        env.insert("PHYLO_SLURMD_PORT", "6938");
        const auto script = QString::fromStdString((fs::path(PHYLO_SOURCE_DIR) / "tests" / "slurm" / "slurm_cluster.sh").string());
        const auto ran = command("bash", { script, "start", QString::fromStdString(m_cluster.string()) }, env, 600000);
        if (ran.exitCode == 77)
            QSKIP(("SLURM cannot be installed or started here: " + ran.output).c_str());
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());
        m_up = true;
    }

    void cleanupTestCase()
    {
        if (!m_up)
            return;
        const auto script = QString::fromStdString((fs::path(PHYLO_SOURCE_DIR) / "tests" / "slurm" / "slurm_cluster.sh").string());
        command("bash", { script, "stop", QString::fromStdString(m_cluster.string()) }, QProcessEnvironment::systemEnvironment());
    }

    /// Every evaluation is a SLURM job, and the session is the local backend's for the same seed: the
    /// baseline and the seed population (7 individuals, drawn from the seed alone; later generations
    /// depend on measured times, which differ from run to run on any backend).
    void matchesTheLocalBackend()
    {
        const auto local = m_work / "local.db", slurm = m_work / "slurm.db";
        auto ran = phylo(runArgs(local, "local", 8));
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());
        ran = phylo(runArgs(slurm, "slurm", 8));
        QVERIFY2(ran.exitCode == 0, ran.output.c_str());

        const auto a = nodesOf(local), b = nodesOf(slurm);
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
        for (const auto& [id, state] : accounted(jobs))
            QCOMPARE(state, std::string("COMPLETED"));
        QCOMPARE(accounted(jobs).size(), jobs.size());

        // Where each node ran reaches show and export.
        ran = phylo({ "show", "--db", QString::fromStdString(slurm.string()) });
        QVERIFY2(ran.output.find("slurm job " + b[1].placement.jobId) != std::string::npos, ran.output.c_str());
        ran = phylo({ "export", "--db", QString::fromStdString(slurm.string()) });
        QVERIFY2(ran.output.find("\"job_id\": \"" + b[1].placement.jobId + "\"") != std::string::npos, ran.output.c_str());
    }

    /// A job cancelled with scancel (by someone else) is a failed evaluation, and the session goes on.
    void scancelledJobFails()
    {
        const auto db = m_work / "scancel.db";
        QProcess run;
        run.setProcessEnvironment(environment("\"--begin=now+2\""));
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(QString::fromStdString(test::cliPath()), runArgs(db, "slurm", 5));
        Node victim;
        QVERIFY(waitForNodes(db, [&](const std::vector<Node>& nodes) {
            for (const auto& node : nodes)
                if (node.op != "baseline" && node.status == NodeStatus::Running && !node.placement.jobId.empty()) {
                    victim = node;
                    return true;
                }
            return false;
        }));
        command("scancel", { QString::fromStdString(victim.placement.jobId) }, environment());
        QVERIFY(run.waitForFinished(180000));
        const auto output = run.readAll().toStdString();
        QVERIFY2(run.exitCode() == 0, output.c_str());
        const auto nodes = nodesOf(db);
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
        const auto db = m_work / "prune.db";
        const std::string delay = "\"--begin=now+4\"";
        QProcess run;
        run.setProcessEnvironment(environment(delay));
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(QString::fromStdString(test::cliPath()), runArgs(db, "slurm", 6));
        std::vector<Node> inFlight;
        QVERIFY(waitForNodes(db, [&](const std::vector<Node>& nodes) {
            inFlight.clear();
            for (const auto& node : nodes)
                if (node.op != "baseline" && node.status == NodeStatus::Running && !node.placement.jobId.empty())
                    inFlight.push_back(node);
            return inFlight.size() == 2;
        }));
        const auto dbArg = QString::fromStdString(db.string());
        QCOMPARE(phylo({ "steer", "--db", dbArg, "prune", QString::number(inFlight[0].id) }, delay).exitCode, 0);
        QVERIFY(waitForNodes(db, [&](const std::vector<Node>& nodes) {
            return nodes[static_cast<size_t>(inFlight[0].id - 1)].failure == FailureReason::Pruned;
        }, 30));
        QCOMPARE(phylo({ "steer", "--db", dbArg, "stop" }, delay).exitCode, 0);
        QVERIFY(run.waitForFinished(60000));
        const auto nodes = nodesOf(db);
        const auto& pruned = nodes[static_cast<size_t>(inFlight[0].id - 1)];
        QCOMPARE(pruned.status, NodeStatus::Failed);
        QVERIFY(!pruned.metric);
        QVERIFY2(pruned.failureDetail.find("SLURM job " + inFlight[0].placement.jobId) != std::string::npos,
            pruned.failureDetail.c_str());
        QCOMPARE(nodes[static_cast<size_t>(inFlight[1].id - 1)].status, NodeStatus::Pending);
        const auto states = accounted({ inFlight[0].placement.jobId, inFlight[1].placement.jobId });
        QCOMPARE(states.size(), size_t(2));
        for (const auto& [id, state] : states)
            QVERIFY2(state.rfind("CANCELLED", 0) == 0, (id + ": " + state).c_str());
    }

    /// After a kill -9 of `phylo run`, the resumed run adopts the jobs still queued or running.
    void resumeAdoptsJobs()
    {
        const auto db = m_work / "resume.db";
        const std::string delay = "\"--begin=now+3\"";
        QProcess run;
        run.setProcessEnvironment(environment(delay));
        run.start(QString::fromStdString(test::cliPath()), runArgs(db, "slurm", 5));
        std::map<NodeId, std::string> submitted;
        QVERIFY(waitForNodes(db, [&](const std::vector<Node>& nodes) {
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
        const auto nodes = nodesOf(db);
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
