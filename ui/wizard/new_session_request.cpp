// SPDX-License-Identifier: GPL-3.0-or-later
#include "new_session_request.h"

namespace phylo::ui {

QString formatLlmNumber(double value)
{
    return QString::number(value, 'g', 15);
}

QString NewSessionRequest::llmOverride() const
{
    if (offline)
        return {};
    QStringList pairs;
    const auto add = [&pairs](const QString& key, const QString& value) {
        if (!value.isEmpty())
            pairs << key + QLatin1Char('=') + value;
    };
    add(QStringLiteral("provider"), provider);
    add(QStringLiteral("model"), model);
    add(QStringLiteral("base_url"), baseUrl);
    add(QStringLiteral("key_env"), keyEnv);
    if (budgetUsd)
        add(QStringLiteral("budget_usd"), formatLlmNumber(*budgetUsd));
    if (budgetTokens)
        add(QStringLiteral("budget_tokens"), QString::number(*budgetTokens));
    return pairs.join(QLatin1Char(','));
}

QStringList NewSessionRequest::runArguments() const
{
    QStringList args { QStringLiteral("run"), targetDir, QStringLiteral("--db"), sessionPath,
        QStringLiteral("--max-evals"), QString::number(maxEvals), QStringLiteral("--jobs"), QString::number(jobs),
        QStringLiteral("--seed"), QString::number(seed) };
    if (offline)
        args << QStringLiteral("--offline");
    else
        args << QStringLiteral("--llm") << llmOverride();
    return args;
}

} // namespace phylo::ui
