// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/report_data.h"

#include <map>
#include <string>
#include <vector>

namespace phylo {

class SearchHistory;
class SessionStore;

/// NODE's code as it was measured: the merger's code if it has one, else its ideas' edits; with its settings
/// block (nodeCode, withSettingsBlock).
std::map<std::string, std::string> measuredCode(const SessionStore& store, const Node& node,
    const std::vector<Idea>& ideas, const std::map<std::string, std::string>& targetFiles);

/**
 * The path from the root to BEST following first parents, root first: each step's gene changes, the
 * ideas behind them (description, origin, rationale), its speedup and step gain, and the diff of its
 * code against its parent's.
 */
std::vector<PathStep> pathToBest(const SessionStore& store, const SearchHistory& history, const Node& best);

/// How many lines of a step's diff the reports show (the rest is counted, not printed).
constexpr size_t kStepDiffLines = 400;

/// The first MAX_LINES lines of DIFF; OMITTED is set to the number of lines left out.
std::string diffExcerpt(const std::string& diff, size_t maxLines, size_t& omitted);

} // namespace phylo
