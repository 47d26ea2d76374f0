// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/edit_blocks.h"
#include "agents/proposed_idea.h"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace phylo {

/**
 * Parsers of the agents' replies (the formats are in prompts/<agent>.txt and prompts/README.md). None of them
 * throws on anything a model can write: a reply that cannot be used gives ok = false and ERROR, one line to
 * record; parts of a usable reply that had to be dropped (one bad idea among good ones) give WARNINGS.
 * Replies over kMaxReplyBytes are refused before parsing.
 */
struct ReplyStatus
{
    bool ok = false;
    std::string error; ///< why the reply is unusable (ok == false)
    std::vector<std::string> warnings; ///< what was dropped from a usable reply, one line each
};

/// The proposer's ideas, each with one or more variants.
struct ProposerReply : ReplyStatus
{
    std::vector<ProposedIdea> ideas;
};

/// The mutator's one new idea, with exactly one variant (its edits are against the node's code).
struct MutatorReply : ReplyStatus
{
    ProposedIdea idea;
};

/// The merger's combined code: the whole text of each file it rewrote.
struct MergerReply : ReplyStatus
{
    std::map<std::string, std::string> files;
};

/// The repairer's fix: edits against the candidate that failed to build.
struct RepairReply : ReplyStatus
{
    std::vector<FileEdit> edits;
};

/// An idea the rethinker wants retired, and why.
struct RetiredIdea
{
    std::string name;
    std::string reason;
};

/// The rethinker's verdict at an era's end.
struct RethinkerReply : ReplyStatus
{
    std::vector<RetiredIdea> retire; ///< only names of CURRENT ideas
    std::vector<ProposedIdea> ideas; ///< new hypotheses, edits against the committed code
};

/**
 * Ideas in the idea format:
 *
 *     ### IDEA name
 *     Description: one paragraph (may continue on the next lines, up to a blank line)
 *     Rationale: optional
 *     Variant: value        <- optional; repeat for a variant idea, each followed by its blocks
 *     path/file.cu
 *     <<<<<<< SEARCH ... ======= ... >>>>>>> REPLACE
 *
 * The header may be "#" to "######", "IDEA" or "IDEA:" (any case); the name may be in backticks. Without
 * Variant lines the idea is an on/off switch whose edits follow its description. Key lines may be bulleted
 * or bold ("- **Description:** ..."). Text before the first header is ignored. Without a Description line,
 * the first free text of the section is the description.
 * An idea is dropped (with a warning naming it) when its name is invalid, too long, repeated or in TAKEN,
 * when it has no description, no blocks, broken blocks, a bad or repeated variant value, or more than
 * kMaxVariantsPerIdea variants; at most MAX_IDEAS ideas are kept. ok when at least one idea is valid.
 */
ProposerReply parseProposerReply(
    std::string_view text, const std::set<std::string>& taken = {}, std::size_t maxIdeas = 16);

/// One idea in the idea format with exactly one variant (no Variant line, or one); later ideas are ignored
/// with a warning. Errors as parseProposerReply's, plus "several variants".
MutatorReply parseMutatorReply(std::string_view text, const std::set<std::string>& taken = {});

/**
 * Whole files, each as
 *
 *     ### FILE path/file.cu
 *     ```cuda
 *     the complete new content
 *     ```
 *
 * (the fence may be longer than three backticks, or ~~~; the closing fence is a line of at least as many of
 * the same character). Errors: no FILE section, a file not in EDITABLE, a file given twice, a missing
 * opening or closing fence (a truncated reply), an empty file.
 */
MergerReply parseMergerReply(std::string_view text, const std::set<std::string>& editable);

/// SEARCH/REPLACE blocks anywhere in the reply (parseEditBlocks), prose around them ignored.
RepairReply parseRepairReply(std::string_view text);

/**
 * Lines "RETIRE: name - reason" (or "RETIRE: none"), anywhere outside SEARCH/REPLACE blocks, then new ideas
 * in the idea format. A name not in CURRENT_IDEAS is dropped with a warning; new ideas may not reuse a
 * current name. ok when the reply has at least one RETIRE line (even "none") or one valid idea.
 */
RethinkerReply parseRethinkerReply(
    std::string_view text, const std::set<std::string>& currentIdeas, std::size_t maxIdeas = 16);

} // namespace phylo
