// SPDX-License-Identifier: GPL-3.0-or-later
#include "target_page.h"

#include "bundled_examples.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace phylo::ui {

namespace {
    constexpr int kDirRole = Qt::UserRole;
    constexpr int kDescriptionChars = 140;
}

TargetPage::TargetPage(const QString& examplesDir, QWidget* parent)
    : QWizardPage(parent)
{
    build(examplesDir);
}

TargetPage::TargetPage(QWidget* parent)
    : QWizardPage(parent)
{
    build(bundledExamplesDir());
}

void TargetPage::build(const QString& examplesDir)
{
    setTitle(tr("Target"));
    setSubTitle(tr("The code to optimize: a directory with a phylo.toml, or one of the bundled examples."));

    m_dirEdit = new QLineEdit(this);
    m_dirEdit->setObjectName(QStringLiteral("targetDir"));
    m_dirEdit->setPlaceholderText(tr("Directory holding a phylo.toml"));
    auto* browseButton = new QPushButton(tr("&Browse…"), this);
    browseButton->setObjectName(QStringLiteral("browseTarget"));
    auto* dirRow = new QHBoxLayout;
    dirRow->addWidget(m_dirEdit, 1);
    dirRow->addWidget(browseButton);

    m_examples = new QListWidget(this);
    m_examples->setObjectName(QStringLiteral("examples"));
    m_examples->setWordWrap(true);
    m_examples->setAlternatingRowColors(true);
    for (const BundledExample& example : bundledExamples(examplesDir)) {
        // Descriptions run to a paragraph: the list shows the start, the tool tip all of it.
        QString shortDescription = example.description;
        if (shortDescription.size() > kDescriptionChars)
            shortDescription = shortDescription.left(kDescriptionChars).trimmed() + QStringLiteral("…");
        auto* item = new QListWidgetItem(example.name + QLatin1Char('\n') + shortDescription, m_examples);
        item->setData(kDirRole, example.dir);
        item->setToolTip(QStringLiteral("<p>") + example.description.toHtmlEscaped() + QStringLiteral("</p><p>")
            + example.dir.toHtmlEscaped() + QStringLiteral("</p>"));
        if (!example.valid)
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
    }

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("targetSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("targetError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::RichText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto* layout = new QVBoxLayout(this);
    auto* dirLabel = new QLabel(tr("Target &directory:"), this);
    dirLabel->setBuddy(m_dirEdit);
    layout->addWidget(dirLabel);
    layout->addLayout(dirRow);
    auto* examplesLabel = new QLabel(tr("Or a bundled &example:"), this);
    examplesLabel->setBuddy(m_examples);
    layout->addWidget(examplesLabel);
    layout->addWidget(m_examples, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);

    connect(browseButton, &QPushButton::clicked, this, &TargetPage::browse);
    connect(m_examples, &QListWidget::itemSelectionChanged, this, &TargetPage::exampleChosen);
    // Parsing reads one small file and stats a few: fast enough to check on every edit.
    connect(m_dirEdit, &QLineEdit::textChanged, this, &TargetPage::recheck);

    registerField(QStringLiteral("targetDir"), this, "targetDirectory", SIGNAL(targetChecked()));
    registerField(QStringLiteral("targetName"), this, "targetName", SIGNAL(targetChecked()));
    recheck();
}

void TargetPage::setTargetDirectory(const QString& dir)
{
    if (m_dirEdit->text() == dir)
        recheck();
    else
        m_dirEdit->setText(dir); // rechecks
}

void TargetPage::recheck()
{
    const QString text = m_dirEdit->text().trimmed();
    m_check = checkTarget(text.isEmpty() ? QString() : QDir(text).absolutePath());
    showCheck();
    Q_EMIT targetChecked();
    Q_EMIT completeChanged();
}

void TargetPage::showCheck()
{
    if (m_check.valid) {
        m_summary->setText(m_check.summary());
        m_error->clear();
    } else if (m_check.dir.isEmpty()) {
        m_summary->setText(m_check.error); // a hint, not an error
        m_error->clear();
    } else {
        m_summary->clear();
        m_error->setText(m_check.errorHtml());
    }
    m_summary->setVisible(!m_summary->text().isEmpty());
    m_error->setVisible(!m_error->text().isEmpty());
}

bool TargetPage::isComplete() const
{
    return m_check.valid;
}

bool TargetPage::validatePage()
{
    recheck();
    return m_check.valid;
}

void TargetPage::browse()
{
    const QString start = m_dirEdit->text().isEmpty() ? QDir::homePath() : m_dirEdit->text();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a Target Directory"), start);
    if (!dir.isEmpty()) {
        m_examples->clearSelection();
        setTargetDirectory(dir);
    }
}

void TargetPage::exampleChosen()
{
    const auto selected = m_examples->selectedItems();
    if (!selected.isEmpty())
        setTargetDirectory(selected.first()->data(kDirRole).toString());
}

} // namespace phylo::ui
