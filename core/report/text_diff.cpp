// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/text_diff.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <unordered_map>

namespace phylo {

namespace {

    /// Lines longer than this are compared as a whole: a character diff of minified code is noise.
    constexpr size_t kMaxCharDiffBytes = 4000;

    /// Marks, for the tokens of A that are deleted and the tokens of B that are inserted, by Myers'
    /// linear-space divide and conquer (the "middle snake", as GNU diff does it).
    class MyersMarker {
    public:
        MyersMarker(const std::vector<int>& a, const std::vector<int>& b)
            : m_a(a)
            , m_b(b)
            , m_deleted(a.size(), 0)
            , m_inserted(b.size(), 0)
        {
        }

        void run() { compare(0, static_cast<int>(m_a.size()), 0, static_cast<int>(m_b.size())); }

        const std::vector<char>& deleted() const { return m_deleted; }
        const std::vector<char>& inserted() const { return m_inserted; }

    private:
        void compare(int aOff, int aLim, int bOff, int bLim)
        {
            while (aOff < aLim && bOff < bLim && m_a[aOff] == m_b[bOff]) {
                ++aOff;
                ++bOff;
            }
            while (aLim > aOff && bLim > bOff && m_a[aLim - 1] == m_b[bLim - 1]) {
                --aLim;
                --bLim;
            }
            if (aOff == aLim) {
                std::fill(m_inserted.begin() + bOff, m_inserted.begin() + bLim, 1);
                return;
            }
            if (bOff == bLim) {
                std::fill(m_deleted.begin() + aOff, m_deleted.begin() + aLim, 1);
                return;
            }
            int xMid = 0, yMid = 0;
            split(aOff, aLim, bOff, bLim, xMid, yMid);
            if ((xMid == aOff && yMid == bOff) || (xMid == aLim && yMid == bLim)) {
                // Cannot happen after trimming (the script has at least two edits); stay safe anyway.
                std::fill(m_deleted.begin() + aOff, m_deleted.begin() + aLim, 1);
                std::fill(m_inserted.begin() + bOff, m_inserted.begin() + bLim, 1);
                return;
            }
            compare(aOff, xMid, bOff, yMid);
            compare(xMid, aLim, yMid, bLim);
        }

        /// A point on a shortest edit path of A[aOff, aLim) to B[bOff, bLim), found where the furthest
        /// reaching forward and backward paths first overlap.
        void split(int aOff, int aLim, int bOff, int bLim, int& xMid, int& yMid)
        {
            const int n = aLim - aOff, m = bLim - bOff;
            const int delta = n - m;
            const bool odd = (delta & 1) != 0;
            const int maxD = (n + m + 1) / 2;
            const int off = maxD + 1;
            m_forward.assign(2 * maxD + 3, 0);
            m_backward.assign(2 * maxD + 3, 0);
            auto a = [&](int x) { return m_a[aOff + x]; };
            auto b = [&](int y) { return m_b[bOff + y]; };
            for (int d = 0; d <= maxD; ++d) {
                for (int k = -d; k <= d; k += 2) {
                    int x = (k == -d || (k != d && m_forward[off + k - 1] < m_forward[off + k + 1]))
                        ? m_forward[off + k + 1]
                        : m_forward[off + k - 1] + 1;
                    int y = x - k;
                    while (x < n && y < m && a(x) == b(y)) {
                        ++x;
                        ++y;
                    }
                    m_forward[off + k] = x;
                    const int kr = delta - k;
                    if (odd && kr >= -(d - 1) && kr <= d - 1 && x + m_backward[off + kr] >= n) {
                        xMid = aOff + x;
                        yMid = bOff + y;
                        return;
                    }
                }
                for (int kr = -d; kr <= d; kr += 2) {
                    int x = (kr == -d || (kr != d && m_backward[off + kr - 1] < m_backward[off + kr + 1]))
                        ? m_backward[off + kr + 1]
                        : m_backward[off + kr - 1] + 1;
                    int y = x - kr;
                    while (x < n && y < m && a(n - 1 - x) == b(m - 1 - y)) {
                        ++x;
                        ++y;
                    }
                    m_backward[off + kr] = x;
                    const int k = delta - kr;
                    if (!odd && k >= -d && k <= d && m_forward[off + k] + x >= n) {
                        xMid = aOff + n - x;
                        yMid = bOff + m - y;
                        return;
                    }
                }
            }
            xMid = aOff; // unreachable: the paths overlap by d = maxD
            yMid = bOff;
        }

        const std::vector<int>& m_a;
        const std::vector<int>& m_b;
        std::vector<char> m_deleted;
        std::vector<char> m_inserted;
        std::vector<int> m_forward;
        std::vector<int> m_backward;
    };

    bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

    /// RANGES widened to whole UTF-8 characters of TEXT and merged where less than two bytes apart.
    std::vector<CharRange> tidy(const std::string& text, const std::vector<CharRange>& ranges)
    {
        std::vector<CharRange> out;
        const int size = static_cast<int>(text.size());
        for (CharRange r : ranges) {
            int start = r.start, end = r.start + r.length;
            while (start > 0 && isContinuation(static_cast<unsigned char>(text[start])))
                --start;
            while (end < size && isContinuation(static_cast<unsigned char>(text[end])))
                ++end;
            if (!out.empty() && start - (out.back().start + out.back().length) < 2)
                out.back().length = std::max(out.back().length, end - out.back().start);
            else
                out.push_back({ start, end - start });
        }
        return out;
    }

    /// The line's text without leading and trailing blanks, as one range (the whole line if all blank).
    std::vector<CharRange> wholeLine(const std::string& line)
    {
        if (line.empty())
            return {};
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos)
            return { { 0, static_cast<int>(line.size()) } };
        const auto last = line.find_last_not_of(" \t\r");
        return { { static_cast<int>(first), static_cast<int>(last - first + 1) } };
    }

    bool isWordByte(unsigned char c)
    {
        return std::isalnum(c) || c == '_' || c >= 0x80; // bytes >= 0x80: UTF-8 letters stay whole
    }

    /// A line cut into words ([A-Za-z0-9_] and non-ASCII runs), runs of blanks, and single other bytes.
    std::vector<CharRange> tokenize(const std::string& line)
    {
        std::vector<CharRange> tokens;
        size_t i = 0;
        while (i < line.size()) {
            const auto c = static_cast<unsigned char>(line[i]);
            size_t j = i + 1;
            if (isWordByte(c)) {
                while (j < line.size() && isWordByte(static_cast<unsigned char>(line[j])))
                    ++j;
            } else if (c == ' ' || c == '\t') {
                while (j < line.size() && (line[j] == ' ' || line[j] == '\t'))
                    ++j;
            }
            tokens.push_back({ static_cast<int>(i), static_cast<int>(j - i) });
            i = j;
        }
        return tokens;
    }

} // namespace

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::vector<DiffBlock> diffTokens(const std::vector<int>& a, const std::vector<int>& b)
{
    MyersMarker marker(a, b);
    marker.run();
    const auto& deleted = marker.deleted();
    const auto& inserted = marker.inserted();
    const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
    std::vector<DiffBlock> blocks;
    int i = 0, j = 0;
    while (i < n || j < m) {
        DiffBlock block { DiffOp::Equal, i, 0, j, 0 };
        if ((i < n && deleted[i]) || (j < m && inserted[j])) {
            while (i < n && deleted[i])
                ++i;
            while (j < m && inserted[j])
                ++j;
            block.oldCount = i - block.oldStart;
            block.newCount = j - block.newStart;
            block.op = block.oldCount == 0 ? DiffOp::Insert : block.newCount == 0 ? DiffOp::Delete : DiffOp::Replace;
        } else {
            while (i < n && j < m && !deleted[i] && !inserted[j]) {
                ++i;
                ++j;
            }
            block.oldCount = block.newCount = i - block.oldStart;
        }
        blocks.push_back(block);
    }
    return blocks;
}

void diffChars(const std::string& oldLine, const std::string& newLine, std::vector<CharRange>& oldChars,
    std::vector<CharRange>& newChars)
{
    oldChars.clear();
    newChars.clear();
    if (oldLine == newLine)
        return;
    if (oldLine.size() > kMaxCharDiffBytes || newLine.size() > kMaxCharDiffBytes) {
        oldChars = wholeLine(oldLine);
        newChars = wholeLine(newLine);
        return;
    }
    const auto oldTokens = tokenize(oldLine);
    const auto newTokens = tokenize(newLine);
    std::unordered_map<std::string, int> ids;
    auto intern = [&](const std::string& line, const std::vector<CharRange>& tokens) {
        std::vector<int> out;
        out.reserve(tokens.size());
        for (const auto& t : tokens)
            out.push_back(ids.emplace(line.substr(static_cast<size_t>(t.start), static_cast<size_t>(t.length)),
                                 static_cast<int>(ids.size()))
                              .first->second);
        return out;
    };
    const auto blocks = diffTokens(intern(oldLine, oldTokens), intern(newLine, newTokens));
    // Byte range of tokens [first, first + count) of a line.
    auto span = [](const std::vector<CharRange>& tokens, int first, int count) {
        const CharRange& a = tokens[static_cast<size_t>(first)];
        const CharRange& b = tokens[static_cast<size_t>(first + count - 1)];
        return CharRange { a.start, b.start + b.length - a.start };
    };
    size_t common = 0;
    std::vector<CharRange> rawOld, rawNew;
    for (const auto& block : blocks) {
        if (block.op == DiffOp::Equal) {
            if (block.oldCount > 0)
                common += static_cast<size_t>(span(oldTokens, block.oldStart, block.oldCount).length);
            continue;
        }
        if (block.oldCount > 0)
            rawOld.push_back(span(oldTokens, block.oldStart, block.oldCount));
        if (block.newCount > 0)
            rawNew.push_back(span(newTokens, block.newStart, block.newCount));
    }
    // Similarity 2 * common / (old + new) below 1/3: the lines are unrelated.
    if (6 * common < oldLine.size() + newLine.size()) {
        oldChars = wholeLine(oldLine);
        newChars = wholeLine(newLine);
        return;
    }
    oldChars = tidy(oldLine, rawOld);
    newChars = tidy(newLine, rawNew);
}

TextDiff diffText(const std::string& oldText, const std::string& newText)
{
    const auto oldLines = splitLines(oldText);
    const auto newLines = splitLines(newText);
    std::unordered_map<std::string, int> ids;
    auto intern = [&](const std::vector<std::string>& lines) {
        std::vector<int> out;
        out.reserve(lines.size());
        for (const auto& line : lines)
            out.push_back(ids.emplace(line, static_cast<int>(ids.size())).first->second);
        return out;
    };
    const auto a = intern(oldLines);
    const auto b = intern(newLines);

    TextDiff diff;
    diff.oldLineCount = static_cast<int>(oldLines.size());
    diff.newLineCount = static_cast<int>(newLines.size());
    diff.blocks = diffTokens(a, b);
    for (const auto& block : diff.blocks) {
        if (block.op == DiffOp::Equal)
            continue;
        for (int i = 0; i < block.oldCount; ++i)
            diff.removedLines.push_back(block.oldStart + i);
        for (int j = 0; j < block.newCount; ++j)
            diff.addedLines.push_back(block.newStart + j);
        const int paired = std::min(block.oldCount, block.newCount);
        for (int p = 0; p < paired; ++p) {
            LinePair pair;
            pair.oldLine = block.oldStart + p;
            pair.newLine = block.newStart + p;
            diffChars(oldLines[pair.oldLine], newLines[pair.newLine], pair.oldChars, pair.newChars);
            diff.pairs.push_back(std::move(pair));
        }
    }
    return diff;
}

Alignment alignmentPadding(const TextDiff& diff)
{
    Alignment alignment;
    for (const auto& block : diff.blocks) {
        if (block.oldCount == block.newCount)
            continue;
        const bool oldShorter = block.oldCount < block.newCount;
        const int start = oldShorter ? block.oldStart : block.newStart;
        const int count = oldShorter ? block.oldCount : block.newCount;
        const int line = std::max(0, count > 0 ? start + count - 1 : start - 1);
        auto& padding = oldShorter ? alignment.oldPadding : alignment.newPadding;
        padding[line] += std::abs(block.newCount - block.oldCount);
    }
    return alignment;
}

int correspondingLine(const TextDiff& diff, int line, bool fromOld)
{
    const int otherCount = fromOld ? diff.newLineCount : diff.oldLineCount;
    if (otherCount == 0)
        return 0;
    int result = otherCount - 1;
    for (const auto& block : diff.blocks) {
        const int start = fromOld ? block.oldStart : block.newStart;
        const int count = fromOld ? block.oldCount : block.newCount;
        const int otherStart = fromOld ? block.newStart : block.oldStart;
        const int otherBlockCount = fromOld ? block.newCount : block.oldCount;
        if (count > 0 && line < start + count) {
            const int offset = std::max(0, line - start);
            result = otherBlockCount > 0 ? otherStart + std::min(offset, otherBlockCount - 1) : otherStart;
            break;
        }
    }
    return std::clamp(result, 0, otherCount - 1);
}

} // namespace phylo
