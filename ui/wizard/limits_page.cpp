// SPDX-License-Identifier: GPL-3.0-or-later
#include "limits_page.h"

#include "session_path.h"

#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>

namespace phylo::ui {

LimitsPage::LimitsPage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Limits and Session File"));
    setSubTitle(tr("How long the search runs, and where the session (every candidate, its code and its "
                   "measurements) is kept."));

    m_maxEvals = new QSpinBox(this);
    m_maxEvals->setObjectName(QStringLiteral("maxEvals"));
    m_maxEvals->setRange(1, 1000000);
    m_maxEvals->setValue(30);
    m_maxEvals->setToolTip(tr("Evaluations for the whole session, across resumes"));
    m_jobs = new QSpinBox(this);
    m_jobs->setObjectName(QStringLiteral("jobs"));
    m_jobs->setRange(1, 1024);
    m_jobs->setValue(std::max(1, QThread::idealThreadCount()));
    m_jobs->setToolTip(tr("Candidates evaluated at the same time (GPU targets time one per GPU)"));
    m_seed = new QLineEdit(this);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), m_seed));
    m_seed->setToolTip(tr("The same seed gives the same sequence of individuals"));
    setSeed(QRandomGenerator::global()->bounded(1000000u));

    m_useBudgetUsd = new QCheckBox(tr("At most (USD):"), this);
    m_useBudgetUsd->setObjectName(QStringLiteral("useBudgetUsd"));
    m_budgetUsd = new QDoubleSpinBox(this);
    m_budgetUsd->setObjectName(QStringLiteral("budgetUsd"));
    m_budgetUsd->setRange(0.01, 1000000);
    m_budgetUsd->setDecimals(2);
    m_budgetUsd->setValue(5);
    m_budgetUsd->setEnabled(false);
    m_useBudgetTokens = new QCheckBox(tr("At most (tokens):"), this);
    m_useBudgetTokens->setObjectName(QStringLiteral("useBudgetTokens"));
    m_budgetTokens = new QLineEdit(this);
    m_budgetTokens->setObjectName(QStringLiteral("budgetTokens"));
    m_budgetTokens->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[1-9][0-9]{0,14}")), m_budgetTokens));
    m_budgetTokens->setText(QStringLiteral("1000000"));
    m_budgetTokens->setEnabled(false);
    auto* budgetRow = new QHBoxLayout;
    budgetRow->addWidget(m_useBudgetUsd);
    budgetRow->addWidget(m_budgetUsd);
    budgetRow->addSpacing(12);
    budgetRow->addWidget(m_useBudgetTokens);
    budgetRow->addWidget(m_budgetTokens);
    budgetRow->addStretch(1);

    m_sessionPath = new QLineEdit(this);
    m_sessionPath->setObjectName(QStringLiteral("sessionPath"));
    auto* browseButton = new QPushButton(tr("B&rowse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_sessionPath, 1);
    pathRow->addWidget(browseButton);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("limitsProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto* form = new QFormLayout;
    form->addRow(tr("Max &evaluations:"), m_maxEvals);
    form->addRow(tr("Parallel &jobs:"), m_jobs);
    form->addRow(tr("&Seed:"), m_seed);
    form->addRow(tr("LLM budget:"), budgetRow);
    // A row whose field is a layout gets no buddy from QFormLayout: give the label one, so '&' is a mnemonic.
    auto* pathLabel = new QLabel(tr("Session &file:"), this);
    pathLabel->setBuddy(m_sessionPath);
    form->addRow(pathLabel, pathRow);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);

    connect(m_useBudgetUsd, &QCheckBox::toggled, this, &LimitsPage::changed);
    connect(m_useBudgetTokens, &QCheckBox::toggled, this, &LimitsPage::changed);
    connect(m_budgetTokens, &QLineEdit::textChanged, this, &LimitsPage::changed);
    connect(m_seed, &QLineEdit::textChanged, this, &LimitsPage::changed);
    connect(m_sessionPath, &QLineEdit::textChanged, this, &LimitsPage::changed);
    connect(m_sessionPath, &QLineEdit::textEdited, this, [this] { m_sessionPathEdited = true; });
    connect(browseButton, &QPushButton::clicked, this, &LimitsPage::browse);
    setOffline(true);
}

void LimitsPage::initializePage()
{
    if (wizard()) {
        setTargetName(field(QStringLiteral("targetName")).toString());
        setOffline(field(QStringLiteral("llmOffline")).toBool());
    }
    changed();
}

void LimitsPage::setTargetName(const QString& targetName)
{
    if (targetName != m_targetName || m_sessionPath->text().isEmpty()) {
        m_targetName = targetName;
        if (!m_sessionPathEdited)
            m_sessionPath->setText(defaultSessionPath(targetName));
    }
}

void LimitsPage::setOffline(bool offline)
{
    m_offline = offline;
    m_useBudgetUsd->setEnabled(!offline);
    m_useBudgetTokens->setEnabled(!offline);
    changed();
}

int LimitsPage::maxEvals() const
{
    return m_maxEvals->value();
}

void LimitsPage::setMaxEvals(int evals)
{
    m_maxEvals->setValue(evals);
}

int LimitsPage::jobs() const
{
    return m_jobs->value();
}

void LimitsPage::setJobs(int jobs)
{
    m_jobs->setValue(jobs);
}

quint64 LimitsPage::seed() const
{
    return m_seed->text().toULongLong();
}

void LimitsPage::setSeed(quint64 seed)
{
    m_seed->setText(QString::number(seed));
}

std::optional<double> LimitsPage::budgetUsd() const
{
    if (m_offline || !m_useBudgetUsd->isChecked())
        return std::nullopt;
    return m_budgetUsd->value();
}

void LimitsPage::setBudgetUsd(std::optional<double> usd)
{
    m_useBudgetUsd->setChecked(usd.has_value());
    if (usd)
        m_budgetUsd->setValue(*usd);
}

std::optional<qint64> LimitsPage::budgetTokens() const
{
    bool ok = false;
    const qint64 tokens = m_budgetTokens->text().toLongLong(&ok);
    if (m_offline || !m_useBudgetTokens->isChecked() || !ok || tokens <= 0)
        return std::nullopt;
    return tokens;
}

void LimitsPage::setBudgetTokens(std::optional<qint64> tokens)
{
    m_useBudgetTokens->setChecked(tokens.has_value());
    if (tokens)
        m_budgetTokens->setText(QString::number(*tokens));
}

QString LimitsPage::sessionPath() const
{
    const QString text = m_sessionPath->text().trimmed();
    return text.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(text).absoluteFilePath());
}

void LimitsPage::setSessionPath(const QString& path)
{
    m_sessionPathEdited = true;
    m_sessionPath->setText(path);
}

QString LimitsPage::problem() const
{
    bool seedOk = false;
    m_seed->text().toULongLong(&seedOk);
    if (!seedOk)
        return tr("The seed must be a whole number from 0 to 18446744073709551615.");
    if (!m_offline && m_useBudgetTokens->isChecked() && !budgetTokens())
        return tr("Enter the token budget as a positive whole number.");
    const QString path = sessionPath();
    if (path.isEmpty())
        return tr("Choose where to keep the session file.");
    const QFileInfo info(path);
    if (info.exists())
        return tr("%1 exists already: choose a new file (open an existing session from the File menu to resume it).")
            .arg(QDir::toNativeSeparators(path));
    if (info.fileName().isEmpty())
        return tr("The session file needs a name.");
    return {};
}

bool LimitsPage::isComplete() const
{
    return problem().isEmpty();
}

bool LimitsPage::validatePage()
{
    const QString dir = QFileInfo(sessionPath()).absolutePath();
    if (!QDir().mkpath(dir) || !QFileInfo(dir).isWritable()) {
        m_problem->setText(tr("Cannot create or write to %1: choose another place for the session file.")
                               .arg(QDir::toNativeSeparators(dir)));
        m_problem->setVisible(true);
        return false;
    }
    return isComplete();
}

void LimitsPage::browse()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New Session File"), sessionPath(),
        tr("Session files (*.db);;All files (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        setSessionPath(path);
}

void LimitsPage::changed()
{
    m_budgetUsd->setEnabled(!m_offline && m_useBudgetUsd->isChecked());
    m_budgetTokens->setEnabled(!m_offline && m_useBudgetTokens->isChecked());
    m_problem->setText(problem());
    m_problem->setVisible(!m_problem->text().isEmpty());
    Q_EMIT completeChanged();
}

} // namespace phylo::ui
