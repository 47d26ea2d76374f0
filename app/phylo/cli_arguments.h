// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/commands.h"
#include "session/session_runner.h"

#include <filesystem>
#include <string>

namespace phylo::cli {

/// What the command line asked for, once parsed.
struct Invocation {
    enum class Command { None, Run, Export, Show, Steer, Report, JobExec };
    Command command = Command::None;
    RunOptions run;
    ReportOptions report;
    std::filesystem::path db;
    std::string format = "json";
    bool withLogs = false;
    std::string steerCommand;
    std::string steerArgument;
    std::filesystem::path jobDir; ///< job-exec (hidden): the job dir in the shared dir
    int exitCode = -1; ///< >= 0: parsing already decided (help, version, usage error)
};

/// Parses ARGV; prints help, version or usage errors itself (then exitCode is set).
Invocation parseArguments(int argc, char** argv);

} // namespace phylo::cli
