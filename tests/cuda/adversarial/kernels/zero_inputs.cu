// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "zero_inputs": destroying the inputs after use.
//
// The trick: compute the right answer, then overwrite a and b with zeros. One of the three
// cheats KernelBench tests for: an evaluator that computes its reference *after* the candidate,
// from the same device buffers, sees all-zero inputs and an expected output of zero; any output
// then matches a reference computed the same way, and later launches can skip the work.
//
// Why it is caught: the harness keeps its own host copy of each input set, computes the reference
// from that copy, and compares the device inputs against it after the launch: "input modified".
#include "workload.h"

namespace {

__global__ void scaleAdd(const float* a, const float* b, float* out, std::size_t n)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = a[i] * kScaleA + b[i] * kScaleB;
}

} // namespace

void launchScaleAdd(const float* a, const float* b, float* out, std::size_t n, cudaStream_t stream)
{
    constexpr unsigned kBlock = 256;
    scaleAdd<<<unsigned((n + kBlock - 1) / kBlock), kBlock, 0, stream>>>(a, b, out, n);
    // The cheat: the output is correct, but the (const!) inputs are wiped behind the harness's back.
    cudaMemsetAsync(const_cast<float*>(a), 0, n * sizeof(float), stream);
    cudaMemsetAsync(const_cast<float*>(b), 0, n * sizeof(float), stream);
}
