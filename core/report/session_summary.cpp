// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/session_summary.h"

#include "search/search_history.h"
#include "store/session_store.h"
#include "util/clock.h"

#include <cstdio>
#include <map>
#include <sstream>

namespace phylo {

std::string summarizeSession(const SessionStore& store)
{
    const auto ideas = store.ideas();
    SearchHistory history(ideas, store.loadNodes(false));
    const auto metric = store.meta("metric_name").value_or("metric");
    std::ostringstream out;
    out << "Session:     " << store.path().string() << '\n';
    out << "Target:      " << store.meta("target_name").value_or("?") << " (" << store.meta("target_dir").value_or("?")
        << ")\n";
    out << "Search:      " << store.meta("strategy").value_or("?") << ", seed " << store.meta("seed").value_or("?")
        << ", " << ideas.size() << " ideas\n";

    int ok = 0, failed = 0, pending = 0;
    std::map<std::string, int> reasons;
    for (const auto& node : history.nodes()) {
        ok += node.status == NodeStatus::Succeeded;
        failed += node.status == NodeStatus::Failed;
        pending += !node.evaluated();
        if (node.status == NodeStatus::Failed)
            ++reasons[reasonText(node.failure)];
    }
    out << "Evaluations: " << ok + failed << " (" << ok << " ok, " << failed << " failed";
    if (pending)
        out << ", " << pending << " pending";
    out << ")\n";
    // What the LLM agents did and cost (the key is never in the file).
    const auto spend = store.llmSpend();
    if (spend.calls > 0) {
        char cost[32];
        std::snprintf(cost, sizeof cost, "%.4f", spend.costUsd);
        int agentIdeas = 0;
        for (const auto& idea : store.ideas())
            agentIdeas += idea.origin != "target";
        out << "LLM spend:   " << spend.calls << " calls (" << spend.failedCalls << " failed), " << spend.inputTokens
            << " input + " << spend.outputTokens << " output tokens, $" << cost << "; " << agentIdeas
            << " ideas from agents\n";
    }

    if (const Node* base = history.baseline(); base && base->metric)
        out << "Baseline:    node " << base->id << ", " << metric << " = " << *base->metric << '\n';
    else if (base && base->status == NodeStatus::Failed)
        out << "Baseline:    FAILED: " << reasonText(base->failure) << " (" << base->failureDetail << ")\n";

    if (const Node* best = history.best()) {
        char speedup[32];
        std::snprintf(speedup, sizeof speedup, "%.3fx", best->speedup.value_or(0));
        out << "Best:        node " << best->id << ", " << metric << " = " << best->metric.value_or(0) << ", speedup "
            << speedup << '\n';
        out << "  genes:     " << best->geneKey << '\n';
        out << "  lineage:   ";
        // Follow first parents back to the root: the path that led here.
        std::string path;
        for (const Node* n = best; n;) {
            path = std::to_string(n->id) + (path.empty() ? "" : " -> " + path);
            n = n->parents.empty() ? nullptr : history.byId(n->parents.front());
        }
        out << path << '\n';
    }
    if (const auto commands = store.steering(); !commands.empty()) {
        out << "Steering:\n";
        for (const auto& c : commands)
            out << "  " << isoTime(c.at) << " " << c.source << ": " << c.command << (c.argument.empty() ? "" : " ")
                << (c.command == "add-idea" ? c.argument.substr(0, c.argument.find('\n')) + " ..." : c.argument) << '\n';
    }
    if (!reasons.empty()) {
        out << "Failures by reason:\n";
        for (const auto& [reason, count] : reasons)
            out << "  " << reason << ": " << count << '\n';
    }
    return out.str();
}

} // namespace phylo
