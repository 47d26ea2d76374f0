// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace phylo::ui {

/**
 * One entry of the LLM page's provider list: the provider the core's LLM client speaks to and the base URL
 * and key variable it starts with. Offline is the preset with an empty provider.
 */
struct LlmPreset {
    QString id; ///< stable name kept in the settings: "offline", "openai", "anthropic", "ollama"
    QString label; ///< what the list shows
    QString provider; ///< "openai" (any OpenAI-compatible server), "anthropic", or empty (offline)
    QString baseUrl;
    QString keyEnv; ///< the usual environment variable of its key; empty when none is needed
    QString modelExample; ///< shown as the model field's placeholder

    bool isOffline() const { return provider.isEmpty(); }
};

/** Offline, OpenAI-compatible, Anthropic and a local Ollama server, in that order. */
const QList<LlmPreset>& llmPresets();

/** The preset with this id, or nullptr. */
const LlmPreset* findLlmPreset(const QString& id);

/** True if NAME can be an environment variable's name: a letter or '_' then letters, digits, '_'. */
bool isEnvironmentVariableName(const QString& name);

} // namespace phylo::ui
