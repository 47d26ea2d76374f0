// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/search_strategy.h"

namespace phylo {

/**
 * The comparison baseline (what autoresearch and cevolve's greedy mode do): take the ideas
 * in order; for each, try its other settings on top of the current best and keep the best of
 * them if it improves. Stops after a full pass over the ideas without an improvement.
 */
class GreedySearch : public SearchStrategy {
public:
    std::string name() const override { return "greedy"; }
    std::vector<Proposal> nextBatch(const SearchHistory& history, int generation, int budget) override;
    std::string saveState() const override;
    void loadState(const std::string& state) override;

private:
    size_t m_cursor = 0; ///< the next idea to try
    size_t m_triedSinceImprovement = 0;
    NodeId m_bestId = 0;
};

} // namespace phylo
