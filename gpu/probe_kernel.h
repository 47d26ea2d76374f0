// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo::gpu {

/**
 * Runs a one-block kernel on the device and checks what it wrote. Returns an empty string on success,
 * otherwise the CUDA error (typically "no kernel image is available" when the build lacks the device's
 * architecture). Changes the current device.
 */
std::string runProbeKernel(int deviceIndex);

} // namespace phylo::gpu
