// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/comparison_kind.h"

#include <QCoreApplication>

namespace phylo::ui {

QString comparisonKindText(ComparisonKind kind)
{
    switch (kind) {
    case ComparisonKind::Parent:
        return QCoreApplication::translate("NodeInspector", "Parent");
    case ComparisonKind::EraBaseline:
        return QCoreApplication::translate("NodeInspector", "Era baseline");
    case ComparisonKind::Original:
        return QCoreApplication::translate("NodeInspector", "Original");
    case ComparisonKind::OtherNode:
        return QCoreApplication::translate("NodeInspector", "Other node");
    }
    return {};
}

} // namespace phylo::ui
