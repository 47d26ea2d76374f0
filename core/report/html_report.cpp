// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/html_report.h"

#include "report/report_path.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace phylo {

namespace {

    const char* const kStyle = R"css(
:root { --fg:#1d232a; --muted:#5b6670; --line:#d8dee4; --accent:#1f6feb; --bad:#cf222e; --good:#1a7f37; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       max-width: 980px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 200px; flex: 1; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 20px; font-weight: 600; }
.card .note { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; }
.good { color: var(--good); } .bad { color: var(--bad); } .muted { color: var(--muted); }
.def { color: var(--muted); font-size: 13px; }
svg { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
.step { margin: 0 0 14px; }
.rationale { color: var(--fg); font-style: italic; }
ul.ideas { margin: 4px 0; padding-left: 20px; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  h2 { break-after: avoid; }
  table, svg, .card { break-inside: avoid; }
  h3 { break-after: avoid; }
  th { background: none; }
}
)css";

    std::string esc(const std::string& text)
    {
        return htmlEscape(text);
    }

    /// A chart inline as SVG, or as an image the caller supplies (OPTIONS.chartsAsImages).
    std::string chartHtml(const std::vector<ReportChart>& charts, const std::string& id, const HtmlReportOptions& options)
    {
        for (const auto& c : charts) {
            if (c.id != id)
                continue;
            if (!options.chartsAsImages)
                return c.svg;
            const int height = kChartImageWidth * c.height / std::max(c.width, 1);
            return "<p class=\"chart\"><img src=\"" + esc(chartImageName(c)) + "\" width=\"" + std::to_string(kChartImageWidth)
                + "\" height=\"" + std::to_string(height) + "\" alt=\"" + esc(c.title) + "\"></p>\n";
        }
        return {};
    }

    /// A unified diff with each line coloured by its kind.
    std::string diffHtml(const std::string& diff)
    {
        size_t omitted = 0;
        const auto shown = diffExcerpt(diff, kStepDiffLines, omitted);
        std::string out = "<pre class=\"diff\">";
        size_t at = 0;
        while (at < shown.size()) {
            auto end = shown.find('\n', at);
            if (end == std::string::npos)
                end = shown.size();
            const auto line = shown.substr(at, end - at);
            const char* kind = line.rfind("+++", 0) == 0 || line.rfind("---", 0) == 0 ? "file"
                : line.rfind("@@", 0) == 0                                          ? "hunk"
                : line.rfind("+", 0) == 0                                           ? "add"
                : line.rfind("-", 0) == 0                                           ? "del"
                : line.rfind("\\", 0) == 0                                          ? "muted"
                                                                                    : "ctx";
            out += "<span class=\"" + std::string(kind) + "\">" + esc(line) + "</span>\n";
            at = end + 1;
        }
        out += "</pre>\n";
        if (omitted)
            out += "<p class=\"muted\">(" + std::to_string(omitted) + " more lines of this step's diff are not shown.)</p>\n";
        return out;
    }

    /// Each step of the path after the root: what changed and why, what it gained, and its diff.
    std::string pathStepsHtml(const ReportData& d)
    {
        std::ostringstream h;
        for (size_t k = 1; k < d.path.size(); ++k) {
            const auto& s = d.path[k];
            const auto change = stepChangeText(s);
            h << "<div class=\"step\">\n<h3>Step " << k << ": node " << s.id << " (" << esc(s.op) << ")"
              << (change.empty() ? std::string() : " <code>" + esc(change) + "</code>") << "</h3>\n<p>";
            if (s.speedup)
                h << "Speedup <b>" << formatSpeedup(*s.speedup) << "</b>";
            else
                h << "Status <b>" << esc(s.status) << "</b>";
            if (s.stepGain)
                h << ", step gain <b class=\"" << (*s.stepGain >= 1 ? "good" : "bad") << "\">" << formatSpeedup(*s.stepGain)
                  << "</b> over node " << d.path[k - 1].id;
            h << ".</p>\n";
            if (!s.ideas.empty()) {
                h << "<ul class=\"ideas\">\n";
                for (const auto& idea : s.ideas) {
                    h << "<li><code>" << esc(idea.change) << "</code> <span class=\"muted\">(" << esc(stepIdeaKind(idea))
                      << ")</span>" << (idea.description.empty() ? "" : ": " + esc(idea.description));
                    if (!idea.rationale.empty())
                        h << "<br><span class=\"rationale\">Rationale: " << esc(idea.rationale) << "</span>";
                    else if (idea.isCode)
                        h << "<br><span class=\"muted\">No rationale was recorded.</span>";
                    h << "</li>\n";
                }
                h << "</ul>\n";
            }
            if (s.mergedCode)
                h << "<p class=\"muted\">This node's code is the merger agent's combination of colliding edits.</p>\n";
            if (s.diff.empty())
                h << "<p class=\"muted\">No code change from node " << d.path[k - 1].id << ".</p>\n";
            else
                h << diffHtml(s.diff);
            h << "</div>\n";
        }
        return h.str();
    }

} // namespace

const char* const kDiffStyle = "span.add { color: #116329; background-color: #dafbe1; }\n"
                               "span.del { color: #82071e; background-color: #ffebe9; }\n"
                               "span.hunk { color: #8250df; }\n"
                               "span.file { color: #5b6670; font-weight: 600; }\n";

std::string chartImageName(const ReportChart& chart)
{
    return "chart-" + chart.id + ".png";
}

std::string htmlEscape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string renderHtmlReport(const ReportData& d, const HtmlReportOptions& options)
{
    const auto charts = reportCharts(d);
    std::ostringstream h;
    const auto metric = esc(d.metricName);
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>PhyloEvolve report: " << esc(d.targetName) << "</title>\n<style>" << kStyle << kDiffStyle
      << "</style>\n</head>\n<body>\n";
    h << "<h1>PhyloEvolve report: " << esc(d.targetName) << "</h1>\n";
    h << "<p class=\"sub\">Session <code>" << esc(d.sessionFile) << "</code> &middot; target <code>" << esc(d.targetDir)
      << "</code> &middot; metric <b>" << metric << "</b> (" << esc(d.direction) << ") &middot; strategy "
      << esc(d.strategy) << ", seed " << esc(d.seed);
    if (!d.hardware.empty())
        h << " &middot; hardware: " << esc(d.hardware);
    if (!d.host.empty())
        h << " &middot; host: " << esc(d.host);
    if (!d.compiler.empty())
        h << " &middot; compiler: " << esc(d.compiler);
    h << "</p>\n";

    // Summary cards.
    h << "<div class=\"cards\">\n";
    h << "<div class=\"card\"><div class=\"label\">Baseline " << metric << "</div>";
    if (d.baseline)
        h << "<div class=\"value\">" << formatMetric(d.baseline->metric) << "</div><div class=\"note\">node "
          << d.baseline->id << ", " << esc(formatConfidence(d.baseline->stats)) << "</div>";
    else
        h << "<div class=\"value bad\">failed</div><div class=\"note\">" << esc(d.baselineFailure) << "</div>";
    h << "</div>\n";
    h << "<div class=\"card\"><div class=\"label\">Best " << metric << "</div>";
    if (d.best)
        h << "<div class=\"value\">" << formatMetric(d.best->metric) << "</div><div class=\"note\">node " << d.best->id
          << ", " << esc(formatConfidence(d.best->stats)) << "</div>";
    else
        h << "<div class=\"value\">&ndash;</div>";
    h << "</div>\n";
    h << "<div class=\"card\"><div class=\"label\">Best speedup</div>";
    if (d.best) {
        h << "<div class=\"value good\">" << formatSpeedup(d.best->speedup) << "</div>";
        if (d.bestSpeedupRange)
            h << "<div class=\"note\">from the CIs: " << formatSpeedup(d.bestSpeedupRange->first) << " &ndash; "
              << formatSpeedup(d.bestSpeedupRange->second) << "</div>";
    } else {
        h << "<div class=\"value\">&ndash;</div>";
    }
    h << "</div>\n";
    h << "<div class=\"card\"><div class=\"label\">Evaluations</div><div class=\"value\">" << d.evaluations
      << "</div><div class=\"note\">" << d.succeeded << " ok, " << d.failed << " failed";
    if (d.pending)
        h << ", " << d.pending << " pending";
    h << "</div></div>\n</div>\n";

    // Winning settings.
    h << "<h2>Winning settings</h2>\n";
    if (!d.best)
        h << "<p class=\"muted\">No evaluation succeeded.</p>\n";
    else if (d.best->genes.empty())
        h << "<p>The best node is the baseline: no idea helped.</p>\n";
    else {
        h << "<table><tr><th>Idea</th><th>Value</th><th>Description</th></tr>\n";
        for (const auto& g : d.best->genes) {
            std::string description;
            for (const auto& idea : d.ideas)
                if (idea.name == g.idea)
                    description = idea.description;
            h << "<tr><td><code>" << esc(g.idea) << "</code></td><td><code>" << esc(g.value) << "</code></td><td>"
              << esc(description) << "</td></tr>\n";
        }
        h << "</table>\n<p>Genes: <code>" << esc(settingsText(d.best->genes)) << "</code></p>\n";
    }

    h << "<h2>Progress</h2>\n<p class=\"def\">Best speedup so far (line) and every evaluation (dots; failures as red "
         "crosses) against the evaluation index. The dashed line is the baseline.</p>\n";
    h << chartHtml(charts, "progress", options);

    // Path.
    h << "<h2>Path to the best</h2>\n";
    if (d.path.empty())
        h << "<p class=\"muted\">No best node.</p>\n";
    else {
        h << "<table><tr><th class=\"num\">Node</th><th>Operator</th><th>Change from parent</th><th "
             "class=\"num\">Speedup</th>"
             "<th class=\"num\">Step gain</th></tr>\n";
        for (const auto& s : d.path) {
            h << "<tr><td class=\"num\">" << s.id << "</td><td>" << esc(s.op) << "</td><td><code>"
              << esc(!stepChangeText(s).empty() ? stepChangeText(s) : &s == &d.path.front() ? "(root)" : "(no change)") << "</code></td><td class=\"num\">"
              << (s.speedup ? formatSpeedup(*s.speedup) : esc(s.status)) << "</td><td class=\"num\">"
              << (s.stepGain ? formatSpeedup(*s.stepGain) : std::string("&ndash;")) << "</td></tr>\n";
        }
        h << "</table>\n<p class=\"def\">The path follows first parents from the root. Step gain: the node's speedup "
             "divided by its parent's. Each step below shows the ideas it changed, why their authors expected them to "
             "help, and the diff of its code against its parent's (settings appear as their #define lines).</p>\n";
        h << pathStepsHtml(d);
    }

    // Effects.
    h << "<h2>Effect of each idea</h2>\n";
    if (d.effects.empty())
        h << "<p class=\"muted\">No succeeded node used an idea.</p>\n";
    else {
        h << "<table><tr><th>Setting</th><th class=\"num\">Nodes with</th><th class=\"num\">Mean speedup with</th>"
             "<th class=\"num\">Nodes without</th><th class=\"num\">Mean speedup without</th><th "
             "class=\"num\">Ratio</th></tr>\n";
        for (const auto& e : d.effects) {
            h << "<tr><td><code>" << esc(e.setting.label()) << "</code></td><td class=\"num\">" << e.withCount
              << "</td><td class=\"num\">" << (e.withCount ? formatSpeedup(e.meanWith) : "&ndash;")
              << "</td><td class=\"num\">" << e.withoutCount << "</td><td class=\"num\">"
              << (e.withoutCount ? formatSpeedup(e.meanWithout) : "&ndash;") << "</td><td class=\"num\">";
            if (e.withCount && e.withoutCount && e.meanWithout > 0) {
                const double r = e.meanWith / e.meanWithout;
                h << "<span class=\"" << (r >= 1 ? "good" : "bad") << "\">" << formatNumber(r, "%.3f") << "</span>";
            } else {
                h << "&ndash;";
            }
            h << "</td></tr>\n";
        }
        h << "</table>\n<p class=\"def\">Over succeeded nodes: the mean speedup of those with the setting vs. those "
             "with its idea off.</p>\n";
        h << chartHtml(charts, "effects", options);
    }

    // Synergies.
    h << "<h2>Synergies</h2>\n<p class=\"def\">" << esc(kSynergyDefinition) << "</p>\n";
    if (d.synergies.empty())
        h << "<p class=\"muted\">No pair qualifies.</p>\n";
    else {
        h << "<table><tr><th>A</th><th>B</th><th class=\"num\">E(A and B)</th><th class=\"num\">E(A)</th>"
             "<th class=\"num\">E(B)</th><th class=\"num\">Synergy</th><th class=\"num\">Extra factor</th></tr>\n";
        for (const auto& s : d.synergies) {
            h << "<tr><td><code>" << esc(s.a.label()) << "</code></td><td><code>" << esc(s.b.label())
              << "</code></td><td class=\"num\">" << formatNumber(s.logBoth, "%.3f") << " (node " << s.nodeBoth
              << ")</td><td class=\"num\">" << formatNumber(s.logA, "%.3f") << " (node " << s.nodeA << ")</td><td class=\"num\">"
              << formatNumber(s.logB, "%.3f") << " (node " << s.nodeB << ")</td><td class=\"num\">" << formatNumber(s.synergy, "%.3f")
              << "</td><td class=\"num\">" << formatSpeedup(std::exp(s.synergy)) << "</td></tr>\n";
        }
        h << "</table>\n";
    }

    // Failures.
    h << "<h2>Failures by reason</h2>\n";
    if (d.failures.empty())
        h << "<p class=\"muted\">No evaluation failed.</p>\n";
    else {
        h << "<table><tr><th>Reason</th><th class=\"num\">Count</th><th>Example</th></tr>\n";
        for (const auto& f : d.failures)
            h << "<tr><td><code>" << esc(f.reason) << "</code></td><td class=\"num\">" << f.count << "</td><td>node "
              << f.exampleNode << (f.exampleDetail.empty() ? "" : ": " + esc(f.exampleDetail)) << "</td></tr>\n";
        h << "</table>\n";
    }

    h << "<h2>Eras</h2>\n";
    if (d.eras.empty())
        h << "<p class=\"muted\">The session stayed in its first era.</p>\n";
    else {
        h << "<table><tr><th class=\"num\">Era</th><th>How it ended</th></tr>\n";
        for (const auto& [era, end] : d.eras)
            h << "<tr><td class=\"num\">" << era << "</td><td>" << esc(end) << "</td></tr>\n";
        h << "</table>\n";
    }

    h << "<h2>LLM agents</h2>\n";
    if (d.llmSpend.calls == 0)
        h << "<p class=\"muted\">No LLM was used: the search ran on the target's declared ideas.</p>\n";
    else {
        h << "<p>" << d.llmSpend.calls << " calls (" << d.llmSpend.failedCalls << " failed), " << d.llmSpend.inputTokens
          << " input and " << d.llmSpend.outputTokens << " output tokens, " << esc(formatNumber(d.llmSpend.costUsd, "$%.4f"))
          << ".</p>\n<table><tr><th>Agent</th><th class=\"num\">Calls</th><th class=\"num\">Cost</th></tr>\n";
        for (const auto& [agent, count] : d.llmCallsByAgent) {
            const auto cost = d.llmCostByAgent.find(agent);
            h << "<tr><td>" << esc(agent) << "</td><td class=\"num\">" << count << "</td><td class=\"num\">"
              << esc(formatNumber(cost == d.llmCostByAgent.end() ? 0.0 : cost->second, "$%.4f")) << "</td></tr>\n";
        }
        h << "</table>\n<p>Ideas by origin:";
        for (const auto& [origin, count] : d.ideasByOrigin)
            h << " " << esc(origin) << " " << count << ";";
        h << "</p>\n" << chartHtml(charts, "spend", options);
    }

    h << "<h2>Steering</h2>\n";
    if (d.steering.empty())
        h << "<p class=\"muted\">No steering commands were given.</p>\n";
    else {
        h << "<table><tr><th class=\"num\">#</th><th>When</th><th>Source</th><th>Command</th></tr>\n";
        for (const auto& c : d.steering)
            h << "<tr><td class=\"num\">" << c.id << "</td><td>" << formatTime(c.at) << "</td><td>" << esc(c.source)
              << "</td><td><code>" << esc(c.command + (c.argument.empty() ? "" : " " + c.argument)) << "</code></td></tr>\n";
        h << "</table>\n";
    }

    // Runs.
    h << "<h2>Run history</h2>\n";
    if (d.runs.empty())
        h << "<p class=\"muted\">No runs recorded.</p>\n";
    else {
        h << "<table><tr><th "
             "class=\"num\">Run</th><th>Started</th><th>Finished</th><th>Ended</th><th>Command</th></tr>\n";
        for (const auto& r : d.runs)
            h << "<tr><td class=\"num\">" << r.id << "</td><td>" << formatTime(r.startedAt) << "</td><td>"
              << (r.finishedAt ? formatTime(*r.finishedAt) : std::string("&ndash;")) << "</td><td>"
              << esc(r.endReason.empty() ? "(killed or running)" : r.endReason) << "</td><td><code>" << esc(r.command)
              << "</code></td></tr>\n";
        h << "</table>\n";
    }
    h << "<p class=\"def\">Generated by <code>phylo report</code> from <code>" << esc(d.sessionPath)
      << "</code>.</p>\n";
    h << "</body>\n</html>\n";
    return h.str();
}

} // namespace phylo
