// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands/command_errors.h"
#include "commands/commands.h"
#include "commands/placement_summary.h"
#include "report/json_export.h"
#include "store/session_store.h"
#include "util/user_error.h"

#include <cstdio>

namespace phylo {

int exportCommand(const std::filesystem::path& db, const std::string& format, bool withLogs)
{
    return reportErrors([&] {
        if (format != "json")
            throw UserError("--format: expected \"json\", got \"" + format + "\"");
        const auto store = SessionStore::open(db, SessionStore::Access::ReadOnly);
        const auto text = withPlacements(exportSessionJson(*store, withLogs), store->loadNodes(false));
        std::fwrite(text.data(), 1, text.size(), stdout);
        return static_cast<int>(kExitOk);
    });
}

} // namespace phylo
