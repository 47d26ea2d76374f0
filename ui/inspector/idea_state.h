// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace phylo::ui {

/// Where an idea stands in the search, as the caller (the main window) knows it from steering and eras.
enum class IdeaState {
    Active, ///< the search may turn it on or off
    Pinned, ///< every new individual carries it (`phylo steer pin`)
    Banned, ///< no new individual carries it (`phylo steer ban`)
    Committed, ///< folded into an era's baseline code: always on from then on
    Retired, ///< dropped at an era's rethink: no longer searched
};

/// "active", "pinned", "banned", "committed", "retired" (translated).
QString ideaStateText(IdeaState state);

} // namespace phylo::ui
