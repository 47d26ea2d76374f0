// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace phylo {

/**
 * A problem with what the user gave us (a broken phylo.toml, a missing file, a file that
 * is not a session): reported as one clear message, exit status 2, nothing written.
 */
class UserError : public std::runtime_error {
public:
    explicit UserError(const std::string& message)
        : std::runtime_error(message)
    {
    }
};

} // namespace phylo
