// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace phylo::ui {

/// What the inspector's Diff tab compares a node's code against.
enum class ComparisonKind {
    Parent, ///< the node's first parent
    EraBaseline, ///< the code the node's era started from
    Original, ///< the target's code as the user gave it
    OtherNode, ///< any node, chosen by the caller (e.g. picked in the tree)
};

/// "Parent", "Era baseline", "Original", "Other node" (translated).
QString comparisonKindText(ComparisonKind kind);

} // namespace phylo::ui
