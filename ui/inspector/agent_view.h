// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inspector/agent_record.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace phylo::ui {

/// What the LLM agent that made a node was asked and answered: agent and model, token counts and
/// cost, its rationale, the prompt and the response.
class AgentView : public QWidget
{
    Q_OBJECT

public:
    explicit AgentView(QWidget* parent = nullptr);

    void showRecord(const AgentRecord& record);
    void clear();

    /// "mutator · model-x", and "1,234 input + 567 output tokens · $0.0123".
    QString headerText() const;
    QString usageText() const;
    QString rationaleText() const;
    QString promptText() const;
    QString responseText() const;

    /// Cost as the view shows it: "$0.0123" below one dollar, "$1.23" from one dollar on.
    static QString formatCost(double usd);

private:
    QLabel* m_header = nullptr;
    QLabel* m_usage = nullptr;
    QLabel* m_rationale = nullptr;
    QPlainTextEdit* m_prompt = nullptr;
    QPlainTextEdit* m_response = nullptr;
};

} // namespace phylo::ui
