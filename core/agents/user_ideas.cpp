// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/user_ideas.h"

#include "agents/reply_parsers.h"

#include <set>

namespace phylo {

std::vector<Idea> parseUserIdeas(const std::string& text, const std::vector<Idea>& existing, std::string* error)
{
    std::set<std::string> taken;
    for (const auto& idea : existing)
        taken.insert(idea.name);
    const auto parsed = parseProposerReply(text, taken, 16);
    std::vector<Idea> out;
    if (!parsed.ok || parsed.ideas.empty()) {
        if (error) {
            *error = parsed.error.empty() ? "no idea in it (expected \"### IDEA name\" sections, see prompts/idea_format.txt)"
                                          : parsed.error;
            for (const auto& warning : parsed.warnings)
                *error += "; " + warning;
        }
        return out;
    }
    for (const auto& proposed : parsed.ideas) {
        Idea idea = proposed.toIdea();
        for (const auto& variant : proposed.variants)
            idea.edits.push_back(variant.edits);
        idea.origin = "user";
        idea.rationale = proposed.rationale;
        out.push_back(std::move(idea));
    }
    if (error)
        error->clear();
    return out;
}

std::optional<std::string> validateUserIdeas(const std::string& text, const std::vector<Idea>& existing)
{
    std::string error;
    if (parseUserIdeas(text, existing, &error).empty())
        return "add-idea: " + error;
    return std::nullopt;
}

} // namespace phylo
