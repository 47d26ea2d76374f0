// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/genetic_search.h"
#include "search/greedy_search.h"
#include "util/user_error.h"

#include <limits>

namespace phylo {

std::unique_ptr<SearchStrategy> makeStrategy(const std::string& name, const SearchParams& params, std::uint64_t seed)
{
    if (name == "evolve")
        return std::make_unique<GeneticSearch>(params, seed);
    if (name == "greedy")
        return std::make_unique<GreedySearch>();
    throw UserError("--strategy: expected \"evolve\" or \"greedy\", got \"" + name + "\"");
}

std::uint64_t searchSpaceSize(const std::vector<Idea>& ideas)
{
    std::uint64_t size = 1;
    for (const auto& idea : ideas) {
        const auto states = static_cast<std::uint64_t>(idea.onStates() + 1);
        if (size > std::numeric_limits<std::uint64_t>::max() / states)
            return std::numeric_limits<std::uint64_t>::max();
        size *= states;
    }
    return size;
}

} // namespace phylo
