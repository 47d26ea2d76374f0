// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

namespace phylo::ui {

/// What an LLM agent did to make a node, as the inspector's Agent tab shows it.
struct AgentRecord {
    QString agent; ///< the agent's role, e.g. "mutator"
    QString model; ///< e.g. "claude-sonnet-4"
    QString prompt;
    QString response;
    QString rationale; ///< the agent's own short explanation of the change
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    double costUsd = 0;
};

} // namespace phylo::ui
