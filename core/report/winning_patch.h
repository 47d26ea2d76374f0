// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/genes.h"
#include "domain/idea.h"

#include <map>
#include <string>
#include <vector>

namespace phylo {

class SessionStore;

/// The winning modification of a session as a unified diff against its target snapshot.
struct WinningPatch {
    std::string diff; ///< empty when the best node is the baseline (or there is no best)
    long long nodeId = 0; ///< the best node, 0 if none
    double speedup = 0;
    std::vector<std::string> defines; ///< "#define TILE 32", one per gene that is on
    std::vector<std::string> files; ///< the files the diff changes
};

/**
 * Inserts "// PhyloEvolve: winning settings (...)" and one #define per gene that is on into
 * every file of FILES (after its leading // comment lines), as a diff with a/ and b/ prefixes
 * that `git apply` and `patch -p1` apply in the target dir. HEADER is the comment's text.
 */
std::string definesPatch(const std::map<std::string, std::string>& files, const std::string& header,
    const std::vector<std::string>& defineLines);

/// "#define TILE 32" lines for GENES ("1" for a switch).
std::vector<std::string> defineLines(const Genes& genes, const std::vector<Idea>& ideas);

/// The best node's defines as a patch of the session's target files.
WinningPatch winningPatch(const SessionStore& store);

} // namespace phylo
