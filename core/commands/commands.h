// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/session_runner.h"

#include <filesystem>
#include <string>

namespace phylo {

/// Exit statuses of the `phylo` commands.
enum ExitStatus : int {
    kExitOk = 0,
    kExitFailed = 1, ///< the work could not be done (e.g. the baseline failed)
    kExitUsage = 2, ///< bad input: one clear message, nothing written
    kExitInterrupted = 130,
};

/// What `phylo report` writes.
struct ReportOptions {
    std::filesystem::path db;
    std::filesystem::path out; ///< the report (.html or .md); empty: none
    std::string format; ///< "html" or "md"; empty: from OUT's extension
    std::filesystem::path patch; ///< the winning modification as a unified diff; empty: none
};

/// `phylo run`: runs or resumes a session, with a progress display on stderr.
int runCommand(const RunOptions& options);
/// `phylo export`: prints the session in FORMAT (only "json" for now) to stdout.
int exportCommand(const std::filesystem::path& db, const std::string& format, bool withLogs = false);
/// `phylo steer`: records a steering command in the session file for the running session to apply.
int steerCommand(const std::filesystem::path& db, const std::string& command, const std::string& argument);
/// `phylo show`: prints a readable summary of the session to stdout.
int showCommand(const std::filesystem::path& db);
/// `phylo report`: writes an HTML or Markdown report of the session and/or its winning patch.
int reportCommand(const ReportOptions& options);

} // namespace phylo
