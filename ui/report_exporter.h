// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace phylo::ui {

/**
 * Writes the report of the session at SESSION_PATH to OUT_PATH, in the format its suffix names:
 * .html/.htm and .md/.markdown come from the core's renderers (the same files `phylo report`
 * writes); .pdf is the HTML report printed by Qt's PDF writer, its SVG charts drawn as images (QSvgRenderer).
 * Returns an empty string on success, else a message for the user. Touches no widget, so it may
 * run on a worker thread.
 */
QString exportReport(const QString& sessionPath, const QString& outPath);

} // namespace phylo::ui
