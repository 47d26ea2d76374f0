// SPDX-License-Identifier: GPL-3.0-or-later
// The harness's device checks (gpu/harness/phylo_harness_device_checks.cu) on a real GPU: the kernels must
// pass and fail exactly the elements the host's checkOutput() does, bit for bit on the largest error, for
// every element type and on the tolerance's edge; and whole harness runs with f64 and i32 outputs must catch a
// candidate that cheats only once it is timed. Exits 0 when all hold, 1 otherwise, 77 (skipped) without a GPU.
#include "phylo_harness.cu"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

// A named namespace, and no using-directive at file scope: nvcc's stub for a kernel in an anonymous namespace
// would be ambiguous with the harness's own anonymous namespace pulled in by one.
namespace device_checks_test {
using namespace phylo::harness;

int g_failures = 0;

void expect(bool ok, const std::string& what)
{
    std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok)
        ++g_failures;
}

/** enqueueOutputCheck on GOT against REF, and checkOutput on the host: the same count, the same largest error. */
template <class T>
void compareChecks(ElementType type, const std::vector<T>& got, const std::vector<double>& ref, Tolerance tolerance,
    const std::string& what)
{
    const std::size_t n = got.size();
    void *dGot = nullptr, *dRef = nullptr, *dVerdict = nullptr;
    cudaMalloc(&dGot, n * sizeof(T));
    cudaMalloc(&dRef, n * sizeof(double));
    cudaMalloc(&dVerdict, sizeof(DeviceVerdict));
    cudaMemcpy(dGot, got.data(), n * sizeof(T), cudaMemcpyHostToDevice);
    cudaMemcpy(dRef, ref.data(), n * sizeof(double), cudaMemcpyHostToDevice);
    cudaMemset(dVerdict, 0, sizeof(DeviceVerdict));
    const cudaError_t launched = enqueueOutputCheck(type, dGot, static_cast<const double*>(dRef), n, tolerance,
        static_cast<DeviceVerdict*>(dVerdict), nullptr);
    DeviceVerdict verdict;
    const cudaError_t copied = cudaMemcpy(&verdict, dVerdict, sizeof verdict, cudaMemcpyDeviceToHost);
    cudaFree(dGot);
    cudaFree(dRef);
    cudaFree(dVerdict);
    const detail::OutputCheck host = detail::checkOutput(type, got.data(), ref.data(), n, tolerance);
    const unsigned long long hostBad = host.unwritten + host.nonFinite + host.wrong;
    unsigned long long hostMaxBits = 0;
    std::memcpy(&hostMaxBits, &host.maxRelError, sizeof hostMaxBits);
    expect(launched == cudaSuccess && copied == cudaSuccess && verdict.bad == hostBad && verdict.maxRelErrorBits == hostMaxBits,
        what + ": device " + std::to_string(verdict.bad) + " bad, host " + std::to_string(hostBad) + " (of "
            + std::to_string(n) + "; " + std::to_string(host.wrong) + " wrong), largest errors equal: "
            + (verdict.maxRelErrorBits == hostMaxBits ? "yes" : "no"));
}

/// References in [-2, 2] with some exact zeros (where atol decides) and values on and around the allowed error.
std::vector<double> references(std::size_t n, std::mt19937_64& rng)
{
    std::uniform_real_distribution<double> value(-2.0, 2.0);
    std::vector<double> ref(n);
    for (std::size_t i = 0; i < n; ++i)
        ref[i] = i % 97 == 0 ? 0.0 : value(rng);
    return ref;
}

/// REF moved by (1 + d) times the allowed error, d from -1e-6 to 1e-6 with exact 0 often: the tolerance's edge.
double nearEdge(double ref, const Tolerance& t, std::mt19937_64& rng)
{
    const double allowed = t.atol + t.rtol * std::fabs(ref);
    const int step = int(rng() % 2001) - 1000;
    const double d = step % 3 == 0 ? 0.0 : step * 1e-9;
    return ref + ((rng() & 1) ? 1 : -1) * allowed * (1 + d);
}

void elementChecks()
{
    std::mt19937_64 rng(20261121);
    const std::size_t n = 1 << 20;
    const Tolerance t { 1e-4, 1e-5 };
    const std::vector<double> ref = references(n, rng);

    std::vector<double> f64(n);
    std::vector<float> f32(n);
    for (std::size_t i = 0; i < n; ++i) {
        f64[i] = i % 2 ? nearEdge(ref[i], t, rng) : ref[i] + (ref[i] * 1e-7);
        f32[i] = float(i % 2 ? nearEdge(ref[i], t, rng) : ref[i]);
    }
    const unsigned long long poison64 = ~0ULL;
    std::memcpy(&f64[5], &poison64, sizeof poison64); // unwritten
    f64[6] = std::numeric_limits<double>::quiet_NaN(); // a NaN that is not the poison
    f64[7] = -std::numeric_limits<double>::infinity();
    const std::uint32_t poison32 = 0xFFFFFFFFu;
    std::memcpy(&f32[5], &poison32, sizeof poison32);
    f32[6] = std::nanf("");
    f32[7] = std::numeric_limits<float>::infinity();
    compareChecks(ElementType::F64, f64, ref, t, "f64 on the tolerance's edge");
    compareChecks(ElementType::F32, f32, ref, t, "f32 on the tolerance's edge");
    compareChecks(ElementType::F32, f32, ref, Tolerance { 0, 1e-5 }, "f32, absolute tolerance only");

    std::vector<double> iref(n);
    std::vector<std::int32_t> i32(n);
    for (std::size_t i = 0; i < n; ++i) {
        iref[i] = double(std::int32_t(rng() % 2000001) - 1000000);
        i32[i] = std::int32_t(iref[i]) + (i % 1000 == 0 ? 1 : 0); // every 1000th off by one
    }
    i32[3] = detail::kI32Sentinel; // unwritten
    iref[4] = detail::kI32Sentinel; // a reference that is the sentinel itself: written, and right
    i32[4] = detail::kI32Sentinel;
    compareChecks(ElementType::I32, i32, iref, Tolerance { 0, 0 }, "i32, exact");
    compareChecks(ElementType::I32, i32, iref, Tolerance { 0, 1 }, "i32, within 1");
}

// ---------------------------------------------------------------- whole runs with f64 and i32 outputs

constexpr std::size_t kCount = 300001;
int g_cheat = 0; ///< what the candidate does wrong from its 4th launch on (after the 3 host-checked ones)
int g_launches = 0;

__global__ void candidate(const float* x, double* twice, std::int32_t* milli, std::size_t n, int cheat, int launch)
{
    const std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x;
    if (i >= n)
        return;
    const bool cheating = launch > 3 && i == n / 2;
    twice[i] = cheating && cheat == 2 ? nan("") : 2.0 * double(x[i]);
    if (!(cheating && cheat == 1))
        milli[i] = std::int32_t(floorf(x[i] * 1000.0f));
    if (cheating && cheat == 3)
        const_cast<float*>(x)[i] = 0; // the inputs are read-only
}

void launchCandidate(const Arrays& in, const Arrays& out, cudaStream_t stream)
{
    ++g_launches;
    candidate<<<unsigned((kCount + 255) / 256), 256, 0, stream>>>(
        in.ptr<float>("x"), out.ptr<double>("twice"), out.ptr<std::int32_t>("milli"), kCount, g_cheat, g_launches);
}

Problem typedProblem()
{
    Problem problem("device-checks");
    problem.input("x", ElementType::F32, kCount, uniform(-3.0, 3.0))
        .output("twice", ElementType::F64, kCount, Tolerance { 0, 0 })
        .output("milli", ElementType::I32, kCount, Tolerance { 0, 0 })
        .reference([](const Arrays& in, std::vector<ReferenceOutput>& out) {
            const float* x = in.ptr<float>("x");
            for (std::size_t i = 0; i < kCount; ++i) {
                out[0].values[i] = 2.0 * double(x[i]);
                out[1].values[i] = double(std::int32_t(std::floor(x[i] * 1000.0f)));
            }
        })
        .launch(launchCandidate)
        .bytesMoved(16.0 * kCount);
    return problem;
}

void harnessRuns()
{
    Settings settings;
    settings.seed = 99;
    settings.warmup = 1;
    settings.trials = 8;
    const struct {
        int cheat;
        const char* failure;
        const char* detail;
    } cases[] = {
        { 0, "", "" },
        { 1, failure::kUnwritten, "output 'milli' (warm-up launch 0, input set 0): 1 of 300001 elements not written" },
        { 2, failure::kNonFinite, "output 'twice' (warm-up launch 0, input set 0): 1 of 300001 elements not finite, first at index 150000" },
        { 3, failure::kInputModified, "input 'x' (warm-up launch 0, input set 0): element 150000 differs" },
    };
    for (const auto& c : cases) {
        g_cheat = c.cheat;
        g_launches = 0;
        const Result result = runToResult(typedProblem(), settings);
        const bool ok = c.cheat == 0 ? result.ok && result.samplesMs.size() == 8
                                     : result.failure == c.failure && result.detail.find(c.detail) != std::string::npos;
        expect(ok, "harness run, cheat " + std::to_string(c.cheat) + ": " + (result.ok ? "ok" : result.failure + ": " + result.detail));
    }
}

} // namespace device_checks_test

int main()
{
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("SKIP: no CUDA device\n");
        return 77;
    }
    device_checks_test::elementChecks();
    device_checks_test::harnessRuns();
    std::printf("%d failed\n", device_checks_test::g_failures);
    return device_checks_test::g_failures == 0 ? 0 : 1;
}
