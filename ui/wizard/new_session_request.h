// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>

namespace phylo::ui {

/**
 * What the new-session wizard collected: the target, the session file, the limits and the LLM choice.
 * It names the environment variable that holds the API key, never the key itself.
 */
struct NewSessionRequest {
    QString targetDir; ///< absolute; holds a phylo.toml that parsed without errors
    QString sessionPath; ///< the session file to create (absolute)
    int maxEvals = 30; ///< evaluations for the whole session
    int jobs = 1; ///< parallel evaluations
    quint64 seed = 0; ///< search seed
    bool offline = true; ///< no LLM: only the target's declared ideas
    QString provider; ///< "openai" (any OpenAI-compatible server) or "anthropic"; empty when offline
    QString model;
    QString baseUrl;
    QString keyEnv; ///< name of the environment variable holding the key; may be empty (e.g. Ollama)
    std::optional<double> budgetUsd;
    std::optional<qint64> budgetTokens;

    /**
     * The CLI's --llm value: comma-separated key=value pairs in the order provider, model, base_url,
     * key_env, budget_usd, budget_tokens, e.g. "provider=openai,model=gpt-4o,base_url=https://api.openai.com/v1,
     * key_env=OPENAI_API_KEY,budget_usd=5". Empty values are left out; offline gives an empty string.
     */
    QString llmOverride() const;

    /** The arguments of `phylo run` for this request (without the program): run DIR --db FILE ... */
    QStringList runArguments() const;
};

/** VALUE as the --llm string writes numbers: shortest text that reads back the same ("2.5", "10"). */
QString formatLlmNumber(double value);

} // namespace phylo::ui
