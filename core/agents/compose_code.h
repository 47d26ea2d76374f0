// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/genes.h"
#include "domain/idea.h"
#include "domain/node.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace phylo {

/// A candidate's code put together from its code ideas, or why it could not be.
struct ComposedCode {
    bool ok = false;
    std::map<std::string, std::string> files; ///< the code (as far as it got, when not ok)
    FailureReason failure = FailureReason::None; ///< EditDidNotApply, FileNotEditable or MergeConflict
    std::string detail; ///< the idea, the block number and the block itself
    size_t failedIdea = 0; ///< index of the idea whose edit failed (when not ok)
};

/**
 * Applies the edits of every code idea that GENES turns on, in idea order (the order they were made
 * in, so a mutation's edit meets the code it was written against), strictly (see applyEdits). When an
 * idea's edit fails while other code ideas are on, the ideas collide: "merge conflict"; alone it is
 * "edit did not apply". Setting ideas change no file (they are defines).
 */
ComposedCode composeCode(const std::map<std::string, std::string>& original, const Genes& genes,
    const std::vector<Idea>& ideas, const std::set<std::string>& editable);

} // namespace phylo
