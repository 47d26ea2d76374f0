// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace phylo {

class SessionObserver;

struct RunOptions {
    std::filesystem::path targetDir;
    std::filesystem::path db;
    int maxEvals = 30; ///< for the whole session, across resumes
    int jobs = 0; ///< 0: one per core
    std::optional<std::uint64_t> seed; ///< new sessions: random if unset; resumes: the stored one
    std::optional<std::string> strategy; ///< "evolve" (default) or "greedy"
    bool offline = false; ///< no LLM calls: the declared ideas alone
    std::string backend; ///< --backend: "local", "local-gpus" or "slurm" (overrides [backend] kind)
    std::string llm; ///< --llm: "key=value,..." or a .toml file overriding the [llm] config (docs/llm.md)
    bool keepScratch = false;
    bool buildCache = true; ///< reuse identical builds across sessions (BuildCache::defaultRoot())
    std::filesystem::path scratchRoot; ///< empty: a private dir under the system temp dir
    std::string commandLine; ///< recorded in the session's run log
};

struct RunResult {
    int exitCode = 0; ///< 0 done, 1 the session could not go on (baseline failed), 130 interrupted
    std::string endReason;
};

/**
 * Runs or resumes one optimization session: validates the target, opens the session file,
 * evaluates the baseline, then asks the strategy for batch after batch and evaluates each in
 * parallel, writing every result as it arrives. Stops at the evaluation budget, when the
 * search has nothing new to propose, or when STOP is raised (in-flight evaluations are
 * cancelled and will run again on resume). Throws UserError for bad input, before writing.
 */
RunResult runSession(const RunOptions& options, SessionObserver& observer, const std::atomic<bool>& stop);

} // namespace phylo
