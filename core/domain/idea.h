// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
