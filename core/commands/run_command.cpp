// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands/command_errors.h"
#include "commands/commands.h"
#include "session/progress_reporter.h"

#include <atomic>
#include <csignal>
#include <cstdio>

namespace phylo {

namespace {
    std::atomic<bool> g_stop { false };

    extern "C" void requestStop(int)
    {
        g_stop.store(true);
    }

    /// Ctrl-C or SIGTERM stops the session cleanly (in-flight evaluations are cancelled and run
    /// again on resume); a second Ctrl-C kills at once, thanks to SA_RESETHAND.
    void installStopHandlers()
    {
        struct sigaction action {};
        action.sa_handler = requestStop;
        action.sa_flags = SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    }
}

int runCommand(const RunOptions& options)
{
    return reportErrors([&] {
        installStopHandlers();
        ProgressReporter reporter(stderr, ProgressReporter::isTerminal(stderr));
        const auto result = runSession(options, reporter, g_stop);
        return result.exitCode;
    });
}

} // namespace phylo
