// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands/command_errors.h"

#include "commands/commands.h"
#include "util/user_error.h"

#include <cstdio>
#include <exception>

namespace phylo {

int reportErrors(const std::function<int()>& body)
{
    try {
        return body();
    } catch (const UserError& error) {
        std::fprintf(stderr, "phylo: error: %s\n", error.what());
        return kExitUsage;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "phylo: failed: %s\n", error.what());
        return kExitFailed;
    }
}

} // namespace phylo
