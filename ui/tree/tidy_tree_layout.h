// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The tidy tree layout of the phylogenetic tree view, free of Qt so it can run on any thread and be
// tested on its own: Buchheim, Jünger and Leipert's linear-time version of Walker's algorithm
// ("Improving Walker's Algorithm to Run in Linear Time", Graph Drawing 2002).

#include <vector>

namespace phylo::ui {

/// Inputs besides the parents. Every field has a default, so `layoutTidyTree(parents)` is enough.
struct TidyTreeOptions {
    /**
     * Optional band per node (e.g. the search's era), empty for none. Bands stack top to bottom in
     * increasing order: every node of band b lies on a lower level than every node of a band below b,
     * so the background can show one horizontal stripe per band. A child whose band is lower than its
     * parent's inherits the parent's band (a child is never drawn above its parent).
     */
    std::vector<int> band;
    /// Horizontal distance between the centres of two neighbouring nodes (the unit of x).
    double nodeSeparation = 1.0;
    /// Extra horizontal distance between neighbours that are not siblings (separates subtrees).
    double subtreeGap = 0.0;
    /// Horizontal room reserved for an edge that skips levels to reach a lower band, as a fraction of
    /// nodeSeparation (it is laid out as a chain of invisible nodes of this width).
    double skipWidth = 0.35;
};

/// One band's levels: all its nodes lie on levels firstLevel..lastLevel (inclusive).
struct TidyTreeBand {
    int band = 0;
    int firstLevel = 0;
    int lastLevel = 0;
};

/// Where each node goes: x in units of TidyTreeOptions::nodeSeparation (the leftmost node at 0),
/// level = row from the top (roots at 0; y is a multiple of it).
struct TidyTreeLayout {
    std::vector<double> x;
    std::vector<int> level;
    std::vector<TidyTreeBand> bands; ///< in increasing band order, empty without TidyTreeOptions::band
    double width = 0; ///< x of the rightmost node
    int levels = 0; ///< number of levels (max level + 1), 0 for an empty tree
    int skipNodes = 0; ///< invisible nodes added to route edges that skip levels (cost indicator)
};

/**
 * Lays out the forest given by PARENT (parent[i] = index of node i's parent, or -1 for a root) as a
 * tidy tree in O(n + skipped levels): every parent is centred over its first and last child, the
 * children keep their input order, nodes on one level never come closer than the separation, and
 * identical subtrees are drawn identically. Several roots are laid out side by side (as children of
 * an invisible root). Parent indices out of range count as -1; a cycle is broken at the node where it
 * is found (that node becomes a root). Uses no recursion, so deep chains cannot overflow the stack.
 */
TidyTreeLayout layoutTidyTree(const std::vector<int>& parent, const TidyTreeOptions& options = {});

} // namespace phylo::ui
