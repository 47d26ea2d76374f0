// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/search_strategy.h"

#include <map>
#include <optional>

namespace phylo {

class SearchRandom;

/**
 * Generational genetic algorithm over the ideas: a random initial population descending
 * from the baseline, then tournament selection, uniform crossover, per-gene mutation and
 * elitism. The population of each generation is rebuilt from the history (its new nodes
 * plus the previous population's elites), so the strategy keeps no state of its own and a
 * resumed session proposes exactly what an uninterrupted one would.
 */
class GeneticSearch : public SearchStrategy {
public:
    GeneticSearch(SearchParams params, std::uint64_t seed);

    std::string name() const override { return "evolve"; }
    std::vector<Proposal> nextBatch(const SearchHistory& history, int generation, int budget) override;

    /// The population that generation GENERATION's offspring are bred from (fittest first).
    std::vector<const Node*> populationAfter(const SearchHistory& history, int generation) const;

private:
    std::vector<Proposal> seedPopulation(const SearchHistory& history, SearchRandom& rng, int count) const;
    /// Tournament on speedup discounted by the children a node already has (1 / (1 + c/4)), so one
    /// lineage cannot take every slot.
    const Node* tournament(const std::vector<const Node*>& population, const std::map<NodeId, int>& children,
        SearchRandom& rng) const;
    /// Changes gene I to a different random state.
    void mutateGene(Genes& genes, size_t i, const std::vector<Idea>& ideas, SearchRandom& rng) const;
    double mutationRate(size_t ideaCount) const;
    /// After `stagnation` generations without a new best (and every `stagnation` more): an ancestor
    /// of the best to breed the next generation around; nullopt otherwise.
    std::optional<NodeId> stagnationBacktrack(const SearchHistory& history, int generation, SearchRandom& rng) const;

    SearchParams m_params;
    std::uint64_t m_seed;
};

} // namespace phylo
