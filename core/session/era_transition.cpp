// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/era_transition.h"

#include "search/eras.h"
#include "search/search_history.h"
#include "session/session_observer.h"
#include "store/session_store.h"

#include <algorithm>
#include <cstdlib>

namespace phylo {

bool rethinkAsked(const std::vector<SteeringCommand>& commands, const SessionStore& store)
{
    const auto handled = std::atoll(store.meta("rethink_handled").value_or("0").c_str());
    return std::any_of(commands.begin(), commands.end(),
        [&](const SteeringCommand& c) { return c.command == "rethink" && c.id > handled; });
}

Node commitEra(SessionStore& store, const SearchHistory& history, const std::vector<SteeringCommand>& commands,
    const std::string& why, int generation, MetricDirection direction, const std::string& codeHash,
    const std::string& strategyState, SessionObserver& observer)
{
    const int era = currentEra(history);
    const bool minimize = direction == MetricDirection::Minimize;
    // A commit that did not hold is taken back: the next era starts again from the one before it.
    const bool revert = !eraCommitHolds(history, era, minimize);
    const Node* pick = revert ? nullptr : eraCommitCandidate(history, era, minimize);
    const Node* from = revert ? eraBaseline(history, era - 1) : pick ? pick : eraBaseline(history, era);
    Node commit;
    commit.op = "era-commit";
    commit.parents = { from->id };
    commit.genes = from->genes;
    commit.era = era + 1;
    commit.generation = generation;
    commit.codeHash = codeHash;
    std::vector<Node> batch { commit };
    store.insertBatch(batch, history.ideas(), strategyState);
    commit = batch.front();
    if (auto merged = store.mergedCode(from->id))
        store.setMergedCode(commit.id, *merged); // the code that was measured, never regenerated
    std::int64_t rethinkId = 0;
    for (const auto& c : commands) {
        if (c.command == "rethink")
            rethinkId = std::max(rethinkId, c.id);
    }
    store.setMeta("rethink_handled", std::to_string(rethinkId));
    const auto what = revert ? "takes back node " + std::to_string(eraBaseline(history, era)->id)
            + "'s commit and goes back to node " + std::to_string(from->id)
                             : pick ? "commits node " + std::to_string(pick->id) + " [" + pick->geneKey + "]"
                                    : std::string("commits nothing new (no node beat the era's baseline beyond noise)");
    store.setMeta("era_" + std::to_string(era) + "_end", why + "; " + what);
    observer.onMessage("era " + std::to_string(era) + " ended (" + why + "): " + what + "; era " + std::to_string(era + 1)
        + " starts from node " + std::to_string(commit.id));
    return commit;
}

void retireIdeasWithoutEffect(SessionStore& store, const SearchHistory& history, SessionObserver& observer)
{
    std::string retired;
    for (size_t i : ideasWithoutEffect(history)) {
        store.retireIdea(history.ideas()[i].name);
        retired += (retired.empty() ? "" : ", ") + history.ideas()[i].name;
    }
    if (!retired.empty())
        observer.onMessage("rethink (offline): retired " + retired + " (no positive effect in any combination)");
}

} // namespace phylo
