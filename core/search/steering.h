// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/genes.h"
#include "domain/node.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace phylo {

/// One steering command as the session file records it (`phylo steer`, later the app).
struct SteeringCommand {
    std::int64_t id = 0;
    double at = 0; ///< when it was given (Unix seconds)
    std::string source; ///< "cli", "app"
    std::string command; ///< prune, unprune, pin, unpin, ban, unban, pause, resume, backtrack, stop, rethink
    std::string argument; ///< a node id, "IDEA" or "IDEA=VALUE"; empty for pause/resume
};

/**
 * What the user's steering commands add up to, at one scheduling decision: ideas pinned to a
 * state (every new individual carries them), ideas banned (none does), pruned subtrees (get no
 * children), and whether the session is paused. Built by replaying the commands in order.
 */
struct Steering {
    std::map<size_t, int> pinned; ///< idea index -> state (0 for a switch that is on)
    std::set<size_t> banned;
    std::set<NodeId> prunedRoots;
    bool paused = false;
    /// Set for the one scheduling decision after a `backtrack NODE`: the next generation's
    /// parents come from NODE's neighbourhood (see SessionLoop, which sets it).
    std::optional<NodeId> backtrackTo;

    bool empty() const { return pinned.empty() && banned.empty() && prunedRoots.empty() && !paused; }
    /// Forces pinned ideas to their state and banned ideas off.
    void constrain(Genes& genes) const;
    bool allows(const Genes& genes) const;
    /// May the search still change idea I?
    bool isFree(size_t i) const { return !pinned.count(i) && !banned.count(i); }
};

/// Replays COMMANDS (in order) over IDEAS. Commands naming unknown ideas or values are skipped
/// (the CLI refuses them before they are written).
Steering foldSteering(const std::vector<SteeringCommand>& commands, const std::vector<Idea>& ideas);

/// Checks one command against the session's ideas and node ids; returns an error message or nullopt.
std::optional<std::string> validateSteering(const std::string& command, const std::string& argument,
    const std::vector<Idea>& ideas, const std::set<NodeId>& nodeIds);

/// "IDEA" or "IDEA=VALUE" -> (idea index, state); nullopt if it names no idea or no value of it.
std::optional<std::pair<size_t, int>> parseIdeaSetting(const std::string& text, const std::vector<Idea>& ideas, bool needValue);

} // namespace phylo
