// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/unified_diff.h"

#include "report/text_diff.h"

#include <algorithm>
#include <vector>

namespace phylo {

namespace {

    constexpr char kNoNewline = '\0'; ///< appended to a last line that has no '\n', so it differs from one that has

    std::vector<std::string> linesOf(const std::string& text)
    {
        auto lines = splitLines(text);
        if (!text.empty() && text.back() != '\n')
            lines.back() += kNoNewline;
        return lines;
    }

    struct Entry {
        char kind; ///< ' ', '-' or '+'
        int oldLine; ///< 0-based line of the old text this entry is at (or before, for '+')
        int newLine;
        const std::string* text;
    };

    std::string printed(char kind, const std::string& line)
    {
        if (!line.empty() && line.back() == kNoNewline)
            return kind + line.substr(0, line.size() - 1) + "\n\\ No newline at end of file\n";
        return kind + line + "\n";
    }

    std::string range(int start, int count)
    {
        return std::to_string(start) + "," + std::to_string(count);
    }

    std::string fileDiff(const std::string& path, const std::string& before, const std::string& after, bool created, int context)
    {
        const auto a = linesOf(before), b = linesOf(after);
        std::map<std::string, int> ids;
        std::vector<int> ta, tb;
        for (const auto& line : a)
            ta.push_back(ids.emplace(line, static_cast<int>(ids.size())).first->second);
        for (const auto& line : b)
            tb.push_back(ids.emplace(line, static_cast<int>(ids.size())).first->second);
        std::vector<Entry> entries;
        for (const auto& block : diffTokens(ta, tb)) {
            if (block.op == DiffOp::Equal) {
                for (int i = 0; i < block.oldCount; ++i)
                    entries.push_back({ ' ', block.oldStart + i, block.newStart + i, &a[static_cast<size_t>(block.oldStart + i)] });
                continue;
            }
            for (int i = 0; i < block.oldCount; ++i)
                entries.push_back({ '-', block.oldStart + i, block.newStart, &a[static_cast<size_t>(block.oldStart + i)] });
            for (int i = 0; i < block.newCount; ++i)
                entries.push_back({ '+', block.oldStart + block.oldCount, block.newStart + i, &b[static_cast<size_t>(block.newStart + i)] });
        }
        std::vector<size_t> changes;
        for (size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].kind != ' ')
                changes.push_back(i);
        }
        if (changes.empty())
            return {};
        std::string out = (created ? std::string("--- /dev/null\n") : "--- a/" + path + "\n") + "+++ b/" + path + "\n";
        const auto ctx = static_cast<size_t>(context);
        size_t c = 0;
        while (c < changes.size()) {
            const size_t first = changes[c] >= ctx ? changes[c] - ctx : 0;
            size_t last = changes[c];
            while (c + 1 < changes.size() && changes[c + 1] - last <= 2 * ctx + 1)
                last = changes[++c];
            ++c;
            const size_t end = std::min(entries.size(), last + ctx + 1);
            int oldCount = 0, newCount = 0;
            std::string body;
            for (size_t i = first; i < end; ++i) {
                oldCount += entries[i].kind != '+';
                newCount += entries[i].kind != '-';
                body += printed(entries[i].kind, *entries[i].text);
            }
            // A side with no lines in the hunk names the line before it (0 at the top).
            const int oldStart = oldCount ? entries[first].oldLine + 1 : entries[first].oldLine;
            const int newStart = newCount ? entries[first].newLine + 1 : entries[first].newLine;
            out += "@@ -" + range(oldStart, oldCount) + " +" + range(newStart, newCount) + " @@\n" + body;
        }
        return out;
    }

} // namespace

std::string unifiedDiff(
    const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& after, int context)
{
    std::string out;
    for (const auto& [path, content] : after) {
        const auto old = before.find(path);
        out += fileDiff(path, old == before.end() ? std::string() : old->second, content, old == before.end(), context);
    }
    return out;
}

} // namespace phylo
