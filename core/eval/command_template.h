// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace phylo {

/// The values of a command's placeholders for one candidate.
struct CommandContext {
    std::string bin; ///< {bin}: the candidate's executable in its scratch dir
    std::string dir; ///< {dir}: the scratch dir
    std::string defines; ///< {defines}: "-DTILE=32 -DUNROLL=1"
    std::string harness; ///< {harness}: the directory of the CUDA harness sources
};

/**
 * Replaces {bin}, {dir}, {defines} and {harness} in TEMPLATE. Paths are shell-quoted when needed;
 * any other brace text (${HOME}, awk '{print}') is left as it is.
 */
std::string expandCommand(const std::string& templ, const CommandContext& context);

} // namespace phylo
