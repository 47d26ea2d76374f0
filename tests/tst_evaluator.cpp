// SPDX-License-Identifier: GPL-3.0-or-later
// The command-mode evaluator against candidates that succeed, fail, hang, fork, flood and crash.
#include "eval/build_cache.h"
#include "eval/evaluator.h"
#include "eval/gpu_pool.h"
#include "eval/harness_report.h"
#include "target/target_config.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <csignal>
#include <thread>

using namespace phylo;
namespace fs = std::filesystem;

class TestEvaluator : public QObject {
    Q_OBJECT

private:
    /// A target whose run command is RUN (and optional check), with one on/off idea "fast"
    /// and one variant idea "tile".
    TargetConfig target(const QTemporaryDir& dir, const std::string& run, const std::string& extra = "",
        int repeat = 3, double runTimeout = 10)
    {
        const std::string toml = "[target]\nname = \"t\"\nfiles = [\"k.txt\"]\n"
                                 "[build]\ncommand = \"echo {defines} > defines.txt\"\n"
                                 "[run]\ncommand = '''"
            + run + "'''\ntimeout_s = " + std::to_string(runTimeout) + "\nrepeat = " + std::to_string(repeat)
            + "\n[metric]\nname = \"time_ms\"\n" + extra
            + "[[idea]]\nname = \"fast\"\n[[idea]]\nname = \"tile\"\nvalues = [\"16\", \"32\"]\n";
        test::makeTarget(dir.path().toStdString() + "/target", toml, { { "k.txt", "kernel" } });
        return loadTarget(dir.path().toStdString() + "/target");
    }

    EvaluationOutcome evaluate(const TargetConfig& config, const QTemporaryDir& dir, Genes genes = {})
    {
        Evaluator::Options options;
        options.scratchRoot = dir.path().toStdString() + "/scratch";
        Evaluator evaluator(config, readTargetFiles(config), options);
        if (genes.size() == 0)
            genes = Genes(config.ideas.size());
        return evaluator.evaluate(1, genes);
    }

    static bool processAlive(pid_t pid) { return ::kill(pid, 0) == 0; }

private slots:
    void success_takesMedianOfRepeats()
    {
        QTemporaryDir dir;
        // Each run prints a different value: 30, 10, 20 -> median 20.
        auto config = target(dir, "n=$(cat ../count 2>/dev/null || echo 0); n=$((n+1)); echo $n > ../count; "
                                  "echo \"METRIC time_ms=$(( (n * 7) % 3 * 10 + 10 ))\"");
        auto outcome = evaluate(config, dir);
        QCOMPARE(outcome.status, NodeStatus::Succeeded);
        QCOMPARE(outcome.samples.size(), size_t(3));
        QVERIFY(outcome.metric.has_value());
        QCOMPARE(*outcome.metric, 20.0);
        QCOMPARE(outcome.failure, FailureReason::None);
    }

    void ideasReachCommands()
    {
        QTemporaryDir dir;
        auto config = target(dir, "cat defines.txt; echo \"env=$PHYLO_FAST/$PHYLO_TILE\"; "
                                  "test \"$PHYLO_FAST\" = 1 && test \"$PHYLO_TILE\" = 32 && grep -q -- '-DFAST=1 -DTILE=32' defines.txt "
                                  "&& echo METRIC time_ms=5",
            "", 1);
        Genes genes(2);
        genes.setState(0, 0);
        genes.setState(1, 1);
        auto outcome = evaluate(config, dir, genes);
        QVERIFY2(outcome.status == NodeStatus::Succeeded, outcome.log.c_str());
        // And an idea that is off is absent from both.
        auto off = target(dir, "test -z \"$PHYLO_FAST$PHYLO_TILE\" && test ! -s defines.txt -o \"$(cat defines.txt)\" = '' "
                               "&& echo METRIC time_ms=5",
            "", 1);
        auto outcome2 = evaluate(off, dir);
        QVERIFY2(outcome2.status == NodeStatus::Succeeded, outcome2.log.c_str());
    }

    void nonZeroExit_fails()
    {
        QTemporaryDir dir;
        auto outcome = evaluate(target(dir, "echo METRIC time_ms=1; exit 3"), dir);
        QCOMPARE(outcome.status, NodeStatus::Failed);
        QCOMPARE(outcome.failure, FailureReason::RunFailed);
        QVERIFY(outcome.detail.find("exit status 3") != std::string::npos);
        QVERIFY(!outcome.metric.has_value());
    }

    void missingMetric_fails()
    {
        QTemporaryDir dir;
        auto outcome = evaluate(target(dir, "echo METRIC other=1"), dir);
        QCOMPARE(outcome.failure, FailureReason::NoMetric);
        QVERIFY(!outcome.metric.has_value());
        QVERIFY(outcome.samples.empty());
    }

    void nanMetric_fails()
    {
        QTemporaryDir dir;
        auto outcome = evaluate(target(dir, "echo METRIC time_ms=nan"), dir);
        QCOMPARE(outcome.failure, FailureReason::BadMetric);
        auto zero = evaluate(target(dir, "echo METRIC time_ms=0"), dir);
        QCOMPARE(zero.failure, FailureReason::BadMetric);
    }

    void jsonMetric_isRead()
    {
        QTemporaryDir dir;
        auto outcome = evaluate(target(dir, "echo noise; echo '{\"time_ms\": 4.5, \"x\": 1}'"), dir);
        QCOMPARE(outcome.status, NodeStatus::Succeeded);
        QCOMPARE(*outcome.metric, 4.5);
    }

    void hangingRun_isKilledAtTimeout()
    {
        QTemporaryDir dir;
        const auto start = std::chrono::steady_clock::now();
        auto outcome = evaluate(target(dir, "sleep 100", "", 1, 0.5), dir);
        const auto elapsed = std::chrono::steady_clock::now() - start;
        QCOMPARE(outcome.failure, FailureReason::RunTimeout);
        QVERIFY(elapsed < std::chrono::seconds(10));
    }

    void forkedChildIgnoringTerm_isKilled()
    {
        QTemporaryDir dir;
        const auto pidFile = dir.path().toStdString() + "/child.pid";
        auto outcome = evaluate(target(dir, "sh -c 'trap \"\" TERM; while :; do sleep 1; done' & echo $! > " + pidFile
                                       + "; wait",
                                    "", 1, 0.5),
            dir);
        QCOMPARE(outcome.failure, FailureReason::RunTimeout);
        const pid_t pid = std::stoi(test::readFile(pidFile));
        QVERIFY(pid > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 3000);
    }

    void failingCheck_isRejectedWithoutTiming()
    {
        QTemporaryDir dir;
        const auto marker = dir.path().toStdString() + "/ran";
        auto outcome = evaluate(target(dir, "touch " + marker + "; echo METRIC time_ms=1",
                                    "[check]\ncommand = \"echo wrong answer at 3; exit 1\"\n"),
            dir);
        QCOMPARE(outcome.failure, FailureReason::CheckFailed);
        QVERIFY(outcome.detail.find("wrong answer at 3") != std::string::npos);
        QVERIFY(!fs::exists(marker)); // a wrong candidate is never timed
    }

    void checkGetsFreshSeed()
    {
        QTemporaryDir dir;
        const auto seeds = dir.path().toStdString() + "/seeds";
        auto config = target(dir, "echo METRIC time_ms=1", "[check]\ncommand = \"echo $PHYLO_SEED >> " + seeds + "\"\n");
        evaluate(config, dir);
        evaluate(config, dir);
        const auto text = test::readFile(seeds);
        const auto nl = text.find('\n');
        QVERIFY(nl != std::string::npos);
        const auto first = text.substr(0, nl), second = text.substr(nl + 1, text.find('\n', nl + 1) - nl - 1);
        QVERIFY(!first.empty());
        QVERIFY(first != second);
    }

    void outputFlood_isBoundedAndDoesNotBlock()
    {
        QTemporaryDir dir;
        auto outcome = evaluate(
            target(dir, "head -c 50000000 /dev/zero | tr '\\0' 'y'; echo; echo METRIC time_ms=2", "", 1, 60), dir);
        QCOMPARE(outcome.status, NodeStatus::Succeeded);
        QCOMPARE(*outcome.metric, 2.0);
        QVERIFY(outcome.log.size() < 64 * 1024);
    }

    void crash_isRecorded()
    {
        QTemporaryDir dir;
        auto outcome = evaluate(target(dir, "kill -SEGV $$"), dir);
        QCOMPARE(outcome.failure, FailureReason::RunCrashed);
        QVERIFY(outcome.detail.find("SIGSEGV") != std::string::npos || outcome.detail.find("11") != std::string::npos);
    }

    void buildFailure_isRecorded()
    {
        QTemporaryDir dir;
        test::makeTarget(dir.path().toStdString() + "/target",
            "[target]\nname = \"t\"\nfiles = [\"k.txt\"]\n[build]\ncommand = \"echo 'k.txt:1: error: nope' >&2; exit 1\"\n"
            "[run]\ncommand = \"echo METRIC time_ms=1\"\n[metric]\nname = \"time_ms\"\n",
            { { "k.txt", "kernel" } });
        auto config = loadTarget(dir.path().toStdString() + "/target");
        auto outcome = evaluate(config, dir);
        QCOMPARE(outcome.failure, FailureReason::BuildFailed);
        QVERIFY(outcome.detail.find("error: nope") != std::string::npos);
        QVERIFY(outcome.log.find("error: nope") != std::string::npos);
    }

    void scratchDir_isFreshAndRemoved()
    {
        QTemporaryDir dir;
        const auto where = dir.path().toStdString() + "/where";
        auto config = target(dir, "pwd > " + where + "; cat k.txt && echo && echo METRIC time_ms=1", "", 1);
        auto outcome = evaluate(config, dir);
        QVERIFY2(outcome.status == NodeStatus::Succeeded, outcome.log.c_str());
        auto scratch = test::readFile(where);
        scratch.erase(scratch.find_last_not_of('\n') + 1);
        QVERIFY(scratch.find(dir.path().toStdString() + "/scratch/") == 0);
        QVERIFY(!fs::exists(scratch)); // removed after the evaluation
        QVERIFY(!fs::exists(dir.path().toStdString() + "/target/defines.txt")); // the target dir is never touched
    }

    void buildCache_neverBuildsAnIdenticalCandidateTwice()
    {
        QTemporaryDir dir;
        const auto counter = dir.path().toStdString() + "/builds";
        const std::string toml = "[target]\nname = \"t\"\nfiles = [\"k.txt\"]\n"
                                 "[build]\ncommand = \"echo x >> "
            + counter + "; printf '#!/bin/sh\\necho METRIC time_ms=3\\n' > {bin}; chmod +x {bin}\"\n"
                        "[run]\ncommand = \"{bin}\"\nrepeat = 1\n[metric]\nname = \"time_ms\"\n"
                        "[[idea]]\nname = \"fast\"\n";
        const fs::path targetDir = dir.path().toStdString() + "/target";
        test::makeTarget(targetDir, toml, { { "k.txt", "kernel" } });
        const auto config = loadTarget(targetDir);
        BuildCache cache(dir.path().toStdString() + "/cache");
        Evaluator::Options options;
        options.scratchRoot = dir.path().toStdString() + "/scratch";
        options.cache = &cache;
        auto countBuilds = [&] {
            const auto text = test::readFile(counter);
            return std::count(text.begin(), text.end(), '\n');
        };

        Evaluator evaluator(config, readTargetFiles(config), options);
        const auto first = evaluator.evaluate(1, Genes(1));
        QVERIFY2(first.status == NodeStatus::Succeeded, first.log.c_str());
        QVERIFY(!first.buildCached);
        const auto second = evaluator.evaluate(2, Genes(1));
        QVERIFY2(second.status == NodeStatus::Succeeded, second.log.c_str());
        QVERIFY(second.buildCached);
        QCOMPARE(countBuilds(), 1);
        // Another setting (other -D flags) or other code is another build.
        Genes on(1);
        on.setState(0, 0);
        QVERIFY(!evaluator.evaluate(3, on).buildCached);
        Evaluator edited(config, { { "k.txt", "kernel v2" } }, options);
        QVERIFY(!edited.evaluate(4, Genes(1)).buildCached);
        QCOMPARE(countBuilds(), 3);
        // Kept across sessions: a new evaluator (a new run) with the same cache hits.
        Evaluator again(config, readTargetFiles(config), options);
        QVERIFY(again.evaluate(5, Genes(1)).buildCached);
        QCOMPARE(countBuilds(), 3);
    }

    void harnessReports_becomeSamplesOrReasons()
    {
        QTemporaryDir dir;
        // A stand-in for a CUDA target: the "harness" line is printed by a script.
        auto config = target(dir,
            "if [ \"$PHYLO_TRIALS\" = 60 ]; then n=4; else n=3; fi; "
            "echo '{\"phylo_harness\":1,\"mode\":\"run\",\"ok\":true,\"samples_ms\":[2,1,3],"
            "\"host_ms\":[2,1,3],\"bytes_moved\":1e6,\"device\":{\"name\":\"fake\",\"peak_gbps\":1000}}'",
            "", 2);
        config.source = MetricSource::Harness;
        auto outcome = evaluate(config, dir);
        QVERIFY2(outcome.status == NodeStatus::Succeeded, outcome.log.c_str());
        QCOMPARE(outcome.samples.size(), size_t(6)); // every raw sample of both runs
        QCOMPARE(*outcome.metric, 2.0); // the parent's median, not anything the candidate said

        auto failing = target(dir,
            "echo noise; echo '{\"phylo_harness\":1,\"mode\":\"run\",\"ok\":false,\"failure\":\"input modified\","
            "\"detail\":\"a[0] changed\"}'; exit 1");
        failing.source = MetricSource::Harness;
        auto bad = evaluate(failing, dir);
        QCOMPARE(bad.failure, FailureReason::InputModified);
        QVERIFY(bad.detail.find("a[0] changed") != std::string::npos);

        auto silent = target(dir, "echo METRIC time_ms=1");
        silent.source = MetricSource::Harness;
        QCOMPARE(evaluate(silent, dir).failure, FailureReason::NoMetric);

        // "ok" with a zero sample is not believed.
        auto liar = target(dir, "echo '{\"phylo_harness\":1,\"mode\":\"run\",\"ok\":true,\"samples_ms\":[0]}'");
        liar.source = MetricSource::Harness;
        QCOMPARE(evaluate(liar, dir).failure, FailureReason::HarnessError);
    }

    void timingMismatch_isTimedAgainOnce()
    {
        QTemporaryDir dir;
        const std::string mismatch = "echo '{\"phylo_harness\":1,\"mode\":\"run\",\"ok\":false,"
                                     "\"failure\":\"timing mismatch\",\"detail\":\"host exceeds events\"}'; exit 1";
        const std::string ok = "echo '{\"phylo_harness\":1,\"mode\":\"run\",\"ok\":true,\"samples_ms\":[4,5,6]}'";
        // Crosses the allowance on its first timed run only (a marker in its scratch dir): timed again, it stands.
        auto once = target(dir, "if [ -f timed ]; then " + ok + "; else touch timed; " + mismatch + "; fi", "", 1);
        once.source = MetricSource::Harness;
        const auto passed = evaluate(once, dir);
        QVERIFY2(passed.status == NodeStatus::Succeeded, passed.log.c_str());
        QCOMPARE(passed.samples.size(), size_t(3)); // the second run's samples only
        QCOMPARE(*passed.metric, 5.0);
        QVERIFY2(passed.log.find("timing again in a fresh process") != std::string::npos, passed.log.c_str());

        // Every time: a failure, with both runs' details.
        auto always = target(dir, mismatch, "", 1);
        always.source = MetricSource::Harness;
        const auto failed = evaluate(always, dir);
        QCOMPARE(failed.failure, FailureReason::TimingMismatch);
        QVERIFY2(failed.detail.find("twice: ") == 0, failed.detail.c_str());

        // Other harness failures are not retried.
        auto wrong = target(dir,
            "if [ -f timed ]; then " + ok + "; else touch timed; echo '{\"phylo_harness\":1,\"mode\":\"run\","
            "\"ok\":false,\"failure\":\"wrong result\",\"detail\":\"y[3]\"}'; exit 1; fi",
            "", 1);
        wrong.source = MetricSource::Harness;
        QCOMPARE(evaluate(wrong, dir).failure, FailureReason::WrongResult);
    }

    void plausibilityGuard_rechecksAndRejectsBelowRoofline()
    {
        QTemporaryDir dir;
        // 1e9 bytes at 1000 GB/s cannot take less than 1 ms; this candidate claims 0.1 ms.
        auto config = target(dir,
            "echo \"trials=$PHYLO_TRIALS\"; echo '{\"phylo_harness\":1,\"mode\":\"run\",\"ok\":true,"
            "\"samples_ms\":[0.1,0.1,0.1],\"bytes_moved\":1e9,\"device\":{\"peak_gbps\":1000}}'",
            "", 1);
        config.source = MetricSource::Harness;
        auto outcome = evaluate(config, dir);
        QCOMPARE(outcome.failure, FailureReason::Implausible);
        QVERIFY(outcome.suspicious);
        QVERIFY(outcome.log.find("trials=60") != std::string::npos); // re-checked with more trials

        // A speedup above the plausible limit is re-checked too; if it holds up, it stands, flagged.
        auto fast = target(dir,
            "echo '{\"phylo_harness\":1,\"mode\":\"run\",\"ok\":true,\"samples_ms\":[1,1,1],"
            "\"bytes_moved\":1e3,\"device\":{\"peak_gbps\":1000}}'",
            "", 1);
        fast.source = MetricSource::Harness;
        Evaluator::Options options;
        options.scratchRoot = dir.path().toStdString() + "/scratch";
        Evaluator evaluator(fast, readTargetFiles(fast), options);
        EvaluationHooks hooks;
        hooks.baselineMetric = 50.0; // 50x faster than the baseline
        const auto held = evaluator.evaluate(1, Genes(fast.ideas.size()), hooks);
        QVERIFY2(held.status == NodeStatus::Succeeded, held.log.c_str());
        QVERIFY(held.suspicious);
        QCOMPARE(held.samples.size(), size_t(3)); // the re-check's samples
    }

    void gpuPool_lendsEachGpuToOneCandidateAtATime()
    {
        GpuPool pool({ "0", "1" });
        std::atomic<int> inUse[2] { 0, 0 };
        std::atomic<bool> overlap { false };
        std::vector<std::jthread> threads;
        for (int t = 0; t < 6; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 20; ++i) {
                    auto lease = pool.acquire();
                    const int gpu = std::stoi(lease->device());
                    if (++inUse[gpu] > 1)
                        overlap = true;
                    std::this_thread::sleep_for(std::chrono::microseconds(200));
                    --inUse[gpu];
                }
            });
        }
        threads.clear();
        QVERIFY(!overlap);
        QCOMPARE(GpuPool({}).size(), size_t(1)); // no GPU found: one anonymous runner
    }

    void cancel_isNotAResult()
    {
        QTemporaryDir dir;
        auto config = target(dir, "sleep 30", "", 1, 60);
        Evaluator::Options options;
        options.scratchRoot = dir.path().toStdString() + "/scratch";
        Evaluator evaluator(config, readTargetFiles(config), options);
        std::atomic<bool> cancel { false };
        std::jthread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancel = true;
        });
        EvaluationHooks hooks;
        hooks.cancel = &cancel;
        auto outcome = evaluator.evaluate(7, Genes(config.ideas.size()), hooks);
        QVERIFY(outcome.cancelled);
        QCOMPARE(outcome.status, NodeStatus::Pending);
    }
};

QTEST_GUILESS_MAIN(TestEvaluator)
#include "tst_evaluator.moc"
