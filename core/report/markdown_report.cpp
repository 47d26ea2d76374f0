// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/markdown_report.h"

#include "report/report_path.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace phylo {

namespace {

    /// Text safe inside a Markdown table cell (and outside code spans).
    std::string cell(const std::string& text)
    {
        std::string out;
        for (char c : text) {
            if (c == '\n' || c == '\r')
                out += ' ';
            else if (c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']'
                || c == '\\')
                out += std::string("\\") + c;
            else
                out += c;
        }
        return out;
    }

    /// A code span holding TEXT (no backticks or pipes inside can break it).
    std::string code(const std::string& text)
    {
        std::string clean;
        for (char c : text)
            clean += c == '`' ? '\'' : c == '|' ? '/' : (c == '\n' ? ' ' : c);
        return "`" + clean + "`";
    }

    /// A fenced code block of LANGUAGE holding TEXT: the fence is longer than any run of backticks in TEXT.
    std::string fenced(const std::string& text, const std::string& language)
    {
        size_t longest = 0, run = 0;
        for (char c : text) {
            run = c == '`' ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        const std::string fence(std::max<size_t>(3, longest + 1), '`');
        return fence + language + "\n" + text + (text.empty() || text.back() == '\n' ? "" : "\n") + fence + "\n";
    }

    /// Each step of the path after the root: what changed and why, what it gained, and its diff.
    std::string pathSteps(const ReportData& d)
    {
        std::ostringstream m;
        for (size_t k = 1; k < d.path.size(); ++k) {
            const auto& s = d.path[k];
            const auto change = stepChangeText(s);
            m << "### Step " << k << ": node " << s.id << " (" << cell(s.op) << ")" << (change.empty() ? "" : " " + code(change))
              << "\n\n";
            if (s.speedup)
                m << "Speedup **" << formatSpeedup(*s.speedup) << "**";
            else
                m << "Status **" << cell(s.status) << "**";
            if (s.stepGain)
                m << ", step gain **" << formatSpeedup(*s.stepGain) << "** over node " << d.path[k - 1].id;
            m << ".\n\n";
            for (const auto& idea : s.ideas) {
                m << "- " << code(idea.change) << " (" << stepIdeaKind(idea) << ")"
                  << (idea.description.empty() ? "" : ": " + cell(idea.description)) << "\n";
                if (!idea.rationale.empty())
                    m << "  - Rationale: " << cell(idea.rationale) << "\n";
                else if (idea.isCode)
                    m << "  - No rationale was recorded.\n";
            }
            if (!s.ideas.empty())
                m << "\n";
            if (s.mergedCode)
                m << "This node's code is the merger agent's combination of colliding edits.\n\n";
            if (s.diff.empty()) {
                m << "No code change from node " << d.path[k - 1].id << ".\n\n";
            } else {
                size_t omitted = 0;
                m << fenced(diffExcerpt(s.diff, kStepDiffLines, omitted), "diff") << "\n";
                if (omitted)
                    m << "(" << omitted << " more lines of this step's diff are not shown.)\n\n";
            }
        }
        return m.str();
    }

} // namespace

std::string renderMarkdownReport(const ReportData& d)
{
    std::ostringstream m;
    m << "# PhyloEvolve report: " << cell(d.targetName) << "\n\n";
    m << "- Session: " << code(d.sessionFile) << "\n";
    m << "- Target: " << code(d.targetDir) << "\n";
    m << "- Metric: **" << cell(d.metricName) << "** (" << cell(d.direction) << ")\n";
    m << "- Search: " << cell(d.strategy) << ", seed " << cell(d.seed) << "\n";
    if (!d.hardware.empty())
        m << "- Hardware: " << cell(d.hardware) << "\n";
    if (!d.host.empty())
        m << "- Host: " << cell(d.host) << "\n";
    if (!d.compiler.empty())
        m << "- Compiler: " << cell(d.compiler) << "\n";
    m << "- Evaluations: " << d.evaluations << " (" << d.succeeded << " ok, " << d.failed << " failed";
    if (d.pending)
        m << ", " << d.pending << " pending";
    m << ")\n\n";

    m << "## Summary\n\n| | Node | " << cell(d.metricName)
      << " | 95% CI of the median | Speedup |\n|---|---:|---:|---|---:|\n";
    if (d.baseline)
        m << "| Baseline | " << d.baseline->id << " | " << formatMetric(d.baseline->metric) << " | "
          << formatConfidence(d.baseline->stats) << " | " << formatSpeedup(1.0) << " |\n";
    else
        m << "| Baseline | | failed: " << cell(d.baselineFailure) << " | | |\n";
    if (d.best) {
        m << "| Best | " << d.best->id << " | " << formatMetric(d.best->metric) << " | " << formatConfidence(d.best->stats)
          << " | **" << formatSpeedup(d.best->speedup) << "**";
        if (d.bestSpeedupRange)
            m << " (" << formatSpeedup(d.bestSpeedupRange->first) << " - " << formatSpeedup(d.bestSpeedupRange->second)
              << ")";
        m << " |\n";
    }
    m << "\n";

    m << "## Winning settings\n\n";
    if (!d.best)
        m << "No evaluation succeeded.\n\n";
    else if (d.best->genes.empty())
        m << "The best node is the baseline: no idea helped.\n\n";
    else {
        m << "Genes: " << code(settingsText(d.best->genes)) << "\n\n| Idea | Value | Description |\n|---|---|---|\n";
        for (const auto& g : d.best->genes) {
            std::string description;
            for (const auto& idea : d.ideas)
                if (idea.name == g.idea)
                    description = idea.description;
            m << "| " << code(g.idea) << " | " << code(g.value) << " | " << cell(description) << " |\n";
        }
        m << "\n";
    }

    m << "## Path to the best\n\n";
    if (d.path.empty())
        m << "No best node.\n\n";
    else {
        m << "| Node | Operator | Change from parent | Speedup | Step gain |\n|---:|---|---|---:|---:|\n";
        for (const auto& s : d.path) {
            const auto change = stepChangeText(s);
            m << "| " << s.id << " | " << cell(s.op) << " | " << (!change.empty() ? code(change) : &s == &d.path.front() ? "(root)" : "(no change)") << " | "
              << (s.speedup ? formatSpeedup(*s.speedup) : cell(s.status)) << " | "
              << (s.stepGain ? formatSpeedup(*s.stepGain) : "-") << " |\n";
        }
        m << "\nFirst parents from the root; step gain is the node's speedup divided by its parent's. Each step below "
             "shows the ideas it changed, why their authors expected them to help, and the diff of its code against its "
             "parent's (settings appear as their #define lines).\n\n";
        m << pathSteps(d);
    }

    m << "## Effect of each idea\n\n";
    if (d.effects.empty())
        m << "No succeeded node used an idea.\n\n";
    else {
        m << "| Setting | Nodes with | Mean speedup with | Nodes without | Mean speedup without | Ratio |\n"
             "|---|---:|---:|---:|---:|---:|\n";
        for (const auto& e : d.effects) {
            m << "| " << code(e.setting.label()) << " | " << e.withCount << " | "
              << (e.withCount ? formatSpeedup(e.meanWith) : "-") << " | " << e.withoutCount << " | "
              << (e.withoutCount ? formatSpeedup(e.meanWithout) : "-") << " | "
              << (e.withCount && e.withoutCount && e.meanWithout > 0 ? formatNumber(e.meanWith / e.meanWithout, "%.3f") : "-")
              << " |\n";
        }
        m << "\nOver succeeded nodes: the mean speedup of those with the setting vs. those with its idea off.\n\n";
    }

    m << "## Synergies\n\n" << cell(kSynergyDefinition) << "\n\n";
    if (d.synergies.empty())
        m << "No pair qualifies.\n\n";
    else {
        m << "| A | B | E(A and B) | E(A) | E(B) | Synergy | Extra factor |\n|---|---|---:|---:|---:|---:|---:|\n";
        for (const auto& s : d.synergies)
            m << "| " << code(s.a.label()) << " | " << code(s.b.label()) << " | " << formatNumber(s.logBoth, "%.3f") << " (node "
              << s.nodeBoth << ") | " << formatNumber(s.logA, "%.3f") << " (node " << s.nodeA << ") | " << formatNumber(s.logB, "%.3f")
              << " (node " << s.nodeB << ") | " << formatNumber(s.synergy, "%.3f") << " | " << formatSpeedup(std::exp(s.synergy))
              << " |\n";
        m << "\n";
    }

    m << "## Failures by reason\n\n";
    if (d.failures.empty())
        m << "No evaluation failed.\n\n";
    else {
        m << "| Reason | Count | Example |\n|---|---:|---|\n";
        for (const auto& f : d.failures)
            m << "| " << code(f.reason) << " | " << f.count << " | node " << f.exampleNode
              << (f.exampleDetail.empty() ? "" : ": " + cell(f.exampleDetail)) << " |\n";
        m << "\n";
    }

    m << "## Progress\n\n";
    if (d.points.empty())
        m << "No evaluations.\n\n";
    else {
        m << "| Eval | Node | Speedup | Best so far |\n|---:|---:|---:|---:|\n";
        for (const auto& p : d.points)
            m << "| " << p.evalIndex << " | " << p.id << " | " << (p.speedup ? formatSpeedup(*p.speedup) : "failed")
              << " | " << (p.bestSoFar > 0 ? formatSpeedup(p.bestSoFar) : "-") << " |\n";
        m << "\n";
    }

    m << "## Eras\n\n";
    if (d.eras.empty())
        m << "The session stayed in its first era.\n\n";
    else {
        m << "| Era | How it ended |\n|---:|---|\n";
        for (const auto& [era, end] : d.eras)
            m << "| " << era << " | " << cell(end) << " |\n";
        m << "\n";
    }

    m << "## LLM agents\n\n";
    if (d.llmSpend.calls == 0)
        m << "No LLM was used: the search ran on the target's declared ideas.\n\n";
    else {
        m << d.llmSpend.calls << " calls (" << d.llmSpend.failedCalls << " failed), " << d.llmSpend.inputTokens << " input and "
          << d.llmSpend.outputTokens << " output tokens, " << formatNumber(d.llmSpend.costUsd, "$%.4f") << ".\n\n";
        m << "| Agent | Calls | Cost |\n|---|---:|---:|\n";
        for (const auto& [agent, count] : d.llmCallsByAgent) {
            const auto cost = d.llmCostByAgent.find(agent);
            m << "| " << cell(agent) << " | " << count << " | "
              << formatNumber(cost == d.llmCostByAgent.end() ? 0.0 : cost->second, "$%.4f") << " |\n";
        }
        m << "\nIdeas by origin:";
        for (const auto& [origin, count] : d.ideasByOrigin)
            m << " " << origin << " " << count << ";";
        m << "\n\n";
    }

    m << "## Steering\n\n";
    if (d.steering.empty())
        m << "No steering commands were given.\n\n";
    else {
        m << "| # | When | Source | Command |\n|---:|---|---|---|\n";
        for (const auto& c : d.steering)
            m << "| " << c.id << " | " << formatTime(c.at) << " | " << cell(c.source) << " | "
              << code(c.command + (c.argument.empty() ? "" : " " + c.argument)) << " |\n";
        m << "\n";
    }

    m << "## Run history\n\n";
    if (d.runs.empty())
        m << "No runs recorded.\n";
    else {
        m << "| Run | Started | Finished | Ended | Command |\n|---:|---|---|---|---|\n";
        for (const auto& r : d.runs)
            m << "| " << r.id << " | " << formatTime(r.startedAt) << " | "
              << (r.finishedAt ? formatTime(*r.finishedAt) : "-") << " | "
              << cell(r.endReason.empty() ? "(killed or running)" : r.endReason) << " | " << code(r.command) << " |\n";
    }
    return m.str();
}

} // namespace phylo
