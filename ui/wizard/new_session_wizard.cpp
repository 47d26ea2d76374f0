// SPDX-License-Identifier: GPL-3.0-or-later
#include "new_session_wizard.h"

#include "app_settings.h"
#include "bundled_examples.h"
#include "limits_page.h"
#include "llm_page.h"
#include "target_page.h"

#include <QDir>
#include <QFileInfo>

namespace phylo::ui {

NewSessionWizard::NewSessionWizard(AppSettings* settings, QWidget* parent)
    : QWizard(parent)
    , m_settings(settings)
{
    build(bundledExamplesDir());
}

NewSessionWizard::NewSessionWizard(AppSettings* settings, const QString& examplesDir, QWidget* parent)
    : QWizard(parent)
    , m_settings(settings)
{
    build(examplesDir);
}

void NewSessionWizard::build(const QString& examplesDir)
{
    setWindowTitle(tr("New Session"));
    setOption(QWizard::NoBackButtonOnStartPage);
    m_targetPage = new TargetPage(examplesDir, this);
    m_llmPage = new LlmPage(this);
    m_limitsPage = new LimitsPage(this);
    setPage(TargetPageId, m_targetPage);
    setPage(LlmPageId, m_llmPage);
    setPage(LimitsPageId, m_limitsPage);
    setStartId(TargetPageId);
    restore();
}

void NewSessionWizard::restore()
{
    if (!m_settings)
        return;
    m_llmPage->setPreset(m_settings->lastLlmPreset());
    if (!m_llmPage->isOffline()) {
        if (!m_settings->lastModel().isEmpty())
            m_llmPage->setModel(m_settings->lastModel());
        if (!m_settings->lastBaseUrl().isEmpty())
            m_llmPage->setBaseUrl(m_settings->lastBaseUrl());
        m_llmPage->setKeyEnv(m_settings->lastKeyEnv());
    }
    m_limitsPage->setMaxEvals(m_settings->defaultMaxEvals());
    m_limitsPage->setJobs(m_settings->defaultJobs());
    // The last target, if it is still there (a target that went away is not worth an error on opening).
    const QString lastTarget = m_settings->lastTargetDir();
    if (!lastTarget.isEmpty() && QFileInfo(QDir(lastTarget).filePath(QStringLiteral("phylo.toml"))).isFile())
        m_targetPage->setTargetDirectory(lastTarget);
}

NewSessionRequest NewSessionWizard::request() const
{
    NewSessionRequest request;
    request.targetDir = m_targetPage->targetDirectory();
    request.sessionPath = m_limitsPage->sessionPath();
    request.maxEvals = m_limitsPage->maxEvals();
    request.jobs = m_limitsPage->jobs();
    request.seed = m_limitsPage->seed();
    request.offline = m_llmPage->isOffline();
    if (!request.offline) {
        request.provider = m_llmPage->provider();
        request.model = m_llmPage->model();
        request.baseUrl = m_llmPage->baseUrl();
        request.keyEnv = m_llmPage->keyEnv();
        request.budgetUsd = m_limitsPage->budgetUsd();
        request.budgetTokens = m_limitsPage->budgetTokens();
    }
    return request;
}

void NewSessionWizard::accept()
{
    if (m_settings) {
        m_settings->remember(request(), m_llmPage->presetId());
        m_settings->sync();
    }
    QWizard::accept();
}

} // namespace phylo::ui
