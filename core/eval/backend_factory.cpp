// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/backend_factory.h"

#include "eval/local_backend.h"
#include "eval/multi_gpu_backend.h"
#include "eval/slurm_backend.h"

namespace phylo {

std::unique_ptr<EvaluationBackend> makeBackend(const BackendConfig& config, const TargetConfig& target,
    std::map<std::string, std::string> baseFiles, Evaluator::Options options, const std::string& sessionKey)
{
    const std::string kind = config.kind.empty() ? (target.usesGpu() ? "local-gpus" : "local") : config.kind;
    if (kind == "slurm")
        return std::make_unique<SlurmBackend>(target, std::move(baseFiles), std::move(options), config, sessionKey);
    if (kind == "local-gpus")
        return std::make_unique<MultiGpuBackend>(target, std::move(baseFiles), std::move(options), config.devices);
    return std::make_unique<LocalBackend>(target, std::move(baseFiles), std::move(options), config.devices);
}

} // namespace phylo
