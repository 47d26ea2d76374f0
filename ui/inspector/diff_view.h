// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/text_diff.h"

#include <QWidget>

#include <Qsci/qscistyle.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QStackedWidget;

namespace phylo::ui {

class CodeEditor;

/// The two sides of a diff: the comparison's code (old, left) and the node's code (new, right).
enum class DiffSide { Old, New };

/**
 * A side-by-side diff of two versions of a set of files, one file at a time: two read-only code
 * editors that scroll together, changed lines marked with a background and a -/+ symbol, changed
 * characters within a changed line marked with a stronger background, and blank padding that keeps
 * both sides aligned. A file selector appears when there is more than one file.
 */
class DiffView : public QWidget
{
    Q_OBJECT

public:
    /// Marker (line background) on every changed line, both sides.
    static constexpr int kChangedLineMarker = 1;
    /// Marker ("-" left, "+" right) in the symbol margin of every changed line.
    static constexpr int kChangeSymbolMarker = 2;
    /// Indicator on the changed characters of a changed line.
    static constexpr int kChangedCharIndicator = 8;

    explicit DiffView(QWidget* parent = nullptr);

    /**
     * Shows the diff of OLDFILES (titled OLDTITLE, on the left) against NEWFILES (right), starting
     * with the first file that differs. A path present on one side only is compared against "".
     */
    void setFiles(const std::map<std::string, std::string>& oldFiles, const QString& oldTitle,
        const std::map<std::string, std::string>& newFiles, const QString& newTitle);
    /// Shows TEXT instead of a diff (e.g. "Waiting for the parent's code…").
    void showHint(const QString& text);
    bool showingHint() const;

    /// Every path on either side, sorted; and those whose text differs.
    QStringList files() const;
    QStringList changedFiles() const;
    QString currentFile() const;
    /// Shows PATH's diff; false if PATH is not one of files().
    bool setCurrentFile(const QString& path);

    CodeEditor* editor(DiffSide side) const;
    /// The diff of the current file.
    const TextDiff& currentDiff() const { return m_diff; }
    /// The one-line summary above the editors, e.g. "kernel.cu: 2 lines removed, 3 added".
    QString summaryText() const;

    /// Lines (0-based) that carry kChangedLineMarker in SIDE's editor, read back from the editor.
    std::vector<int> markedLines(DiffSide side) const;
    /// (line, byte range within the line) of every run of kChangedCharIndicator in SIDE's editor.
    std::vector<std::pair<int, CharRange>> markedChars(DiffSide side) const;

Q_SIGNALS:
    void currentFileChanged(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showFile(const QString& path);
    void applyColours();
    void decorate(CodeEditor* editor, DiffSide side);

    std::map<std::string, std::string> m_oldFiles;
    std::map<std::string, std::string> m_newFiles;
    QStringList m_changed;
    TextDiff m_diff;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_hint = nullptr;
    QWidget* m_fileRow = nullptr;
    QComboBox* m_fileCombo = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_oldTitle = nullptr;
    QLabel* m_newTitle = nullptr;
    CodeEditor* m_old = nullptr;
    CodeEditor* m_new = nullptr;
    QsciStyle m_padStyle; ///< the blank alignment lines (one style number for the view's lifetime)
};

} // namespace phylo::ui
