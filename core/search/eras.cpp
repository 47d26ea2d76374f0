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

namespace {

    /// A's median beats B's beyond noise: the 95% intervals of the two medians do not overlap.
    bool clearlyBetter(const Node& a, const Node& b, bool minimize)
    {
        if (a.samples.empty() || b.samples.empty())
            return false;
        const auto sa = summarize(a.samples), sb = summarize(b.samples);
        return minimize ? sa.ciHigh < sb.ciLow : sa.ciLow > sb.ciHigh;
    }

} // namespace

bool eraCommitHolds(const SearchHistory& history, int era, bool minimize)
{
    if (era < 1)
        return true;
    const Node* commit = eraBaseline(history, era);
    const Node* previous = eraBaseline(history, era - 1);
    if (!commit || !previous || !commit->evaluated() || commit->parents.empty())
        return true;
    const Node* from = history.byId(commit->parents.front());
    if (!from || from == previous || from->era < era - 1)
        return true; // the previous baseline carried over, or a revert to an earlier one
    return commit->status == NodeStatus::Succeeded && clearlyBetter(*commit, *previous, minimize);
}

std::string eraEndReason(const SearchHistory& history, const SearchParams& params, bool rethinkAsked, bool minimize)
{
    const int era = currentEra(history);
    const Node* base = eraBaseline(history, era);
    if (!base || !base->evaluated())
        return {}; // an era starts by measuring its baseline
    if (!eraCommitHolds(history, era, minimize))
        return kCommitDidNotHold;
    // In evaluation order: how many the era made, and how many since its best last improved.
    std::vector<const Node*> done;
    for (const auto& node : history.nodes()) {
        if (node.era == era && &node != base && node.evaluated())
            done.push_back(&node);
    }
    std::sort(done.begin(), done.end(), [](const Node* a, const Node* b) { return a->finishedAt < b->finishedAt; });
    const int evaluated = static_cast<int>(done.size());
    double best = SearchHistory::fitness(*base);
    int sinceBest = 0;
    for (const Node* node : done) {
        ++sinceBest;
        if (SearchHistory::fitness(*node) > best) {
            best = SearchHistory::fitness(*node);
            sinceBest = 0;
        }
    }
    if (evaluated < 2)
        return {}; // an era tries something before it can end
    if (rethinkAsked)
        return "the user asked for a rethink";
    if (params.eraEvals > 0 && evaluated >= params.eraEvals)
        return std::to_string(evaluated) + " evaluations in era " + std::to_string(era);
    if (params.eraStagnation > 0 && sinceBest >= params.eraStagnation)
        return std::to_string(sinceBest) + " evaluations without a new best";
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
        // The two medians' 95% intervals must not overlap: the candidate's worst beats the baseline's best.
        if (clearlyBetter(*node, *base, minimize))
            return node;
    }
    return nullptr;
}

std::vector<size_t> ideasWithoutEffect(const SearchHistory& history)
{
    const auto committed = committedSettings(history);
    const auto& ideas = history.ideas();
    std::vector<size_t> out;
    for (size_t i = 0; i < ideas.size(); ++i) {
        if (ideas[i].retired || committed.count(i))
            continue;
        int tried = 0, nWith = 0, nWithout = 0;
        double bestWith = 0, bestWithout = 0, sumWith = 0, sumWithout = 0;
        for (const auto& node : history.nodes()) {
            if (node.status != NodeStatus::Succeeded || !node.speedup)
                continue;
            const bool on = i < node.genes.size() && node.genes.isOn(i);
            tried += on;
            (on ? bestWith : bestWithout) = std::max(on ? bestWith : bestWithout, *node.speedup);
            (on ? sumWith : sumWithout) += *node.speedup;
            ++(on ? nWith : nWithout);
        }
        if (tried >= 2 && nWithout > 0 && bestWith < bestWithout && sumWith / nWith < sumWithout / nWithout)
            out.push_back(i);
    }
    return out;
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
