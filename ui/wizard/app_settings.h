// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <memory>

class QSettings;

namespace phylo::ui {

struct NewSessionRequest;

/**
 * What the new-session wizard remembers between runs (QSettings, group "wizard"): the last target directory,
 * LLM preset, model, base URL and key variable name, and the default limits. It never stores an API key: only
 * the name of the environment variable that holds it, and only if it looks like a variable name.
 */
class AppSettings
{
public:
    /** The application's settings (QSettings() with the organization and application names). */
    AppSettings();
    /** Settings kept in the INI file INI_FILE (tests, or a portable set-up). */
    explicit AppSettings(const QString& iniFile);
    ~AppSettings();
    AppSettings(const AppSettings&) = delete;
    AppSettings& operator=(const AppSettings&) = delete;

    QString lastTargetDir() const;
    void setLastTargetDir(const QString& dir);

    /** The id of the LLM preset chosen last (see llmPresets()); "offline" by default. */
    QString lastLlmPreset() const;
    void setLastLlmPreset(const QString& id);
    QString lastModel() const;
    void setLastModel(const QString& model);
    QString lastBaseUrl() const;
    void setLastBaseUrl(const QString& url);
    QString lastKeyEnv() const;
    /** Ignored (returns false) unless NAME is a valid environment variable name or empty: a pasted key is never kept. */
    bool setLastKeyEnv(const QString& name);

    /** Default --max-evals: 30 (the CLI's default) until the wizard remembers another. */
    int defaultMaxEvals() const;
    void setDefaultMaxEvals(int evals);
    /** Default --jobs: the number of cores until the wizard remembers another. */
    int defaultJobs() const;
    void setDefaultJobs(int jobs);

    /** Remembers everything above from REQUEST (LLM_PRESET is the preset id chosen on the LLM page). */
    void remember(const NewSessionRequest& request, const QString& llmPreset);

    /** Writes pending changes to disk. */
    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace phylo::ui
