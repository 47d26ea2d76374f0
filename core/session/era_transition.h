// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"
#include "search/steering.h"
#include "target/target_config.h"

#include <string>
#include <vector>

namespace phylo {

class SearchHistory;
class SessionObserver;
class SessionStore;

/// True if COMMANDS hold a `rethink` given since the last era ended.
bool rethinkAsked(const std::vector<SteeringCommand>& commands, const SessionStore& store);

/**
 * Ends the current era (WHY says why): its fittest node that beats the era's baseline beyond noise
 * (eraCommitCandidate) is committed as the next era's baseline, an "era-commit" node of GENERATION
 * with the same genes (and merged code), re-measured when it is evaluated; if none does, the era's
 * baseline goes on. If the era's own commit did not hold when re-measured (eraCommitHolds), it is taken
 * back: the next era starts from the previous era's baseline. Records how the era ended and which rethink it answered. Returns the new node.
 */
Node commitEra(SessionStore& store, const SearchHistory& history, const std::vector<SteeringCommand>& commands,
    const std::string& why, int generation, MetricDirection direction, const std::string& codeHash,
    const std::string& strategyState, SessionObserver& observer);

/// The offline rethink: retires the ideas that helped in no combination (ideasWithoutEffect).
void retireIdeasWithoutEffect(SessionStore& store, const SearchHistory& history, SessionObserver& observer);

} // namespace phylo
