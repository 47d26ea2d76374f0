// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/genetic_search.h"

#include "search/random.h"
#include "search/search_history.h"

#include <algorithm>
#include <iterator>
#include <set>

namespace phylo {

namespace {
    constexpr int kAttemptsPerChild = 50;

    std::vector<const Node*> fittestFirst(std::vector<const Node*> nodes)
    {
        std::sort(nodes.begin(), nodes.end(), SearchHistory::fitter);
        return nodes;
    }

    /// Every gene setting, in a fixed order; only called for small spaces.
    void enumerate(const std::vector<Idea>& ideas, size_t i, Genes& current, std::vector<Genes>& out)
    {
        if (i == ideas.size()) {
            out.push_back(current);
            return;
        }
        for (int state = Genes::kOff; state < ideas[i].onStates(); ++state) {
            current.setState(i, state);
            enumerate(ideas, i + 1, current, out);
        }
        current.setState(i, Genes::kOff);
    }

    int hamming(const Genes& a, const Genes& b)
    {
        int d = 0;
        for (size_t i = 0; i < a.size(); ++i)
            d += a.state(i) != b.state(i);
        return d;
    }
}

GeneticSearch::GeneticSearch(SearchParams params, std::uint64_t seed)
    : m_params(params)
    , m_seed(seed)
{
}

double GeneticSearch::mutationRate(size_t ideaCount) const
{
    if (m_params.mutationRate > 0)
        return m_params.mutationRate;
    return ideaCount ? std::min(1.0, 1.5 / static_cast<double>(ideaCount)) : 0;
}

void GeneticSearch::mutateGene(Genes& genes, size_t i, const std::vector<Idea>& ideas, SearchRandom& rng) const
{
    // States are off (-1) and 0..onStates-1; pick any other than the current one.
    const int states = ideas[i].onStates() + 1;
    const int current = genes.state(i) + 1;
    int pick = static_cast<int>(rng.below(static_cast<std::uint64_t>(states - 1)));
    if (pick >= current)
        ++pick;
    genes.setState(i, pick - 1);
}

std::vector<const Node*> GeneticSearch::populationAfter(const SearchHistory& history, int generation) const
{
    std::vector<const Node*> population;
    if (const Node* base = history.baseline())
        population.push_back(base);
    for (int g = 1; g <= generation; ++g) {
        auto elites = fittestFirst(population);
        elites.resize(std::min(elites.size(), static_cast<size_t>(g == 1 ? population.size() : m_params.elite)));
        auto next = history.generation(g);
        next.insert(next.end(), elites.begin(), elites.end());
        population = std::move(next);
    }
    return fittestFirst(population);
}

std::vector<Proposal> GeneticSearch::seedPopulation(const SearchHistory& history, SearchRandom& rng, int count) const
{
    const auto& ideas = history.ideas();
    std::vector<Proposal> batch;
    std::set<std::string> keys;
    const NodeId root = history.baseline() ? history.baseline()->id : 0;
    for (int attempt = 0; attempt < count * kAttemptsPerChild && static_cast<int>(batch.size()) < count; ++attempt) {
        Genes genes(ideas.size());
        for (size_t i = 0; i < ideas.size(); ++i) {
            if (rng.chance(0.5))
                genes.setState(i, static_cast<int>(rng.below(static_cast<std::uint64_t>(ideas[i].onStates()))));
        }
        history.steering().constrain(genes);
        const auto key = genes.key(ideas);
        if (history.seen(key) || !keys.insert(key).second)
            continue;
        batch.push_back({ std::move(genes), { root }, "seed" });
    }
    return batch;
}

const Node* GeneticSearch::tournament(const std::vector<const Node*>& population, const std::map<NodeId, int>& children,
    SearchRandom& rng) const
{
    auto score = [&](const Node* node) {
        const auto it = children.find(node->id);
        const int count = it == children.end() ? 0 : it->second;
        return SearchHistory::fitness(*node) / (1.0 + count / 4.0);
    };
    const Node* winner = nullptr;
    for (int i = 0; i < std::max(1, m_params.tournament); ++i) {
        const Node* pick = population[rng.below(population.size())];
        if (!winner || score(pick) > score(winner) || (score(pick) == score(winner) && pick->id < winner->id))
            winner = pick;
    }
    return winner;
}

std::optional<NodeId> GeneticSearch::stagnationBacktrack(const SearchHistory& history, int generation, SearchRandom& rng) const
{
    const Node* best = history.best();
    if (m_params.stagnation <= 0 || !best)
        return std::nullopt;
    const int stale = generation - 1 - best->generation;
    if (stale <= 0 || stale % m_params.stagnation != 0)
        return std::nullopt;
    // The lineage of the best has stalled: resume from one of its ancestors, whose neighbourhood
    // holds the sibling branches the search left behind.
    std::vector<NodeId> ancestors;
    for (const Node* n = best; n && !n->parents.empty();) {
        ancestors.push_back(n->parents.front());
        n = history.byId(n->parents.front());
    }
    std::erase_if(ancestors, [&](NodeId id) { return history.isPruned(id); });
    if (ancestors.empty())
        return std::nullopt;
    return ancestors[rng.below(ancestors.size())];
}

std::vector<Proposal> GeneticSearch::nextBatch(const SearchHistory& history, int generation, int budget)
{
    const auto& ideas = history.ideas();
    if (budget <= 0 || ideas.empty() || !history.baseline())
        return {};
    auto rng = SearchRandom::forStream(m_seed, static_cast<std::uint64_t>(generation));
    if (generation <= 1)
        return seedPopulation(history, rng, std::min(budget, m_params.population - 1));

    // Pruned subtrees get no children: breed only from the rest. After a backtrack the parents
    // come from the chosen node's neighbourhood, for this one generation.
    std::optional<NodeId> backtrack = history.steering().backtrackTo;
    if (!backtrack)
        backtrack = stagnationBacktrack(history, generation, rng);
    auto population = backtrack ? history.neighbourhood(*backtrack) : populationAfter(history, generation - 1);
    std::sort(population.begin(), population.end(), SearchHistory::fitter);
    std::erase_if(population, [&](const Node* node) { return history.isPruned(node->id); });
    if (population.empty())
        return {};
    // Failed nodes are never parents (unless nothing succeeded); elites above keep the raw ranking.
    std::vector<const Node*> parents;
    std::copy_if(population.begin(), population.end(), std::back_inserter(parents),
        [](const Node* node) { return node->status == NodeStatus::Succeeded; });
    if (parents.empty())
        parents = population;
    std::map<NodeId, int> children;
    for (const auto& node : history.nodes()) {
        for (NodeId parent : node.parents)
            ++children[parent];
    }
    const auto& steering = history.steering();
    std::vector<size_t> freeGenes;
    for (size_t i = 0; i < ideas.size(); ++i) {
        if (steering.isFree(i))
            freeGenes.push_back(i);
    }
    const int wanted = std::min(budget, m_params.population - std::min(m_params.elite, static_cast<int>(population.size())));
    const double rate = mutationRate(ideas.size());
    std::vector<Proposal> batch;
    std::set<std::string> keys;
    for (int child = 0; child < wanted; ++child) {
        for (int attempt = 0; attempt < kAttemptsPerChild; ++attempt) {
            const Node* p1 = tournament(parents, children, rng);
            const Node* p2 = tournament(parents, children, rng);
            for (int retry = 0; retry < 3 && p2 == p1 && parents.size() > 1; ++retry)
                p2 = tournament(parents, children, rng);
            Proposal proposal;
            proposal.genes = p1->genes;
            const bool cross = p2 != p1 && rng.chance(m_params.crossoverRate);
            if (cross) {
                for (size_t i = 0; i < ideas.size(); ++i) {
                    if (rng.chance(0.5))
                        proposal.genes.setState(i, p2->genes.state(i));
                }
                proposal.parents = { p1->id, p2->id };
            } else
                proposal.parents = { p1->id };
            bool mutated = false;
            for (size_t i = 0; i < ideas.size(); ++i) {
                if (rng.chance(rate)) {
                    mutateGene(proposal.genes, i, ideas, rng);
                    mutated = true;
                }
            }
            steering.constrain(proposal.genes);
            // A clone must differ from its parent; a repeat is never evaluated twice.
            auto key = proposal.genes.key(ideas);
            for (int nudge = 0; nudge < 8 && !freeGenes.empty() && (history.seen(key) || keys.count(key)); ++nudge) {
                mutateGene(proposal.genes, freeGenes[rng.below(freeGenes.size())], ideas, rng);
                mutated = true;
                key = proposal.genes.key(ideas);
            }
            if (history.seen(key) || keys.count(key))
                continue;
            proposal.op = cross ? (mutated ? "crossover+mutation" : "crossover") : "mutation";
            keys.insert(key);
            batch.push_back(std::move(proposal));
            break;
        }
    }

    // Late in a small space, random breeding keeps hitting known settings: take the unseen
    // settings closest to the best node instead of stopping early.
    if (static_cast<int>(batch.size()) < wanted && searchSpaceSize(ideas) <= 100000) {
        const Node* best = population.front();
        std::vector<Genes> all;
        Genes scratch(ideas.size());
        enumerate(ideas, 0, scratch, all);
        std::stable_sort(all.begin(), all.end(),
            [&](const Genes& a, const Genes& b) { return hamming(a, best->genes) < hamming(b, best->genes); });
        for (const auto& genes : all) {
            if (static_cast<int>(batch.size()) >= wanted)
                break;
            const auto key = genes.key(ideas);
            if (!steering.allows(genes) || history.seen(key) || !keys.insert(key).second)
                continue;
            batch.push_back({ genes, { best->id }, "mutation" });
        }
    }
    return batch;
}

} // namespace phylo
