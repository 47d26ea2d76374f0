// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/prompt_library.h"

#include "util/user_error.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef PHYLO_SOURCE_DIR
#    define PHYLO_SOURCE_DIR ""
#endif

namespace phylo {

namespace fs = std::filesystem;

namespace {

    bool isIdentifier(std::string_view text)
    {
        if (text.empty() || std::isdigit(static_cast<unsigned char>(text.front())))
            return false;
        for (char c : text) {
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
                return false;
        }
        return true;
    }

    std::string_view trimSpaces(std::string_view text)
    {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
            text.remove_prefix(1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
            text.remove_suffix(1);
        return text;
    }

    size_t lineOf(std::string_view text, size_t pos)
    {
        size_t line = 1;
        for (size_t i = 0; i < pos && i < text.size(); ++i)
            line += text[i] == '\n' ? 1 : 0;
        return line;
    }

    /// Walks TEXT's placeholders: ON_TEXT(literal), ON_VAR(name, pos); comments skipped.
    template <typename OnText, typename OnVar>
    void scan(std::string_view text, const std::string& source, OnText onText, OnVar onVar)
    {
        size_t pos = 0;
        while (pos < text.size()) {
            const auto open = text.find("{{", pos);
            if (open == std::string_view::npos) {
                onText(text.substr(pos));
                return;
            }
            onText(text.substr(pos, open - pos));
            const auto where = source + " line " + std::to_string(lineOf(text, open));
            if (text.substr(open + 2).starts_with("!")) {
                const auto close = text.find("}}", open + 3);
                if (close == std::string_view::npos)
                    throw UserError(where + ": a {{! comment without its closing }}");
                pos = close + 2;
                if (pos < text.size() && text[pos] == '\n')
                    ++pos;
                else if (text.substr(pos).starts_with("\r\n"))
                    pos += 2;
                continue;
            }
            const auto close = text.find("}}", open + 2);
            const auto newline = text.find('\n', open + 2);
            if (close == std::string_view::npos || (newline != std::string_view::npos && newline < close))
                throw UserError(where + ": {{ without its closing }} on the same line");
            const auto inner = text.substr(open + 2, close - open - 2);
            const auto name = trimSpaces(inner);
            if (!isIdentifier(name))
                throw UserError(where + ": malformed placeholder {{" + std::string(inner)
                    + "}} (expected {{name}} with a name of letters, digits and '_', or a {{! comment}})");
            onVar(std::string(name), where);
            pos = close + 2;
        }
    }

    fs::path executableDirectory()
    {
        std::error_code ec;
        const auto exe = fs::read_symlink("/proc/self/exe", ec);
        return ec ? fs::path() : exe.parent_path();
    }

    bool isTemplateName(const std::string& name)
    {
        if (name.empty())
            return false;
        for (char c : name) {
            if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'
                    || c == '-'))
                return false;
        }
        return true;
    }

} // namespace

std::string renderTemplate(
    std::string_view templateText, const std::map<std::string, std::string>& vars, const std::string& source)
{
    std::string out;
    out.reserve(templateText.size());
    scan(
        templateText, source, [&](std::string_view literal) { out += literal; },
        [&](const std::string& name, const std::string& where) {
            const auto it = vars.find(name);
            if (it == vars.end()) {
                std::string known;
                for (const auto& [key, value] : vars)
                    known += (known.empty() ? "" : ", ") + key;
                throw UserError(where + ": unknown variable {{" + name
                    + "}} (this prompt knows: " + (known.empty() ? "none" : known) + ")");
            }
            out += it->second;
        });
    return out;
}

std::set<std::string> templateVariables(std::string_view templateText, const std::string& source)
{
    std::set<std::string> names;
    scan(
        templateText, source, [](std::string_view) {},
        [&](const std::string& name, const std::string&) { names.insert(name); });
    return names;
}

PromptLibrary::PromptLibrary()
    : m_directories(standardDirectories())
{
    if (const char* dir = std::getenv("PHYLO_PROMPTS_DIR"); dir && *dir) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec))
            throw UserError(std::string("PHYLO_PROMPTS_DIR=") + dir + " is not a directory");
    }
}

PromptLibrary::PromptLibrary(std::vector<fs::path> directories)
    : m_directories(std::move(directories))
{
}

std::vector<fs::path> PromptLibrary::standardDirectories()
{
    std::vector<fs::path> dirs;
    if (const char* dir = std::getenv("PHYLO_PROMPTS_DIR"); dir && *dir)
        dirs.emplace_back(dir);
    else if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
        dirs.push_back(fs::path(config) / "phyloevolve" / "prompts");
    else if (const char* home = std::getenv("HOME"); home && *home)
        dirs.push_back(fs::path(home) / ".config" / "phyloevolve" / "prompts");
    if (const auto exeDir = executableDirectory(); !exeDir.empty())
        dirs.push_back(exeDir.parent_path() / "share" / "phyloevolve" / "prompts");
    if (const std::string source = PHYLO_SOURCE_DIR; !source.empty())
        dirs.push_back(fs::path(source) / "prompts");
    return dirs;
}

fs::path PromptLibrary::locate(const std::string& name) const
{
    if (!isTemplateName(name))
        throw UserError("\"" + name + "\" is not a prompt template name (lower-case letters, digits, '_' and '-')");
    std::string searched;
    for (const auto& dir : m_directories) {
        const auto file = dir / (name + ".txt");
        std::error_code ec;
        if (fs::is_regular_file(file, ec))
            return file;
        searched += (searched.empty() ? "" : ", ") + dir.string();
    }
    throw UserError("prompt template " + name
        + ".txt not found (searched: " + (searched.empty() ? "no directory" : searched) + ")");
}

namespace {
    std::string readTemplate(const fs::path& file)
    {
        std::error_code ec;
        const auto size = fs::file_size(file, ec);
        if (ec)
            throw UserError(file.string() + ": cannot read the prompt template: " + ec.message());
        if (size > kMaxTemplateBytes)
            throw UserError(file.string() + ": the prompt template is too large (" + std::to_string(size)
                + " bytes; at most " + std::to_string(kMaxTemplateBytes) + ")");
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw UserError(file.string() + ": cannot read the prompt template");
        std::ostringstream content;
        content << in.rdbuf();
        return content.str();
    }
} // namespace

std::string PromptLibrary::text(const std::string& name) const
{
    return readTemplate(locate(name));
}

std::string PromptLibrary::render(const std::string& name, const std::map<std::string, std::string>& vars) const
{
    const auto file = locate(name);
    return renderTemplate(readTemplate(file), vars, file.string());
}

} // namespace phylo
