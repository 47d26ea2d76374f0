// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the process runner: the code that runs in the forked supervisor and command
// children. Everything here runs after fork() of a multi-threaded parent, so it may only
// make async-signal-safe calls: no allocation, no locks, no C++ library beyond plain data.

#include <cstdint>
#include <sys/types.h>

namespace phylo::detail {

/** Everything the supervisor needs, prepared by the parent before fork. */
struct SupervisorArgs
{
    pid_t parentPid = 0; ///< to detect that the parent died before PR_SET_PDEATHSIG took
    int statusFd = -1; ///< write end of the status pipe (StatusMessage records)
    int outputFd = -1; ///< write end of the output pipe: the command's stdout and stderr
    const char* workDir = nullptr; ///< nullptr: stay in the parent's directory
    char* const* argv = nullptr; ///< {"sh", "-c", command, nullptr}
    char* const* envp = nullptr;
    std::uint64_t memoryLimitBytes = 0;
    int niceness = 0;
    long killGraceMs = 500;
};

enum class StatusTag : std::int32_t {
    Started = 1, ///< value: pid (and process group) of the command child
    SetupFailed = 2, ///< value: SetupStage, extra: errno
    Finished = 3, ///< value: wait status of the command child, extra: 1 if it ended on its own
};

enum class SetupStage : std::int32_t {
    Fork = 1,
    Redirect,
    MemoryLimit,
    WorkDir,
    Exec,
};

/// Fixed-size record: a pipe write of at most PIPE_BUF bytes is atomic, so records from
/// the supervisor and the command child never interleave.
struct StatusMessage
{
    std::int32_t tag;
    std::int32_t value;
    std::int32_t extra;
};

/// Body of the supervisor child: starts the command, waits for it or for SIGTERM, then
/// kills and reaps everything the command left behind. Never returns.
[[noreturn]] void runSupervisor(const SupervisorArgs& args);

/// fork() without atfork handlers: the child of a multi-threaded process must not run
/// library code that may take locks held by other threads.
pid_t forkNoHandlers();

} // namespace phylo::detail
