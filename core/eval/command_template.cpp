// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/command_template.h"

#include "domain/genes.h"

#include <array>
#include <utility>

namespace phylo {

std::string expandCommand(const std::string& templ, const CommandContext& context)
{
    const std::array<std::pair<std::string_view, std::string>, 4> placeholders { {
        { "{bin}", shellQuote(context.bin) },
        { "{dir}", shellQuote(context.dir) },
        { "{defines}", context.defines },
        { "{harness}", shellQuote(context.harness) },
    } };
    std::string out;
    out.reserve(templ.size() + 64);
    for (size_t i = 0; i < templ.size();) {
        bool replaced = false;
        // "${bin}" is the shell's, not ours.
        if (templ[i] == '{' && (i == 0 || templ[i - 1] != '$')) {
            for (const auto& [name, value] : placeholders) {
                if (templ.compare(i, name.size(), name) == 0) {
                    out += value;
                    i += name.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            out += templ[i++];
    }
    return out;
}

} // namespace phylo
