// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm_presets.h"

#include <QRegularExpression>

namespace phylo::ui {

const QList<LlmPreset>& llmPresets()
{
    static const QList<LlmPreset> presets {
        { QStringLiteral("offline"), QStringLiteral("Offline (declared ideas only)"), {}, {}, {}, {} },
        { QStringLiteral("openai"), QStringLiteral("OpenAI-compatible"), QStringLiteral("openai"),
            QStringLiteral("https://api.openai.com/v1"), QStringLiteral("OPENAI_API_KEY"), QStringLiteral("e.g. gpt-4o") },
        { QStringLiteral("anthropic"), QStringLiteral("Anthropic"), QStringLiteral("anthropic"),
            QStringLiteral("https://api.anthropic.com"), QStringLiteral("ANTHROPIC_API_KEY"),
            QStringLiteral("e.g. claude-sonnet-4-5") },
        { QStringLiteral("ollama"), QStringLiteral("Ollama (local, OpenAI-compatible)"), QStringLiteral("openai"),
            QStringLiteral("http://localhost:11434/v1"), {}, QStringLiteral("e.g. qwen2.5-coder:14b") },
    };
    return presets;
}

const LlmPreset* findLlmPreset(const QString& id)
{
    for (const LlmPreset& preset : llmPresets()) {
        if (preset.id == id)
            return &preset;
    }
    return nullptr;
}

bool isEnvironmentVariableName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(name).hasMatch();
}

} // namespace phylo::ui
