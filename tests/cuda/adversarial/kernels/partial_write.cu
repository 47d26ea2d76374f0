// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "partial_write": doing half the work.
//
// The trick: write only the first half of out and leave the rest as it was. That is about half
// the memory traffic, so it "runs" almost twice as fast. It passes any evaluator whose output
// buffer still holds a correct result from an earlier launch or from the reference (KernelBench's
// "output lands on the freed reference output" case), and any evaluator that checks only a prefix
// or a sample of the elements.
//
// Why it is caught: the harness poisons every output element with NaN before each launch and
// checks every element; poison left in place is reported as "unwritten output".
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
    const std::size_t half = n / 2; // the cheat: elements [n/2, n) are never written
    scaleAdd<<<unsigned((half + kBlock - 1) / kBlock), kBlock, 0, stream>>>(a, b, out, half);
}
