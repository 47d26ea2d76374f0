// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "agents/edit_blocks.h"
#include "domain/idea.h"

#include <string>
#include <vector>

namespace phylo {

/// One "on" state of a proposed idea: its value and the code edit that implements it.
struct IdeaVariant
{
    std::string value; ///< [A-Za-z0-9_.+-], at most 32 characters; empty when the reply had no Variant line
    std::vector<FileEdit> edits; ///< SEARCH/REPLACE blocks against the code the agent was shown
};

/// An idea an agent proposed: a gene whose states are code edits.
struct ProposedIdea
{
    std::string name; ///< a valid idea name (isValidIdeaName), at most 48 characters
    std::string description; ///< one paragraph
    std::vector<IdeaVariant> variants; ///< one: an on/off switch; several: off or one of these values
    std::string rationale; ///< why the agent expects it to help (may be empty)

    bool isSwitch() const { return variants.size() == 1; }
    /// The search's gene: a switch (no values) or the variants' values.
    Idea toIdea() const;
};

/// Limits on what one reply may propose.
inline constexpr std::size_t kMaxIdeaNameChars = 48;
inline constexpr std::size_t kMaxVariantValueChars = 32;
inline constexpr std::size_t kMaxVariantsPerIdea = 8;
inline constexpr std::size_t kMaxDescriptionChars = 1000;

/// True if VALUE can be a variant's value: 1 to kMaxVariantValueChars of [A-Za-z0-9_.+-].
bool isValidVariantValue(const std::string& value);

} // namespace phylo
