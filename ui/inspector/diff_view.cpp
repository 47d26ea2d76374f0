// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/diff_view.h"

#include "inspector/code_editor.h"
#include "inspector/inspector_style.h"

#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <Qsci/qscistyle.h>

#include <algorithm>
#include <set>

namespace phylo::ui {

namespace {

    const std::string& textOf(const std::map<std::string, std::string>& files, const std::string& path)
    {
        static const std::string empty;
        const auto it = files.find(path);
        return it == files.end() ? empty : it->second;
    }

    QWidget* titled(QLabel* title, QWidget* body)
    {
        auto* column = new QWidget;
        auto* layout = new QVBoxLayout(column);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        layout->addWidget(title);
        layout->addWidget(body, 1);
        return column;
    }

    QString plural(qsizetype n, const QString& one, const QString& many)
    {
        return QString::number(n) + QLatin1Char(' ') + (n == 1 ? one : many);
    }

} // namespace

DiffView::DiffView(QWidget* parent)
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
    m_fileCombo->setToolTip(tr("Files in bold differ"));
    pageLayout->addWidget(m_fileRow);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    pageLayout->addWidget(m_summary);

    m_oldTitle = new QLabel;
    m_newTitle = new QLabel;
    for (QLabel* title : { m_oldTitle, m_newTitle }) {
        QFont font = title->font();
        font.setBold(true);
        title->setFont(font);
        title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_old = new CodeEditor;
    m_new = new CodeEditor;
    m_old->setObjectName(QStringLiteral("diffOld"));
    m_new->setObjectName(QStringLiteral("diffNew"));
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(titled(m_oldTitle, m_old));
    splitter->addWidget(titled(m_newTitle, m_new));
    pageLayout->addWidget(splitter, 1);
    m_stack->addWidget(page);

    m_hint = style::makeHintLabel(QString(), this);
    m_stack->addWidget(m_hint);

    m_old->markerDefine(QsciScintilla::Minus, kChangeSymbolMarker);
    m_new->markerDefine(QsciScintilla::Plus, kChangeSymbolMarker);
    for (CodeEditor* editor : { m_old, m_new }) {
        editor->markerDefine(QsciScintilla::Background, kChangedLineMarker);
        editor->indicatorDefine(QsciScintilla::FullBoxIndicator, kChangedCharIndicator);
        editor->setIndicatorDrawUnder(true, kChangedCharIndicator);
    }
    applyColours();

    // Both sides carry the same padding, so they have the same number of display lines: scrolling
    // one to display line N scrolls the other to N as well.
    auto sync = [](QScrollBar* a, QScrollBar* b) {
        connect(a, &QScrollBar::valueChanged, b, &QScrollBar::setValue);
        connect(b, &QScrollBar::valueChanged, a, &QScrollBar::setValue);
    };
    sync(m_old->verticalScrollBar(), m_new->verticalScrollBar());
    sync(m_old->horizontalScrollBar(), m_new->horizontalScrollBar());

    connect(m_fileCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            showFile(m_fileCombo->itemData(index).toString());
    });
    showHint(tr("Nothing to compare yet."));
}

void DiffView::setFiles(const std::map<std::string, std::string>& oldFiles, const QString& oldTitle,
    const std::map<std::string, std::string>& newFiles, const QString& newTitle)
{
    m_oldFiles = oldFiles;
    m_newFiles = newFiles;
    m_oldTitle->setText(oldTitle);
    m_newTitle->setText(newTitle);

    std::set<std::string> paths;
    for (const auto& [path, text] : oldFiles)
        paths.insert(path);
    for (const auto& [path, text] : newFiles)
        paths.insert(path);
    m_changed.clear();
    QString first;
    {
        const QSignalBlocker blocker(m_fileCombo);
        m_fileCombo->clear();
        for (const auto& path : paths) {
            const QString name = QString::fromStdString(path);
            const bool differs = !oldFiles.count(path) || !newFiles.count(path)
                || textOf(oldFiles, path) != textOf(newFiles, path);
            m_fileCombo->addItem(name, name);
            if (differs) {
                m_changed << name;
                QFont font = m_fileCombo->font();
                font.setBold(true);
                m_fileCombo->setItemData(m_fileCombo->count() - 1, font, Qt::FontRole);
                if (first.isEmpty())
                    first = name;
            }
        }
    }
    m_fileRow->setVisible(paths.size() > 1);
    if (paths.empty()) {
        showHint(tr("Neither side has any files."));
        return;
    }
    if (first.isEmpty())
        first = QString::fromStdString(*paths.begin());
    m_stack->setCurrentIndex(0);
    {
        const QSignalBlocker blocker(m_fileCombo);
        m_fileCombo->setCurrentIndex(m_fileCombo->findData(first));
    }
    showFile(first);
}

void DiffView::showHint(const QString& text)
{
    m_hint->setText(text);
    m_stack->setCurrentWidget(m_hint);
}

bool DiffView::showingHint() const
{
    return m_stack->currentWidget() == m_hint;
}

QStringList DiffView::files() const
{
    QStringList out;
    for (int i = 0; i < m_fileCombo->count(); ++i)
        out << m_fileCombo->itemData(i).toString();
    return out;
}

QStringList DiffView::changedFiles() const
{
    return m_changed;
}

QString DiffView::currentFile() const
{
    return m_fileCombo->currentData().toString();
}

bool DiffView::setCurrentFile(const QString& path)
{
    const int index = m_fileCombo->findData(path);
    if (index < 0)
        return false;
    if (index == m_fileCombo->currentIndex())
        showFile(path);
    else
        m_fileCombo->setCurrentIndex(index); // shows it
    return true;
}

CodeEditor* DiffView::editor(DiffSide side) const
{
    return side == DiffSide::Old ? m_old : m_new;
}

QString DiffView::summaryText() const
{
    return m_summary->text();
}

void DiffView::showFile(const QString& path)
{
    const std::string key = path.toStdString();
    const std::string& oldText = textOf(m_oldFiles, key);
    const std::string& newText = textOf(m_newFiles, key);
    m_diff = diffText(oldText, newText);
    m_old->setCode(QString::fromStdString(oldText));
    m_new->setCode(QString::fromStdString(newText));
    decorate(m_old, DiffSide::Old);
    decorate(m_new, DiffSide::New);

    QString summary;
    if (!m_oldFiles.count(key))
        summary = tr("%1: new file, %2").arg(path, plural(m_diff.newLineCount, tr("line"), tr("lines")));
    else if (!m_newFiles.count(key))
        summary = tr("%1: deleted file, %2").arg(path, plural(m_diff.oldLineCount, tr("line"), tr("lines")));
    else if (m_diff.identical())
        summary = tr("%1: no differences").arg(path);
    else
        summary = tr("%1: %2 removed, %3 added")
                      .arg(path, plural(static_cast<qsizetype>(m_diff.removedLines.size()), tr("line"), tr("lines")))
                      .arg(m_diff.addedLines.size());
    m_summary->setText(summary);

    // Open at the first change, with a little context above it.
    int firstLine = -1;
    CodeEditor* lead = m_new;
    if (!m_diff.addedLines.empty())
        firstLine = m_diff.addedLines.front();
    if (!m_diff.removedLines.empty()) {
        const int oldFirst = correspondingLine(m_diff, m_diff.removedLines.front(), true);
        if (firstLine < 0 || oldFirst < firstLine) {
            firstLine = m_diff.removedLines.front();
            lead = m_old;
        }
    }
    if (firstLine >= 0) {
        const long display = lead->SendScintilla(QsciScintillaBase::SCI_VISIBLEFROMDOCLINE, firstLine);
        // Both sides, explicitly: the scroll bars' sync cannot carry it while a side is not laid out yet.
        for (CodeEditor* editor : { m_old, m_new })
            editor->setFirstVisibleLine(std::max(0, static_cast<int>(display) - 3));
    } else {
        m_old->setFirstVisibleLine(0);
        m_new->setFirstVisibleLine(0);
    }
    Q_EMIT currentFileChanged(path);
}

void DiffView::decorate(CodeEditor* editor, DiffSide side)
{
    const bool old = side == DiffSide::Old;
    editor->markerDeleteAll();
    editor->clearAnnotations();
    for (int line : old ? m_diff.removedLines : m_diff.addedLines) {
        editor->markerAdd(line, kChangedLineMarker);
        editor->markerAdd(line, kChangeSymbolMarker);
    }
    editor->SendScintilla(QsciScintillaBase::SCI_SETINDICATORCURRENT, kChangedCharIndicator);
    editor->SendScintilla(
        QsciScintillaBase::SCI_INDICATORCLEARRANGE, 0UL, editor->SendScintilla(QsciScintillaBase::SCI_GETLENGTH));
    for (const auto& pair : m_diff.pairs) {
        const int line = old ? pair.oldLine : pair.newLine;
        const long lineStart = editor->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line);
        const long lineEnd = editor->SendScintilla(QsciScintillaBase::SCI_GETLINEENDPOSITION, line);
        for (const CharRange& r : old ? pair.oldChars : pair.newChars) {
            const long from = std::min(lineEnd, lineStart + r.start);
            const long to = std::min(lineEnd, lineStart + r.start + r.length);
            if (to > from)
                editor->SendScintilla(QsciScintillaBase::SCI_INDICATORFILLRANGE, static_cast<unsigned long>(from), to - from);
        }
    }
    const Alignment alignment = alignmentPadding(m_diff);
    for (const auto& [line, count] : old ? alignment.oldPadding : alignment.newPadding) {
        QStringList blank;
        for (int i = 0; i < count; ++i)
            blank << QStringLiteral(" ");
        editor->annotate(line, blank.join(QLatin1Char('\n')), m_padStyle);
    }
}

std::vector<int> DiffView::markedLines(DiffSide side) const
{
    const CodeEditor* e = editor(side);
    std::vector<int> out;
    for (int line = 0; line < e->lines(); ++line) {
        if (e->markersAtLine(line) & (1u << kChangedLineMarker))
            out.push_back(line);
    }
    return out;
}

std::vector<std::pair<int, CharRange>> DiffView::markedChars(DiffSide side) const
{
    CodeEditor* e = editor(side);
    std::vector<std::pair<int, CharRange>> out;
    const long length = e->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
    long pos = 0;
    while (pos < length) {
        const long end = e->SendScintilla(QsciScintillaBase::SCI_INDICATOREND, kChangedCharIndicator, pos);
        const long value = e->SendScintilla(QsciScintillaBase::SCI_INDICATORVALUEAT, kChangedCharIndicator, pos);
        const long stop = end > pos ? end : length;
        if (value) {
            const long line = e->SendScintilla(QsciScintillaBase::SCI_LINEFROMPOSITION, static_cast<unsigned long>(pos));
            const long lineStart = e->SendScintilla(QsciScintillaBase::SCI_POSITIONFROMLINE, line);
            out.push_back({ static_cast<int>(line), { static_cast<int>(pos - lineStart), static_cast<int>(stop - pos) } });
        }
        pos = stop;
    }
    return out;
}

void DiffView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyColours();
        if (!showingHint() && m_fileCombo->currentIndex() >= 0)
            showFile(currentFile());
    }
}

void DiffView::applyColours()
{
    const QPalette pal = palette();
    m_old->setMarkerBackgroundColor(style::removedLineBackground(pal), kChangedLineMarker);
    m_new->setMarkerBackgroundColor(style::addedLineBackground(pal), kChangedLineMarker);
    m_old->setMarkerForegroundColor(style::bad(pal), kChangeSymbolMarker);
    m_new->setMarkerForegroundColor(style::good(pal), kChangeSymbolMarker);
    m_old->setMarkerBackgroundColor(style::bad(pal), kChangeSymbolMarker);
    m_new->setMarkerBackgroundColor(style::good(pal), kChangeSymbolMarker);
    m_old->setIndicatorForegroundColor(style::removedCharBackground(pal), kChangedCharIndicator);
    m_new->setIndicatorForegroundColor(style::addedCharBackground(pal), kChangedCharIndicator);
    for (CodeEditor* editor : { m_old, m_new })
        editor->SendScintilla(QsciScintillaBase::SCI_INDICSETOUTLINEALPHA, kChangedCharIndicator, 255L);
    m_padStyle.setDescription(QStringLiteral("diff padding"));
    m_padStyle.setColor(pal.color(QPalette::Text));
    m_padStyle.setPaper(style::paddingBackground(pal));
    m_padStyle.setFont(style::monospaceFont());
    m_padStyle.setEolFill(true);
}

} // namespace phylo::ui
