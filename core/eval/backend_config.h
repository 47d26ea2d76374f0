// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace phylo {

/**
 * Where evaluations run: the [backend] table of phylo.toml or of the user's backend.toml, and
 * `phylo run --backend`. docs/target-format.md documents every key.
 */
struct BackendConfig {
    std::string kind; ///< "local", "local-gpus" or "slurm"; empty: local-gpus for GPU targets, else local
    std::vector<std::string> devices; ///< local, local-gpus: CUDA device indices; empty: every visible GPU
    std::optional<int> jobs; ///< evaluations in flight when --jobs does not say
    // slurm
    std::filesystem::path sharedDir; ///< absolute: job dirs and results, seen by this host and the nodes
    std::string partition;
    std::string account;
    std::string timeLimit; ///< sbatch --time; empty: the job's steps' limits plus a minute
    std::optional<int> gpus; ///< --gres=gpu:N (only when N > 0); unset: 1 for GPU targets, else 0
    std::vector<std::string> sbatchArgs; ///< more sbatch options, as they are
    double pollS = 2; ///< how often squeue/sacct are asked (once for every job in flight)
    std::string compile = "auto"; ///< "auto", "here" (the submitting host) or "job"
    int requeue = 2; ///< resubmissions after preemption, node failure or a lost job
    std::filesystem::path jobExec; ///< the `phylo` the jobs run; empty: this executable
};

/** Where loadBackendConfig looks; later sources override earlier ones key by key. */
struct BackendConfigSources {
    /// nullopt: $PHYLO_BACKEND_CONFIG (then it must exist), else $XDG_CONFIG_HOME/phyloevolve/backend.toml or
    /// ~/.config/phyloevolve/backend.toml when present. An empty path: no user file.
    std::optional<std::filesystem::path> userFile;
    std::filesystem::path targetToml; ///< its [backend] table, if any; empty: none
    std::string kind; ///< --backend; empty: none
};

/// Validates a [backend] table (SOURCE names it in messages); throws UserError naming the file, line and key.
void checkBackendTable(const toml::table& table, const std::string& source);

/// The user's file, then phylo.toml's [backend], then --backend. Throws UserError naming the file and key.
BackendConfig loadBackendConfig(const BackendConfigSources& sources);

} // namespace phylo
