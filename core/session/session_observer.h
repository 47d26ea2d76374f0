// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <optional>
#include <string>

namespace phylo {

/// Where a running session stands, sent with every event.
struct SessionProgress {
    int evaluated = 0; ///< nodes evaluated in the whole session, all runs
    int maxEvals = 0;
    int failed = 0;
    int running = 0;
    std::optional<double> bestSpeedup;
    NodeId bestId = 0;
    std::string bestKey;
    double elapsedS = 0; ///< in this run
    std::optional<double> etaS;
};

/**
 * How the core tells the outside (the terminal, later the GUI) what a session does. Called
 * on the session's own thread; an implementation must not block it (the GUI's turns each
 * call into a queued call on its own thread).
 */
class SessionObserver {
public:
    virtual ~SessionObserver() = default;
    virtual void onMessage(const std::string& /*text*/) { }
    virtual void onNodeStarted(const Node& /*node*/, const SessionProgress& /*progress*/) { }
    virtual void onNodeFinished(const Node& /*node*/, const SessionProgress& /*progress*/) { }
    virtual void onSessionEnded(const std::string& /*reason*/, const SessionProgress& /*progress*/) { }
};

} // namespace phylo
