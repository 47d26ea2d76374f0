// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace phylo::ui {

/// What the tree view keeps of a node: everything it draws, shows in a tooltip or searches, but not
/// the genes' states, samples or log (10,000 of those would be a lot of memory for nothing).
struct TreeNodeRecord {
    NodeId id = 0;
    std::vector<NodeId> parents; ///< first = main parent; more = crossover parents
    std::string op;
    std::string geneKey; ///< e.g. "tile=32,unroll": the ideas that are on
    NodeStatus status = NodeStatus::Pending;
    std::optional<double> speedup;
    FailureReason failure = FailureReason::None;
    std::string failureDetail;
    int era = 0;
    int generation = 0;
    bool suspicious = false;

    static TreeNodeRecord from(const Node& node);
    bool operator==(const TreeNodeRecord&) const = default;
};

/**
 * The nodes the tree view shows, in the order they arrived (their index is their place in the layout
 * input), with the tree questions the view asks: main-parent indices, pruned subtrees, the best node
 * and its path to the root, and finding nodes by id or idea. Qt-free; owned by the GUI thread.
 */
class TreeModel {
public:
    void clear();
    /// Adds NODE, or replaces the record with its id. Returns its index and whether it is new.
    std::pair<int, bool> upsert(const Node& node);

    int size() const { return static_cast<int>(m_records.size()); }
    const TreeNodeRecord& at(int index) const { return m_records[index]; }
    /// Index of ID, or -1.
    int indexOf(NodeId id) const;
    /// Index of the main parent of the node at INDEX, or -1 (a root, or a parent not shown).
    int mainParentIndex(int index) const;

    /// Main-parent index of every node (the layout's input).
    std::vector<int> mainParentIndices() const;
    /// Era of every node (the layout's bands).
    std::vector<int> eras() const;
    /// Number of distinct eras.
    int eraCount() const;

    /**
     * True for every node in a subtree rooted at one of ROOTS, following every parent (a crossover
     * child of a pruned node is pruned too), as the search's steering counts it.
     */
    std::vector<char> prunedMask(const std::set<NodeId>& roots) const;
    /// True if the node at INDEX is pruned given its parents' flags in MASK (for a node just added).
    bool inheritsPruned(int index, const std::set<NodeId>& roots, const std::vector<char>& mask) const;

    /// REQUESTED if it is shown, else (REQUESTED == 0) the succeeded, unsuspicious node with the
    /// highest speedup; 0 when there is none.
    NodeId bestNode(NodeId requested) const;
    /**
     * bestNode(0) after the nodes at CHANGED changed (or arrived), given it was CURRENT before: O(changed),
     * unless CURRENT itself changed (then a full scan).
     */
    NodeId bestAfterChanges(NodeId current, const std::vector<int>& changed) const;
    /// Indices from the root down to INDEX along main parents (empty for -1).
    std::vector<int> pathFromRoot(int index) const;

    /**
     * Nodes matching QUERY: "#42" or "42" is node 42; otherwise an idea: nodes whose gene key holds
     * the idea (by name, or "name=value"), case-insensitively; failing that, gene keys containing the
     * text. Ordered best first (highest speedup, then lowest id).
     */
    std::vector<NodeId> find(const std::string& query) const;

private:
    /// Can the node at INDEX be the best: succeeded, with a speedup, not suspicious.
    bool eligible(int index) const;
    /// Is the node at A a better best than the one at B (higher speedup; on a tie, the earlier one).
    bool better(int a, int b) const;

    std::vector<TreeNodeRecord> m_records;
    std::unordered_map<NodeId, int> m_index;
};

} // namespace phylo::ui
