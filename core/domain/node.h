// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/genes.h"
#include "domain/placement.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace phylo {

using NodeId = std::int64_t;

enum class NodeStatus {
    Pending, ///< scheduled, not yet evaluated (or interrupted: it will be evaluated again)
    Running, ///< being evaluated right now
    Succeeded, ///< built, checked and timed: it has a metric and a speedup
    Failed, ///< evaluated and rejected: it has a reason, never a score
};

/// Why an evaluation failed. Stored as its text; every failed node has one.
enum class FailureReason {
    None,
    SpawnFailed, ///< the scratch dir or a process could not be set up
    BuildFailed,
    BuildTimeout,
    CheckFailed, ///< the correctness gate said no (non-zero exit)
    CheckCrashed,
    CheckTimeout,
    RunFailed, ///< non-zero exit status
    RunCrashed, ///< killed by a signal
    RunTimeout,
    NoMetric, ///< the run printed no metric line or JSON
    BadMetric, ///< the metric is NaN, infinite or not a number
    // Found by the CUDA harness (docs/cuda-targets.md):
    NoCudaDevice,
    CudaError, ///< a CUDA call or kernel failed (illegal address, launch failure, ...)
    WrongResult, ///< an element differs from the float64 reference beyond tolerance
    UnwrittenOutput, ///< an output element still holds the NaN poison written before the launch
    NonFiniteOutput,
    InputModified, ///< the candidate changed its inputs
    TimingMismatch, ///< host wall time far above the harness stream's events: work hidden elsewhere
    HarnessError, ///< the trusted harness itself failed (a bug or a broken bench)
    // Found by the evaluator's promotion gates:
    MemcheckFailed, ///< compute-sanitizer memcheck reported errors before promotion to best
    Implausible, ///< a suspicious result (too fast to be true) did not hold on re-checking
    Pruned, ///< the user pruned its subtree before it was evaluated: never run, never scored
    // Found when a candidate's code is put together from its ideas' edits (never run, never scored):
    EditDidNotApply, ///< a SEARCH block matched nothing (or several places) in the code it was written for
    FileNotEditable, ///< an edit touches a file the target does not declare editable
    MergeConflict, ///< ideas combined by a crossover edit the same code: one's edit no longer applies
    // Found by a cluster backend (SLURM): the job, not the candidate, ended badly. Never scored.
    JobCancelled, ///< someone (not this session) cancelled the job (scancel)
    JobTimeout, ///< the scheduler's time limit ended the job
    JobPreempted, ///< preempted, and still so after the backend's resubmissions
    NodeFailure, ///< the node failed under the job, and still so after the backend's resubmissions
    JobLost, ///< the scheduler no longer knows the job and it left no result
    JobFailed, ///< the job ended without a result (the trusted runner could not start, out of memory, ...)
};

std::string statusText(NodeStatus status);
NodeStatus nodeStatusFromString(const std::string& text);
std::string reasonText(FailureReason reason);
FailureReason failureReasonFromString(const std::string& text);

/**
 * A candidate in the phylogenetic tree: one individual of the search, with its
 * parents, the operator that made it, and (once evaluated) its measurement.
 */
struct Node {
    NodeId id = 0;
    std::int64_t evalIndex = 0; ///< position in the session's deterministic evaluation order
    int generation = 0; ///< batch the search produced it in (0 = the baseline)
    int era = 0;
    std::string op; ///< "baseline", "seed", "crossover", "mutation", "crossover+mutation", "greedy"
    std::vector<NodeId> parents;
    Genes genes;
    std::string geneKey;
    std::string codeHash;
    NodeStatus status = NodeStatus::Pending;
    std::vector<double> samples; ///< every timed run's metric, in order
    std::optional<double> metric; ///< median of samples
    std::optional<double> speedup; ///< over the baseline, > 1 is better
    FailureReason failure = FailureReason::None;
    std::string failureDetail; ///< e.g. "exit status 1", the compiler's last line
    std::string log; ///< bounded tail of the commands' output
    bool suspicious = false; ///< flagged by the plausibility guard (then re-checked before it may be best)
    bool buildCached = false; ///< its binary came from the build cache
    Placement placement; ///< where it ran (backend, host, job id, GPU)
    double createdAt = 0;
    double startedAt = 0;
    double finishedAt = 0;

    bool evaluated() const { return status == NodeStatus::Succeeded || status == NodeStatus::Failed; }
};

} // namespace phylo
