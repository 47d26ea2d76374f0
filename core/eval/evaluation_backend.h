// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/placement.h"
#include "eval/evaluator.h"

#include <string>

namespace phylo {

/// One candidate to evaluate.
struct EvaluationRequest {
    NodeId id = 0;
    const Genes* genes = nullptr;
    const CandidateCode* code = nullptr; ///< null: the target's files and ideas
    Placement previous; ///< where an interrupted run had placed it (a SLURM job a resumed run adopts)
};

/**
 * Where evaluations run: this host (LocalBackend), every GPU of this host (MultiGpuBackend) or a SLURM
 * cluster (SlurmBackend). Whatever runs the steps, the parent process decides failure reasons and takes
 * the statistics from the raw samples (Evaluator). evaluate() is called concurrently from worker threads.
 */
class EvaluationBackend {
public:
    virtual ~EvaluationBackend() = default;
    /// "local", "local-gpus" or "slurm": what Placement::backend says.
    virtual std::string name() const = 0;
    /// One line for the progress display: where evaluations go.
    virtual std::string describe() const = 0;
    /// Evaluations in flight at once when --jobs does not say.
    virtual int defaultJobs() const = 0;
    virtual const Evaluator& evaluator() const = 0;
    virtual EvaluationOutcome evaluate(const EvaluationRequest& request, const EvaluationHooks& hooks) = 0;
};

} // namespace phylo
