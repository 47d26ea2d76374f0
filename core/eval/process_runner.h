// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace phylo {

/** What to run: one shell command line in a directory, under limits. */
struct ProcessSpec {
    std::string command; ///< run as /bin/sh -c COMMAND
    std::filesystem::path workDir;
    std::vector<std::pair<std::string, std::string>> extraEnv; ///< added to (or overriding) the parent's environment
    std::chrono::milliseconds timeout { 60000 }; ///< zero or less: no time limit
    std::chrono::milliseconds killGrace { 500 }; ///< SIGTERM, then SIGKILL after this long
    std::size_t outputTailBytes = 256 * 1024; ///< bounded tail of stdout+stderr kept in memory
    std::uint64_t memoryLimitBytes = 0; ///< RLIMIT_AS for the command; 0 = no limit
    int niceness = 0; ///< above 0: the command runs at this nice level (below the parent's other children)
};

enum class ExitKind {
    Exited, ///< exited on its own; see exitCode
    Signaled, ///< killed by a signal it did not get from us; see signal
    TimedOut, ///< ran past its timeout and was killed with everything it started
    Cancelled, ///< the cancel flag was raised and it was killed
    SpawnFailed, ///< could not be started; see spawnError
};

struct ProcessResult {
    ExitKind kind = ExitKind::SpawnFailed;
    int exitCode = -1;
    int signal = 0;
    std::string outputTail; ///< the last outputTailBytes of stdout and stderr, interleaved
    std::uint64_t outputBytes = 0; ///< everything it wrote, counted
    std::chrono::milliseconds wallTime { 0 };
    std::chrono::milliseconds timeout { 0 }; ///< the limit it ran into (TimedOut only)
    std::string spawnError;

    bool succeeded() const { return kind == ExitKind::Exited && exitCode == 0; }
    bool outputTruncated() const { return outputBytes > outputTail.size(); }
    /// "exit status 3", "killed by signal 11 (SIGSEGV)", "timed out after 5.0 s", ...
    std::string describe() const;
};

/**
 * Runs an untrusted command in its own session and process group, supervised by a
 * child reaper, so that nothing it starts (forks, daemons, children that ignore SIGTERM)
 * outlives it. Blocks the calling thread until the command and all its descendants are gone.
 * Output is read as it comes and only a bounded tail is kept, so a flood neither blocks
 * the command nor grows memory. Safe to call from several threads at once.
 */
ProcessResult runProcess(const ProcessSpec& spec, const std::atomic<bool>* cancel = nullptr);

} // namespace phylo
