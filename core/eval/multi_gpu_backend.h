// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eval/local_backend.h"

namespace phylo {

/**
 * Evaluates on this host with one runner per GPU: each candidate's check and timed runs hold one device
 * (CUDA_VISIBLE_DEVICES set to it) and no two candidates share one, while builds go on in parallel.
 * DEVICES: the CUDA indices to use; empty: every GPU nvidia-smi lists (within CUDA_VISIBLE_DEVICES).
 */
class MultiGpuBackend final : public LocalBackend {
public:
    MultiGpuBackend(const TargetConfig& target, std::map<std::string, std::string> baseFiles, Evaluator::Options options,
        std::vector<std::string> devices);

    std::string name() const override { return "local-gpus"; }
    int defaultJobs() const override;
};

} // namespace phylo
