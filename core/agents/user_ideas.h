// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"

#include <optional>
#include <string>
#include <vector>

namespace phylo {

/**
 * Ideas a user wrote for `phylo steer add-idea FILE` (or the app's Add Idea): the proposer's format
 * (prompts/idea_format.txt: "### IDEA name", a description, SEARCH/REPLACE blocks per variant), as code
 * ideas of origin "user". ERROR (when given) says why there are none: a parse error, or names taken.
 */
std::vector<Idea> parseUserIdeas(const std::string& text, const std::vector<Idea>& existing, std::string* error);

/// Why TEXT cannot be added to a session with EXISTING ideas, or nullopt when it can.
std::optional<std::string> validateUserIdeas(const std::string& text, const std::vector<Idea>& existing);

} // namespace phylo
