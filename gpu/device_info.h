// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace phylo::gpu {

/** What the harness needs to know about one CUDA device: identity, size and the memory roofline. */
struct DeviceInfo
{
    int index = 0;
    std::string name;
    int computeMajor = 0;
    int computeMinor = 0;
    int smCount = 0;
    std::uint64_t memoryBytes = 0;
    std::uint64_t l2Bytes = 0;
    int memoryClockKHz = 0;
    int memoryBusWidthBits = 0;
    /** Datasheet peak: 2 transfers per clock (DDR) * clock * bus width / 8, in GB/s (1e9 bytes). */
    double peakMemoryBandwidthGBps = 0.0;
    int smClockKHz = 0;
    /** Versions as CUDA encodes them: 1000 * major + 10 * minor (13000 is 13.0). */
    int driverVersion = 0;
    int runtimeVersion = 0;
    /** True when a kernel from this build ran on the device (the build carries code for its architecture). */
    bool probeKernelRan = false;
    std::string probeError;
};

/**
 * Lists the CUDA devices. Returns an empty list and fills *error (when given) if there is no driver,
 * no device, or the runtime fails; a device whose probe kernel fails is still listed, with probeError set.
 */
std::vector<DeviceInfo> queryDevices(std::string* error);

/** "13.0" for 13000. */
std::string formatCudaVersion(int version);

/** Peak DRAM bandwidth in GB/s from the memory clock (kHz) and bus width (bits), assuming double data rate. */
double peakBandwidthGBps(int memoryClockKHz, int busWidthBits);

} // namespace phylo::gpu
