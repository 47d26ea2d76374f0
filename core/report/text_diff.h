// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Line and character diff of two texts: the inspector's side-by-side view and the winning patch.

#include <map>
#include <string>
#include <vector>

namespace phylo {

/// What a block of the line diff does to the old text.
enum class DiffOp {
    Equal, ///< the lines are the same on both sides
    Delete, ///< old lines with no counterpart in the new text
    Insert, ///< new lines with no counterpart in the old text
    Replace, ///< old lines replaced by new lines (both counts > 0)
};

/// A run of lines: old lines [oldStart, oldStart + oldCount) become new lines [newStart, newStart + newCount).
struct DiffBlock {
    DiffOp op = DiffOp::Equal;
    int oldStart = 0;
    int oldCount = 0;
    int newStart = 0;
    int newCount = 0;
    bool operator==(const DiffBlock&) const = default;
};

/// Changed bytes within one line: [start, start + length), byte offsets of the line's UTF-8 text
/// (always whole UTF-8 characters).
struct CharRange {
    int start = 0;
    int length = 0;
    bool operator==(const CharRange&) const = default;
};

/// A changed old line shown next to the changed new line it became, with the characters that differ.
struct LinePair {
    int oldLine = 0;
    int newLine = 0;
    std::vector<CharRange> oldChars;
    std::vector<CharRange> newChars;
};

/// The whole diff of two texts. Line numbers are 0-based.
struct TextDiff {
    std::vector<DiffBlock> blocks; ///< cover both texts, in order; adjacent blocks never share an op
    std::vector<int> removedLines; ///< old lines that are deleted or replaced, ascending
    std::vector<int> addedLines; ///< new lines that are inserted or replacements, ascending
    std::vector<LinePair> pairs; ///< replaced lines paired in order within each Replace block
    int oldLineCount = 0;
    int newLineCount = 0;

    bool identical() const { return removedLines.empty() && addedLines.empty(); }
};

/// Lines of TEXT without their '\n' (a trailing '\r' is kept). "" has no lines; "a\n" has one.
std::vector<std::string> splitLines(const std::string& text);

/**
 * Shortest edit script (Myers' O(ND) algorithm, linear space) between two sequences of tokens,
 * as blocks; a delete next to an insert becomes one Replace block.
 */
std::vector<DiffBlock> diffTokens(const std::vector<int>& a, const std::vector<int>& b);

/**
 * Which bytes differ between two versions of one line: a diff of their tokens (words of [A-Za-z0-9_]
 * and non-ASCII bytes, runs of blanks, single punctuation bytes), so a renamed identifier or a changed
 * number is marked whole; runs closer than two bytes are merged. If the lines share less than a third
 * of their bytes the whole of each (non-empty) line is one range: scattered matches are noise.
 */
void diffChars(const std::string& oldLine, const std::string& newLine, std::vector<CharRange>& oldChars,
    std::vector<CharRange>& newChars);

/// Line diff of two texts, then a character diff of each replaced line pair.
TextDiff diffText(const std::string& oldText, const std::string& newText);

/**
 * Blank lines to show under each line so that the two sides line up: for every block whose sides have
 * different lengths, the shorter side gets the difference under its last line of the block (or the
 * line just before the block, or line 0 when the block starts the text). Keys are line numbers.
 */
struct Alignment {
    std::map<int, int> oldPadding;
    std::map<int, int> newPadding;
};
Alignment alignmentPadding(const TextDiff& diff);

/// The line on the other side that corresponds to LINE (old -> new if FROMOLD, else new -> old),
/// clamped into the other text; 0 when the other text is empty.
int correspondingLine(const TextDiff& diff, int line, bool fromOld);

} // namespace phylo
