// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/edit_blocks.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace phylo {

/// EditOutcome::reason when a SEARCH text is not found exactly once, or a block is empty.
inline constexpr const char* kEditDidNotApply = "edit did not apply";
/// EditOutcome::reason when a block names a file that is not one of the target's editable files.
inline constexpr const char* kFileNotEditable = "file not editable";

/// What applyEdits made of a list of edits: the edited files, or why nothing was applied.
struct EditOutcome
{
    bool ok = false;
    std::map<std::string, std::string> files; ///< ok: every input file, edited; else empty
    std::string reason; ///< kEditDidNotApply, kFileNotEditable, or "" when ok
    std::string detail; ///< one line: which block, what went wrong
    int failedBlock = -1; ///< 0-based index of the block that failed; -1 when ok
    std::string block; ///< that block, formatted (formatEditBlock), kept for display
};

/**
 * Applies EDITS to FILES (path -> content) in order, each to the result of the ones before, strictly:
 * all or nothing, and never a block skipped.
 *
 * For each block:
 *  1. its file must be in EDITABLE and in FILES, else reason kFileNotEditable;
 *  2. an empty SEARCH section does not apply (kEditDidNotApply);
 *  3. exact match: the SEARCH text occurs in the file exactly once starting at a line start -> replaced by
 *     REPLACE;
 *  4. otherwise, a whitespace-normalized match: SEARCH's lines (its leading and trailing blank lines dropped)
 *     are compared with every run of as many consecutive lines of the file, each line with its leading and
 *     trailing spaces, tabs and "\r" removed. Exactly one matching run -> those whole lines are replaced by
 *     REPLACE's lines. If the matched lines are indented by a different common prefix than SEARCH's lines,
 *     REPLACE's lines that start with SEARCH's common indentation get the file's instead (so an agent that
 *     dropped the indentation does not flatten the code);
 *  5. several matches (exact or normalized) is ambiguous: kEditDidNotApply, "matches N places";
 *     no match: kEditDidNotApply, "SEARCH text not found".
 * The first failing block stops everything: FILES is not partly edited.
 */
EditOutcome applyEdits(const std::map<std::string, std::string>& files, const std::vector<FileEdit>& edits,
    const std::set<std::string>& editable);

} // namespace phylo
