// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/file_edit.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace phylo {


/// Replies longer than this are refused before parsing (bytes).
inline constexpr std::size_t kMaxReplyBytes = 512 * 1024;
/// At most this many SEARCH/REPLACE blocks per parsed text.
inline constexpr std::size_t kMaxEditBlocks = 100;

/**
 * The SEARCH/REPLACE blocks in TEXT, in order. The format (prompts/edit_format.txt tells the agents):
 *
 *     path/to/file.cu
 *     <<<<<<< SEARCH
 *     lines copied from the current file
 *     =======
 *     the lines that replace them
 *     >>>>>>> REPLACE
 *
 * - Markers are whole lines (surrounding spaces ignored): 5 to 9 '<' then "SEARCH", 5 to 9 '=',
 *   5 to 9 '>' then "REPLACE" (the words case-insensitive).
 * - The file path is the nearest non-blank line above the SEARCH marker that is not a code fence;
 *   decorations are removed: leading '#', surrounding '`' and '*', a "File:" or "Path:" prefix, a trailing
 *   ':' and a leading "./". A block right after another block (nothing but blanks and fences between)
 *   may leave the path out: it edits the same file.
 * - Code fences (``` or ~~~ lines) outside the blocks and any prose between blocks are ignored.
 * - "\r" at line ends is dropped.
 *
 * On a structural error (a block without a path, a missing ======= or >>>>>>> REPLACE, a reply that ends
 * inside a block, a marker out of place, too many blocks, a text over kMaxReplyBytes) or when TEXT has no
 * block at all, returns nothing and sets *ERROR (when given) to one line that names the block and its line.
 * On success *ERROR is cleared.
 */
std::vector<FileEdit> parseEditBlocks(std::string_view text, std::string* error);

/// True if TEXT has a SEARCH marker line (used to tell "no edits" from "edits in a broken format").
bool containsSearchMarker(std::string_view text);

/// EDIT in the block format above (without fences), for prompts and for display.
std::string formatEditBlock(const FileEdit& edit);
/// Every edit in order, separated by blank lines.
std::string formatEditBlocks(const std::vector<FileEdit>& edits);

} // namespace phylo
