// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/proposed_idea.h"

#include <cctype>

namespace phylo {

Idea ProposedIdea::toIdea() const
{
    Idea idea;
    idea.name = name;
    idea.description = description;
    if (!isSwitch()) {
        for (const auto& variant : variants)
            idea.values.push_back(variant.value);
    }
    return idea;
}

bool isValidVariantValue(const std::string& value)
{
    if (value.empty() || value.size() > kMaxVariantValueChars)
        return false;
    for (char c : value) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '+' && c != '-')
            return false;
    }
    return true;
}

} // namespace phylo
