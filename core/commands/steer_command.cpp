// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands/command_errors.h"
#include "commands/commands.h"
#include "search/steering.h"
#include "store/session_store.h"
#include "util/user_error.h"

#include <cstdio>
#include <set>

namespace phylo {

int steerCommand(const std::filesystem::path& db, const std::string& command, const std::string& argument)
{
    return reportErrors([&] {
        const auto store = SessionStore::open(db, SessionStore::Access::ReadWrite);
        if (!store->isInitialized())
            throw UserError(db.string() + ": the session has not started yet");
        std::set<NodeId> ids;
        for (const auto& node : store->loadNodes(false))
            ids.insert(node.id);
        if (const auto problem = validateSteering(command, argument, store->ideas(), ids))
            throw UserError(*problem);
        const auto id = store->addSteering("cli", command, argument);
        std::printf("steering #%lld recorded: %s%s%s (a running session applies it at its next scheduling decision)\n",
            static_cast<long long>(id), command.c_str(), argument.empty() ? "" : " ", argument.c_str());
        return static_cast<int>(kExitOk);
    });
}

} // namespace phylo
