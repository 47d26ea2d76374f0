// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/report_data.h"

#include "eval/harness_report.h"
#include "report/report_path.h"
#include "search/search_history.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>

namespace phylo {

namespace {

    std::vector<GeneSetting> settingsOf(const Genes& genes, const std::vector<Idea>& ideas)
    {
        std::vector<GeneSetting> out;
        for (size_t i = 0; i < genes.size() && i < ideas.size(); ++i) {
            if (genes.isOn(i))
                out.push_back({ ideas[i].name, ideas[i].isSwitch() ? "on" : ideas[i].valueText(genes.state(i)),
                    ideas[i].isSwitch() });
        }
        return out;
    }

    MeasuredNode measured(const Node& node, const std::vector<Idea>& ideas)
    {
        MeasuredNode m;
        m.id = node.id;
        m.evalIndex = node.evalIndex;
        m.metric = node.metric.value_or(0);
        m.speedup = node.speedup.value_or(0);
        if (!node.samples.empty())
            m.stats = summarize(node.samples);
        m.genes = settingsOf(node.genes, ideas);
        return m;
    }

    bool succeeded(const Node& node)
    {
        return node.status == NodeStatus::Succeeded && node.speedup && *node.speedup > 0;
    }

    /// Every (idea index, state) that is on in some succeeded node, in idea order.
    std::vector<std::pair<size_t, int>> settingsInUse(const std::vector<Node>& nodes, size_t ideaCount)
    {
        std::vector<std::pair<size_t, int>> out;
        for (size_t i = 0; i < ideaCount; ++i) {
            std::vector<int> states;
            for (const auto& node : nodes) {
                if (succeeded(node) && i < node.genes.size() && node.genes.isOn(i))
                    states.push_back(node.genes.state(i));
            }
            std::sort(states.begin(), states.end());
            states.erase(std::unique(states.begin(), states.end()), states.end());
            for (int s : states)
                out.emplace_back(i, s);
        }
        return out;
    }

    std::string hardwareLine(const std::vector<Node>& nodes)
    {
        for (const auto& node : nodes) {
            if (node.log.find("phylo_harness") == std::string::npos)
                continue;
            if (auto report = parseHarnessReport(node.log); report && !report->deviceName.empty())
                return report->deviceName + (report->driver.empty() ? "" : " (driver " + report->driver + ")");
        }
        return {};
    }

} // namespace

GeneSetting geneSetting(const std::vector<Idea>& ideas, size_t i, int state)
{
    return { ideas[i].name, ideas[i].isSwitch() ? "on" : ideas[i].valueText(state), ideas[i].isSwitch() };
}

std::string formatNumber(double value, const char* format)
{
    char text[40];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

std::string formatMetric(double value)
{
    return formatNumber(value, "%.6g");
}

std::string formatSpeedup(double value)
{
    return formatNumber(value, "%.3fx");
}

std::string formatConfidence(const SampleStats& s)
{
    if (s.count == 0)
        return "no samples";
    return "95% CI [" + formatMetric(s.ciLow) + ", " + formatMetric(s.ciHigh) + "], " + std::to_string(s.count)
        + (s.count == 1 ? " sample" : " samples");
}

std::string formatTime(double unixSeconds)
{
    const std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm {};
    gmtime_r(&t, &tm);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return text;
}

std::string settingsText(const std::vector<GeneSetting>& genes)
{
    if (genes.empty())
        return "(baseline)";
    std::string out;
    for (const auto& g : genes)
        out += (out.empty() ? "" : ", ") + g.label();
    return out;
}

std::string stepIdeaKind(const StepIdea& idea)
{
    return (idea.isCode ? "code idea" : "setting") + (idea.origin == "target" ? std::string(" from phylo.toml") : ", by the " + idea.origin);
}

std::string stepChangeText(const PathStep& step)
{
    std::string out;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
    for (const auto& g : step.added)
        add("+" + g.label());
    for (const auto& g : step.removed)
        add("-" + g.label());
    for (const auto& [from, to] : step.changed)
        add(from.idea + " " + from.value + " -> " + to.value);
    return out;
}

const char* const kSynergyDefinition
    = "For a setting X, E(X) is ln(speedup) of the best succeeded node that matches X. "
      "For two settings A and B of different ideas: synergy = E(A and B) - E(A with B's idea off) "
      "- E(B with A's idea off). Effects that merely multiply give about 0 or less (the separate nodes may "
      "share other good genes); a positive value means the pair together did better than the product of "
      "their separate best speedups; exp(synergy) is that extra factor. Only pairs with all three nodes "
      "measured and a positive synergy are listed.";

IdeaEffect settingEffect(const std::vector<Node>& nodes, const std::vector<Idea>& ideas, size_t idea, int state)
{
    IdeaEffect effect;
    effect.setting = geneSetting(ideas, idea, state);
    double sumWith = 0, sumWithout = 0;
    for (const auto& node : nodes) {
        if (!succeeded(node) || idea >= node.genes.size())
            continue;
        if (node.genes.state(idea) == state) {
            ++effect.withCount;
            sumWith += *node.speedup;
        } else if (!node.genes.isOn(idea)) {
            ++effect.withoutCount;
            sumWithout += *node.speedup;
        }
    }
    effect.meanWith = effect.withCount ? sumWith / effect.withCount : 0;
    effect.meanWithout = effect.withoutCount ? sumWithout / effect.withoutCount : 0;
    return effect;
}

ReportData computeReportData(const SessionStore& store)
{
    ReportData data;
    data.ideas = store.ideas();
    const auto& ideas = data.ideas;
    SearchHistory history(ideas, store.loadNodes());
    const auto& nodes = history.nodes();

    data.sessionPath = store.path().string();
    data.sessionFile = store.path().filename().string();
    data.targetName = store.meta("target_name").value_or("?");
    data.targetDir = store.meta("target_dir").value_or("?");
    data.metricName = store.meta("metric_name").value_or("metric");
    data.direction = store.meta("metric_direction").value_or("minimize");
    data.strategy = store.meta("strategy").value_or("?");
    data.seed = store.meta("seed").value_or("?");
    data.hardware = hardwareLine(nodes);
    data.host = store.meta("host").value_or("");
    data.compiler = store.meta("compiler").value_or("");
    data.runs = store.runs();
    data.steering = store.steering();

    std::map<std::string, FailureCount> failures;
    for (const auto& node : nodes) {
        data.succeeded += node.status == NodeStatus::Succeeded;
        data.failed += node.status == NodeStatus::Failed;
        data.pending += !node.evaluated();
        if (node.status == NodeStatus::Failed) {
            auto& f = failures[reasonText(node.failure)];
            if (f.count++ == 0) {
                f.reason = reasonText(node.failure);
                f.exampleDetail = node.failureDetail;
                f.exampleNode = node.id;
            }
        }
    }
    data.evaluations = data.succeeded + data.failed;
    for (auto& [reason, f] : failures)
        data.failures.push_back(f);
    std::stable_sort(data.failures.begin(), data.failures.end(),
        [](const FailureCount& a, const FailureCount& b) { return a.count > b.count; });

    if (const Node* base = history.baseline()) {
        if (base->status == NodeStatus::Succeeded && base->metric)
            data.baseline = measured(*base, ideas);
        else if (base->status == NodeStatus::Failed)
            data.baselineFailure
                = reasonText(base->failure) + (base->failureDetail.empty() ? "" : ": " + base->failureDetail);
    }
    if (const Node* best = history.best()) {
        data.best = measured(*best, ideas);
        if (data.baseline && data.baseline->stats.count > 0 && data.best->stats.count > 0) {
            const auto& b = data.baseline->stats;
            const auto& n = data.best->stats;
            if (data.direction == "maximize") {
                if (b.ciHigh > 0 && b.ciLow > 0)
                    data.bestSpeedupRange = std::make_pair(n.ciLow / b.ciHigh, n.ciHigh / b.ciLow);
            } else if (n.ciHigh > 0 && n.ciLow > 0) {
                data.bestSpeedupRange = std::make_pair(b.ciLow / n.ciHigh, b.ciHigh / n.ciLow);
            }
        }
        data.path = pathToBest(store, history, *best);
    }

    // Chart: every evaluation in evaluation order.
    std::vector<const Node*> byEval;
    for (const auto& node : nodes) {
        if (node.evaluated())
            byEval.push_back(&node);
    }
    std::stable_sort(
        byEval.begin(), byEval.end(), [](const Node* a, const Node* b) { return a->evalIndex < b->evalIndex; });
    double bestSoFar = 0;
    for (const Node* n : byEval) {
        ChartPoint point;
        point.evalIndex = n->evalIndex;
        point.id = n->id;
        point.era = n->era;
        if (succeeded(*n)) {
            point.speedup = n->speedup;
            bestSoFar = std::max(bestSoFar, *n->speedup);
        }
        point.bestSoFar = bestSoFar;
        data.points.push_back(point);
    }

    // Effects and synergies of every setting some succeeded node used.
    const auto inUse = settingsInUse(nodes, ideas.size());
    for (const auto& [i, s] : inUse)
        data.effects.push_back(settingEffect(nodes, ideas, i, s));

    for (size_t x = 0; x < inUse.size(); ++x) {
        for (size_t y = x + 1; y < inUse.size(); ++y) {
            const auto [ia, sa] = inUse[x];
            const auto [ib, sb] = inUse[y];
            if (ia == ib)
                continue;
            const Node *both = nullptr, *onlyA = nullptr, *onlyB = nullptr;
            for (const auto& node : nodes) {
                if (!succeeded(node) || std::max(ia, ib) >= node.genes.size())
                    continue;
                const bool hasA = node.genes.state(ia) == sa, hasB = node.genes.state(ib) == sb;
                const Node** slot = nullptr;
                if (hasA && hasB)
                    slot = &both;
                else if (hasA && !node.genes.isOn(ib))
                    slot = &onlyA;
                else if (hasB && !node.genes.isOn(ia))
                    slot = &onlyB;
                if (slot && (!*slot || SearchHistory::fitter(&node, *slot)))
                    *slot = &node;
            }
            if (!both || !onlyA || !onlyB)
                continue;
            Synergy syn;
            syn.a = geneSetting(ideas, ia, sa);
            syn.b = geneSetting(ideas, ib, sb);
            syn.nodeBoth = both->id;
            syn.nodeA = onlyA->id;
            syn.nodeB = onlyB->id;
            syn.logBoth = std::log(*both->speedup);
            syn.logA = std::log(*onlyA->speedup);
            syn.logB = std::log(*onlyB->speedup);
            syn.synergy = syn.logBoth - syn.logA - syn.logB;
            if (syn.synergy > 1e-9)
                data.synergies.push_back(syn);
        }
    }
    std::stable_sort(data.synergies.begin(), data.synergies.end(),
        [](const Synergy& a, const Synergy& b) { return a.synergy > b.synergy; });
    // What eras and LLM agents did.
    for (int era = 0;; ++era) {
        const auto end = store.meta("era_" + std::to_string(era) + "_end");
        if (!end)
            break;
        data.eras.emplace_back(era, *end);
    }
    data.llmSpend = store.llmSpend();
    for (const auto& call : store.llmCalls(std::nullopt, false)) {
        ++data.llmCallsByAgent[call.agent];
        data.llmCostByAgent[call.agent] += call.costUsd;
        data.llmCosts.emplace_back(call.finishedAt > 0 ? call.finishedAt : call.startedAt, call.costUsd);
    }
    for (const auto& idea : data.ideas)
        ++data.ideasByOrigin[idea.origin];
    return data;
}

} // namespace phylo
