// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace phylo {

/// Template files larger than this are refused (bytes).
inline constexpr std::size_t kMaxTemplateBytes = 256 * 1024;

/**
 * Substitutes VARS into TEMPLATE_TEXT (prompts/README.md documents the syntax):
 *  - {{name}} or {{ name }} (name: [A-Za-z_][A-Za-z0-9_]*) becomes VARS' value, inserted verbatim (a value
 *    is never scanned for placeholders itself);
 *  - {{! any text }} is a comment, removed with the newline right after it, if any;
 *  - any other {{...}}, or a {{ without }}, is an error.
 * Throws UserError naming SOURCE, the line and the placeholder for a malformed placeholder or a name that is
 * not in VARS (listing the names that are). Variables that the template does not use are fine.
 */
std::string renderTemplate(
    std::string_view templateText, const std::map<std::string, std::string>& vars, const std::string& source);

/// The names of the {{variables}} TEMPLATE_TEXT uses (comments excluded); throws like renderTemplate.
std::set<std::string> templateVariables(std::string_view templateText, const std::string& source);

/**
 * The agents' prompt templates: prompts/NAME.txt, read from disk at every use (so a user may edit one
 * between calls), from the first of its directories that has the file. The standard directories, in order:
 *  1. the user's: $PHYLO_PROMPTS_DIR if set, else $XDG_CONFIG_HOME/phyloevolve/prompts, else
 *     ~/.config/phyloevolve/prompts (a user's copy of one template overrides that one only);
 *  2. the installed one: <executable's dir>/../share/phyloevolve/prompts;
 *  3. the source tree's prompts/ (a build that is not installed).
 * Safe to use from several threads (it holds only its directory list).
 */
class PromptLibrary
{
public:
    /// The standard directories; throws UserError if $PHYLO_PROMPTS_DIR is set but is not a directory.
    PromptLibrary();
    /// Only DIRECTORIES, first to last (tests, or a caller with its own layout).
    explicit PromptLibrary(std::vector<std::filesystem::path> directories);

    /// The standard directories, as PromptLibrary() searches them (the user's may not exist).
    static std::vector<std::filesystem::path> standardDirectories();

    const std::vector<std::filesystem::path>& directories() const { return m_directories; }

    /// The file that NAME ([a-z0-9_-]+, without ".txt") resolves to; UserError naming NAME.txt and the
    /// directories searched when none has it, or when NAME is not a valid template name.
    std::filesystem::path locate(const std::string& name) const;

    /// The raw text of template NAME; UserError if missing, unreadable or over kMaxTemplateBytes.
    std::string text(const std::string& name) const;

    /// Template NAME with VARS substituted (renderTemplate; errors name the template's file).
    std::string render(const std::string& name, const std::map<std::string, std::string>& vars) const;

private:
    std::vector<std::filesystem::path> m_directories;
};

} // namespace phylo
