// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>

namespace phylo {

/**
 * The trusted runner inside a cluster job (`phylo job-exec DIR`, hidden): reads DIR/spec.json, runs its
 * steps through a StepRunner (each under its own time limit, its process group killed at the end), stops
 * after the first that does not succeed, and writes the raw results to DIR/result.json atomically. It judges
 * nothing: the session's process classifies the results and takes the statistics. SIGTERM (scancel,
 * the scheduler's time limit) stops the running step; then no result is written. Returns the exit status.
 */
int runJobSteps(const std::filesystem::path& jobDir);

} // namespace phylo
