// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/code_view.h"

#include "inspector/code_editor.h"
#include "inspector/inspector_style.h"

#include <QComboBox>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace phylo::ui {

CodeView::CodeView(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack);

    auto* page = new QWidget;
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(6);
    m_fileRow = style::makeFileRow(&m_fileCombo);
    pageLayout->addWidget(m_fileRow);
    m_editor = new CodeEditor;
    m_editor->setObjectName(QStringLiteral("codeEditor"));
    pageLayout->addWidget(m_editor, 1);
    m_stack->addWidget(page);
    m_stack->addWidget(style::makeHintLabel(tr("This node's code is not available."), this));

    connect(m_fileCombo, &QComboBox::currentIndexChanged, this, &CodeView::showFile);
    clear();
}

void CodeView::setFiles(const std::map<std::string, std::string>& files)
{
    m_files = files;
    {
        const QSignalBlocker blocker(m_fileCombo);
        m_fileCombo->clear();
        for (const auto& [path, text] : files)
            m_fileCombo->addItem(QString::fromStdString(path));
    }
    m_fileRow->setVisible(files.size() > 1);
    m_stack->setCurrentIndex(files.empty() ? 1 : 0);
    if (!files.empty()) {
        m_fileCombo->setCurrentIndex(0);
        showFile(0);
    } else {
        m_editor->setCode(QString());
    }
}

void CodeView::clear()
{
    setFiles({});
}

QStringList CodeView::files() const
{
    QStringList out;
    for (const auto& [path, text] : m_files)
        out << QString::fromStdString(path);
    return out;
}

QString CodeView::currentFile() const
{
    return m_fileCombo->currentText();
}

bool CodeView::setCurrentFile(const QString& path)
{
    const int index = m_fileCombo->findText(path);
    if (index < 0)
        return false;
    m_fileCombo->setCurrentIndex(index);
    showFile(index);
    return true;
}

void CodeView::showFile(int index)
{
    if (index < 0)
        return;
    const auto it = m_files.find(m_fileCombo->itemText(index).toStdString());
    m_editor->setCode(it == m_files.end() ? QString() : QString::fromStdString(it->second));
}

} // namespace phylo::ui
