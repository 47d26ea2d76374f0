// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/search_history.h"

#include <algorithm>
#include <limits>

namespace phylo {

SearchHistory::SearchHistory(std::vector<Idea> ideas, std::vector<Node> nodes)
    : m_ideas(std::move(ideas))
    , m_nodes(std::move(nodes))
{
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        m_byId[m_nodes[i].id] = i;
        m_keys.insert(m_nodes[i].genes.key(m_ideas));
    }
}

void SearchHistory::setSteering(Steering steering)
{
    m_steering = std::move(steering);
    m_pruned.clear();
    std::map<NodeId, std::vector<NodeId>> children;
    for (const auto& node : m_nodes) {
        for (NodeId parent : node.parents)
            children[parent].push_back(node.id);
    }
    std::vector<NodeId> stack(m_steering.prunedRoots.begin(), m_steering.prunedRoots.end());
    while (!stack.empty()) {
        const NodeId id = stack.back();
        stack.pop_back();
        if (!m_pruned.insert(id).second)
            continue;
        for (NodeId child : children[id])
            stack.push_back(child);
    }
}

std::vector<const Node*> SearchHistory::neighbourhood(NodeId id) const
{
    const Node* centre = byId(id);
    if (!centre)
        return {};
    std::set<NodeId> ids { id };
    ids.insert(centre->parents.begin(), centre->parents.end());
    for (const auto& node : m_nodes) {
        for (NodeId parent : node.parents) {
            // children of the node, and of its parents (its siblings)
            if (parent == id || std::find(centre->parents.begin(), centre->parents.end(), parent) != centre->parents.end())
                ids.insert(node.id);
        }
    }
    std::vector<const Node*> out;
    for (NodeId n : ids) {
        if (const Node* node = byId(n))
            out.push_back(node);
    }
    return out;
}

const Node* SearchHistory::byId(NodeId id) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_nodes[it->second];
}

const Node* SearchHistory::baseline() const
{
    for (const auto& node : m_nodes) {
        if (node.op == "baseline")
            return &node;
    }
    return nullptr;
}

std::vector<const Node*> SearchHistory::generation(int generation) const
{
    std::vector<const Node*> out;
    for (const auto& node : m_nodes) {
        if (node.generation == generation)
            out.push_back(&node);
    }
    return out;
}

int SearchHistory::lastGeneration() const
{
    int last = -1;
    for (const auto& node : m_nodes)
        last = std::max(last, node.generation);
    return last;
}

const Node* SearchHistory::best() const
{
    const Node* best = nullptr;
    for (const auto& node : m_nodes) {
        if (node.status == NodeStatus::Succeeded && !isPruned(node.id) && (!best || fitter(&node, best)))
            best = &node;
    }
    return best;
}

double SearchHistory::fitness(const Node& node)
{
    if (node.status != NodeStatus::Succeeded || !node.speedup)
        return -std::numeric_limits<double>::infinity();
    return *node.speedup;
}

bool SearchHistory::fitter(const Node* a, const Node* b)
{
    const double fa = fitness(*a), fb = fitness(*b);
    if (fa != fb)
        return fa > fb;
    return a->id < b->id;
}

} // namespace phylo
