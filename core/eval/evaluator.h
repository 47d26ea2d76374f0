// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/genes.h"
#include "domain/node.h"
#include "target/target_config.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace phylo {

/// What one evaluation found. Succeeded: samples and metric are set. Failed: failure and detail are.
struct EvaluationOutcome {
    NodeStatus status = NodeStatus::Failed;
    FailureReason failure = FailureReason::None;
    std::string detail;
    std::vector<double> samples;
    std::optional<double> metric; ///< median of samples
    std::string log; ///< bounded: the last lines of each step's output
    bool cancelled = false; ///< stopped by the user: not a result, evaluate it again later
    bool suspicious = false; ///< the plausibility guard fired; the metric is the re-check's
    bool buildCached = false;
    double startedAt = 0;
    double finishedAt = 0;
    Placement placement; ///< where it ran (the evaluator sets host and GPU; a backend adds itself and its job)
};

/**
 * The command-mode evaluator: for one candidate, makes a fresh scratch copy of the target
 * with the candidate's files written in, builds it, runs the correctness check with a fresh
 * PHYLO_SEED, then times `repeat` runs and takes the median itself. Each step is a child
 * process with its own time limit (see runProcess). Thread-safe: evaluate() may run
 * concurrently, each call in its own scratch dir.
 */
class BuildCache;
class GpuPool;
class StepExecutor;

/// What an evaluation may ask of the session around it.
struct EvaluationHooks {
    const std::atomic<bool>* cancel = nullptr;
    std::optional<double> baselineMetric; ///< for the plausibility guard's speedup limit
    /// True if METRIC would make the candidate the session's best: then memcheck runs first.
    std::function<bool(double metric)> beatsBest;
    /// A backend tells where an evaluation is placed as soon as it knows (a job submitted): the session
    /// records it at once, so that a resumed run can adopt the job. Called on a worker thread.
    std::function<void(NodeId, const Placement&)> placed;
    /// True once the user pruned the node's subtree: a backend may stop its job; the node is not scored.
    std::function<bool(NodeId)> withdrawn;
};

/// For a backend whose steps run elsewhere (a cluster job): where the candidate's scratch copy goes, and
/// what runs the steps there.
struct RemoteSteps {
    std::filesystem::path scratchRoot; ///< a directory the job's host sees too (the shared dir)
    bool buildInJob = false; ///< build in the job (no usable compiler here); else here, with the build cache
    std::function<std::unique_ptr<StepExecutor>(const std::filesystem::path& scratch)> executor;
};

/// A candidate's own code, when it is not the target's: the files to write into its scratch copy, and the
/// session's ideas (which the genes index) for its defines.
struct CandidateCode {
    std::vector<Idea> ideas;
    std::map<std::string, std::string> files;
    int repeat = 0; ///< timed runs; 0: the target's `repeat` (an era commit's re-measurement takes more)
};

class Evaluator {
public:
    struct Options {
        std::filesystem::path scratchRoot;
        std::vector<std::filesystem::path> skip; ///< paths never copied into scratch (e.g. the session file)
        bool keepScratch = false;
        size_t logBytesPerStep = 8 * 1024;
        std::filesystem::path harnessDir; ///< {harness}: the CUDA harness sources
        const BuildCache* cache = nullptr; ///< optional
        GpuPool* gpus = nullptr; ///< required for GPU targets
        std::string sanitizer; ///< compute-sanitizer's path; empty: no memcheck
    };

    Evaluator(const TargetConfig& target, std::map<std::string, std::string> baseFiles, Options options);

    /// CODE (optional) replaces the target's files and ideas for this candidate. REMOTE (optional): the check and
    /// timed runs (and the build, if it says so) run through its executor; the statistics and failure reasons
    /// are still decided here, from the steps' raw results.
    EvaluationOutcome evaluate(NodeId id, const Genes& genes, const EvaluationHooks& hooks = {},
        const CandidateCode* code = nullptr, const RemoteSteps* remote = nullptr) const;

    const TargetConfig& target() const { return m_target; }
    const Options& options() const { return m_options; }

    const std::map<std::string, std::string>& baseFiles() const { return m_baseFiles; }

private:
    const TargetConfig& m_target;
    std::map<std::string, std::string> m_baseFiles;
    Options m_options;
};

/// This host's name (gethostname), empty if unknown.
std::string localHostName();

/// Reads the target's editable files (the baseline code). Throws UserError if one cannot be read.
std::map<std::string, std::string> readTargetFiles(const TargetConfig& target);

} // namespace phylo
