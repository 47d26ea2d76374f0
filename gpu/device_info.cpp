// SPDX-License-Identifier: GPL-3.0-or-later
#include "device_info.h"

#include "probe_kernel.h"

#include <cuda_runtime_api.h>
#include <utility>

namespace phylo::gpu {
namespace {

    std::string describe(const char* step, cudaError_t status)
    {
        return std::string(step) + " failed: " + cudaGetErrorName(status) + " (" + cudaGetErrorString(status) + ")";
    }

    void setError(std::string* error, std::string message)
    {
        if (error)
            *error = std::move(message);
    }

    // Attributes rather than cudaDeviceProp fields: CUDA 13 removed clockRate and memoryClockRate from the struct.
    cudaError_t readAttributes(int index, DeviceInfo& info)
    {
        struct Wanted
        {
            cudaDeviceAttr attribute;
            int* target;
        };
        int l2Bytes = 0;
        const Wanted wanted[] = {
            { cudaDevAttrComputeCapabilityMajor, &info.computeMajor },
            { cudaDevAttrComputeCapabilityMinor, &info.computeMinor },
            { cudaDevAttrMultiProcessorCount, &info.smCount },
            { cudaDevAttrL2CacheSize, &l2Bytes },
            { cudaDevAttrMemoryClockRate, &info.memoryClockKHz },
            { cudaDevAttrGlobalMemoryBusWidth, &info.memoryBusWidthBits },
            { cudaDevAttrClockRate, &info.smClockKHz },
        };
        for (const Wanted& w : wanted) {
            if (const cudaError_t status = cudaDeviceGetAttribute(w.target, w.attribute, index); status != cudaSuccess)
                return status;
        }
        info.l2Bytes = static_cast<std::uint64_t>(l2Bytes);
        return cudaSuccess;
    }

} // namespace

std::string formatCudaVersion(int version)
{
    return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

double peakBandwidthGBps(int memoryClockKHz, int busWidthBits)
{
    const double bytesPerSecond = 2.0 * memoryClockKHz * 1000.0 * (busWidthBits / 8.0);
    return bytesPerSecond / 1e9;
}

std::vector<DeviceInfo> queryDevices(std::string* error)
{
    int driverVersion = 0;
    int runtimeVersion = 0;
    cudaDriverGetVersion(&driverVersion); // leaves 0 when no driver is installed
    cudaRuntimeGetVersion(&runtimeVersion);
    if (driverVersion == 0) {
        setError(error,
            "no CUDA driver found (libcuda.so is not installed or not loadable); CUDA runtime "
                + formatCudaVersion(runtimeVersion));
        return {};
    }

    int count = 0;
    if (const cudaError_t status = cudaGetDeviceCount(&count); status != cudaSuccess) {
        setError(error,
            describe("cudaGetDeviceCount", status) + "; driver " + formatCudaVersion(driverVersion) + ", runtime "
                + formatCudaVersion(runtimeVersion));
        return {};
    }
    if (count == 0) {
        setError(error, "the CUDA driver reports no device");
        return {};
    }

    std::vector<DeviceInfo> devices;
    devices.reserve(static_cast<std::size_t>(count));
    for (int index = 0; index < count; ++index) {
        DeviceInfo info;
        info.index = index;
        info.driverVersion = driverVersion;
        info.runtimeVersion = runtimeVersion;
        cudaDeviceProp props {};
        if (const cudaError_t status = cudaGetDeviceProperties(&props, index); status != cudaSuccess) {
            setError(error, describe("cudaGetDeviceProperties", status));
            return {};
        }
        info.name = props.name;
        info.memoryBytes = props.totalGlobalMem;
        if (const cudaError_t status = readAttributes(index, info); status != cudaSuccess) {
            setError(error, describe("cudaDeviceGetAttribute", status));
            return {};
        }
        info.peakMemoryBandwidthGBps = peakBandwidthGBps(info.memoryClockKHz, info.memoryBusWidthBits);
        info.probeError = runProbeKernel(index);
        info.probeKernelRan = info.probeError.empty();
        devices.push_back(std::move(info));
    }
    return devices;
}

} // namespace phylo::gpu
