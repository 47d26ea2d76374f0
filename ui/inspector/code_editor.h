// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Qsci/qsciscintilla.h>

class QsciLexerCPP;

namespace phylo::ui {

/**
 * A read-only QScintilla editor for C++ and CUDA source: the C++ lexer with CUDA's keywords added,
 * a fixed-width font, a line-number margin and a narrow symbol margin (for diff markers), with
 * colours taken from the palette (they follow a light/dark theme change).
 */
class CodeEditor : public QsciScintilla
{
    Q_OBJECT

public:
    /// The margin that shows the diff's "-"/"+" symbols.
    static constexpr int kSymbolMargin = 1;

    explicit CodeEditor(QWidget* parent = nullptr);

    /// Replaces the text (the editor stays read-only) and sizes the line-number margin to fit.
    void setCode(const QString& text);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();

    QsciLexerCPP* m_lexer = nullptr;
};

} // namespace phylo::ui
