// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "cheats_when_timed": honest while it is being checked, fast and wrong once timed.
//
// The trick: the harness checks one launch per input set (3) before it times anything, so the first 3
// calls of the process compute the real answer; every later call (the warm-up and the timed trials) skips
// the second input and writes a * 2.5 alone: half the reads, a wrong result. It mirrors the evaluators
// that check correctness once, up front, and then time whatever the candidate does.
//
// Why it is caught: every warm-up and timed launch is checked as well, on the device against the float64
// reference (the harness's device checks), so the first warm-up launch fails: "wrong result".
#include "workload.h"

namespace {

__global__ void scaleAdd(const float* a, const float* b, float* out, std::size_t n)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = a[i] * kScaleA + b[i] * kScaleB;
}

__global__ void scaleOnly(const float* a, float* out, std::size_t n)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = a[i] * kScaleA;
}

int g_calls = 0;

} // namespace

void launchScaleAdd(const float* a, const float* b, float* out, std::size_t n, cudaStream_t stream)
{
    constexpr unsigned kBlock = 256;
    const unsigned blocks = unsigned((n + kBlock - 1) / kBlock);
    if (++g_calls <= 3)
        scaleAdd<<<blocks, kBlock, 0, stream>>>(a, b, out, n);
    else
        scaleOnly<<<blocks, kBlock, 0, stream>>>(a, out, n);
}
