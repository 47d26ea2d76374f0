// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/user_ideas.h"
#include "commands/command_errors.h"
#include "commands/commands.h"
#include "search/steering.h"
#include "store/session_store.h"
#include "util/user_error.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <set>

namespace phylo {

int steerCommand(const std::filesystem::path& db, const std::string& command, const std::string& given)
{
    return reportErrors([&] {
        // add-idea FILE: the file's text is the command's argument (the session reads it from there).
        std::string argument = given;
        if (command == "add-idea") {
            std::ifstream in(given, std::ios::binary);
            if (!in)
                throw UserError("add-idea: cannot read " + given);
            std::ostringstream text;
            text << in.rdbuf();
            argument = text.str();
        }
        const auto store = SessionStore::open(db, SessionStore::Access::ReadWrite);
        if (!store->isInitialized())
            throw UserError(db.string() + ": the session has not started yet");
        std::set<NodeId> ids;
        for (const auto& node : store->loadNodes(false))
            ids.insert(node.id);
        if (const auto problem = validateSteering(command, argument, store->ideas(), ids))
            throw UserError(*problem);
        if (command == "add-idea") {
            if (const auto problem = validateUserIdeas(argument, store->ideas()))
                throw UserError(given + ": " + *problem);
        }
        const auto id = store->addSteering("cli", command, argument);
        std::printf("steering #%lld recorded: %s%s%s (a running session applies it at its next scheduling decision)\n",
            static_cast<long long>(id), command.c_str(), given.empty() ? "" : " ", given.c_str());
        return static_cast<int>(kExitOk);
    });
}

} // namespace phylo
