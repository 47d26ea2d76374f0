// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/file_edit.h"

#include <cstdint>
#include <string>
#include <vector>

namespace phylo {

/**
 * An optimization idea: a gene of the search. A switch (no values) is on or off;
 * a variant gene is off or one of its values. Off is always the baseline.
 */
struct Idea {
    std::string name;
    std::string description;
    std::vector<std::string> values; ///< empty: an on/off switch
    /// Code ideas (an LLM's): for each on-state, the SEARCH/REPLACE edits that implement it, written
    /// against the code of BASE_NODE (0: the original). Empty for a setting idea, which reaches the
    /// commands as -DNAME=VALUE and PHYLO_NAME instead.
    std::vector<std::vector<FileEdit>> edits {};
    std::string origin = "target"; ///< "target" (phylo.toml), "proposer", "mutator", "repairer", "rethinker"
    std::string rationale {}; ///< why the agent expected it to help
    std::int64_t baseNode = 0; ///< the node whose code the edits were written against (0: the original)
    int era = 0; ///< the era it was introduced in
    bool retired = false; ///< dropped at a rethink: no longer searched

    /// True for a code idea (its states are edits, not defines).
    bool isCode() const { return !edits.empty(); }

    bool isSwitch() const { return values.empty(); }
    /// Number of "on" states: 1 for a switch, else the number of values.
    int onStates() const { return isSwitch() ? 1 : static_cast<int>(values.size()); }
    /// The state's value as it reaches the commands ("1" for a switch).
    std::string valueText(int state) const;
    /// NAME as used in -DNAME=VALUE and PHYLO_NAME: upper-cased.
    std::string macroName() const;
};

/// True if NAME can become a macro and an environment variable: [A-Za-z_][A-Za-z0-9_]*.
bool isValidIdeaName(const std::string& name);

} // namespace phylo
