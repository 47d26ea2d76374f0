// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>

namespace phylo::ui {

/**
 * Registers the resources compiled into this static library (resources/resources.qrc). Safe to call
 * more than once; appIcon() and MainWindow call it themselves.
 */
void initResources();

/** The application icon: the SVG where Qt's SVG plugin is installed, plus PNG sizes that always load. */
QIcon appIcon();

} // namespace phylo::ui
