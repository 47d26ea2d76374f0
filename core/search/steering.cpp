// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/steering.h"

#include <algorithm>
#include <stdexcept>

namespace phylo {

void Steering::constrain(Genes& genes) const
{
    for (const auto& [i, state] : pinned)
        genes.setState(i, state);
    for (size_t i : banned)
        genes.setState(i, Genes::kOff);
}

bool Steering::allows(const Genes& genes) const
{
    for (const auto& [i, state] : pinned) {
        if (genes.state(i) != state)
            return false;
    }
    return std::none_of(banned.begin(), banned.end(), [&](size_t i) { return genes.isOn(i); });
}

std::optional<std::pair<size_t, int>> parseIdeaSetting(const std::string& text, const std::vector<Idea>& ideas, bool needValue)
{
    const auto eq = text.find('=');
    const std::string name = text.substr(0, eq);
    const auto it = std::find_if(ideas.begin(), ideas.end(), [&](const Idea& idea) { return idea.name == name; });
    if (it == ideas.end())
        return std::nullopt;
    const auto index = static_cast<size_t>(it - ideas.begin());
    if (eq == std::string::npos) {
        if (needValue && !it->isSwitch())
            return std::nullopt;
        return std::make_pair(index, 0);
    }
    const auto value = text.substr(eq + 1);
    if (it->isSwitch())
        return value == "on" || value == "1" ? std::optional(std::make_pair(index, 0)) : std::nullopt;
    const auto vit = std::find(it->values.begin(), it->values.end(), value);
    if (vit == it->values.end())
        return std::nullopt;
    return std::make_pair(index, static_cast<int>(vit - it->values.begin()));
}

Steering foldSteering(const std::vector<SteeringCommand>& commands, const std::vector<Idea>& ideas)
{
    Steering steering;
    for (const auto& c : commands) {
        if (c.command == "pause")
            steering.paused = true;
        else if (c.command == "resume")
            steering.paused = false;
        else if (c.command == "prune" || c.command == "unprune") {
            const NodeId id = std::stoll(c.argument);
            if (c.command == "prune")
                steering.prunedRoots.insert(id);
            else
                steering.prunedRoots.erase(id);
        } else if (const auto setting = parseIdeaSetting(c.argument, ideas, c.command == "pin")) {
            const auto [index, state] = *setting;
            if (c.command == "pin") {
                steering.pinned[index] = state;
                steering.banned.erase(index);
            } else if (c.command == "unpin")
                steering.pinned.erase(index);
            else if (c.command == "ban") {
                steering.banned.insert(index);
                steering.pinned.erase(index);
            } else if (c.command == "unban")
                steering.banned.erase(index);
        }
    }
    return steering;
}

std::optional<std::string> validateSteering(const std::string& command, const std::string& argument,
    const std::vector<Idea>& ideas, const std::set<NodeId>& nodeIds)
{
    if (command == "add-idea") // the ideas' text: checked by validateUserIdeas (agents/) where it is read
        return argument.empty() ? std::optional<std::string>("add-idea: the file is empty") : std::nullopt;
    if (command == "pause" || command == "resume" || command == "stop" || command == "rethink")
        return argument.empty() ? std::nullopt : std::optional<std::string>(command + " takes no argument");
    if (command == "prune" || command == "unprune" || command == "backtrack") {
        NodeId id = 0;
        try {
            size_t used = 0;
            id = std::stoll(argument, &used);
            if (used != argument.size())
                throw std::invalid_argument(argument);
        } catch (const std::exception&) {
            return command + ": expected a node id, got \"" + argument + "\"";
        }
        if (!nodeIds.count(id))
            return command + ": no node " + argument + " in this session";
        return std::nullopt;
    }
    if (command == "pin" || command == "unpin" || command == "ban" || command == "unban") {
        if (!parseIdeaSetting(argument, ideas, command == "pin")) {
            std::string names;
            for (const auto& idea : ideas)
                names += (names.empty() ? "" : ", ") + idea.name + (idea.isSwitch() ? "" : "=VALUE");
            return command + ": \"" + argument + "\" names no idea" + (command == "pin" ? " setting" : "")
                + " of this session (ideas: " + names + ")";
        }
        return std::nullopt;
    }
    return "unknown steering command \"" + command
        + "\" (expected prune, unprune, pin, unpin, ban, unban, backtrack, pause, resume, stop, rethink or add-idea)";
}

} // namespace phylo
