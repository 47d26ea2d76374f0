// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"
#include "eval/process_runner.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace phylo {

using Environment = std::vector<std::pair<std::string, std::string>>;

/// One step of an evaluation: a command line, its time limit, and what it adds to the environment.
struct StepRequest {
    std::string label; ///< "build", "check", "run 2/5", "memcheck"
    std::string command;
    double timeoutS = 60;
    Environment env;
};

/**
 * Runs the steps of one evaluation (build, check, runs, memcheck) in its scratch dir, each as
 * a child process under its own time limit, and keeps a bounded log of what each printed.
 */
class StepRunner {
public:
    StepRunner(std::filesystem::path dir, Environment env, std::uint64_t memoryBytes, size_t logBytes,
        const std::atomic<bool>* cancel);

    /// NICENESS above 0 runs the step below the others (compiles: the timed runs get the CPU first).
    ProcessResult run(const std::string& label, const std::string& command, double timeoutS,
        const Environment& extraEnv = {}, int niceness = 0);
    /// Runs STEPS in order, stopping after the first that does not succeed; one result per step run.
    std::vector<ProcessResult> runAll(const std::vector<StepRequest>& steps);
    /// Adds to the environment of every later step (e.g. CUDA_VISIBLE_DEVICES once a GPU is leased).
    void addEnvironment(const std::string& name, const std::string& value) { m_env.emplace_back(name, value); }
    void note(const std::string& line) { m_log += line + "\n"; }
    std::string takeLog() { return std::move(m_log); }
    /// Appends TEXT (another runner's log: a cluster job's) as it is.
    void appendLog(const std::string& text) { m_log += text; }

    const std::filesystem::path& dir() const { return m_dir; }
    const Environment& environment() const { return m_env; }
    std::uint64_t memoryBytes() const { return m_memoryBytes; }
    size_t logBytes() const { return m_logBytes; }

private:
    std::filesystem::path m_dir;
    Environment m_env;
    std::uint64_t m_memoryBytes;
    size_t m_logBytes;
    const std::atomic<bool>* m_cancel;
    std::string m_log;
};

/// Maps a step's process result to a failure (None if it succeeded or was cancelled).
FailureReason classifyStep(const ProcessResult& result, FailureReason failed, FailureReason crashed, FailureReason timedOut);

/// The last non-empty line of TEXT, at most 300 characters: a one-line failure detail.
std::string lastLine(const std::string& text);

/// A fresh random PHYLO_SEED value: check inputs must be unpredictable, not reproducible.
std::string freshSeed();

} // namespace phylo
