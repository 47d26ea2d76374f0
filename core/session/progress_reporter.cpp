// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/progress_reporter.h"

#include "util/clock.h"

#include <cstdio>
#include <unistd.h>

namespace phylo {

namespace {
    std::string format(const char* fmt, double value)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, fmt, value);
        return buf;
    }

    std::string bestText(const SessionProgress& progress)
    {
        if (!progress.bestSpeedup)
            return "best -";
        return "best " + format("%.2fx", *progress.bestSpeedup) + " (node " + std::to_string(progress.bestId) + ")";
    }
}

std::string describeResult(const Node& node)
{
    if (node.status == NodeStatus::Failed)
        return "failed: " + reasonText(node.failure) + (node.failureDetail.empty() ? "" : " (" + node.failureDetail + ")");
    if (node.metric && node.speedup)
        return format("%g", *node.metric) + " (" + format("%.2fx", *node.speedup) + ")";
    return statusText(node.status);
}

ProgressReporter::ProgressReporter(std::FILE* out, bool live)
    : m_out(out)
    , m_live(live)
{
}

bool ProgressReporter::isTerminal(std::FILE* out)
{
    return ::isatty(::fileno(out)) == 1;
}

void ProgressReporter::clearLine()
{
    if (m_lineShown) {
        std::fputs("\r\033[K", m_out);
        m_lineShown = false;
    }
}

void ProgressReporter::printAbove(const std::string& text)
{
    clearLine();
    std::fprintf(m_out, "%s\n", text.c_str());
}

void ProgressReporter::drawLine(const SessionProgress& progress)
{
    std::string line = "[" + std::to_string(progress.evaluated) + "/" + std::to_string(progress.maxEvals) + "] "
        + bestText(progress) + " | " + std::to_string(progress.running) + " running | "
        + std::to_string(progress.failed) + " failed | ETA " + (progress.etaS ? formatDuration(*progress.etaS) : "?");
    clearLine();
    std::fputs(line.c_str(), m_out);
    m_lineShown = true;
    std::fflush(m_out);
}

void ProgressReporter::onMessage(const std::string& text)
{
    std::lock_guard lock(m_mutex);
    printAbove(text);
    std::fflush(m_out);
}

void ProgressReporter::onNodeStarted(const Node& node, const SessionProgress& progress)
{
    std::lock_guard lock(m_mutex);
    if (m_live)
        drawLine(progress);
    (void)node;
}

void ProgressReporter::onNodeFinished(const Node& node, const SessionProgress& progress)
{
    std::lock_guard lock(m_mutex);
    const std::string what = "node " + std::to_string(node.id) + " [" + node.geneKey + "] " + describeResult(node);
    const bool newBest = progress.bestSpeedup && (!m_lastBest || *progress.bestSpeedup > *m_lastBest);
    if (m_live) {
        if (node.status == NodeStatus::Failed || (newBest && progress.bestId == node.id))
            printAbove((node.status == NodeStatus::Failed ? "  " : "* ") + what);
        drawLine(progress);
    } else {
        std::fprintf(m_out, "[%d/%d] %s | %s\n", progress.evaluated, progress.maxEvals, what.c_str(),
            bestText(progress).c_str());
        std::fflush(m_out);
    }
    if (newBest)
        m_lastBest = progress.bestSpeedup;
}

void ProgressReporter::onSessionEnded(const std::string& reason, const SessionProgress& progress)
{
    std::lock_guard lock(m_mutex);
    printAbove("session ended: " + reason);
    std::fprintf(m_out, "%d evaluated, %d failed, %s\n", progress.evaluated, progress.failed, bestText(progress).c_str());
    std::fflush(m_out);
}

} // namespace phylo
