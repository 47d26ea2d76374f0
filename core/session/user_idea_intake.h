// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/steering.h"

#include <string>
#include <vector>

namespace phylo {

class SearchHistory;
class SessionObserver;
class SessionStore;

/**
 * Applies the `add-idea` commands among COMMANDS not applied yet: their ideas (agents/user_ideas.h)
 * join the pool, each measured first as a "user-idea" child of the era's baseline in GENERATION (one
 * whose edit does not apply fails with the reason when it is evaluated). Returns how many ideas joined.
 */
int takeUserIdeas(SessionStore& store, const SearchHistory& history, const std::vector<SteeringCommand>& commands,
    int generation, const std::string& codeHash, const std::string& strategyState, SessionObserver& observer);

} // namespace phylo
