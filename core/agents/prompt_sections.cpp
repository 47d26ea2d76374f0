// SPDX-License-Identifier: GPL-3.0-or-later
// The parts of the agents' prompts that show data: files, trajectories. (prompt_builders.cpp assembles them.)
#include "agents/prompt_builders.h"
#include "agents/text_lines.h"

#include <algorithm>

namespace phylo {

using namespace agents_detail;

namespace {

    std::string fenceLanguage(const std::string& path)
    {
        const auto dot = path.rfind('.');
        const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
        if (ext == "cu" || ext == "cuh")
            return "cuda";
        if (ext == "c" || ext == "h")
            return "c";
        if (ext == "cpp" || ext == "cc" || ext == "cxx" || ext == "hpp" || ext == "hh" || ext == "hxx" || ext == "inl")
            return "cpp";
        if (ext == "py")
            return "python";
        return "";
    }

    /// A fence longer than any run of backticks in CONTENT.
    std::string fenceFor(std::string_view content)
    {
        size_t longest = 0;
        size_t run = 0;
        for (char c : content) {
            run = c == '`' ? run + 1 : 0;
            longest = std::max(longest, run);
        }
        return std::string(std::max<size_t>(3, longest + 1), '`');
    }

    std::string stepOutcome(const TrajectoryStep& step)
    {
        if (!step.correct || !step.speedup) {
            std::string out = "FAILED";
            if (!step.failure.empty())
                out += " (" + clip(step.failure, 300) + ")";
            return out;
        }
        return formatSpeedup(*step.speedup) + "x, correct";
    }

    std::string indent(std::string_view text, std::string_view prefix)
    {
        std::string out;
        for (auto line : splitLines(text)) {
            out += prefix;
            out += line;
            out += '\n';
        }
        return out;
    }

} // namespace

std::string formatFilesForPrompt(const std::map<std::string, std::string>& files, const PromptLimits& limits)
{
    // Share maxCodeChars among the files: small files whole, the rest split evenly (water-filling).
    std::vector<std::pair<size_t, std::string>> bySize;
    for (const auto& [path, content] : files)
        bySize.emplace_back(content.size(), path);
    std::sort(bySize.begin(), bySize.end());
    std::map<std::string, size_t> share;
    size_t remaining = limits.maxCodeChars;
    for (size_t k = 0; k < bySize.size(); ++k) {
        const size_t fair = remaining / (bySize.size() - k);
        const size_t give = std::min({ bySize[k].first, fair, limits.maxFileChars });
        share[bySize[k].second] = give;
        remaining -= give;
    }

    std::string out;
    for (const auto& [path, content] : files) {
        const auto shown = truncateMiddle(content, share[path]);
        const auto fence = fenceFor(shown);
        out += path + "\n" + fence + fenceLanguage(path) + "\n" + shown;
        if (!shown.empty() && shown.back() != '\n')
            out += '\n';
        out += fence + "\n\n";
    }
    if (out.empty())
        out = "(no files)\n";
    return out;
}

std::string formatTrajectory(const std::vector<TrajectoryStep>& steps, const PromptLimits& limits)
{
    if (steps.empty())
        return "(no steps)\n";
    std::string out;
    const size_t maxSteps = std::max<size_t>(limits.maxSteps, 2);
    const size_t omitted = steps.size() > maxSteps ? steps.size() - maxSteps : 0;
    for (size_t i = 0; i < steps.size(); ++i) {
        if (omitted && i == 1) {
            out += "[... " + std::to_string(omitted) + " earlier steps omitted ...]\n";
            i += omitted;
        }
        const auto& step = steps[i];
        out += "Step " + std::to_string(i) + ": " + clip(step.idea.empty() ? "(unnamed)" : step.idea, 120) + " -> "
            + stepOutcome(step) + "\n";
        if (!step.diffSummary.empty())
            out += indent(truncateMiddle(step.diffSummary, limits.maxStepChars), "    ");
    }
    return out;
}

} // namespace phylo
