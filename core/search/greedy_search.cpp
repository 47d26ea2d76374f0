// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/greedy_search.h"

#include "search/search_history.h"

#include <nlohmann/json.hpp>

namespace phylo {

std::vector<Proposal> GreedySearch::nextBatch(const SearchHistory& history, int /*generation*/, int budget)
{
    const auto& ideas = history.ideas();
    if (budget <= 0 || ideas.empty())
        return {};
    const Node* best = history.best();
    if (!best)
        return {};
    if (const auto target = history.steering().backtrackTo) {
        // Go on from the chosen node as if it were the best: every idea is tried again on top of it.
        if (const Node* node = history.byId(*target); node && node->status == NodeStatus::Succeeded) {
            m_bestId = node->id;
            m_triedSinceImprovement = 0;
        }
    }
    const Node* previous = history.byId(m_bestId);
    if (!previous || (!history.steering().backtrackTo && SearchHistory::fitter(best, previous))) {
        if (previous)
            m_triedSinceImprovement = 0;
        m_bestId = best->id;
    }
    best = history.byId(m_bestId);

    while (m_triedSinceImprovement < ideas.size()) {
        const size_t idea = m_cursor;
        m_cursor = (m_cursor + 1) % ideas.size();
        ++m_triedSinceImprovement;
        std::vector<Proposal> batch;
        if (!history.steering().isFree(idea))
            continue;
        for (int state = Genes::kOff; state < ideas[idea].onStates(); ++state) {
            if (state == best->genes.state(idea))
                continue;
            Genes genes = best->genes;
            genes.setState(idea, state);
            history.steering().constrain(genes);
            if (history.seen(genes.key(ideas)))
                continue;
            batch.push_back({ std::move(genes), { best->id }, "greedy" });
            if (static_cast<int>(batch.size()) == budget)
                break;
        }
        if (!batch.empty())
            return batch;
    }
    return {};
}

std::string GreedySearch::saveState() const
{
    return nlohmann::json { { "cursor", m_cursor }, { "tried_since_improvement", m_triedSinceImprovement },
        { "best", m_bestId } }
        .dump();
}

void GreedySearch::loadState(const std::string& state)
{
    const auto json = nlohmann::json::parse(state, nullptr, false);
    if (!json.is_object())
        return;
    m_cursor = json.value("cursor", size_t { 0 });
    m_triedSinceImprovement = json.value("tried_since_improvement", size_t { 0 });
    m_bestId = json.value("best", NodeId { 0 });
}

} // namespace phylo
