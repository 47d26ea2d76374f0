// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/idea.h"

#include <cctype>

namespace phylo {

std::string Idea::valueText(int state) const
{
    if (isSwitch())
        return "1";
    return values.at(static_cast<size_t>(state));
}

std::string Idea::macroName() const
{
    std::string out = name;
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool isValidIdeaName(const std::string& name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())))
        return false;
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            return false;
    }
    return true;
}

} // namespace phylo
