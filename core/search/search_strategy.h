// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/genes.h"
#include "domain/node.h"
#include "target/target_config.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace phylo {

class SearchHistory;

/// A new individual the search wants evaluated.
struct Proposal {
    Genes genes;
    std::vector<NodeId> parents;
    std::string op;
};

/**
 * A search strategy proposes the next batch (generation) of individuals from the history.
 * It never proposes a gene setting the history has seen. Given the same seed and the same
 * history it proposes the same batch, so a resumed session continues the same sequence;
 * what it must remember between batches it returns from saveState(), which the session
 * file stores with the batch.
 */
class SearchStrategy {
public:
    virtual ~SearchStrategy() = default;
    virtual std::string name() const = 0;
    /// At most BUDGET proposals; an empty batch means the search is over.
    virtual std::vector<Proposal> nextBatch(const SearchHistory& history, int generation, int budget) = 0;
    virtual std::string saveState() const { return "{}"; }
    virtual void loadState(const std::string& /*state*/) { }
};

/// "evolve" or "greedy"; throws UserError for anything else.
std::unique_ptr<SearchStrategy> makeStrategy(const std::string& name, const SearchParams& params, std::uint64_t seed);

/// Number of distinct gene settings over IDEAS (saturates at UINT64_MAX).
std::uint64_t searchSpaceSize(const std::vector<Idea>& ideas);

} // namespace phylo
