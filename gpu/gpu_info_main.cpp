// SPDX-License-Identifier: GPL-3.0-or-later
// phylo-gpu-info: prints the CUDA devices as JSON on stdout; exits 1 with a message on stderr when there is none.
#include "device_info.h"
#include "device_info_json.h"

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::puts("Usage: phylo-gpu-info\n"
                      "Prints the CUDA devices (name, compute capability, SMs, memory, L2, clocks, peak memory\n"
                      "bandwidth, driver and runtime versions) as JSON. Exit status 1 when no device is usable;\n"
                      "2 when a device is present but a kernel from this build did not run on it.");
            return 0;
        }
        std::fprintf(stderr, "phylo-gpu-info: unknown argument '%s' (try --help)\n", argv[i]);
        return 2;
    }

    std::string error;
    const std::vector<phylo::gpu::DeviceInfo> devices = phylo::gpu::queryDevices(&error);
    if (devices.empty()) {
        std::fprintf(stderr, "phylo-gpu-info: no usable CUDA device: %s\n", error.c_str());
        return 1;
    }
    std::fputs(phylo::gpu::devicesToJson(devices).c_str(), stdout);
    for (const phylo::gpu::DeviceInfo& device : devices) {
        if (!device.probeKernelRan) {
            std::fprintf(stderr, "phylo-gpu-info: device %d (%s): %s\n", device.index, device.name.c_str(),
                device.probeError.c_str());
            return 2;
        }
    }
    return 0;
}
