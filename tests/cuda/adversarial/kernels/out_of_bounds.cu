// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "out_of_bounds": reading past the end of the inputs.
//
// The bug: each thread also "prefetches" a and b kAhead elements ahead with no bounds check, so
// the last kAhead threads read past the end of both input arrays. Out-of-bounds reads are the most
// common silent bug of LLM-written kernels (vector loads and tiles that overrun the tail): the
// result stays right, nothing faults (bench.cu sizes the arrays so that their ends lie inside a
// mapped page), and every correctness and timing check passes. The next input size, allocator or
// GPU turns it into garbage or a crash.
//
// Why it is caught: not by the harness (its result is "ok"), but by compute-sanitizer memcheck,
// which the evaluator runs before promoting a candidate: "memcheck failed".
#include "workload.h"

namespace {

constexpr std::size_t kAhead = 64;

__device__ int g_sink; // written only if the impossible happens: keeps the stray loads alive

__global__ void scaleAddOverread(const float* a, const float* b, float* out, std::size_t n)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = a[i] * kScaleA + b[i] * kScaleB;
        // The bug: no `i + kAhead < n` test. The value never reaches out, so out stays correct
        // whatever lies past the end.
        const float ahead = a[i + kAhead] + b[i + kAhead];
        if (ahead == 1.0e30f)
            g_sink = 1;
    }
}

} // namespace

void launchScaleAdd(const float* a, const float* b, float* out, std::size_t n, cudaStream_t stream)
{
    constexpr unsigned kBlock = 256;
    scaleAddOverread<<<unsigned((n + kBlock - 1) / kBlock), kBlock, 0, stream>>>(a, b, out, n);
}
