// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/winning_patch.h"

#include "report/node_code.h"
#include "report/report_data.h"
#include "report/unified_diff.h"
#include "search/search_history.h"
#include "store/session_store.h"

#include <algorithm>

namespace phylo {

namespace {

    constexpr size_t kContext = 3;

    std::string range(size_t start, size_t count)
    {
        return std::to_string(start) + "," + std::to_string(count);
    }

    std::string fileDiff(const std::string& path, const std::string& content, const std::vector<std::string>& block)
    {
        bool finalNewline = true;
        const auto lines = splitLines(content, finalNewline);
        const size_t at = settingsInsertionLine(lines, finalNewline);
        const size_t first = at >= kContext ? at - kContext : 0;
        const size_t last = std::min(lines.size(), at + kContext); // one past the last context line
        const size_t oldCount = last - first;
        const size_t newCount = oldCount + block.size();
        const size_t oldStart = oldCount ? first + 1 : 0;
        const size_t newStart = first + 1;

        std::string out = "--- a/" + path + "\n+++ b/" + path + "\n";
        out += "@@ -" + range(oldStart, oldCount) + " +" + range(newStart, newCount) + " @@\n";
        auto context = [&](size_t i) {
            out += " " + lines[i] + "\n";
            if (i + 1 == lines.size() && !finalNewline)
                out += "\\ No newline at end of file\n";
        };
        for (size_t i = first; i < at; ++i)
            context(i);
        for (const auto& line : block)
            out += "+" + line + "\n";
        for (size_t i = at; i < last; ++i)
            context(i);
        return out;
    }

} // namespace

std::vector<std::string> defineLines(const Genes& genes, const std::vector<Idea>& ideas)
{
    std::vector<std::string> out;
    for (size_t i = 0; i < genes.size() && i < ideas.size(); ++i) {
        if (genes.isOn(i) && !ideas[i].isCode())
            out.push_back("#define " + ideas[i].macroName() + " " + ideas[i].valueText(genes.state(i)));
    }
    return out;
}

std::string definesPatch(
    const std::map<std::string, std::string>& files, const std::string& header, const std::vector<std::string>& lines)
{
    if (lines.empty())
        return {};
    std::vector<std::string> block { "// " + header };
    block.insert(block.end(), lines.begin(), lines.end());
    std::string out;
    for (const auto& [path, content] : files)
        out += fileDiff(path, content, block);
    return out;
}

WinningPatch winningPatch(const SessionStore& store)
{
    WinningPatch patch;
    const auto ideas = store.ideas();
    SearchHistory history(ideas, store.loadNodes(false));
    const Node* best = history.best();
    if (!best)
        return patch;
    patch.nodeId = best->id;
    patch.speedup = best->speedup.value_or(0);
    patch.defines = defineLines(best->genes, ideas);
    const auto files = store.targetFiles();
    const auto header = "PhyloEvolve: winning settings (session " + store.path().filename().string() + ", node "
        + std::to_string(best->id) + ", speedup " + formatSpeedup(patch.speedup) + ")";
    bool codeIdeas = false;
    for (size_t i = 0; i < ideas.size() && i < best->genes.size(); ++i)
        codeIdeas |= best->genes.isOn(i) && ideas[i].isCode();
    const auto merged = store.mergedCode(best->id);
    if (codeIdeas || merged) {
        // The agents changed the code: the patch is the whole change, their edits and the settings together.
        // The merger's code holds the code ideas only: its settings are added as for any node.
        const auto code = merged ? withSettingsBlock(*merged, best->genes, ideas, header) : nodeCode(files, best->genes, ideas, header);
        patch.diff = unifiedDiff(files, code);
        for (const auto& [path, content] : code) {
            const auto old = files.find(path);
            if (old == files.end() || old->second != content)
                patch.files.push_back(path);
        }
        return patch;
    }
    if (patch.defines.empty())
        return patch;
    for (const auto& [path, content] : files)
        patch.files.push_back(path);
    patch.diff = definesPatch(files, header, patch.defines);
    return patch;
}

} // namespace phylo
