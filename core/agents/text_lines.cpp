// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/text_lines.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

namespace phylo::agents_detail {

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        auto line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

std::string_view trim(std::string_view text)
{
    constexpr std::string_view space = " \t\r\n\f\v";
    const auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(space);
    return text.substr(first, last - first + 1);
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && startsWithIgnoreCase(a, b);
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    }
    return true;
}

bool isFenceLine(std::string_view line)
{
    const auto t = trim(line);
    return t.starts_with("```") || t.starts_with("~~~");
}

namespace {
    /// A run of 5 to 9 C at the start of LINE, then WORD (case-insensitive; empty: nothing), then nothing.
    bool isMarker(std::string_view line, char c, std::string_view word)
    {
        size_t n = 0;
        while (n < line.size() && line[n] == c)
            ++n;
        if (n < 5 || n > 9)
            return false;
        return equalsIgnoreCase(trim(line.substr(n)), word);
    }
}

BlockMarker blockMarkerOf(std::string_view rawLine)
{
    const auto line = trim(rawLine);
    if (line.empty())
        return BlockMarker::None;
    if (line.front() == '<' && isMarker(line, '<', "SEARCH"))
        return BlockMarker::Search;
    if (line.front() == '=' && isMarker(line, '=', ""))
        return BlockMarker::Divider;
    if (line.front() == '>' && isMarker(line, '>', "REPLACE"))
        return BlockMarker::Replace;
    return BlockMarker::None;
}

std::vector<bool> linesInsideBlocks(const std::vector<std::string_view>& lines)
{
    std::vector<bool> inside(lines.size(), false);
    bool in = false;
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto marker = blockMarkerOf(lines[i]);
        if (marker == BlockMarker::Search)
            in = true;
        inside[i] = in;
        if (marker == BlockMarker::Replace)
            in = false;
    }
    return inside;
}

std::optional<std::string> pathFromLine(std::string_view line)
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

namespace {
    std::string omittedMarker(size_t count)
    {
        return "[... " + std::to_string(count) + " characters omitted ...]\n";
    }
}

std::string truncateMiddle(std::string_view text, size_t maxChars)
{
    if (text.size() <= maxChars)
        return std::string(text);
    const auto marker = omittedMarker(text.size());
    if (maxChars <= marker.size())
        return marker.substr(0, maxChars);
    const size_t budget = maxChars - marker.size();
    // Two thirds head, one third tail, each cut back to a line boundary when one is near.
    size_t headLen = budget * 2 / 3;
    if (const auto nl = text.rfind('\n', headLen ? headLen - 1 : 0);
        nl != std::string_view::npos && nl + 1 >= headLen / 2)
        headLen = nl + 1;
    size_t tailLen = budget - headLen;
    size_t tailStart = text.size() - tailLen;
    if (const auto nl = text.find('\n', tailStart ? tailStart - 1 : 0);
        nl != std::string_view::npos && nl + 1 < text.size() && text.size() - (nl + 1) >= tailLen / 2)
        tailStart = nl + 1;
    std::string out(text.substr(0, headLen));
    if (!out.empty() && out.back() != '\n')
        out += '\n';
    out += omittedMarker(tailStart - headLen);
    out += text.substr(tailStart);
    if (out.size() > maxChars) // the newline added after an unbroken head
        out.erase(maxChars);
    return out;
}

std::string clip(std::string_view text, size_t maxChars)
{
    if (text.size() <= maxChars)
        return std::string(text);
    if (maxChars < 3)
        return std::string(text.substr(0, maxChars));
    return std::string(text.substr(0, maxChars - 3)) + "...";
}

std::string formatSpeedup(double speedup)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", speedup);
    return buffer;
}

} // namespace phylo::agents_detail
