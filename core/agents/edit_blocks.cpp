// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/edit_blocks.h"

#include "agents/text_lines.h"

#include <optional>

namespace phylo {

using namespace agents_detail;

namespace {

    enum class Marker { None, Search, Divider, Replace };

    /// RUN of 5 to 9 C at the start of LINE, then WORD (case-insensitive; empty: nothing), then nothing.
    bool isMarker(std::string_view line, char c, std::string_view word)
    {
        size_t n = 0;
        while (n < line.size() && line[n] == c)
            ++n;
        if (n < 5 || n > 9)
            return false;
        const auto rest = trim(line.substr(n));
        return equalsIgnoreCase(rest, word);
    }

    Marker markerOf(std::string_view rawLine)
    {
        const auto line = trim(rawLine);
        if (line.empty())
            return Marker::None;
        if (line.front() == '<' && isMarker(line, '<', "SEARCH"))
            return Marker::Search;
        if (line.front() == '=' && isMarker(line, '=', ""))
            return Marker::Divider;
        if (line.front() == '>' && isMarker(line, '>', "REPLACE"))
            return Marker::Replace;
        return Marker::None;
    }

    /// A path line without its Markdown decorations; nullopt if it cannot be a path (empty or with spaces).
    std::optional<std::string> cleanPath(std::string_view line)
    {
        auto t = trim(line);
        while (!t.empty() && t.front() == '#')
            t.remove_prefix(1);
        t = trim(t);
        for (std::string_view prefix : { "File:", "Path:", "Filename:" }) {
            if (startsWithIgnoreCase(t, prefix)) {
                t = trim(t.substr(prefix.size()));
                break;
            }
        }
        auto strip = [&t]() {
            bool changed = true;
            while (changed && !t.empty()) {
                changed = false;
                for (char c : { '`', '*', '"', '\'' }) {
                    if (!t.empty() && t.front() == c) {
                        t.remove_prefix(1);
                        changed = true;
                    }
                    if (!t.empty() && t.back() == c) {
                        t.remove_suffix(1);
                        changed = true;
                    }
                }
                if (!t.empty() && t.back() == ':') {
                    t.remove_suffix(1);
                    changed = true;
                }
            }
        };
        strip();
        while (t.starts_with("./"))
            t.remove_prefix(2);
        if (t.empty() || t.find_first_of(" \t") != std::string_view::npos)
            return std::nullopt;
        return std::string(t);
    }

    std::string joinLines(const std::vector<std::string_view>& lines, size_t from, size_t to)
    {
        std::string out;
        for (size_t i = from; i < to; ++i) {
            out += lines[i];
            out += '\n';
        }
        return out;
    }

    std::string blockName(size_t index, const std::string& file)
    {
        return "block " + std::to_string(index + 1) + (file.empty() ? "" : " (" + file + ")");
    }

} // namespace

bool containsSearchMarker(std::string_view text)
{
    for (auto line : splitLines(text)) {
        if (markerOf(line) == Marker::Search)
            return true;
    }
    return false;
}

std::vector<FileEdit> parseEditBlocks(std::string_view text, std::string* error)
{
    std::string problem;
    auto fail = [&](std::string message) {
        if (error)
            *error = std::move(message);
        return std::vector<FileEdit> {};
    };
    if (text.size() > kMaxReplyBytes)
        return fail("the text is too large: " + std::to_string(text.size()) + " bytes (at most "
            + std::to_string(kMaxReplyBytes) + ")");

    const auto lines = splitLines(text);
    std::vector<FileEdit> edits;
    std::string lastFile;
    size_t afterLastBlock = 0; // first line after the previous block's REPLACE marker
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto marker = markerOf(lines[i]);
        if (marker == Marker::Replace)
            return fail("line " + std::to_string(i + 1) + ": >>>>>>> REPLACE without a <<<<<<< SEARCH before it");
        if (marker != Marker::Search)
            continue; // prose, fences, a stray ======= (a Markdown heading underline)

        const size_t index = edits.size();
        if (index >= kMaxEditBlocks)
            return fail("more than " + std::to_string(kMaxEditBlocks) + " SEARCH/REPLACE blocks");
        // The path: the nearest line above that is neither blank nor a fence, back to the previous block.
        std::string file;
        bool sawText = false;
        for (size_t j = i; j > afterLastBlock; --j) {
            const auto above = lines[j - 1];
            if (trim(above).empty() || isFenceLine(above))
                continue;
            sawText = true;
            if (auto path = cleanPath(above))
                file = *path;
            else
                return fail(blockName(index, "") + " (line " + std::to_string(i + 1)
                    + "): the line above <<<<<<< SEARCH must be the file's path, found \""
                    + clip(trim(above), 80) + "\"");
            break;
        }
        if (!sawText) {
            if (lastFile.empty() || index == 0)
                return fail(blockName(index, "") + " (line " + std::to_string(i + 1)
                    + "): no file path on the line above <<<<<<< SEARCH");
            file = lastFile;
        }

        // SEARCH section, =======, REPLACE section, >>>>>>> REPLACE.
        size_t divider = 0;
        size_t end = 0;
        for (size_t j = i + 1; j < lines.size() && !end; ++j) {
            switch (markerOf(lines[j])) {
            case Marker::None:
                break;
            case Marker::Search:
                return fail(blockName(index, file) + ": <<<<<<< SEARCH on line " + std::to_string(j + 1)
                    + " before the block's " + (divider ? ">>>>>>> REPLACE" : "======="));
            case Marker::Divider:
                if (divider)
                    return fail(blockName(index, file) + ": a second ======= on line " + std::to_string(j + 1));
                divider = j;
                break;
            case Marker::Replace:
                if (!divider)
                    return fail(blockName(index, file) + ": >>>>>>> REPLACE on line " + std::to_string(j + 1)
                        + " before its =======");
                end = j;
                break;
            }
        }
        if (!end)
            return fail(blockName(index, file) + " (line " + std::to_string(i + 1) + "): the text ends inside the block, "
                + (divider ? "no >>>>>>> REPLACE" : "no =======") + " (a truncated reply?)");

        edits.push_back({ file, joinLines(lines, i + 1, divider), joinLines(lines, divider + 1, end) });
        lastFile = file;
        afterLastBlock = end + 1;
        i = end;
    }
    if (edits.empty())
        return fail("no SEARCH/REPLACE blocks found");
    if (error)
        error->clear();
    return edits;
}

std::string formatEditBlock(const FileEdit& edit)
{
    std::string out = edit.file + "\n<<<<<<< SEARCH\n" + edit.search;
    if (!edit.search.empty() && edit.search.back() != '\n')
        out += '\n';
    out += "=======\n" + edit.replace;
    if (!edit.replace.empty() && edit.replace.back() != '\n')
        out += '\n';
    out += ">>>>>>> REPLACE\n";
    return out;
}

std::string formatEditBlocks(const std::vector<FileEdit>& edits)
{
    std::string out;
    for (const auto& edit : edits) {
        if (!out.empty())
            out += '\n';
        out += formatEditBlock(edit);
    }
    return out;
}

} // namespace phylo
