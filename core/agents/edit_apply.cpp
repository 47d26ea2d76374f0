// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/edit_apply.h"

#include "agents/text_lines.h"

#include <algorithm>
#include <optional>

namespace phylo {

using namespace agents_detail;

namespace {

    /// A line of a file: its text (without "\n") and where it starts and ends (after its "\n") in the file.
    struct Line
    {
        std::string_view text;
        size_t begin = 0;
        size_t end = 0;
    };

    std::vector<Line> fileLines(std::string_view content)
    {
        std::vector<Line> lines;
        size_t start = 0;
        while (start < content.size()) {
            size_t nl = content.find('\n', start);
            const size_t end = nl == std::string_view::npos ? content.size() : nl + 1;
            lines.push_back(
                { content.substr(start, (nl == std::string_view::npos ? content.size() : nl) - start), start, end });
            start = end;
        }
        return lines;
    }

    /// Occurrences of NEEDLE in HAYSTACK that start at a line start.
    size_t countOccurrences(std::string_view haystack, std::string_view needle, size_t* first)
    {
        size_t count = 0;
        for (size_t pos = haystack.find(needle); pos != std::string_view::npos; pos = haystack.find(needle, pos + 1)) {
            if (pos > 0 && haystack[pos - 1] != '\n')
                continue;
            if (count == 0)
                *first = pos;
            ++count;
        }
        return count;
    }

    std::string_view indentOf(std::string_view line)
    {
        return line.substr(0, std::min(line.find_first_not_of(" \t"), line.size()));
    }

    /// The longest indentation every non-blank line shares.
    std::string commonIndent(const std::vector<std::string_view>& lines)
    {
        std::optional<std::string_view> common;
        for (auto line : lines) {
            if (trim(line).empty())
                continue;
            const auto indent = indentOf(line);
            if (!common) {
                common = indent;
                continue;
            }
            size_t n = 0;
            while (n < common->size() && n < indent.size() && (*common)[n] == indent[n])
                ++n;
            common = common->substr(0, n);
        }
        return common ? std::string(*common) : std::string();
    }

    struct NormalizedMatch
    {
        size_t count = 0;
        size_t firstLine = 0;
    };

    /// Runs of FILE lines equal to SEARCH lines, each compared trimmed.
    NormalizedMatch findNormalized(const std::vector<Line>& file, const std::vector<std::string_view>& search)
    {
        NormalizedMatch match;
        if (search.empty() || search.size() > file.size())
            return match;
        for (size_t start = 0; start + search.size() <= file.size(); ++start) {
            bool equal = true;
            for (size_t k = 0; k < search.size() && equal; ++k)
                equal = trim(file[start + k].text) == trim(search[k]);
            if (equal) {
                if (match.count == 0)
                    match.firstLine = start;
                ++match.count;
            }
        }
        return match;
    }

    std::string listFiles(const std::set<std::string>& editable)
    {
        std::string out;
        for (const auto& file : editable)
            out += (out.empty() ? "" : ", ") + file;
        return out.empty() ? "none" : out;
    }

} // namespace

EditOutcome applyEdits(const std::map<std::string, std::string>& files, const std::vector<FileEdit>& edits,
    const std::set<std::string>& editable)
{
    EditOutcome outcome;
    std::map<std::string, std::string> result = files;
    for (size_t index = 0; index < edits.size(); ++index) {
        const auto& edit = edits[index];
        const std::string name
            = "block " + std::to_string(index + 1) + " of " + std::to_string(edits.size()) + " (" + edit.file + ")";
        auto fail = [&](const char* reason, std::string detail) {
            outcome.ok = false;
            outcome.reason = reason;
            outcome.detail = name + ": " + detail;
            outcome.failedBlock = static_cast<int>(index);
            outcome.block = formatEditBlock(edit);
            return outcome;
        };
        auto it = result.find(edit.file);
        if (!editable.contains(edit.file))
            return fail(kFileNotEditable,
                edit.file + " is not one of the target's editable files (" + listFiles(editable) + ")");
        if (it == result.end())
            return fail(kFileNotEditable, edit.file + " is editable but was not given to edit");
        if (trim(edit.search).empty())
            return fail(kEditDidNotApply, "the SEARCH section is empty (it must copy the lines to replace)");

        std::string& content = it->second;
        size_t first = 0;
        const size_t exact = countOccurrences(content, edit.search, &first);
        if (exact == 1) {
            content.replace(first, edit.search.size(), edit.replace);
            continue;
        }
        if (exact > 1)
            return fail(kEditDidNotApply,
                "the SEARCH text matches " + std::to_string(exact)
                    + " places; add surrounding lines to make it unique");

        auto searchLines = splitLines(edit.search);
        while (!searchLines.empty() && trim(searchLines.front()).empty())
            searchLines.erase(searchLines.begin());
        while (!searchLines.empty() && trim(searchLines.back()).empty())
            searchLines.pop_back();
        const auto lines = fileLines(content);
        const auto match = findNormalized(lines, searchLines);
        if (match.count > 1)
            return fail(kEditDidNotApply,
                "the SEARCH text matches " + std::to_string(match.count)
                    + " places (ignoring indentation); add surrounding lines to make it unique");
        if (match.count == 0)
            return fail(kEditDidNotApply,
                "the SEARCH text is not in the file (even ignoring leading and trailing whitespace on each line)");

        // Replace the matched whole lines, re-indenting REPLACE when the file's indentation differs.
        std::vector<std::string_view> matched;
        for (size_t k = 0; k < searchLines.size(); ++k)
            matched.push_back(lines[match.firstLine + k].text);
        const auto searchIndent = commonIndent(searchLines);
        const auto fileIndent = commonIndent(matched);
        std::string replacement;
        for (auto line : splitLines(edit.replace)) {
            if (searchIndent != fileIndent && !trim(line).empty() && line.starts_with(searchIndent))
                replacement += fileIndent + std::string(line.substr(searchIndent.size()));
            else
                replacement += line;
            replacement += '\n';
        }
        const auto& last = lines[match.firstLine + searchLines.size() - 1];
        const bool lastHasNewline = last.end > last.begin + last.text.size();
        if (!lastHasNewline && !replacement.empty())
            replacement.pop_back();
        const size_t begin = lines[match.firstLine].begin;
        content.replace(begin, last.end - begin, replacement);
    }
    outcome.ok = true;
    outcome.files = std::move(result);
    return outcome;
}

} // namespace phylo
