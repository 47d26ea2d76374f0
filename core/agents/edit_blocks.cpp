// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/edit_blocks.h"

#include "agents/text_lines.h"

namespace phylo {

using namespace agents_detail;

namespace {

    using Marker = BlockMarker;

    Marker markerOf(std::string_view line)
    {
        return blockMarkerOf(line);
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
            if (auto path = pathFromLine(above))
                file = *path;
            else
                return fail(blockName(index, "") + " (line " + std::to_string(i + 1)
                    + "): the line above <<<<<<< SEARCH must be the file's path, found \"" + clip(trim(above), 80)
                    + "\"");
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
            return fail(blockName(index, file) + " (line " + std::to_string(i + 1)
                + "): the text ends inside the block, " + (divider ? "no >>>>>>> REPLACE" : "no =======")
                + " (a truncated reply?)");

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
