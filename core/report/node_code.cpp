// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/node_code.h"

#include "agents/compose_code.h"
#include "report/text_diff.h"
#include "report/winning_patch.h"

namespace phylo {

std::vector<std::string> splitLines(const std::string& text, bool& finalNewline)
{
    finalNewline = text.empty() || text.back() == '\n';
    return splitLines(text);
}

size_t settingsInsertionLine(const std::vector<std::string>& lines, bool finalNewline)
{
    size_t at = 0;
    while (at < lines.size() && lines[at].rfind("//", 0) == 0)
        ++at;
    if (at == lines.size() && !finalNewline)
        at = 0;
    return at;
}

std::map<std::string, std::string> withSettingsBlock(const std::map<std::string, std::string>& files, const Genes& genes,
    const std::vector<Idea>& ideas, const std::string& header)
{
    const auto defines = defineLines(genes, ideas);
    if (defines.empty())
        return files;
    std::map<std::string, std::string> code;
    for (const auto& [path, content] : files) {
        bool finalNewline = true;
        const auto lines = splitLines(content, finalNewline);
        const size_t at = settingsInsertionLine(lines, finalNewline);
        std::string out;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (i == at) {
                out += "// " + header + "\n";
                for (const auto& line : defines)
                    out += line + "\n";
            }
            out += lines[i];
            if (i + 1 < lines.size() || finalNewline)
                out += "\n";
        }
        if (at >= lines.size()) {
            out += "// " + header + "\n";
            for (const auto& line : defines)
                out += line + "\n";
        }
        code[path] = out;
    }
    return code;
}

std::map<std::string, std::string> nodeCode(const std::map<std::string, std::string>& targetFiles, const Genes& genes,
    const std::vector<Idea>& ideas, const std::string& header)
{
    std::set<std::string> editable;
    for (const auto& [path, content] : targetFiles)
        editable.insert(path);
    const auto composed = composeCode(targetFiles, genes, ideas, editable); // as far as it got, if it failed
    return withSettingsBlock(composed.files, genes, ideas, header);
}

} // namespace phylo
