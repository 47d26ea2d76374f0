// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"
#include "domain/node.h"
#include "search/steering.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace phylo {

/**
 * Read-only view of the session's nodes for the search: lookups by id, gene key and
 * generation, and the fitness ordering every strategy uses.
 */
class SearchHistory {
public:
    SearchHistory(std::vector<Idea> ideas, std::vector<Node> nodes);

    const std::vector<Idea>& ideas() const { return m_ideas; }
    const std::vector<Node>& nodes() const { return m_nodes; }
    const Node* byId(NodeId id) const;
    const Node* baseline() const;
    /// True if a node with this gene setting exists (evaluated, failed or pending).
    bool seen(const std::string& geneKey) const { return m_keys.count(geneKey) > 0; }
    std::vector<const Node*> generation(int generation) const;
    int lastGeneration() const;
    /// The best succeeded node (highest speedup; the earlier one on ties), or nullptr.
    const Node* best() const;

    /// The user's steering; the strategies respect it (pins, bans, pruned subtrees).
    void setSteering(Steering steering);
    const Steering& steering() const { return m_steering; }
    /// True if NODE is a pruned root or descends (through any parent) from one.
    bool isPruned(NodeId id) const { return m_pruned.count(id) > 0; }

    /// NODE, its parents, its children and its siblings: where a backtrack resumes the search.
    std::vector<const Node*> neighbourhood(NodeId id) const;

    /// Speedup for a succeeded node; -infinity for anything else, so failures sort last.
    static double fitness(const Node& node);
    /// Strict ordering: higher fitness first, then lower id.
    static bool fitter(const Node* a, const Node* b);

private:
    std::vector<Idea> m_ideas;
    std::vector<Node> m_nodes;
    std::map<NodeId, size_t> m_byId;
    std::set<std::string> m_keys;
    Steering m_steering;
    std::set<NodeId> m_pruned;
};

} // namespace phylo
