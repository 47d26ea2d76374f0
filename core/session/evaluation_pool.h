// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"
#include "eval/evaluation_backend.h"

#include <atomic>
#include <functional>
#include <vector>

namespace phylo {

/**
 * Runs a batch of evaluations on up to JOBS worker threads (each evaluation in its own
 * scratch dir and child processes) and hands every start and result back on the calling
 * thread, in the order they happen, so that one thread alone owns the session file.
 */
class EvaluationPool {
public:
    struct Task {
        NodeId id;
        Genes genes;
        std::shared_ptr<const CandidateCode> code; ///< null: the target's files and ideas
        Placement previous; ///< where an interrupted run placed it (a job to adopt)
    };
    using Started = std::function<void(NodeId)>;
    using Finished = std::function<void(NodeId, EvaluationOutcome)>;
    /// Asked (on a worker thread) before a task starts: true leaves it unstarted, still pending.
    using Hold = std::function<bool(NodeId)>;
    /// Called on the calling thread at least every 200 ms while the batch runs.
    using Tick = std::function<void()>;
    /// Where an evaluation was placed (a job submitted), handed over on the calling thread.
    using Placed = std::function<void(NodeId, const Placement&)>;

    EvaluationPool(EvaluationBackend& backend, int jobs);

    /// Blocks until every task has finished (or was cancelled through CANCEL). HOOKS go to every
    /// evaluation (with CANCEL as their cancel flag); they must be safe to call from worker threads.
    void run(const std::vector<Task>& tasks, const std::atomic<bool>& cancel, const EvaluationHooks& hooks,
        const Started& started, const Finished& finished, const Hold& hold = {}, const Tick& tick = {},
        const Placed& placed = {});

private:
    EvaluationBackend& m_backend;
    int m_jobs;
};

} // namespace phylo
