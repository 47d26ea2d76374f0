// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/text_lines.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

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
    if (const auto nl = text.rfind('\n', headLen ? headLen - 1 : 0); nl != std::string_view::npos && nl + 1 >= headLen / 2)
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

std::string truncateHead(std::string_view text, size_t maxChars)
{
    if (text.size() <= maxChars)
        return std::string(text);
    const auto marker = omittedMarker(text.size());
    if (maxChars <= marker.size())
        return marker.substr(0, maxChars);
    size_t start = text.size() - (maxChars - marker.size());
    if (const auto nl = text.find('\n', start - 1); nl != std::string_view::npos && nl + 1 < text.size()
        && text.size() - (nl + 1) >= (maxChars - marker.size()) / 2)
        start = nl + 1;
    return omittedMarker(start) + std::string(text.substr(start));
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
