// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"
#include "eval/process_runner.h"
#include "eval/step_runner.h"

#include <string>
#include <vector>

namespace phylo {

/// What a batch of steps came back with. The results are raw: the evaluator classifies them.
struct StepBatch {
    std::vector<ProcessResult> results; ///< one per step run, in order; none after the first that did not succeed
    FailureReason failure = FailureReason::None; ///< the backend's own failure (the job, not the candidate)
    std::string detail;
    bool cancelled = false; ///< stopped by the user: not a result
};

/**
 * Where an evaluation's steps run: here (LocalStepExecutor) or in a cluster job (SlurmStepExecutor).
 * Either way they run through a StepRunner, in order, each under its own time limit, stopping after the
 * first that does not succeed; RUNNER is the evaluation's own, which keeps the log.
 */
class StepExecutor {
public:
    virtual ~StepExecutor() = default;
    virtual StepBatch run(const std::vector<StepRequest>& steps, StepRunner& runner) = 0;
};

/// Runs the steps in this process's children.
class LocalStepExecutor final : public StepExecutor {
public:
    StepBatch run(const std::vector<StepRequest>& steps, StepRunner& runner) override;
};

} // namespace phylo
