// SPDX-License-Identifier: GPL-3.0-or-later
// Evaluation backends without a cluster: the [backend] config and its errors, SLURM's states and sbatch
// arguments, the job spec and `phylo job-exec`, the local backend's placement and where it is stored.
#include "eval/backend_config.h"
#include "eval/backend_factory.h"
#include "eval/job_spec.h"
#include "eval/slurm_client.h"
#include "eval/slurm_job_monitor.h"
#include "eval/slurm_backend.h"
#include "store/session_store.h"
#include "target/target_config.h"
#include "testsupport.h"
#include "util/user_error.h"

#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

using namespace phylo;
namespace fs = std::filesystem;

namespace {
std::string errorOf(const std::function<void()>& body)
{
    try {
        body();
    } catch (const UserError& error) {
        return error.what();
    }
    return {};
}
}

class TstBackends : public QObject {
    Q_OBJECT

private slots:
    void configMergesUserFileTargetAndFlag()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        test::writeFile(root / "backend.toml",
            "[backend]\nkind = \"slurm\"\nshared_dir = \"shared\"\npartition = \"gpu\"\naccount = \"lab\"\n"
            "time_limit = \"00:10:00\"\ngpus = 2\nsbatch_args = [\"--qos=low\"]\npoll_s = 0.5\ncompile = \"job\"\n"
            "requeue = 1\njobs = 12\n");
        test::writeFile(root / "target" / "phylo.toml", "[backend]\npartition = \"a100\"\n");
        BackendConfigSources sources;
        sources.userFile = root / "backend.toml";
        sources.targetToml = root / "target" / "phylo.toml";
        auto config = loadBackendConfig(sources);
        QCOMPARE(config.kind, std::string("slurm"));
        QCOMPARE(config.sharedDir, root / "shared"); // relative to the file that names it
        QVERIFY(fs::is_directory(root / "shared"));
        QCOMPARE(config.partition, std::string("a100")); // phylo.toml over the user's file
        QCOMPARE(config.account, std::string("lab"));
        QCOMPARE(config.timeLimit, std::string("00:10:00"));
        QCOMPARE(config.gpus.value_or(-1), 2);
        QCOMPARE(config.sbatchArgs, std::vector<std::string> { "--qos=low" });
        QCOMPARE(config.pollS, 0.5);
        QCOMPARE(config.compile, std::string("job"));
        QCOMPARE(config.requeue, 1);
        QCOMPARE(config.jobs.value_or(0), 12);
        sources.kind = "local"; // --backend over both
        QCOMPARE(loadBackendConfig(sources).kind, std::string("local"));
    }

    void badConfigNamesFileAndKey()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        BackendConfigSources sources;
        sources.userFile = root / "backend.toml";
        test::writeFile(root / "backend.toml", "[backend]\nkind = \"cluster\"\n");
        auto message = errorOf([&] { loadBackendConfig(sources); });
        QVERIFY2(message.find((root / "backend.toml").string()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("[backend] kind") != std::string::npos, message.c_str());
        test::writeFile(root / "backend.toml", "[backend]\nqueue = \"x\"\n");
        message = errorOf([&] { loadBackendConfig(sources); });
        QVERIFY2(message.find("queue") != std::string::npos, message.c_str());
        test::writeFile(root / "backend.toml", "[backend]\nkind = \"slurm\"\n");
        message = errorOf([&] { loadBackendConfig(sources); });
        QVERIFY2(message.find("[backend] shared_dir") != std::string::npos, message.c_str());
        test::writeFile(root / "backend.toml", "[backend]\npoll_s = \"fast\"\n");
        message = errorOf([&] { loadBackendConfig(sources); });
        QVERIFY2(message.find("[backend] poll_s") != std::string::npos, message.c_str());

        // phylo.toml's [backend] is validated with the rest of the target, before anything runs.
        test::makeTarget(root / "t",
            "[target]\nname = \"t\"\nfiles = [\"k.txt\"]\n[run]\ncommand = \"true\"\n[metric]\nname = \"m\"\n"
            "[backend]\nrequeue = -1\n",
            { { "k.txt", "x" } });
        message = errorOf([&] { loadTarget(root / "t"); });
        QVERIFY2(message.find("phylo.toml") != std::string::npos && message.find("[backend] requeue") != std::string::npos,
            message.c_str());

        // `phylo run --backend` with a bad config: exit 2 and one message.
        QProcess run;
        auto env = QProcessEnvironment::systemEnvironment();
        test::writeFile(root / "backend.toml", "[backend]\nkind = \"slurm\"\n");
        env.insert("PHYLO_BACKEND_CONFIG", QString::fromStdString((root / "backend.toml").string()));
        run.setProcessEnvironment(env);
        test::makeSyntheticTarget(root / "synthetic");
        run.start(QString::fromStdString(test::cliPath()),
            { "run", QString::fromStdString((root / "synthetic").string()), "--db",
                QString::fromStdString((root / "s.db").string()), "--offline", "--backend", "slurm" });
        QVERIFY(run.waitForFinished(30000));
        QCOMPARE(run.exitCode(), 2);
        QVERIFY(QString(run.readAllStandardError()).contains("[backend] shared_dir"));
        QVERIFY(!fs::exists(root / "s.db"));
    }

    void slurmStatesAndSbatchArguments()
    {
        using Kind = SlurmJobState::Kind;
        QVERIFY(slurmStateKind("PENDING") == Kind::Waiting);
        QVERIFY(slurmStateKind("RUNNING") == Kind::Running);
        QVERIFY(slurmStateKind("COMPLETED") == Kind::Completed);
        QVERIFY(slurmStateKind("CANCELLED by 0") == Kind::Cancelled);
        QVERIFY(slurmStateKind("PREEMPTED") == Kind::Preempted);
        QVERIFY(slurmStateKind("NODE_FAIL") == Kind::NodeFailure);
        QVERIFY(slurmStateKind("TIMEOUT") == Kind::Timeout);
        QVERIFY(slurmStateKind("OUT_OF_MEMORY") == Kind::Failed);
        QVERIFY(slurmStateKind("") == Kind::Unknown);

        SbatchRequest request;
        request.jobName = "phylo-t-n3";
        request.workDir = "/shared/job";
        request.script = "/shared/job/job.sh";
        auto args = SlurmClient::sbatchArguments(request);
        QVERIFY(std::none_of(args.begin(), args.end(), [](const std::string& a) { return a.rfind("--gres", 0) == 0; }));
        QCOMPARE(args.front(), std::string("--parsable"));
        QCOMPARE(args.back(), std::string("/shared/job/job.sh"));
        request.gpus = 2;
        request.partition = "gpu";
        request.account = "lab";
        request.timeLimit = "7";
        request.extraArgs = { "--qos=low" };
        args = SlurmClient::sbatchArguments(request);
        for (const char* expected : { "--gres=gpu:2", "--partition=gpu", "--account=lab", "--time=7", "--qos=low" })
            QVERIFY2(std::find(args.begin(), args.end(), expected) != args.end(), expected);
    }

    /// squeue's answer (with SLURM's own restart count) comes first; sacct's records only for jobs squeue
    /// has forgotten, never when the scheduler did not answer: a requeued job's PREEMPTED record would
    /// pass for its end. The monitor keeps the last states seen until the scheduler answers again.
    void slurmStatesFromSqueueAndSacct()
    {
        QTemporaryDir dir;
        const fs::path bin = dir.path().toStdString();
        // Stand-ins for SLURM's commands: squeue answers as $PHYLO_FAKE_SQUEUE says; sacct has no
        // accounting database, and its job completion data holds job 5's two runs.
        test::writeFile(bin / "squeue",
            "#!/bin/sh\ncase \"$PHYLO_FAKE_SQUEUE\" in\n"
            "requeued) echo '5|PENDING||1|' ;;\n"
            "forgotten) echo 'slurm_load_jobs error: Invalid job id specified' >&2; exit 1 ;;\n"
            "*) echo 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)' >&2; exit 1 ;;\n"
            "esac\n");
        test::writeFile(bin / "sacct",
            "#!/bin/sh\ncase \" $* \" in\n"
            "*' -c '*) echo '5|PREEMPTED|vm'; echo '5|COMPLETED|vm' ;;\n"
            "*) echo 'sacct: error: Slurm accounting storage is disabled' >&2; exit 1 ;;\n"
            "esac\n");
        for (const char* name : { "squeue", "sacct" })
            fs::permissions(bin / name, fs::perms::owner_all, fs::perm_options::add);
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", QByteArray::fromStdString(bin.string()) + ":" + path);
        const auto restore = qScopeGuard([&] {
            qputenv("PATH", path);
            qunsetenv("PHYLO_FAKE_SQUEUE");
        });
        using Kind = SlurmJobState::Kind;
        SlurmClient client;

        qputenv("PHYLO_FAKE_SQUEUE", "requeued");
        auto states = client.states({ "5" });
        QVERIFY(states && states->count("5"));
        QVERIFY(states->at("5").kind == Kind::Waiting);
        QCOMPARE(states->at("5").restarts, 1);

        qputenv("PHYLO_FAKE_SQUEUE", "forgotten");
        states = client.states({ "5" });
        QVERIFY(states && states->count("5"));
        QVERIFY(states->at("5").kind == Kind::Completed); // the later run's record
        QCOMPARE(states->at("5").nodes, std::string("vm"));
        QCOMPARE(client.accounted({ "5" }).at("5").text, std::string("COMPLETED"));

        qputenv("PHYLO_FAKE_SQUEUE", "down");
        QVERIFY(!client.states({ "5" })); // not sacct's COMPLETED: nothing known

        SlurmJobMonitor monitor(client, 0);
        QVERIFY(monitor.state("5").kind == Kind::Unknown); // never seen, no answer
        qputenv("PHYLO_FAKE_SQUEUE", "requeued");
        QVERIFY(monitor.state("5").kind == Kind::Waiting);
        qputenv("PHYLO_FAKE_SQUEUE", "down");
        const auto kept = monitor.state("5");
        QVERIFY(kept.kind == Kind::Waiting);
        QCOMPARE(kept.restarts, 1);
    }

    void compilesWhereTheCompilerIs()
    {
        TargetConfig target;
        target.build = CommandSpec { "g++ -O2 -o {bin} x.cpp", 60 };
        BackendConfig config;
        QVERIFY(SlurmBackend::compilesHere(config, target) == fs::exists("/usr/bin/g++"));
        target.build->command = "g++ -march=native -o {bin} x.cpp";
        QVERIFY(!SlurmBackend::compilesHere(config, target)); // the node's own CPU
        target.build->command = "no-such-compiler-here -o {bin} x.cpp";
        QVERIFY(!SlurmBackend::compilesHere(config, target));
        config.compile = "here";
        QVERIFY(SlurmBackend::compilesHere(config, target));
    }

    /// The trusted runner runs the steps in order, stops at the first failure, and reports raw results.
    void jobExecRunsTheSteps()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        fs::create_directories(root / "work");
        JobSpec spec;
        spec.workDir = root / "work";
        spec.env = { { "PHYLO_X", "7" } };
        spec.steps = { { "check", "echo checked $PHYLO_X $PHYLO_MODE", 10, { { "PHYLO_MODE", "check" } } },
            { "run 1/2", "echo METRIC t=2; exit 3", 10, {} }, { "run 2/2", "echo never", 10, {} } };
        QCOMPARE(jobSpecFromJson(jobSpecToJson(spec)).steps.size(), size_t(3));
        writeFileAtomically(root / "spec.json", jobSpecToJson(spec));
        QProcess exec;
        exec.start(QString::fromStdString(test::cliPath()), { "job-exec", QString::fromStdString(root.string()) });
        QVERIFY(exec.waitForFinished(30000));
        QCOMPARE(exec.exitCode(), 0);
        const auto result = jobResultFromJson(readWholeFile(root / "result.json").value());
        QCOMPARE(result.results.size(), size_t(2));
        QCOMPARE(result.results[0].outputTail, std::string("checked 7 check\n"));
        QVERIFY(result.results[0].succeeded());
        QCOMPARE(result.results[1].exitCode, 3);
        QVERIFY(!result.host.empty());
        QVERIFY(result.log.find("$ run 1/2") != std::string::npos);
    }

    /// The local backend says where a node ran; the session file keeps it (written at submission too).
    void placementIsRecorded()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        test::makeSyntheticTarget(root / "t");
        const auto target = loadTarget(root / "t");
        Evaluator::Options options;
        options.scratchRoot = root / "scratch";
        fs::create_directories(options.scratchRoot);
        auto backend = makeBackend({}, target, readTargetFiles(target), options, "key");
        QCOMPARE(backend->name(), std::string("local"));
        const Genes genes(target.ideas.size());
        const auto outcome = backend->evaluate({ 1, &genes, nullptr, {} }, {});
        QCOMPARE(outcome.status, NodeStatus::Succeeded);
        QCOMPARE(outcome.placement.backend, std::string("local"));
        QVERIFY(!outcome.placement.host.empty());

        auto store = SessionStore::open(root / "s.db", SessionStore::Access::Create);
        SessionSetup setup;
        setup.targetName = "t";
        setup.metricName = "time_ms";
        setup.metricDirection = "minimize";
        setup.ideas = target.ideas;
        setup.strategy = "evolve";
        store->initialize(setup);
        std::vector<Node> batch(1);
        batch[0].op = "baseline";
        batch[0].genes = genes;
        store->insertBatch(batch, target.ideas, "{}");
        store->markRunning(batch[0].id, 1);
        store->recordPlacement(batch[0].id, { "slurm", "", "42", "" });
        QCOMPARE(store->resetInFlight(), 1);
        QCOMPARE(store->loadNode(batch[0].id)->placement.jobId, std::string("42")); // kept for adoption
        QCOMPARE(store->loadNode(batch[0].id)->placement.describe(), std::string("slurm job 42"));
    }
};

QTEST_GUILESS_MAIN(TstBackends)
#include "tst_backends.moc"
