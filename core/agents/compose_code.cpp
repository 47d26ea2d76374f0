// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/compose_code.h"

#include "agents/edit_apply.h"

namespace phylo {

ComposedCode composeCode(const std::map<std::string, std::string>& original, const Genes& genes,
    const std::vector<Idea>& ideas, const std::set<std::string>& editable)
{
    ComposedCode out;
    out.files = original;
    int codeIdeasOn = 0;
    for (size_t i = 0; i < genes.size() && i < ideas.size(); ++i)
        codeIdeasOn += genes.isOn(i) && ideas[i].isCode();
    for (size_t i = 0; i < genes.size() && i < ideas.size(); ++i) {
        if (!genes.isOn(i) || !ideas[i].isCode())
            continue;
        const auto state = static_cast<size_t>(genes.state(i));
        if (state >= ideas[i].edits.size())
            continue;
        auto applied = applyEdits(out.files, ideas[i].edits[state], editable);
        if (!applied.ok) {
            out.failure = applied.reason == kFileNotEditable ? FailureReason::FileNotEditable
                : codeIdeasOn > 1                            ? FailureReason::MergeConflict
                                                             : FailureReason::EditDidNotApply;
            out.failedIdea = i;
            out.detail = "idea " + ideas[i].name + ": " + applied.reason + (applied.detail.empty() ? "" : " (" + applied.detail + ")")
                + (applied.block.empty() ? "" : "\n" + applied.block);
            return out;
        }
        out.files = std::move(applied.files);
    }
    out.ok = true;
    return out;
}

} // namespace phylo
