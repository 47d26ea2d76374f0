// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/html_report.h"

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
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  h2 { break-after: avoid; }
  table, svg, .card, pre { break-inside: avoid; }
  th { background: none; }
}
)css";

    std::string esc(const std::string& text)
    {
        return htmlEscape(text);
    }

    std::string chart(const ReportData& data)
    {
        const double W = 760, H = 300, left = 56, right = 16, top = 16, bottom = 40;
        const double pw = W - left - right, ph = H - top - bottom;
        std::int64_t maxIndex = 1;
        double maxY = 1.0;
        for (const auto& p : data.points) {
            maxIndex = std::max(maxIndex, p.evalIndex);
            if (p.speedup)
                maxY = std::max(maxY, *p.speedup);
        }
        maxY *= 1.1;
        auto x = [&](double i) { return left + pw * i / static_cast<double>(maxIndex); };
        auto y = [&](double v) { return top + ph * (1.0 - v / maxY); };
        std::ostringstream svg;
        svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << W << ' ' << H
            << "\" role=\"img\" aria-label=\"best speedup vs evaluation index\">\n";
        // Axes and grid.
        const double step = maxY > 8 ? 2 : maxY > 4 ? 1 : maxY > 2 ? 0.5 : 0.25;
        for (double v = 0; v <= maxY + 1e-9; v += step) {
            svg << "<line x1=\"" << left << "\" x2=\"" << W - right << "\" y1=\"" << y(v) << "\" y2=\"" << y(v)
                << "\" stroke=\"#eaeef2\"/>";
            svg << "<text x=\"" << left - 6 << "\" y=\"" << y(v) + 4
                << "\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6670\">" << formatNumber(v, "%g") << "x</text>\n";
        }
        const std::int64_t xstep = std::max<std::int64_t>(1, maxIndex / 10);
        for (std::int64_t i = 0; i <= maxIndex; i += xstep)
            svg << "<text x=\"" << x(i) << "\" y=\"" << H - bottom + 16
                << "\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6670\">" << i << "</text>";
        svg << "\n<text x=\"" << left + pw / 2 << "\" y=\"" << H - 6
            << "\" font-size=\"12\" text-anchor=\"middle\" fill=\"#5b6670\">evaluation index</text>\n";
        // The baseline level.
        svg << "<line x1=\"" << left << "\" x2=\"" << W - right << "\" y1=\"" << y(1) << "\" y2=\"" << y(1)
            << "\" stroke=\"#8c959f\" stroke-dasharray=\"4 3\"/>\n";
        // Best so far: a step line.
        std::ostringstream path;
        bool started = false;
        for (const auto& p : data.points) {
            if (p.bestSoFar <= 0)
                continue;
            if (!started) {
                path << "M" << x(p.evalIndex) << ' ' << y(p.bestSoFar);
                started = true;
            } else {
                path << " H" << x(p.evalIndex) << " V" << y(p.bestSoFar);
            }
        }
        if (started) {
            path << " H" << x(maxIndex);
            svg << "<path d=\"" << path.str() << "\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\"/>\n";
        }
        // Every evaluation: a dot (failures as red crosses on the axis).
        for (const auto& p : data.points) {
            const double cx = x(p.evalIndex);
            if (p.speedup) {
                svg << "<circle cx=\"" << cx << "\" cy=\"" << y(*p.speedup)
                    << "\" r=\"3.5\" fill=\"#1f6feb\" fill-opacity=\"0.45\">"
                    << "<title>node " << p.id << ": " << formatSpeedup(*p.speedup) << "</title></circle>\n";
            } else {
                const double cy = y(0) - 5;
                svg << "<path d=\"M" << cx - 3 << ' ' << cy - 3
                    << " l6 6 m0 -6 l-6 6\" stroke=\"#cf222e\" stroke-width=\"1.5\">"
                    << "<title>node " << p.id << ": failed</title></path>\n";
            }
        }
        svg << "</svg>\n";
        return svg.str();
    }

} // namespace

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

std::string renderHtmlReport(const ReportData& d)
{
    std::ostringstream h;
    const auto metric = esc(d.metricName);
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>PhyloEvolve report: " << esc(d.targetName) << "</title>\n<style>" << kStyle
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
    h << chart(d);

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
              << esc(stepChangeText(s).empty() ? "(root)" : stepChangeText(s)) << "</code></td><td class=\"num\">"
              << (s.speedup ? formatSpeedup(*s.speedup) : esc(s.status)) << "</td><td class=\"num\">"
              << (s.stepGain ? formatSpeedup(*s.stepGain) : std::string("&ndash;")) << "</td></tr>\n";
        }
        h << "</table>\n<p class=\"def\">The path follows first parents from the root. Step gain: the node's speedup "
             "divided by its parent's.</p>\n";
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
          << ".</p>\n<table><tr><th>Agent</th><th class=\"num\">Calls</th></tr>\n";
        for (const auto& [agent, count] : d.llmCallsByAgent)
            h << "<tr><td>" << esc(agent) << "</td><td class=\"num\">" << count << "</td></tr>\n";
        h << "</table>\n<p>Ideas by origin:";
        for (const auto& [origin, count] : d.ideasByOrigin)
            h << " " << esc(origin) << " " << count << ";";
        h << "</p>\n";
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
