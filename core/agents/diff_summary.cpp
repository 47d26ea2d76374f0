// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/diff_summary.h"

#include "agents/text_lines.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

namespace phylo {

using namespace agents_detail;

namespace {

    struct Change
    {
        char sign; ///< '-' or '+'
        std::string_view text;
    };

    constexpr size_t kMaxLcsCells = 4'000'000;

    /// The removed and added lines from A to B, in order.
    std::vector<Change> lineChanges(std::string_view beforeText, std::string_view afterText)
    {
        const auto a = splitLines(beforeText);
        const auto b = splitLines(afterText);
        size_t head = 0;
        while (head < a.size() && head < b.size() && a[head] == b[head])
            ++head;
        size_t tail = 0;
        while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
            ++tail;
        const size_t n = a.size() - head - tail;
        const size_t m = b.size() - head - tail;
        std::vector<Change> changes;
        if (n * m > kMaxLcsCells || n == 0 || m == 0) {
            for (size_t i = 0; i < n; ++i)
                changes.push_back({ '-', a[head + i] });
            for (size_t j = 0; j < m; ++j)
                changes.push_back({ '+', b[head + j] });
            return changes;
        }
        // lcs[i][j]: the LCS length of a[head+i..] and b[head+j..].
        std::vector<unsigned> lcs((n + 1) * (m + 1), 0);
        auto cell = [&](size_t i, size_t j) -> unsigned& { return lcs[i * (m + 1) + j]; };
        for (size_t i = n; i-- > 0;) {
            for (size_t j = m; j-- > 0;) {
                cell(i, j)
                    = a[head + i] == b[head + j] ? cell(i + 1, j + 1) + 1 : std::max(cell(i + 1, j), cell(i, j + 1));
            }
        }
        size_t i = 0;
        size_t j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i] == b[head + j]) {
                ++i;
                ++j;
            } else if (j < m && (i == n || cell(i, j + 1) >= cell(i + 1, j))) {
                changes.push_back({ '+', b[head + j++] });
            } else {
                changes.push_back({ '-', a[head + i++] });
            }
        }
        return changes;
    }

} // namespace

std::string diffSummary(
    const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& after, size_t maxChars)
{
    std::set<std::string> paths;
    for (const auto& [path, content] : before)
        paths.insert(path);
    for (const auto& [path, content] : after)
        paths.insert(path);

    std::vector<std::string> lines; // the whole summary, one entry per line
    for (const auto& path : paths) {
        const auto b = before.find(path);
        const auto a = after.find(path);
        const std::string_view oldText = b == before.end() ? std::string_view() : std::string_view(b->second);
        const std::string_view newText = a == after.end() ? std::string_view() : std::string_view(a->second);
        if (b != before.end() && a != after.end() && oldText == newText)
            continue;
        const auto changes = lineChanges(oldText, newText);
        size_t added = 0;
        size_t removed = 0;
        for (const auto& change : changes)
            (change.sign == '+' ? added : removed)++;
        std::string header = path + ": +" + std::to_string(added) + " -" + std::to_string(removed) + " lines";
        if (b == before.end())
            header += " (new file)";
        else if (a == after.end())
            header += " (deleted)";
        else if (changes.empty())
            header += " (line endings only)";
        lines.push_back(header);
        for (const auto& change : changes) {
            const auto text = trim(change.text);
            if (text.empty())
                continue;
            lines.push_back(std::string(1, change.sign) + " " + clip(text, 120));
        }
    }
    if (lines.empty())
        return "no change";

    std::string out;
    for (size_t k = 0; k < lines.size(); ++k) {
        const std::string marker = "[... " + std::to_string(lines.size() - k) + " more changed lines]";
        const bool last = k + 1 == lines.size();
        // Keep room for the marker unless this is the last line and it fits.
        const size_t needed = out.size() + lines[k].size() + 1;
        if ((last && needed - 1 <= maxChars) || (!last && needed + marker.size() <= maxChars)) {
            out += lines[k];
            if (!last)
                out += '\n';
            continue;
        }
        size_t more = 0;
        for (size_t r = k; r < lines.size(); ++r)
            more += (lines[r].size() > 1 && (lines[r][0] == '+' || lines[r][0] == '-') && lines[r][1] == ' ') ? 1 : 0;
        std::string tailMarker = "[... " + std::to_string(more) + " more changed lines]";
        out += tailMarker;
        if (out.size() > maxChars)
            out = clip(out, maxChars);
        return out;
    }
    return out;
}

} // namespace phylo
