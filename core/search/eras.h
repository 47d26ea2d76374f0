// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <map>
#include <string>
#include <vector>

namespace phylo {

class SearchHistory;
struct SearchParams;

/// The era the search is in: the highest era of any node.
int currentEra(const SearchHistory& history);

/// The node that opened ERA (its "era-commit" node; the baseline for era 0), or nullptr.
const Node* eraBaseline(const SearchHistory& history, int era);

/// Why the current era should end now (its commit did not hold when re-measured, its evaluations, its
/// stagnation, or RETHINK asked for it); empty: go on.
std::string eraEndReason(const SearchHistory& history, const SearchParams& params, bool rethinkAsked, bool minimize);

/// The reason eraEndReason gives when the era's commit did not hold.
inline constexpr const char* kCommitDidNotHold = "its commit did not hold when re-measured";

/**
 * Whether the commit that opened ERA (>= 1) held when it was re-measured: its 95% interval still clears
 * the previous era's baseline's (a failed re-measurement does not hold). True for era 0, a commit not yet
 * measured, a commit that carried the previous baseline over, and a revert to an earlier baseline.
 */
bool eraCommitHolds(const SearchHistory& history, int era, bool minimize);

/**
 * The node an era commits: the fittest succeeded, unsuspicious node of ERA that beats the era baseline
 * beyond noise (the 95% intervals of the two medians, from their own samples, do not overlap), or
 * nullptr when none does: then the era commits nothing new.
 */
const Node* eraCommitCandidate(const SearchHistory& history, int era, bool minimize);

/// Offline rethink: ideas (not committed, not retired) tried at least twice that helped in no combination:
/// the best and the mean speedup with the idea on are both below those with it off.
std::vector<size_t> ideasWithoutEffect(const SearchHistory& history);

/// The settings the latest committed era fixed (idea index -> state): every later individual carries them.
std::map<size_t, int> committedSettings(const SearchHistory& history);

} // namespace phylo
