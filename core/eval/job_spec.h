// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eval/process_runner.h"
#include "eval/step_runner.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace phylo {

/// What a cluster job runs (spec.json in its job dir): the steps, in the candidate's scratch copy.
struct JobSpec {
    std::filesystem::path workDir; ///< the scratch copy, in the shared dir
    Environment env; ///< every step's environment (the ideas' PHYLO_* variables)
    std::uint64_t memoryBytes = 0;
    size_t logBytes = 8 * 1024;
    std::vector<StepRequest> steps;
};

/// What the job's trusted runner found (result.json): raw step results, nothing judged.
struct JobResult {
    std::string host;
    std::string jobId;
    std::string gpu; ///< CUDA_VISIBLE_DEVICES in the job
    std::vector<ProcessResult> results;
    std::string log; ///< the runner's bounded log of the steps
};

std::string jobSpecToJson(const JobSpec& spec);
JobSpec jobSpecFromJson(const std::string& text); ///< throws std::runtime_error
std::string jobResultToJson(const JobResult& result);
JobResult jobResultFromJson(const std::string& text); ///< throws std::runtime_error

/// Reads a whole file; nullopt if it cannot be read.
std::optional<std::string> readWholeFile(const std::filesystem::path& path);
/// Writes TEXT to PATH atomically (a temp file in the same dir, then rename): a reader sees all of it or none.
void writeFileAtomically(const std::filesystem::path& path, const std::string& text);

} // namespace phylo
