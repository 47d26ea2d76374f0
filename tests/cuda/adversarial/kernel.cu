// SPDX-License-Identifier: GPL-3.0-or-later
// Adversarial case "honest": the control. A plain, correct scale-add, one thread per element,
// launched on the harness's stream. Expected: ok (every other case must fail where this passes).
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
    const unsigned blocks = unsigned((n + kBlock - 1) / kBlock);
    scaleAdd<<<blocks, kBlock, 0, stream>>>(a, b, out, n);
}
