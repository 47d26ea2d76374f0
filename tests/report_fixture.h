// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace phylo::test {

/**
 * A session file written directly through SessionStore (no evaluation runs), shaped like an agents'
 * session so the report has every section to show, with numbers known in advance:
 *   node 1 baseline (100, GPU in its log) -> 2 seed +tile=32 (80) -> 3 llm-proposal +vectorize (50)
 *   -> 4 llm-mutation +restrict (40) -> 7 era-commit of 4 (40, era 1) -> 8 crossover with 5, +prefetch,
 *   whose colliding edits the merger combined (32: the best, 3.125x);
 *   node 5 llm-mutation +prefetch alone (90); node 6 +broken, build failed.
 * Plus two steering commands, three LLM calls and one ended era. Returns the target's files.
 */
std::map<std::string, std::string> makeCodeIdeaSession(const std::filesystem::path& db);

/// The merger's code recorded for node 8 (without its settings block).
std::map<std::string, std::string> codeIdeaSessionMergedCode();

} // namespace phylo::test
