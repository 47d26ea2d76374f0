// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/prompt_builders.h"

#include "agents/text_lines.h"

#include <algorithm>

namespace phylo {

using namespace agents_detail;

namespace {

    using Vars = std::map<std::string, std::string>;

    std::string joinNames(const std::vector<std::string>& names, size_t max)
    {
        if (names.empty())
            return "none";
        std::string out;
        for (size_t i = 0; i < names.size() && i < max; ++i)
            out += (i ? ", " : "") + clip(names[i], 60);
        if (names.size() > max)
            out += " (" + std::to_string(names.size() - max) + " more not shown)";
        return out;
    }

    std::string orNone(std::string text, const char* none = "none")
    {
        return trim(text).empty() ? std::string(none) : text;
    }

    /// Variables every template has: the target, the metric, the files and the two format explanations.
    Vars commonVars(const PromptLibrary& library, const AgentTarget& target, const PromptLimits& limits)
    {
        Vars vars;
        vars["target_name"] = orNone(clip(target.name, 200), "(unnamed)");
        vars["target_description"] = orNone(clip(target.description, limits.maxTextChars), "(no description)");
        vars["metric"] = orNone(clip(target.metricName, 200), "(unnamed metric)");
        const bool minimize = target.direction == MetricDirection::Minimize;
        vars["direction"] = minimize ? "minimize" : "maximize";
        vars["better"] = minimize ? "lower is better" : "higher is better";
        std::vector<std::string> paths;
        for (const auto& [path, content] : target.files)
            paths.push_back(path);
        vars["file_list"] = joinNames(paths, 50);
        vars["files"] = formatFilesForPrompt(target.files, limits);
        const Vars formatVars { { "example_file", paths.empty() ? "kernel.cu" : paths.front() } };
        vars["edit_format"] = library.render("edit_format", formatVars);
        vars["idea_format"] = library.render("idea_format", formatVars);
        return vars;
    }

    std::string optionalSpeedup(const std::optional<double>& value)
    {
        return value ? formatSpeedup(*value) + "x" : "n/a";
    }

    std::string partners(const IdeaStats& idea, size_t max)
    {
        if (idea.bestPartners.empty())
            return "none";
        std::string out;
        for (size_t i = 0; i < idea.bestPartners.size() && i < max; ++i)
            out += (i ? ", " : "") + clip(idea.bestPartners[i].first, 60) + " ("
                + formatSpeedup(idea.bestPartners[i].second) + "x)";
        return out;
    }

    /// One line per idea: name, counts, means, partners, description.
    std::string formatIdeaStats(const std::vector<IdeaStats>& ideas, const PromptLimits& limits, bool withPartners)
    {
        if (ideas.empty())
            return "(none yet)\n";
        std::string out;
        for (size_t i = 0; i < ideas.size() && i < limits.maxIdeasListed; ++i) {
            const auto& idea = ideas[i];
            out += "- " + clip(idea.name, 60) + ": tried " + std::to_string(idea.tried) + ", failed "
                + std::to_string(idea.failed) + ", mean speedup with " + optionalSpeedup(idea.meanWith) + ", without "
                + optionalSpeedup(idea.meanWithout);
            if (withPartners)
                out += ", best partners: " + partners(idea, 3);
            out += "\n    " + clip(idea.description.empty() ? "(no description)" : idea.description, 300) + "\n";
        }
        if (ideas.size() > limits.maxIdeasListed)
            out += "(" + std::to_string(ideas.size() - limits.maxIdeasListed) + " more not shown)\n";
        return out;
    }

    std::string formatOtherLineages(
        const std::vector<std::vector<TrajectoryStep>>& lineages, const PromptLimits& limits)
    {
        if (lineages.empty())
            return "(none yet)\n";
        PromptLimits compact = limits;
        compact.maxStepChars = std::min<size_t>(limits.maxStepChars, 300);
        compact.maxSteps = std::min<size_t>(limits.maxSteps, 8);
        std::string out;
        for (size_t k = 0; k < lineages.size() && k < limits.maxOtherLineages; ++k) {
            std::optional<double> best;
            for (const auto& step : lineages[k]) {
                if (step.correct && step.speedup && (!best || *step.speedup > *best))
                    best = step.speedup;
            }
            out += "Lineage " + std::to_string(k + 1) + " (best " + optionalSpeedup(best) + "):\n";
            out += formatTrajectory(lineages[k], compact);
            out += '\n';
        }
        if (lineages.size() > limits.maxOtherLineages)
            out += "(" + std::to_string(lineages.size() - limits.maxOtherLineages) + " more lineages not shown)\n";
        return out;
    }

    std::string formatFailures(const std::vector<TrajectoryStep>& failures, const PromptLimits& limits)
    {
        if (failures.empty())
            return "(none)\n";
        std::string out;
        const size_t first = failures.size() > limits.maxFailures ? failures.size() - limits.maxFailures : 0;
        if (first)
            out += "(" + std::to_string(first) + " older failures not shown)\n";
        for (size_t i = first; i < failures.size(); ++i) {
            const auto& step = failures[i];
            out += "- " + clip(step.idea.empty() ? "(unnamed)" : step.idea, 120) + ": "
                + clip(step.failure.empty() ? "failed" : step.failure, 300) + "\n";
            if (!step.diffSummary.empty()) {
                const auto diff = truncateMiddle(step.diffSummary, std::min<size_t>(limits.maxStepChars, 400));
                for (auto line : splitLines(diff))
                    out += "    " + std::string(line) + "\n";
            }
        }
        return out;
    }

    std::string formatSide(const MergeSide& side, const PromptLimits& limits)
    {
        return truncateMiddle(formatEditBlocks(side.edits), limits.maxEditChars);
    }

} // namespace

std::string targetReturnSentence(double current, double target)
{
    return "The lineage is at " + formatSpeedup(current) + "x; aim for " + formatSpeedup(target) + "x.";
}

std::string buildProposerPrompt(
    const PromptLibrary& library, const ProposerContext& context, const PromptLimits& limits)
{
    auto vars = commonVars(library, context.target, limits);
    vars["best_speedup"] = formatSpeedup(context.bestSpeedup);
    vars["ideas"] = formatIdeaStats(context.ideas, limits, false);
    vars["retired"] = joinNames(context.retired, limits.maxIdeasListed);
    vars["max_ideas"] = std::to_string(std::max<size_t>(context.maxIdeas, 1));
    vars["guidance"] = orNone(clip(context.guidance, limits.maxTextChars));
    return library.render("proposer", vars);
}

std::string buildMutatorPrompt(const PromptLibrary& library, const MutatorContext& context, const PromptLimits& limits)
{
    auto vars = commonVars(library, context.target, limits);
    vars["lineage"] = formatTrajectory(context.lineage, limits);
    vars["current_speedup"] = formatSpeedup(context.currentSpeedup);
    vars["target_speedup"] = formatSpeedup(context.targetSpeedup);
    vars["target_return"] = targetReturnSentence(context.currentSpeedup, context.targetSpeedup);
    vars["other_lineages"] = formatOtherLineages(context.otherLineages, limits);
    vars["recent_failures"] = formatFailures(context.recentFailures, limits);
    vars["existing_ideas"] = joinNames(context.existingIdeas, limits.maxIdeasListed * 2);
    return library.render("mutator", vars);
}

std::string buildMergerPrompt(const PromptLibrary& library, const MergerContext& context, const PromptLimits& limits)
{
    // Only the files the two edits touch are shown and rewritten.
    std::map<std::string, std::string> touched;
    for (const auto* side : { &context.first, &context.second }) {
        for (const auto& edit : side->edits) {
            if (auto it = context.target.files.find(edit.file); it != context.target.files.end())
                touched.insert(*it);
        }
    }
    AgentTarget target = context.target;
    if (!touched.empty())
        target.files = touched;
    auto vars = commonVars(library, target, limits);
    vars["first_idea"] = orNone(clip(context.first.idea, 120), "(unnamed)");
    vars["first_description"] = orNone(clip(context.first.description, limits.maxTextChars), "(no description)");
    vars["first_edits"] = formatSide(context.first, limits);
    vars["second_idea"] = orNone(clip(context.second.idea, 120), "(unnamed)");
    vars["second_description"] = orNone(clip(context.second.description, limits.maxTextChars), "(no description)");
    vars["second_edits"] = formatSide(context.second, limits);
    vars["conflict"] = orNone(clip(context.conflict, limits.maxTextChars), "(not given)");
    return library.render("merger", vars);
}

std::string buildRepairPrompt(const PromptLibrary& library, const RepairContext& context, const PromptLimits& limits)
{
    auto vars = commonVars(library, context.target, limits);
    vars["idea"] = orNone(clip(context.idea, 120), "(unnamed)");
    vars["idea_description"] = orNone(clip(context.ideaDescription, limits.maxTextChars), "(no description)");
    vars["errors"]
        = orNone(truncateMiddle(context.compilerErrors, limits.maxErrorChars), "(the build printed nothing)");
    vars["attempt"] = std::to_string(context.attempt);
    vars["max_attempts"] = std::to_string(std::max(context.maxAttempts, context.attempt));
    return library.render("repairer", vars);
}

std::string buildRethinkerPrompt(
    const PromptLibrary& library, const RethinkerContext& context, const PromptLimits& limits)
{
    auto vars = commonVars(library, context.target, limits);
    vars["era"] = std::to_string(context.era);
    vars["best_speedup"] = formatSpeedup(context.bestSpeedup);
    vars["idea_stats"] = formatIdeaStats(context.ideas, limits, true);
    std::vector<std::string> names;
    for (const auto& idea : context.ideas)
        names.push_back(idea.name);
    vars["idea_names"] = joinNames(names, limits.maxIdeasListed);
    vars["max_new_ideas"] = std::to_string(std::max<size_t>(context.maxNewIdeas, 1));
    return library.render("rethinker", vars);
}

} // namespace phylo
