// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace phylo {

/**
 * C, C++ or CUDA source with everything that cannot change its meaning removed, so that two sources that
 * differ only in comments and layout give the same text:
 *  - comments (// and block comments) are removed; a comment counts as whitespace;
 *  - string and character literals (with their L/u/U/u8 prefixes, escapes, and raw strings R"d(...)d") are
 *    kept byte for byte, comment-like text inside them included;
 *  - every run of whitespace (newlines included) is dropped, except that one space is kept where dropping it
 *    would join two characters that could form one token: two of [A-Za-z0-9_], or two punctuation characters
 *    (so "a + +b" stays apart from "a ++b", "int x" from "intx"), and, in a directive, between a word and
 *    '(' ("#define M (x)" is not "#define M(x)");
 *  - a preprocessor directive (a line whose first non-blank character is '#') ends with "\n", its
 *    backslash-newline continuations removed, so the end of a #define still counts (also on the last line).
 * Not a compiler: trigraphs and digraphs are not handled (they only make two sources compare different).
 */
std::string normalizedCode(std::string_view source);

/// True if PATH's extension is one of C, C++ or CUDA's (.c .cc .cpp .cxx .c++ .h .hh .hpp .hxx .cu .cuh .inl .ipp
/// .tpp).
bool isCFamilyFile(std::string_view path);

/**
 * A hex SHA-256 of FILES (path -> content) that is equal for two candidates whose code differs only in
 * comments and whitespace: C-family files (isCFamilyFile) go through normalizedCode; any other file has
 * "\r\n" turned into "\n" and trailing spaces and tabs of each line removed (its comment syntax is unknown,
 * and indentation may matter). Paths are part of the fingerprint.
 */
std::string codeFingerprint(const std::map<std::string, std::string>& files);

} // namespace phylo
