// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

namespace phylo::ui {

/** Renders the widget (with its children) into an image file; the format follows the suffix (.png). */
bool saveScreenshot(QWidget& widget, const QString& path, QString* error);

} // namespace phylo::ui
