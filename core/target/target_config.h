// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace phylo {

enum class MetricDirection { Minimize, Maximize };

/// Where a run's metric comes from.
enum class MetricSource {
    Output, ///< a METRIC line or a JSON object on the run's last line
    Harness, ///< the CUDA harness's JSON line: raw samples the parent summarizes (docs/cuda-targets.md)
};

/// One command template with its time limit.
struct CommandSpec {
    std::string command;
    double timeoutS = 60;
};

/// Parameters of the genetic search ([search] in phylo.toml; every key optional).
struct SearchParams {
    int population = 8;
    int elite = 2;
    int tournament = 3;
    double crossoverRate = 0.9;
    double mutationRate = 0; ///< per gene; 0 = 1.5 / number of ideas
    int stagnation = 4; ///< generations without a new best before backtracking to an ancestor; 0 = never
    int eraEvals = 0; ///< evaluations per era, then commit and rethink; 0 = eras end only by era_stagnation or the user
    int eraStagnation = 0; ///< evaluations of an era without a new best that end it; 0 = never
};

/**
 * A target: a directory with a phylo.toml (docs/target-format.md documents every key).
 * Parsed once, then immutable; the session file keeps its text as a snapshot.
 */
struct TargetConfig {
    std::filesystem::path dir; ///< absolute
    std::string name;
    std::string description;
    std::vector<std::string> files; ///< editable files, relative to dir
    std::vector<std::string> exclude; ///< relative paths not copied into scratch dirs
    std::optional<CommandSpec> build;
    CommandSpec run;
    int repeat = 5;
    std::uint64_t memoryLimitMb = 0; ///< per process; 0 = no limit
    std::string metricName;
    MetricDirection direction = MetricDirection::Minimize;
    MetricSource source = MetricSource::Output;
    /// Harness targets run on a GPU: one timed candidate per GPU at a time; memcheck before promotion.
    bool usesGpu() const { return source == MetricSource::Harness; }
    bool memcheck = true; ///< [check] memcheck: compute-sanitizer before a node becomes the best (GPU targets)
    double plausibleSpeedup = 10; ///< [metric] plausible_speedup: above it a result is re-checked
    std::optional<CommandSpec> check;
    std::vector<Idea> ideas;
    SearchParams search;
    std::string tomlText; ///< the phylo.toml as read
};

/// Reads and validates DIR/phylo.toml; throws UserError naming the file, the key and what was expected.
TargetConfig loadTarget(const std::filesystem::path& dir);

/// Parses phylo.toml text (SOURCE names it in messages); checks files against DIR.
TargetConfig parseTarget(const std::string& tomlText, const std::filesystem::path& dir, const std::string& source);

} // namespace phylo
