// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands/command_errors.h"
#include "commands/commands.h"
#include "commands/placement_summary.h"
#include "report/session_summary.h"
#include "store/session_store.h"

#include <cstdio>

namespace phylo {

int showCommand(const std::filesystem::path& db)
{
    return reportErrors([&] {
        const auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        std::fputs(summarizeSession(*store).c_str(), stdout);
        std::fputs(describePlacements(store->loadNodes(false)).c_str(), stdout);
        return static_cast<int>(kExitOk);
    });
}

} // namespace phylo
