// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/genes.h"
#include "domain/idea.h"

#include <map>
#include <string>
#include <vector>

namespace phylo {

/// Where the settings block goes in a file of LINES: after its leading // comment lines (SPDX,
/// licence), but never after a last line that has no '\n'.
size_t settingsInsertionLine(const std::vector<std::string>& lines, bool finalNewline);

/// TEXT split at '\n' (the newlines dropped); FINAL_NEWLINE says whether it ended with one.
std::vector<std::string> splitLines(const std::string& text, bool& finalNewline);

/// FILES with GENES' settings written in as a "// HEADER" comment and one #define per setting gene that
/// is on, after each file's leading // comment lines (unchanged when no setting is on).
std::map<std::string, std::string> withSettingsBlock(const std::map<std::string, std::string>& files, const Genes& genes,
    const std::vector<Idea>& ideas, const std::string& header = "PhyloEvolve settings");

/**
 * A node's code as a reader should see it: the target's files with its code ideas' edits applied
 * (composeCode; as far as they apply) and its settings written in as a "// HEADER" comment and
 * one #define per setting gene that is on, exactly where the winning patch puts them. The baseline's code is the files unchanged.
 */
std::map<std::string, std::string> nodeCode(const std::map<std::string, std::string>& targetFiles, const Genes& genes,
    const std::vector<Idea>& ideas, const std::string& header = "PhyloEvolve settings");

} // namespace phylo
