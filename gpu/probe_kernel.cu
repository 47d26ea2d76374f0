// SPDX-License-Identifier: GPL-3.0-or-later
#include "probe_kernel.h"

#include <cuda_runtime.h>

namespace phylo::gpu {
namespace {

    constexpr int kProbeThreads = 64;

    __global__ void probeKernel(int* out, int seed)
    {
        const int i = static_cast<int>(threadIdx.x);
        out[i] = seed * i + 1;
    }

    std::string describe(const char* step, cudaError_t status)
    {
        return std::string(step) + ": " + cudaGetErrorName(status) + " (" + cudaGetErrorString(status) + ")";
    }

} // namespace

std::string runProbeKernel(int deviceIndex)
{
    if (const cudaError_t status = cudaSetDevice(deviceIndex); status != cudaSuccess)
        return describe("cudaSetDevice", status);

    int* deviceOut = nullptr;
    if (const cudaError_t status = cudaMalloc(&deviceOut, kProbeThreads * sizeof(int)); status != cudaSuccess)
        return describe("cudaMalloc", status);

    // Poison first so that an unwritten element cannot pass.
    std::string result;
    int hostOut[kProbeThreads];
    const int seed = 7 + deviceIndex;
    cudaError_t status = cudaMemset(deviceOut, 0xff, kProbeThreads * sizeof(int));
    if (status == cudaSuccess) {
        probeKernel<<<1, kProbeThreads>>>(deviceOut, seed);
        status = cudaGetLastError();
        if (status != cudaSuccess)
            result = describe("probe launch", status);
    } else {
        result = describe("cudaMemset", status);
    }
    if (result.empty()) {
        status = cudaMemcpy(hostOut, deviceOut, sizeof(hostOut), cudaMemcpyDeviceToHost);
        if (status != cudaSuccess)
            result = describe("probe result copy", status);
    }
    if (result.empty()) {
        for (int i = 0; i < kProbeThreads; ++i) {
            if (hostOut[i] != seed * i + 1) {
                result = "probe kernel wrote a wrong value at element " + std::to_string(i);
                break;
            }
        }
    }
    cudaFree(deviceOut);
    return result;
}

} // namespace phylo::gpu
