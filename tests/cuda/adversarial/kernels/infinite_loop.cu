// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "infinite_loop": a kernel that never finishes.
//
// The bug: one thread waits for a flag in global memory that nothing ever sets (a broken
// inter-block handshake, the usual way a hand-written grid synchronization hangs). The read is
// volatile, so the compiler must re-load the flag on every iteration and cannot remove the loop.
// The launch returns at once; the harness hangs in its synchronize, and the process with it.
//
// Why it is caught: the evaluator runs every step in its own process group under a wall-clock
// limit and kills the whole group when it passes. The check is the first step that launches the
// kernel, so the failure is "check timeout"; a hung GPU context dies with its process, and the
// session goes on.
#include "workload.h"

namespace {

__device__ int g_neverSet = 0; // the flag the loop waits for; no code writes it

__global__ void scaleAddThenWait(const float* a, const float* b, float* out, std::size_t n)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = a[i] * kScaleA + b[i] * kScaleB;
    if (i == 0)
        while (*static_cast<volatile int*>(&g_neverSet) == 0) {
        }
}

} // namespace

void launchScaleAdd(const float* a, const float* b, float* out, std::size_t n, cudaStream_t stream)
{
    constexpr unsigned kBlock = 256;
    scaleAddThenWait<<<unsigned((n + kBlock - 1) / kBlock), kBlock, 0, stream>>>(a, b, out, n);
}
