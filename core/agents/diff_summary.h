// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace phylo {

/**
 * A short summary of what changed from BEFORE to AFTER (path -> content), for the agents' trajectories:
 * for each changed file (in path order) a line "path: +A -R lines", then the changed lines in order, each
 * as "- old" or "+ new" with its indentation removed and clipped to 120 characters. Blank changed lines
 * are counted but not listed. At most MAX_CHARS characters: when more would be needed, the listing stops
 * at a line boundary and ends with "[... N more changed lines]". "no change" when nothing differs.
 * Lines are matched by a longest-common-subsequence diff after the common head and tail are removed (a
 * change over more than 4 million line pairs counts every middle line as removed and added).
 */
std::string diffSummary(const std::map<std::string, std::string>& before,
    const std::map<std::string, std::string>& after, std::size_t maxChars);

} // namespace phylo
