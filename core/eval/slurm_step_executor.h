// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/placement.h"
#include "eval/backend_config.h"
#include "eval/evaluator.h"
#include "eval/job_spec.h"
#include "eval/slurm_job_monitor.h"
#include "eval/step_executor.h"

#include <filesystem>
#include <optional>
#include <string>

namespace phylo {

/// What every job of one session shares.
struct SlurmJobContext {
    const SlurmClient& client;
    SlurmJobMonitor& monitor;
    const BackendConfig& config;
    std::filesystem::path jobExec; ///< the `phylo` whose hidden `job-exec` runs the steps in the job
    std::string jobName; ///< "phylo-<target>"
    int gpus = 0; ///< --gres=gpu:N
    bool keepJobDirs = false;
};

/**
 * Runs one evaluation's batches of steps as SLURM jobs: writes the steps (spec.json) into a fresh job
 * dir under NODE_DIR in the shared dir, submits `phylo job-exec DIR` with sbatch, reports the job id at
 * once (hooks.placed), follows it through the monitor and reads the raw results from result.json.
 * STOP (hooks.cancel) or a prune (hooks.withdrawn) cancels the job with scancel. A job preempted, failed
 * with its node or lost is submitted again (BackendConfig::requeue times), then it is a failure; a job
 * cancelled by someone else or stopped by its time limit is a failure at once. Never a score.
 * A job SLURM requeues itself (PreemptMode=REQUEUE, a failed node: the same job id is PENDING again,
 * squeue's RestartCnt grows) is followed, not submitted again; each of its runs counts against the same
 * `requeue` budget, and past it the job is cancelled and the evaluation fails with how its last run
 * ended (job preempted, node failure). A run cut short writes no result, so only a whole run is read.
 * ADOPT_JOB: a job an interrupted run submitted for this node: adopted, if it is still queued, running
 * or done, instead of submitting again.
 */
class SlurmStepExecutor final : public StepExecutor {
public:
    SlurmStepExecutor(const SlurmJobContext& context, NodeId node, std::filesystem::path nodeDir,
        const EvaluationHooks& hooks, std::string adoptJob, Placement& placement);

    StepBatch run(const std::vector<StepRequest>& steps, StepRunner& runner) override;

private:
    struct Job {
        std::string id;
        std::filesystem::path dir;
    };
    /// How waiting for a job ended.
    struct Waited {
        std::optional<JobResult> result;
        SlurmJobState state; ///< the last state seen (finished, or Unknown: lost)
        bool stopped = false; ///< the session stops: cancelled by us, run again later
        bool withdrawn = false; ///< pruned: cancelled by us, never scored
        /// SLURM requeued it more often than RESTARTS_ALLOWED: cancelled by us; STATE is its last run's record
        bool requeuedTooOften = false;
    };

    std::optional<Job> adopt(const std::vector<StepRequest>& steps);
    Job submit(const std::vector<StepRequest>& steps, const StepRunner& runner);
    /// Follows JOB until it has a result or ends; RESTARTS_ALLOWED: SLURM's own requeues it may take.
    Waited wait(const Job& job, int restartsAllowed, StepRunner& runner);
    void placed(const Job& job);
    std::string outputTail(const Job& job) const;
    void cleanUp(const Job& job) const;

    const SlurmJobContext& m_context;
    NodeId m_node;
    std::filesystem::path m_nodeDir;
    const EvaluationHooks& m_hooks;
    std::string m_adoptJob;
    Placement& m_placement;
};

} // namespace phylo
