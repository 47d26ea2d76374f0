// SPDX-License-Identifier: GPL-3.0-or-later
// The whole CUDA harness run on the CPU: gpu/harness/phylo_harness.cu compiled as plain C++ against
// tests/cuda/mock/cuda_runtime.h (that directory must come first on the include path). Each test plays
// an honest or a cheating launch function and checks the harness's verdict.
#include "phylo_harness.cu"

#include <QTest>

#include <cmath>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace phylo::harness;

namespace {

constexpr std::size_t kCount = 4096;

std::function<void(const Arrays&, const Arrays&)> g_candidate;
int g_launches = 0;

void saxpy(const Arrays& in, const Arrays& out)
{
    const Array& x = in.get("x");
    const float a = in.ptr<float>("a")[0];
    const float b = in.ptr<float>("b")[0];
    float* y = out.ptr<float>("y");
    for (std::size_t i = 0; i < x.count; ++i)
        y[i] = a * x.as<float>()[i] + b;
}

void launch(const Arrays& in, const Arrays& out, cudaStream_t)
{
    ++g_launches;
    g_candidate(in, out);
}

Problem saxpyProblem()
{
    Problem problem("saxpy-mock");
    problem.input("x", ElementType::F32, kCount, uniform(-1.0, 1.0))
        .input("a", ElementType::F32, 1, uniform(0.5, 2.0))
        .input("b", ElementType::F32, 1, uniform(-1.0, 1.0))
        .output("y", ElementType::F32, kCount, Tolerance { 1e-5, 1e-6 })
        .reference([](const Arrays& in, std::vector<ReferenceOutput>& out) {
            const float* x = in.ptr<float>("x");
            const double a = in.ptr<float>("a")[0];
            const double b = in.ptr<float>("b")[0];
            for (std::size_t i = 0; i < out[0].values.size(); ++i)
                out[0].values[i] = a * double(x[i]) + b;
            in.ptr<float>("x")[0] = 1234; // scribbling on its copy must change nothing
        })
        .launch(launch)
        .bytesMoved(8.0 * kCount)
        .flops(2.0 * kCount);
    return problem;
}

Settings quickSettings(Settings::Mode mode = Settings::Mode::Run)
{
    Settings settings;
    settings.mode = mode;
    settings.seed = 777;
    settings.warmup = 1;
    settings.trials = 6;
    return settings;
}

Result run(const Problem& problem, const Settings& settings = quickSettings())
{
    g_launches = 0;
    return runToResult(problem, settings);
}

Result runCandidate(std::function<void(const Arrays&, const Arrays&)> candidate, const Settings& settings = quickSettings())
{
    g_candidate = std::move(candidate);
    return run(saxpyProblem(), settings);
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

} // namespace

class TestHarnessRunner : public QObject {
    Q_OBJECT

private slots:
    void init() { mock::reset(); }

    void honestCandidatePasses();
    void checkModeTimesNothing();
    void noDevice();
    void missingDeviceIndex();
    void writesNothing();
    void skipsOneElement();
    void writesNan();
    void wrongValue();
    void modifiesInput();
    void timedLaunchesCheckedOnDevice_data();
    void timedLaunchesCheckedOnDevice();
    void timedErrorsWithinToleranceAreReported();
    void hostChecksWithoutDeviceMemory();
    void replaysCachedOutput();
    void redirectsOutputPointer();
    void workOffTheStream();
    void backgroundWork();
    void throwsFromLaunch();
    void stickyError();
    void failedLaunch();
    void sameInputSetsRejected();
    void invalidProblem();
    void badReference();
    void generatorsAreSeededAndNonDegenerate();
    void generatorsRejectBadArguments();
};

void TestHarnessRunner::honestCandidatePasses()
{
    const Result result = runCandidate(saxpy);
    QVERIFY2(result.ok, (result.failure + ": " + result.detail).c_str());
    QVERIFY(result.failure.empty());
    QCOMPARE(result.samplesMs.size(), std::size_t(6));
    QCOMPARE(result.hostMs.size(), std::size_t(6));
    QCOMPARE(g_launches, 3 + 1 + 6); // a check per input set, a warm-up, the trials
    QVERIFY(result.maxRelError > 0 && result.maxRelError < 1e-5);
    QVERIFY(result.hostOverheadMs >= 0);
    QCOMPARE(result.device.name, std::string("Mock GPU"));
    QCOMPARE(result.device.l2Bytes, 50LL << 20);
    const std::string line = detail::resultJson(result);
    QVERIFY2(contains(line, "\"ok\":true") && contains(line, "\"time_ms\":"), line.c_str());
}

void TestHarnessRunner::checkModeTimesNothing()
{
    const Result result = runCandidate(saxpy, quickSettings(Settings::Mode::Check));
    QVERIFY2(result.ok, result.detail.c_str());
    QCOMPARE(g_launches, 3);
    QVERIFY(result.samplesMs.empty());
    QVERIFY(result.hostOverheadMs < 0);
}

void TestHarnessRunner::noDevice()
{
    mock::deviceCount = 0;
    const Result result = runCandidate(saxpy);
    QCOMPARE(result.failure, std::string(failure::kNoDevice));
    QVERIFY2(contains(result.detail, "no CUDA driver"), result.detail.c_str());
    QCOMPARE(g_launches, 0);
}

void TestHarnessRunner::missingDeviceIndex()
{
    Settings settings = quickSettings();
    settings.device = 3;
    const Result result = runCandidate(saxpy, settings);
    QCOMPARE(result.failure, std::string(failure::kNoDevice));
    QVERIFY2(contains(result.detail, "device 3 requested, 1 present"), result.detail.c_str());
}

void TestHarnessRunner::writesNothing()
{
    const Result result = runCandidate([](const Arrays&, const Arrays&) {});
    QCOMPARE(result.failure, std::string(failure::kUnwritten));
    QVERIFY2(contains(result.detail, "4096 of 4096"), result.detail.c_str());
}

void TestHarnessRunner::skipsOneElement()
{
    // Correct on every launch except that the last element keeps whatever was there: the poison.
    const Result result = runCandidate([](const Arrays& in, const Arrays& out) {
        const float keep = out.ptr<float>("y")[kCount - 1];
        saxpy(in, out);
        out.ptr<float>("y")[kCount - 1] = keep;
    });
    QCOMPARE(result.failure, std::string(failure::kUnwritten));
    QVERIFY2(contains(result.detail, "first at index 4095"), result.detail.c_str());
}

void TestHarnessRunner::writesNan()
{
    const Result result = runCandidate([](const Arrays& in, const Arrays& out) {
        saxpy(in, out);
        out.ptr<float>("y")[10] = std::nanf("");
    });
    QCOMPARE(result.failure, std::string(failure::kNonFinite));
}

void TestHarnessRunner::wrongValue()
{
    // Right during the checks, wrong on the timed runs only: correctness is re-checked on every trial.
    const Result result = runCandidate([](const Arrays& in, const Arrays& out) {
        saxpy(in, out);
        if (g_launches > 4)
            out.ptr<float>("y")[5] += 1e-3f;
    });
    QCOMPARE(result.failure, std::string(failure::kWrongResult));
    QVERIFY2(contains(result.detail, "timed trial 0, input set 0"), result.detail.c_str());
}

void TestHarnessRunner::modifiesInput()
{
    const Result result = runCandidate([](const Arrays& in, const Arrays& out) {
        saxpy(in, out);
        in.ptr<float>("x")[9] = 0;
    });
    QCOMPARE(result.failure, std::string(failure::kInputModified));
    QVERIFY2(contains(result.detail, "input 'x'") && contains(result.detail, "element 9"), result.detail.c_str());
}

void TestHarnessRunner::timedLaunchesCheckedOnDevice_data()
{
    QTest::addColumn<int>("cheat");
    QTest::addColumn<QString>("failure");
    QTest::addColumn<QString>("detail");
    // Each candidate is honest for the 3 checks on the host and cheats from the warm-up launch on, which the
    // device checks (enqueueOutputCheck, enqueueInputCheck) see; the host check then describes it.
    QTest::newRow("wrong value") << 0 << failure::kWrongResult << "output 'y' (warm-up launch 0, input set 0): 1 of 4096 elements wrong, first at index 77";
    QTest::newRow("unwritten") << 1 << failure::kUnwritten << "output 'y' (warm-up launch 0, input set 0): 2 of 4096 elements not written";
    QTest::newRow("infinite") << 2 << failure::kNonFinite << "output 'y' (warm-up launch 0, input set 0): 1 of 4096 elements not finite, first at index 3: inf";
    QTest::newRow("input modified") << 3 << failure::kInputModified << "input 'x' (warm-up launch 0, input set 0): element 4000 differs";
}

void TestHarnessRunner::timedLaunchesCheckedOnDevice()
{
    QFETCH(int, cheat);
    QFETCH(QString, failure);
    QFETCH(QString, detail);
    const Result result = runCandidate([cheat](const Arrays& in, const Arrays& out) {
        const std::vector<float> before(out.ptr<float>("y"), out.ptr<float>("y") + kCount);
        saxpy(in, out);
        if (g_launches <= 3)
            return;
        float* y = out.ptr<float>("y");
        if (cheat == 0)
            y[77] += 0.5f;
        else if (cheat == 1)
            std::memcpy(y + 100, before.data() + 100, 2 * sizeof(float)); // the poison stays
        else if (cheat == 2)
            y[3] = INFINITY;
        else
            in.ptr<float>("x")[4000] = 0;
    });
    QCOMPARE(QString::fromStdString(result.failure), failure);
    QVERIFY2(contains(result.detail, detail.toStdString().c_str()), result.detail.c_str());
    QCOMPARE(g_launches, 4); // caught at the first launch the device checked
}

void TestHarnessRunner::timedErrorsWithinToleranceAreReported()
{
    // Exact during the host checks, 5e-6 off (within rtol 1e-5) on the timed launches: the largest relative
    // error reported is the device checks'.
    const Result result = runCandidate([](const Arrays& in, const Arrays& out) {
        const Array& x = in.get("x");
        const double a = in.ptr<float>("a")[0], b = in.ptr<float>("b")[0];
        const double off = g_launches > 3 ? 1 + 5e-6 : 1;
        for (std::size_t i = 0; i < x.count; ++i)
            out.ptr<float>("y")[i] = float((a * double(x.as<float>()[i]) + b) * off);
    });
    QVERIFY2(result.ok, result.detail.c_str());
    QVERIFY2(result.maxRelError > 3e-6 && result.maxRelError < 1e-5, std::to_string(result.maxRelError).c_str());
}

void TestHarnessRunner::hostChecksWithoutDeviceMemory()
{
    // The allocations of the host-checked part of a run succeed, the device checks' copies do not: every
    // launch is then checked on the host, and a cheat on the timed launches is still caught.
    runCandidate(saxpy, quickSettings(Settings::Mode::Check));
    const int allocations = mock::mallocs;
    mock::reset();
    mock::mallocLimit = allocations + 1;
    const Result honest = runCandidate(saxpy);
    QVERIFY2(honest.ok, honest.detail.c_str());
    QCOMPARE(honest.samplesMs.size(), std::size_t(6));
    mock::reset();
    mock::mallocLimit = allocations + 1;
    const Result cheat = runCandidate([](const Arrays& in, const Arrays& out) {
        saxpy(in, out);
        if (g_launches > 4) // from timed trial 0 on
            out.ptr<float>("y")[9] = -out.ptr<float>("y")[9] - 1;
    });
    QCOMPARE(cheat.failure, std::string(failure::kWrongResult));
    QVERIFY2(contains(cheat.detail, "timed trial 0, input set 0"), cheat.detail.c_str());

    // Copies that would take more than half the free device memory are not even tried.
    mock::reset();
    mock::freeMemory = 100 * 1024; // the copies need 3 x (16 KiB of x + 32 KiB of references)
    const int before = mock::mallocs;
    const Result tight = runCandidate([](const Arrays& in, const Arrays& out) {
        saxpy(in, out);
        if (g_launches > 4)
            out.ptr<float>("y")[9] = -out.ptr<float>("y")[9] - 1;
    });
    QCOMPARE(tight.failure, std::string(failure::kWrongResult));
    QCOMPARE(mock::mallocs - before, allocations); // only the allocations of the host-checked part
}

void TestHarnessRunner::replaysCachedOutput()
{
    // The CUDA-L1 trick: the pointers never change, so cache the first result and replay it.
    std::vector<float> cache;
    const Result result = runCandidate([&cache](const Arrays& in, const Arrays& out) {
        float* y = out.ptr<float>("y");
        if (cache.empty()) {
            saxpy(in, out);
            cache.assign(y, y + kCount);
        } else {
            std::memcpy(y, cache.data(), kCount * sizeof(float));
        }
    });
    QCOMPARE(result.failure, std::string(failure::kWrongResult));
    QVERIFY2(contains(result.detail, "input set 1"), result.detail.c_str());
}

void TestHarnessRunner::redirectsOutputPointer()
{
    // Rewriting the (const) array list it was given points only the candidate's copy elsewhere.
    std::vector<float> elsewhere(kCount);
    const Result result = runCandidate([&elsewhere](const Arrays& in, const Arrays& out) {
        const_cast<Array&>(out[0]).data = elsewhere.data();
        saxpy(in, out);
    });
    QCOMPARE(result.failure, std::string(failure::kUnwritten));
}

void TestHarnessRunner::workOffTheStream()
{
    // Correct results, but 2 ms of work on a stream the events do not see.
    const Result result = runCandidate([](const Arrays& in, const Arrays& out) {
        saxpy(in, out);
        mock::sideWorkMs = 2;
    });
    QCOMPARE(result.failure, std::string(failure::kTimingMismatch));
    QVERIFY2(contains(result.detail, "off the harness stream"), result.detail.c_str());
    QCOMPARE(result.samplesMs.size(), std::size_t(6)); // the raw samples are still reported
}

void TestHarnessRunner::backgroundWork()
{
    // Work left running in the background would inflate the overhead allowance: reported instead.
    const Result result = runCandidate([](const Arrays& in, const Arrays& out) {
        saxpy(in, out);
        mock::backgroundMs = 1;
    });
    QCOMPARE(result.failure, std::string(failure::kTimingMismatch));
    QVERIFY2(contains(result.detail, "background"), result.detail.c_str());
}

void TestHarnessRunner::throwsFromLaunch()
{
    Result result = runCandidate([](const Arrays&, const Arrays&) { throw std::runtime_error("boom"); });
    QCOMPARE(result.failure, std::string(failure::kHarnessError));
    QVERIFY2(contains(result.detail, "the launch function (check, input set 0) threw: boom"), result.detail.c_str());
    result = runCandidate([](const Arrays&, const Arrays&) { throw 42; });
    QCOMPARE(result.failure, std::string(failure::kHarnessError));
    // An unknown array name is the std::out_of_range of Arrays::get.
    result = runCandidate([](const Arrays& in, const Arrays&) { in.get("z"); });
    QVERIFY2(contains(result.detail, "no array named 'z' (there are: x, a, b)"), result.detail.c_str());
}

void TestHarnessRunner::stickyError()
{
    const Result result = runCandidate([](const Arrays&, const Arrays&) { mock::sticky = cudaErrorIllegalAddress; });
    QCOMPARE(result.failure, std::string(failure::kCudaError));
    QVERIFY2(contains(result.detail, "cudaErrorIllegalAddress"), result.detail.c_str());
}

void TestHarnessRunner::failedLaunch()
{
    const Result result = runCandidate([](const Arrays& in, const Arrays& out) {
        saxpy(in, out);
        mock::lastError = cudaErrorInvalidConfiguration;
    });
    QCOMPARE(result.failure, std::string(failure::kCudaError));
    QVERIFY2(contains(result.detail, "cudaErrorInvalidConfiguration"), result.detail.c_str());
}

void TestHarnessRunner::sameInputSetsRejected()
{
    g_candidate = saxpy;
    const Generator fixed = [](std::mt19937_64&, Array& array) {
        for (std::size_t i = 0; i < array.count; ++i)
            array.as<float>()[i] = float(i % 7) + 0.5f;
    };
    Problem problem("fixed");
    problem.input("x", ElementType::F32, kCount, fixed)
        .input("a", ElementType::F32, 1, fixed)
        .input("b", ElementType::F32, 1, fixed)
        .output("y", ElementType::F32, kCount)
        .reference([](const Arrays&, std::vector<ReferenceOutput>& out) { out[0].values.assign(kCount, 1.0); })
        .launch(launch);
    const Result result = run(problem);
    QCOMPARE(result.failure, std::string(failure::kHarnessError));
    QVERIFY2(contains(result.detail, "input sets 0 and 1 are identical"), result.detail.c_str());
}

void TestHarnessRunner::invalidProblem()
{
    g_candidate = saxpy;
    Problem noLaunch = saxpyProblem();
    noLaunch.launch(nullptr);
    QVERIFY2(contains(run(noLaunch).detail, "no launch function"), "no launch");

    Problem duplicate = saxpyProblem();
    duplicate.output("x", ElementType::F32, 4);
    QVERIFY(contains(run(duplicate).detail, "two arrays are named 'x'"));

    Problem empty = saxpyProblem();
    empty.input("z", ElementType::F64, 0, uniform(0, 1));
    const Result result = run(empty);
    QCOMPARE(result.failure, std::string(failure::kHarnessError));
    QVERIFY(contains(result.detail, "input 'z' has no elements"));
    QCOMPARE(mock::mallocs, 0); // rejected before touching the device
}

void TestHarnessRunner::badReference()
{
    g_candidate = saxpy;
    Problem problem = saxpyProblem();
    problem.reference([](const Arrays&, std::vector<ReferenceOutput>& out) { out[0].values.assign(kCount, 1.0); out[0].values[3] = NAN; });
    QVERIFY(contains(run(problem).detail, "left element 3 of output 'y' not finite"));
    problem.reference([](const Arrays&, std::vector<ReferenceOutput>& out) { out[0].values.resize(10); });
    QVERIFY(contains(run(problem).detail, "returned 10 values for output 'y', expected 4096"));
    problem.reference([](const Arrays&, std::vector<ReferenceOutput>& out) { out.clear(); });
    QVERIFY(contains(run(problem).detail, "returned no output 'y'"));
}

void TestHarnessRunner::generatorsAreSeededAndNonDegenerate()
{
    const auto fill = [](const Generator& generate, ElementType type, std::size_t count, std::uint64_t seed) {
        std::vector<std::uint64_t> storage(count);
        Array array { "v", type, count, storage.data() };
        std::mt19937_64 rng(seed);
        generate(rng, array);
        return storage;
    };
    QVERIFY(fill(uniform(-1, 1), ElementType::F32, 100, 1) == fill(uniform(-1, 1), ElementType::F32, 100, 1));
    QVERIFY(fill(uniform(-1, 1), ElementType::F32, 100, 1) != fill(uniform(-1, 1), ElementType::F32, 100, 2));

    std::vector<std::uint64_t> words = fill(uniform(-2, 3), ElementType::F64, 1000, 5);
    const double* f64 = reinterpret_cast<const double*>(words.data());
    for (std::size_t i = 0; i < 1000; ++i)
        QVERIFY(f64[i] >= -2 && f64[i] < 3);

    // Two integers in [0, 2) and two elements: never both the same.
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
        words = fill(uniform(0, 2), ElementType::I32, 2, seed);
        const auto* i32 = reinterpret_cast<const std::int32_t*>(words.data());
        QVERIFY(i32[0] != i32[1]);
        QVERIFY(i32[0] >= 0 && i32[0] <= 1);
    }

    words = fill(normal(10, 2), ElementType::F32, 3000, 9);
    const float* f32 = reinterpret_cast<const float*>(words.data());
    double sum = 0;
    for (std::size_t i = 0; i < 3000; ++i)
        sum += f32[i];
    QVERIFY(std::fabs(sum / 3000 - 10) < 0.3);

    words = fill(unitVectors3(), ElementType::F64, 300, 3);
    f64 = reinterpret_cast<const double*>(words.data());
    for (std::size_t v = 0; v < 100; ++v) {
        const double norm = std::sqrt(f64[3 * v] * f64[3 * v] + f64[3 * v + 1] * f64[3 * v + 1] + f64[3 * v + 2] * f64[3 * v + 2]);
        QVERIFY(std::fabs(norm - 1) < 1e-12);
    }
}

void TestHarnessRunner::generatorsRejectBadArguments()
{
    std::vector<std::uint64_t> storage(8);
    const auto call = [&storage](const Generator& generate, ElementType type, std::size_t count) {
        Array array { "v", type, count, storage.data() };
        std::mt19937_64 rng(1);
        generate(rng, array);
    };
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, call(uniform(1, 1), ElementType::F32, 4));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, call(uniform(0, 1), ElementType::I32, 4)); // only 0
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, call(uniform(1, std::nextafter(1.0, 2.0)), ElementType::F32, 4));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, call(normal(0, 0), ElementType::F64, 4));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, call(unitVectors3(), ElementType::F32, 4));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, call(unitVectors3(), ElementType::I32, 3));
}

QTEST_APPLESS_MAIN(TestHarnessRunner)
#include "tst_harness_runner.moc"
