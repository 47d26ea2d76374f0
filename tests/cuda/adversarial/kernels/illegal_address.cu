// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "illegal_address": a kernel that faults.
//
// The bug: the kernel stages its results in a scratch buffer that was never allocated (the
// pointer is still null), so every thread writes to an unmapped address near 0. The GPU raises
// "an illegal memory access was encountered"; from then on the CUDA context is unusable until the
// process exits.
//
// Why it is caught: the harness checks for CUDA errors after each launch and synchronize, prints
// failure "cuda error" with the error text in its detail, and exits 1: the check fails with reason
// "cuda error". Only that process dies; the evaluator starts a fresh one for the next candidate.
#include "workload.h"

namespace {

float* g_scratch = nullptr; // the bug: should have been cudaMalloc'd

__global__ void scaleAddViaScratch(const float* a, const float* b, float* out, float* scratch, std::size_t n)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) {
        scratch[i] = a[i] * kScaleA + b[i] * kScaleB; // writes through a null pointer
        out[i] = scratch[i];
    }
}

} // namespace

void launchScaleAdd(const float* a, const float* b, float* out, std::size_t n, cudaStream_t stream)
{
    constexpr unsigned kBlock = 256;
    scaleAddViaScratch<<<unsigned((n + kBlock - 1) / kBlock), kBlock, 0, stream>>>(a, b, out, g_scratch, n);
}
