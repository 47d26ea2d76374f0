// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Small text helpers shared by the agents' parsers and prompt builders (internal to core/agents).
namespace phylo::agents_detail {

/// The lines of TEXT without their "\n" (and without a trailing "\r"). A final line without "\n" counts;
/// a final "\n" does not start an empty line.
std::vector<std::string_view> splitLines(std::string_view text);

/// TEXT without leading and trailing spaces, tabs, "\r" and "\n".
std::string_view trim(std::string_view text);

/// Case-insensitive ASCII comparison.
bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);

/// The SEARCH/REPLACE block markers (edit_blocks.h documents the format).
enum class BlockMarker { None, Search, Divider, Replace };

/// Which marker LINE is (surrounding spaces ignored): 5 to 9 '<' then "SEARCH", 5 to 9 '=', 5 to 9 '>' then
/// "REPLACE" (the words case-insensitive, optionally after spaces).
BlockMarker blockMarkerOf(std::string_view line);

/// For each line, true if it lies inside a SEARCH/REPLACE block (between a SEARCH marker and its REPLACE
/// marker, the markers included), so that line-oriented parsers leave code alone.
std::vector<bool> linesInsideBlocks(const std::vector<std::string_view>& lines);

/// The file path on LINE without its Markdown decorations (leading '#', surrounding '`', '*' and quotes, a
/// "File:", "Path:" or "Filename:" prefix, a trailing ':', a leading "./"); nullopt if what remains is empty or
/// has spaces (then it is prose, not a path).
std::optional<std::string> pathFromLine(std::string_view line);

/// True if LINE (trimmed) opens or closes a Markdown code fence (``` or ~~~, with an optional info string).
bool isFenceLine(std::string_view line);

/**
 * TEXT cut to at most MAX_CHARS characters at line boundaries, keeping its head and its tail with one
 * marker line between them that says how much was left out: "[... 1234 characters omitted ...]".
 * TEXT itself when it fits.
 */
std::string truncateMiddle(std::string_view text, std::size_t maxChars);

/// TEXT cut to MAX_CHARS characters, "..." appended when cut (for one-line summaries).
std::string clip(std::string_view text, std::size_t maxChars);

/// A number as the prompts show it: "1.80".
std::string formatSpeedup(double speedup);

} // namespace phylo::agents_detail
