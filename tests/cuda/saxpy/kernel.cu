// SPDX-License-Identifier: GPL-3.0-or-later
// The editable kernel of the saxpy test target: a straightforward, correct baseline.
#include "phylo_harness.h"

#include <cstddef>

namespace {

__global__ void saxpyKernel(const float* __restrict__ x, const float* __restrict__ a, const float* __restrict__ b,
    float* __restrict__ y, std::size_t n)
{
    const float scale = *a;
    const float offset = *b;
    for (std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += std::size_t(gridDim.x) * blockDim.x)
        y[i] = scale * x[i] + offset;
}

} // namespace

void saxpyLaunch(const phylo::harness::Arrays& inputs, const phylo::harness::Arrays& outputs, cudaStream_t stream)
{
    const auto& x = inputs.get("x");
    const std::size_t n = x.count;
    constexpr int threads = 256;
    const int blocks = static_cast<int>((n + threads - 1) / threads);
    saxpyKernel<<<blocks, threads, 0, stream>>>(x.as<float>(), inputs.ptr<float>("a"), inputs.ptr<float>("b"),
        outputs.ptr<float>("y"), n);
}
