// SPDX-License-Identifier: GPL-3.0-or-later
// CUDA targets through the real evaluator: without a GPU they must fail as "no CUDA device" (never
// crash, never score); with one, every adversarial candidate must be caught with its reason.
#include "eval/gpu_pool.h"
#include "session/session_observer.h"
#include "session/session_runner.h"
#include "store/session_store.h"
#include "testsupport.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace phylo;
namespace fs = std::filesystem;

namespace {

const fs::path kAdversarial = fs::path(PHYLO_SOURCE_DIR) / "tests" / "cuda" / "adversarial";

bool haveNvcc()
{
    return !QStandardPaths::findExecutable(QStringLiteral("nvcc")).isEmpty();
}

/// A copy of the adversarial target with kernels/CASE.cu as its kernel.
fs::path adversarialTarget(const QTemporaryDir& dir, const std::string& name)
{
    const fs::path target = dir.path().toStdString() + "/" + name;
    fs::create_directories(target);
    for (const char* file : { "bench.cu", "workload.h", "phylo.toml" })
        fs::copy_file(kAdversarial / file, target / file);
    fs::copy_file(kAdversarial / "kernels" / (name + ".cu"), target / "kernel.cu");
    return target;
}

Node baselineOf(const fs::path& target, const fs::path& db)
{
    RunOptions options;
    options.targetDir = target;
    options.db = db;
    options.maxEvals = 1;
    options.seed = 1;
    options.jobs = 1;
    SessionObserver quiet;
    std::atomic<bool> stop { false };
    runSession(options, quiet, stop);
    return SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes().at(0);
}

} // namespace

class TestCudaEvaluator : public QObject {
    Q_OBJECT

private slots:
    void withoutGpu_failsAsNoCudaDevice()
    {
        if (!haveNvcc())
            QSKIP("nvcc not found: CUDA targets cannot be built here");
        if (!GpuPool::detectDevices().empty())
            QSKIP("a GPU is present: the adversarial test below covers this machine");
        QTemporaryDir dir;
        const auto node = baselineOf(adversarialTarget(dir, "honest"), dir.path().toStdString() + "/s.db");
        QCOMPARE(node.status, NodeStatus::Failed);
        QCOMPARE(node.failure, FailureReason::NoCudaDevice);
        QVERIFY(!node.metric && !node.speedup);
        QVERIFY2(node.log.find("\"phylo_harness\"") != std::string::npos, node.log.c_str()); // it built and ran
    }

    void adversarialCandidates_areCaught_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        std::ifstream expected(kAdversarial / "expected.txt");
        for (std::string name, reason; std::getline(expected, name, '\t') && std::getline(expected, reason);)
            QTest::newRow(name.c_str()) << QString::fromStdString(name) << QString::fromStdString(reason);
    }

    void adversarialCandidates_areCaught()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        if (!haveNvcc())
            QSKIP("nvcc not found");
        if (GpuPool::detectDevices().empty())
            QSKIP("no GPU: the adversarial set runs on a GPU machine (scripts/gpu-bench.sh)");
        QTemporaryDir dir;
        const auto node = baselineOf(adversarialTarget(dir, name.toStdString()), dir.path().toStdString() + "/s.db");
        const auto got = node.status == NodeStatus::Succeeded ? std::string("ok") : reasonText(node.failure);
        QCOMPARE(QString::fromStdString(got), expected);
    }
};

QTEST_GUILESS_MAIN(TestCudaEvaluator)
#include "tst_cuda_evaluator.moc"
