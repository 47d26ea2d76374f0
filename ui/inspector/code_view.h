// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <map>
#include <string>

class QComboBox;
class QStackedWidget;
class QLabel;

namespace phylo::ui {

class CodeEditor;

/// A node's code, one file at a time: a read-only code editor with a file selector when there are
/// several files.
class CodeView : public QWidget
{
    Q_OBJECT

public:
    explicit CodeView(QWidget* parent = nullptr);

    /// Shows FILES (path -> text), the first file first.
    void setFiles(const std::map<std::string, std::string>& files);
    void clear();

    QStringList files() const;
    QString currentFile() const;
    /// Shows PATH; false if it is not one of files().
    bool setCurrentFile(const QString& path);
    CodeEditor* editor() const { return m_editor; }

private:
    void showFile(int index);

    std::map<std::string, std::string> m_files;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_fileRow = nullptr;
    QComboBox* m_fileCombo = nullptr;
    CodeEditor* m_editor = nullptr;
};

} // namespace phylo::ui
