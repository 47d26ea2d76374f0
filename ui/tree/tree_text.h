// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How the tree writes a node's numbers and names: its captions and its tool tips.

#include <QString>

#include <string>

namespace phylo::ui {

/// "1.23×", "45.6×", "789×", "1.2e+04×": short enough for a node's caption.
inline QString speedupText(double speedup)
{
    const QString number = speedup < 10 ? QString::number(speedup, 'f', 2)
        : speedup < 100                  ? QString::number(speedup, 'f', 1)
        : speedup < 10000                ? QString::number(speedup, 'f', 0)
                                         : QString::number(speedup, 'g', 3);
    return number + QStringLiteral("×");
}

/// TEXT escaped for a rich-text tool tip.
inline QString html(const std::string& text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

} // namespace phylo::ui
