// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Colours, fonts and small widgets shared by the inspector, the charts and the ideas panel, chosen
// from the widget's palette so that they read well on light and dark themes.

#include <QColor>
#include <QFont>
#include <QString>

class QChart;
class QComboBox;
class QLabel;
class QPalette;
class QWidget;

namespace phylo::ui::style {

/// True when the palette's base (text background) colour is dark.
bool isDark(const QPalette& palette);

/// Line backgrounds of a side-by-side diff: removed (old side) and added (new side).
QColor removedLineBackground(const QPalette& palette);
QColor addedLineBackground(const QPalette& palette);
/// Stronger backgrounds for the characters that changed within a changed line.
QColor removedCharBackground(const QPalette& palette);
QColor addedCharBackground(const QPalette& palette);
/// Background of the blank lines that keep the two sides of a diff aligned.
QColor paddingBackground(const QPalette& palette);

/// Text colours for good news (a speedup), bad news (a failure, a slowdown) and warnings.
QColor good(const QPalette& palette);
QColor bad(const QPalette& palette);
QColor warning(const QPalette& palette);
/// Secondary text (labels, hints): a mix of the text and window colours.
QColor muted(const QPalette& palette);

/// The system's fixed-width font, for code and logs.
QFont monospaceFont();

/// A centred, muted, word-wrapped label: what an empty panel says (e.g. "Select a node in the tree").
QLabel* makeHintLabel(const QString& text, QWidget* parent = nullptr);

/// A "File: [combo]" row for choosing one of a node's files (hidden by its owner when there is only one);
/// *COMBO receives the combo box.
QWidget* makeFileRow(QComboBox** combo, QWidget* parent = nullptr);

/// "#rrggbb" of COLOR, for style sheets and rich text.
QString cssColor(const QColor& color);

/// A chart themed after PALETTE: transparent background, palette text, modest margins.
void applyChartStyle(QChart* chart, const QPalette& palette);

} // namespace phylo::ui::style
