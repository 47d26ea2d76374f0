// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/eras.h"

#include "eval/statistics.h"
#include "search/search_history.h"
#include "target/target_config.h"

#include <algorithm>

namespace phylo {

int currentEra(const SearchHistory& history)
{
    int era = 0;
    for (const auto& node : history.nodes())
        era = std::max(era, node.era);
    return era;
}

const Node* eraBaseline(const SearchHistory& history, int era)
{
    if (era == 0)
        return history.baseline();
    for (const auto& node : history.nodes()) {
        if (node.era == era && node.op == "era-commit")
            return &node;
    }
    return nullptr;
}

std::string eraEndReason(const SearchHistory& history, const SearchParams& params, bool rethinkAsked)
{
    const int era = currentEra(history);
    const Node* base = eraBaseline(history, era);
    if (!base || !base->evaluated())
        return {}; // an era starts by measuring its baseline
    int evaluated = 0;
    int lastGeneration = 0, bestGeneration = base->generation;
    double best = SearchHistory::fitness(*base);
    for (const auto& node : history.nodes()) {
        if (node.era != era)
            continue;
        evaluated += node.evaluated() && &node != base;
        lastGeneration = std::max(lastGeneration, node.generation);
        if (SearchHistory::fitness(node) > best) {
            best = SearchHistory::fitness(node);
            bestGeneration = node.generation;
        }
    }
    if (evaluated < 2)
        return {}; // an era tries something before it can end
    if (rethinkAsked)
        return "the user asked for a rethink";
    if (params.eraEvals > 0 && evaluated >= params.eraEvals)
        return std::to_string(evaluated) + " evaluations in era " + std::to_string(era);
    if (params.eraStagnation > 0 && lastGeneration - bestGeneration >= params.eraStagnation)
        return std::to_string(lastGeneration - bestGeneration) + " generations without a new best";
    return {};
}

const Node* eraCommitCandidate(const SearchHistory& history, int era, bool minimize)
{
    const Node* base = eraBaseline(history, era);
    const Node* origin = history.baseline();
    if (!base || !origin || !origin->metric || !base->speedup)
        return nullptr;
    std::vector<const Node*> candidates;
    for (const auto& node : history.nodes()) {
        if (node.era == era && &node != base && node.status == NodeStatus::Succeeded && !node.suspicious
            && !node.samples.empty() && !history.isPruned(node.id))
            candidates.push_back(&node);
    }
    std::stable_sort(candidates.begin(), candidates.end(), SearchHistory::fitter);
    for (const Node* node : candidates) {
        const auto stats = summarize(node->samples);
        // The pessimistic end of the median's interval, as a speedup over the original baseline.
        const double worst = minimize ? stats.ciHigh : stats.ciLow;
        if (worst <= 0)
            continue;
        const double worstSpeedup = minimize ? *origin->metric / worst : worst / *origin->metric;
        if (worstSpeedup > *base->speedup)
            return node;
    }
    return nullptr;
}

std::map<size_t, int> committedSettings(const SearchHistory& history)
{
    const Node* latest = nullptr;
    for (const auto& node : history.nodes()) {
        if (node.op == "era-commit" && (!latest || node.era > latest->era))
            latest = &node;
    }
    std::map<size_t, int> settings;
    if (!latest)
        return settings;
    for (size_t i = 0; i < latest->genes.size(); ++i) {
        if (latest->genes.isOn(i))
            settings[i] = latest->genes.state(i);
    }
    return settings;
}

} // namespace phylo
