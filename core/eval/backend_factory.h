// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eval/backend_config.h"
#include "eval/evaluation_backend.h"

#include <memory>

namespace phylo {

/// The backend CONFIG names (none: local-gpus for GPU targets, local otherwise), with its own evaluator.
/// SESSION_KEY (the session file's path) keeps the SLURM job dirs of sessions apart.
std::unique_ptr<EvaluationBackend> makeBackend(const BackendConfig& config, const TargetConfig& target,
    std::map<std::string, std::string> baseFiles, Evaluator::Options options, const std::string& sessionKey);

} // namespace phylo
