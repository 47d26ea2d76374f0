// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/idea_state.h"

#include <QCoreApplication>

namespace phylo::ui {

QString ideaStateText(IdeaState state)
{
    switch (state) {
    case IdeaState::Active:
        return QCoreApplication::translate("IdeasPanel", "active");
    case IdeaState::Pinned:
        return QCoreApplication::translate("IdeasPanel", "pinned");
    case IdeaState::Banned:
        return QCoreApplication::translate("IdeasPanel", "banned");
    case IdeaState::Committed:
        return QCoreApplication::translate("IdeasPanel", "committed");
    case IdeaState::Retired:
        return QCoreApplication::translate("IdeasPanel", "retired");
    }
    return {};
}

} // namespace phylo::ui
