// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/chart_data.h"

#include <algorithm>

namespace phylo::ui {

namespace {

    /// The nodes that ran, sorted by evaluation index (stable for equal indices).
    std::vector<const Node*> ranInOrder(const std::vector<Node>& nodes)
    {
        std::vector<const Node*> out;
        out.reserve(nodes.size());
        for (const auto& node : nodes) {
            if (ranEvaluation(node))
                out.push_back(&node);
        }
        std::stable_sort(out.begin(), out.end(), [](const Node* a, const Node* b) { return a->evalIndex < b->evalIndex; });
        return out;
    }

} // namespace

bool measuredSuccess(const Node& node)
{
    return node.status == NodeStatus::Succeeded && node.speedup && *node.speedup > 0;
}

bool ranEvaluation(const Node& node)
{
    return node.evaluated() && !(node.status == NodeStatus::Failed && node.failure == FailureReason::Pruned);
}

std::vector<ChartPoint> progressPoints(const std::vector<Node>& nodes)
{
    std::vector<ChartPoint> points;
    double best = 0;
    for (const Node* n : ranInOrder(nodes)) {
        ChartPoint point;
        point.evalIndex = n->evalIndex;
        point.id = n->id;
        if (measuredSuccess(*n)) {
            point.speedup = n->speedup;
            best = std::max(best, *n->speedup);
        }
        point.bestSoFar = best;
        points.push_back(point);
    }
    return points;
}

std::vector<std::int64_t> eraBoundaries(const std::vector<Node>& nodes)
{
    std::vector<std::int64_t> out;
    bool first = true;
    int era = 0;
    for (const Node* n : ranInOrder(nodes)) {
        if (!first && n->era > era)
            out.push_back(n->evalIndex);
        if (first || n->era > era)
            era = n->era;
        first = false;
    }
    return out;
}

std::vector<IdeaEffect> settingEffects(const std::vector<Node>& nodes, const std::vector<Idea>& ideas)
{
    std::vector<IdeaEffect> effects;
    for (size_t i = 0; i < ideas.size(); ++i) {
        std::vector<int> states;
        for (const auto& node : nodes) {
            if (measuredSuccess(node) && i < node.genes.size() && node.genes.isOn(i))
                states.push_back(node.genes.state(i));
        }
        std::sort(states.begin(), states.end());
        states.erase(std::unique(states.begin(), states.end()), states.end());
        for (int s : states)
            effects.push_back(settingEffect(nodes, ideas, i, s));
    }
    return effects;
}

std::optional<double> IdeaSummary::effect() const
{
    if (withCount == 0 || withoutCount == 0 || meanWithout <= 0)
        return std::nullopt;
    return meanWith / meanWithout;
}

std::vector<IdeaSummary> ideaSummaries(const std::vector<Node>& nodes, const std::vector<Idea>& ideas)
{
    std::vector<IdeaSummary> out(ideas.size());
    std::vector<double> sumWith(ideas.size(), 0), sumWithout(ideas.size(), 0);
    for (size_t i = 0; i < ideas.size(); ++i)
        out[i].name = ideas[i].name;
    for (const auto& node : nodes) {
        if (!ranEvaluation(node))
            continue;
        const bool success = measuredSuccess(node);
        for (size_t i = 0; i < ideas.size() && i < node.genes.size(); ++i) {
            const bool on = node.genes.isOn(i);
            if (on)
                ++out[i].tried;
            if (!success)
                continue;
            if (on) {
                ++out[i].withCount;
                sumWith[i] += *node.speedup;
            } else {
                ++out[i].withoutCount;
                sumWithout[i] += *node.speedup;
            }
        }
    }
    for (size_t i = 0; i < ideas.size(); ++i) {
        out[i].meanWith = out[i].withCount ? sumWith[i] / out[i].withCount : 0;
        out[i].meanWithout = out[i].withoutCount ? sumWithout[i] / out[i].withoutCount : 0;
    }
    return out;
}

} // namespace phylo::ui
