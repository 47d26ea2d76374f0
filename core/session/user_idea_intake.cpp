// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/user_idea_intake.h"

#include "agents/user_ideas.h"
#include "search/eras.h"
#include "search/search_history.h"
#include "session/session_observer.h"
#include "store/session_store.h"

#include <cstdlib>

namespace phylo {

int takeUserIdeas(SessionStore& store, const SearchHistory& history, const std::vector<SteeringCommand>& commands,
    int generation, const std::string& codeHash, const std::string& strategyState, SessionObserver& observer)
{
    const auto handled = std::atoll(store.meta("add_idea_handled").value_or("0").c_str());
    int added = 0;
    for (const auto& command : commands) {
        if (command.command != "add-idea" || command.id <= handled)
            continue;
        store.setMeta("add_idea_handled", std::to_string(command.id));
        std::string error;
        auto ideas = parseUserIdeas(command.argument, store.ideas(), &error);
        if (ideas.empty()) {
            observer.onMessage("add-idea #" + std::to_string(command.id) + " ignored: " + error);
            continue;
        }
        const int era = currentEra(history);
        const Node* base = eraBaseline(history, era);
        if (!base)
            base = history.baseline();
        for (auto& idea : ideas) {
            idea.baseNode = base->id;
            idea.era = era;
            store.addIdeas({ idea });
            const auto all = store.ideas();
            Node child;
            child.op = "user-idea";
            child.parents = { base->id };
            child.era = era;
            child.generation = generation;
            child.codeHash = codeHash;
            child.genes = base->genes.withNewIdea(all.size());
            std::vector<Node> batch { child };
            store.insertBatch(batch, all, strategyState);
            observer.onMessage("add-idea: " + idea.name + " joins the pool (node " + std::to_string(batch.front().id) + ")");
            ++added;
        }
    }
    return added;
}

} // namespace phylo
