// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli_arguments.h"
#include "commands/commands.h"
#include "eval/job_exec.h"

int main(int argc, char** argv)
{
    const auto inv = phylo::cli::parseArguments(argc, argv);
    if (inv.exitCode >= 0)
        return inv.exitCode;
    switch (inv.command) {
    case phylo::cli::Invocation::Command::Run:
        return phylo::runCommand(inv.run);
    case phylo::cli::Invocation::Command::Export:
        return phylo::exportCommand(inv.db, inv.format, inv.withLogs);
    case phylo::cli::Invocation::Command::Show:
        return phylo::showCommand(inv.db);
    case phylo::cli::Invocation::Command::Report:
        return phylo::reportCommand(inv.report);
    case phylo::cli::Invocation::Command::Steer:
        return phylo::steerCommand(inv.db, inv.steerCommand, inv.steerArgument);
    case phylo::cli::Invocation::Command::JobExec:
        return phylo::runJobSteps(inv.jobDir);
    case phylo::cli::Invocation::Command::None:
        break;
    }
    return phylo::kExitUsage;
}
