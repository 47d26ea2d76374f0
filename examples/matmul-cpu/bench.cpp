// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark and correctness harness for the matmul-cpu example target.
//
//   bench              time a 600 x 600 x 600 multiplication (best of 3 in one
//                      process) and print "METRIC time_ms=<ms>"
//   bench --check      compare matmul() against a double-precision reference on
//                      several odd, rectangular sizes and on the benchmark size;
//                      exit 0 if correct, 1 (with a message on stderr) if not
//
// Inputs are uniform random in [-1, 1), generated from PHYLO_SEED when it is
// set, else from a fixed default seed. This file is not meant to be edited by
// optimization agents; the kernel lives in matmul.cpp.
#include "matmul.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace {

// Size of the timed multiplication (square). Deliberately not a multiple of
// 64, so remainder columns are part of what is measured.
constexpr int kBenchSize = 600;
// Best-of-N inside one process: damps noise from other load on the machine.
constexpr int kTimedReps = 3;
constexpr std::uint64_t kDefaultSeed = 20240611;

std::uint64_t seed_from_env()
{
    const char* s = std::getenv("PHYLO_SEED");
    if (s == nullptr || *s == '\0')
        return kDefaultSeed;
    return std::strtoull(s, nullptr, 10);
}

std::vector<float> random_matrix(std::mt19937_64& rng, int rows, int cols)
{
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> m(static_cast<std::size_t>(rows) * cols);
    for (float& x : m)
        x = dist(rng);
    return m;
}

// Relative error of C(i, j), measured against sum_k |A(i,k) B(k,j)|, which is
// the natural scale of float rounding error in a dot product (and never 0
// for the random inputs used here).
double entry_error(
    int N, int K, const std::vector<float>& A, const std::vector<float>& B, const std::vector<float>& C, int i, int j)
{
    double ref = 0.0, scale = 0.0;
    for (int k = 0; k < K; ++k) {
        const double p = static_cast<double>(A[static_cast<std::size_t>(i) * K + k])
            * static_cast<double>(B[static_cast<std::size_t>(k) * N + j]);
        ref += p;
        scale += std::fabs(p);
    }
    const double got = C[static_cast<std::size_t>(i) * N + j];
    if (!std::isfinite(got))
        return std::numeric_limits<double>::infinity();
    return std::fabs(got - ref) / (scale + 1e-30);
}

// Runs the kernel on an M x K by K x N product and checks `samples` entries
// (all of them when samples <= 0). C starts out as NaN so that entries the
// kernel never writes, or accumulates into instead of overwriting, fail.
bool check_case(std::mt19937_64& rng, int M, int N, int K, long samples)
{
    const std::vector<float> A = random_matrix(rng, M, K);
    const std::vector<float> B = random_matrix(rng, K, N);
    std::vector<float> C(static_cast<std::size_t>(M) * N, std::numeric_limits<float>::quiet_NaN());
    matmul(M, N, K, A.data(), B.data(), C.data());

    constexpr double kTolerance = 1e-4;
    auto bad = [&](int i, int j) {
        const double err = entry_error(N, K, A, B, C, i, j);
        if (err <= kTolerance)
            return false;
        std::fprintf(stderr, "check FAILED: M=%d N=%d K=%d: C(%d,%d) = %g, relative error %.3g > %g\n", M, N, K, i, j,
            static_cast<double>(C[static_cast<std::size_t>(i) * N + j]), err, kTolerance);
        return true;
    };
    if (samples <= 0) {
        for (int i = 0; i < M; ++i)
            for (int j = 0; j < N; ++j)
                if (bad(i, j))
                    return false;
    } else {
        std::uniform_int_distribution<int> ri(0, M - 1), rj(0, N - 1);
        // Always include the corners: edge strips are where blocking bugs live.
        if (bad(0, 0) || bad(0, N - 1) || bad(M - 1, 0) || bad(M - 1, N - 1))
            return false;
        for (long s = 0; s < samples; ++s)
            if (bad(ri(rng), rj(rng)))
                return false;
    }
    return true;
}

int run_check(std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    struct Case
    {
        int M, N, K;
    };
    // Tiny, odd, rectangular, and wider-than-a-strip-but-not-a-multiple sizes.
    const Case cases[] = { { 1, 1, 1 }, { 3, 5, 7 }, { 17, 1, 33 }, { 1, 67, 5 }, { 67, 45, 131 }, { 130, 129, 67 },
        { 97, 300, 259 }, { 200, 203, 517 } };
    for (const Case& c : cases)
        if (!check_case(rng, c.M, c.N, c.K, 0))
            return 1;
    // The benchmark size itself, on a random sample of entries.
    if (!check_case(rng, kBenchSize, kBenchSize, kBenchSize, 4000))
        return 1;
    std::printf("check OK (seed %llu)\n", static_cast<unsigned long long>(seed));
    return 0;
}

int run_bench(std::uint64_t seed)
{
    const int n = kBenchSize;
    std::mt19937_64 rng(seed);
    const std::vector<float> A = random_matrix(rng, n, n);
    const std::vector<float> B = random_matrix(rng, n, n);
    std::vector<float> C(static_cast<std::size_t>(n) * n, 0.0f);

    double best_ms = std::numeric_limits<double>::infinity();
    for (int rep = 0; rep < kTimedReps; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        matmul(n, n, n, A.data(), B.data(), C.data());
        const auto t1 = std::chrono::steady_clock::now();
        best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    double checksum = 0.0;
    for (float x : C)
        checksum += x;
    std::printf("matmul %dx%d float, best of %d, checksum %.6g\n", n, n, kTimedReps, checksum);
    std::printf("METRIC time_ms=%.3f\n", best_ms);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    bool check = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--check") == 0) {
            check = true;
        } else {
            std::fprintf(stderr, "usage: %s [--check]\n", argv[0]);
            return 2;
        }
    }
    const std::uint64_t seed = seed_from_env();
    return check ? run_check(seed) : run_bench(seed);
}
