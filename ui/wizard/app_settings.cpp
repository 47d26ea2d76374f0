// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_settings.h"

#include "llm_presets.h"
#include "new_session_request.h"

#include <QSettings>
#include <QThread>

#include <algorithm>

namespace phylo::ui {

namespace {
    QString key(const char* name)
    {
        return QStringLiteral("wizard/") + QLatin1String(name);
    }
} // namespace

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>())
{
}

AppSettings::AppSettings(const QString& iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
}

AppSettings::~AppSettings() = default;

QString AppSettings::lastTargetDir() const
{
    return m_settings->value(key("lastTargetDir")).toString();
}

void AppSettings::setLastTargetDir(const QString& dir)
{
    m_settings->setValue(key("lastTargetDir"), dir);
}

QString AppSettings::lastLlmPreset() const
{
    const QString id = m_settings->value(key("llmPreset")).toString();
    return findLlmPreset(id) ? id : QStringLiteral("offline");
}

void AppSettings::setLastLlmPreset(const QString& id)
{
    if (findLlmPreset(id))
        m_settings->setValue(key("llmPreset"), id);
}

QString AppSettings::lastModel() const
{
    return m_settings->value(key("model")).toString();
}

void AppSettings::setLastModel(const QString& model)
{
    m_settings->setValue(key("model"), model);
}

QString AppSettings::lastBaseUrl() const
{
    return m_settings->value(key("baseUrl")).toString();
}

void AppSettings::setLastBaseUrl(const QString& url)
{
    m_settings->setValue(key("baseUrl"), url);
}

QString AppSettings::lastKeyEnv() const
{
    const QString name = m_settings->value(key("keyEnv")).toString();
    return isEnvironmentVariableName(name) ? name : QString();
}

bool AppSettings::setLastKeyEnv(const QString& name)
{
    if (!name.isEmpty() && !isEnvironmentVariableName(name))
        return false;
    m_settings->setValue(key("keyEnv"), name);
    return true;
}

int AppSettings::defaultMaxEvals() const
{
    const int evals = m_settings->value(key("maxEvals"), 30).toInt();
    return evals > 0 ? evals : 30;
}

void AppSettings::setDefaultMaxEvals(int evals)
{
    if (evals > 0)
        m_settings->setValue(key("maxEvals"), evals);
}

int AppSettings::defaultJobs() const
{
    const int cores = std::max(1, QThread::idealThreadCount());
    const int jobs = m_settings->value(key("jobs"), cores).toInt();
    return jobs > 0 ? jobs : cores;
}

void AppSettings::setDefaultJobs(int jobs)
{
    if (jobs > 0)
        m_settings->setValue(key("jobs"), jobs);
}

void AppSettings::remember(const NewSessionRequest& request, const QString& llmPreset)
{
    setLastTargetDir(request.targetDir);
    setLastLlmPreset(llmPreset);
    if (!request.offline) {
        setLastModel(request.model);
        setLastBaseUrl(request.baseUrl);
        setLastKeyEnv(request.keyEnv);
    }
    setDefaultMaxEvals(request.maxEvals);
    setDefaultJobs(request.jobs);
}

void AppSettings::sync()
{
    m_settings->sync();
}

} // namespace phylo::ui
