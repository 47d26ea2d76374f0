// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/session_observer.h"

#include <cstdio>
#include <mutex>

namespace phylo {

/**
 * The CLI's view of a running session. On a terminal: one live progress line
 * (evaluations done/max, best speedup, ETA) redrawn in place, with failures and new
 * bests printed above it. Otherwise (a pipe, a log file, CI): one plain line per evaluation.
 */
class ProgressReporter : public SessionObserver {
public:
    ProgressReporter(std::FILE* out, bool live);
    static bool isTerminal(std::FILE* out);

    void onMessage(const std::string& text) override;
    void onNodeStarted(const Node& node, const SessionProgress& progress) override;
    void onNodeFinished(const Node& node, const SessionProgress& progress) override;
    void onSessionEnded(const std::string& reason, const SessionProgress& progress) override;

private:
    void drawLine(const SessionProgress& progress);
    void clearLine();
    void printAbove(const std::string& text);

    std::FILE* m_out;
    bool m_live;
    bool m_lineShown = false;
    std::optional<double> m_lastBest;
    std::mutex m_mutex;
};

/// "12.5 ms (1.84x)" or "failed: build failed (exit status 1: ...)".
std::string describeResult(const Node& node);

} // namespace phylo
