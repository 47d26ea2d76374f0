// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/multi_gpu_backend.h"

#include <algorithm>

namespace phylo {

MultiGpuBackend::MultiGpuBackend(const TargetConfig& target, std::map<std::string, std::string> baseFiles,
    Evaluator::Options options, std::vector<std::string> devices)
    : LocalBackend(target, std::move(baseFiles), std::move(options),
          devices.empty() && target.usesGpu() ? GpuPool::detectDevices() : std::move(devices), true)
{
}

int MultiGpuBackend::defaultJobs() const
{
    // Enough workers that every GPU has a candidate while the next ones build.
    const int runners = gpus() ? static_cast<int>(gpus()->size()) : 1;
    return std::max(LocalBackend::defaultJobs(), 2 * runners);
}

} // namespace phylo
