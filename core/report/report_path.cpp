// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/report_path.h"

#include "report/node_code.h"
#include "report/unified_diff.h"
#include "search/search_history.h"
#include "store/session_store.h"

#include <algorithm>

namespace phylo {

namespace {

    bool succeeded(const Node& node)
    {
        return node.status == NodeStatus::Succeeded && node.speedup && *node.speedup > 0;
    }

    StepIdea stepIdea(const Idea& idea, std::string change)
    {
        return { std::move(change), idea.name, idea.isCode(), idea.origin, idea.description, idea.rationale };
    }

    /// The gene changes from PARENT to NODE, and the ideas behind them.
    void describeChanges(PathStep& step, const Node& parent, const Node& node, const std::vector<Idea>& ideas)
    {
        std::vector<StepIdea> removed, changed;
        for (size_t i = 0; i < ideas.size() && i < node.genes.size() && i < parent.genes.size(); ++i) {
            const int was = parent.genes.state(i), now = node.genes.state(i);
            if (was == now)
                continue;
            if (was == Genes::kOff) {
                step.added.push_back(geneSetting(ideas, i, now));
                step.ideas.push_back(stepIdea(ideas[i], "+" + step.added.back().label()));
            } else if (now == Genes::kOff) {
                step.removed.push_back(geneSetting(ideas, i, was));
                removed.push_back(stepIdea(ideas[i], "-" + step.removed.back().label()));
            } else {
                step.changed.emplace_back(geneSetting(ideas, i, was), geneSetting(ideas, i, now));
                changed.push_back(stepIdea(ideas[i], ideas[i].name + " " + step.changed.back().first.value + " -> "
                        + step.changed.back().second.value));
            }
        }
        step.ideas.insert(step.ideas.end(), removed.begin(), removed.end());
        step.ideas.insert(step.ideas.end(), changed.begin(), changed.end());
    }

} // namespace

std::map<std::string, std::string> measuredCode(const SessionStore& store, const Node& node,
    const std::vector<Idea>& ideas, const std::map<std::string, std::string>& targetFiles)
{
    if (auto merged = store.mergedCode(node.id))
        return withSettingsBlock(*merged, node.genes, ideas); // the merger combined code ideas only

    return nodeCode(targetFiles, node.genes, ideas);
}

std::vector<PathStep> pathToBest(const SessionStore& store, const SearchHistory& history, const Node& best)
{
    const auto& ideas = history.ideas();
    std::vector<const Node*> chain;
    for (const Node* n = &best; n && chain.size() <= history.nodes().size();) {
        chain.push_back(n);
        n = n->parents.empty() ? nullptr : history.byId(n->parents.front());
    }
    std::reverse(chain.begin(), chain.end());

    const auto files = store.targetFiles();
    std::vector<PathStep> path;
    std::map<std::string, std::string> parentCode;
    for (size_t k = 0; k < chain.size(); ++k) {
        const Node& n = *chain[k];
        PathStep step;
        step.id = n.id;
        step.op = n.op;
        step.status = statusText(n.status);
        step.speedup = n.speedup;
        step.mergedCode = store.mergedCode(n.id).has_value();
        auto code = measuredCode(store, n, ideas, files);
        if (k > 0) {
            const Node& p = *chain[k - 1];
            describeChanges(step, p, n, ideas);
            if (succeeded(n) && succeeded(p))
                step.stepGain = *n.speedup / *p.speedup;
            step.diff = unifiedDiff(parentCode, code);
        }
        parentCode = std::move(code);
        path.push_back(std::move(step));
    }
    return path;
}

std::string diffExcerpt(const std::string& diff, size_t maxLines, size_t& omitted)
{
    omitted = 0;
    size_t at = 0, lines = 0;
    while (at < diff.size() && lines < maxLines) {
        const auto end = diff.find('\n', at);
        at = end == std::string::npos ? diff.size() : end + 1;
        ++lines;
    }
    for (size_t i = at; i < diff.size(); ++i)
        omitted += diff[i] == '\n';
    if (!diff.empty() && diff.back() != '\n' && at < diff.size())
        ++omitted;
    return diff.substr(0, at);
}

} // namespace phylo
