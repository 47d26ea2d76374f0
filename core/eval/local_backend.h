// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eval/evaluation_backend.h"
#include "eval/gpu_pool.h"

#include <memory>
#include <string>
#include <vector>

namespace phylo {

/**
 * Evaluates on this host, in child processes of this one. GPU targets run their checks and timed runs
 * on one GPU (the first of DEVICES; none: whatever the process sees), one candidate at a time, while
 * builds go on in parallel.
 */
class LocalBackend : public EvaluationBackend {
public:
    LocalBackend(const TargetConfig& target, std::map<std::string, std::string> baseFiles, Evaluator::Options options,
        std::vector<std::string> devices);

    std::string name() const override { return "local"; }
    std::string describe() const override;
    int defaultJobs() const override;
    const Evaluator& evaluator() const override { return m_evaluator; }
    EvaluationOutcome evaluate(const EvaluationRequest& request, const EvaluationHooks& hooks) override;

protected:
    /// For MultiGpuBackend: one runner per device in DEVICES.
    LocalBackend(const TargetConfig& target, std::map<std::string, std::string> baseFiles, Evaluator::Options options,
        std::vector<std::string> devices, bool everyDevice);
    const GpuPool* gpus() const { return m_gpus.get(); }

private:
    static Evaluator::Options withPool(Evaluator::Options options, GpuPool* pool);

    std::unique_ptr<GpuPool> m_gpus;
    Evaluator m_evaluator;
};

} // namespace phylo
