// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/agent_view.h"

#include "inspector/inspector_style.h"

#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

namespace phylo::ui {

namespace {

    QWidget* section(const QString& title, QWidget* body)
    {
        auto* box = new QWidget;
        auto* layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        auto* label = new QLabel(title);
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
        layout->addWidget(label);
        layout->addWidget(body, 1);
        return box;
    }

    QPlainTextEdit* textBox(const QString& objectName)
    {
        auto* edit = new QPlainTextEdit;
        edit->setObjectName(objectName);
        edit->setReadOnly(true);
        edit->setFont(style::monospaceFont());
        edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        return edit;
    }

} // namespace

AgentView::AgentView(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    m_header = new QLabel;
    m_header->setObjectName(QStringLiteral("agentHeader"));
    QFont font = m_header->font();
    font.setBold(true);
    m_header->setFont(font);
    m_usage = new QLabel;
    m_usage->setObjectName(QStringLiteral("agentUsage"));
    QPalette palette = m_usage->palette();
    palette.setColor(QPalette::WindowText, style::muted(palette));
    m_usage->setPalette(palette);
    m_rationale = new QLabel;
    m_rationale->setObjectName(QStringLiteral("agentRationale"));
    m_rationale->setWordWrap(true);
    m_rationale->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QLabel* label : { m_header, m_usage })
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_header);
    layout->addWidget(m_usage);
    layout->addWidget(section(tr("Rationale"), m_rationale));

    m_prompt = textBox(QStringLiteral("agentPrompt"));
    m_response = textBox(QStringLiteral("agentResponse"));
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(section(tr("Prompt"), m_prompt));
    splitter->addWidget(section(tr("Response"), m_response));
    layout->addWidget(splitter, 1);
    clear();
}

QString AgentView::formatCost(double usd)
{
    return QStringLiteral("$") + QString::number(usd, 'f', usd < 1 ? 4 : 2);
}

void AgentView::showRecord(const AgentRecord& record)
{
    QStringList who;
    if (!record.agent.isEmpty())
        who << record.agent;
    if (!record.model.isEmpty())
        who << record.model;
    m_header->setText(who.isEmpty() ? tr("LLM agent") : who.join(QStringLiteral(" · ")));
    const QLocale locale;
    m_usage->setText(tr("%1 input + %2 output tokens · %3")
                         .arg(locale.toString(record.inputTokens), locale.toString(record.outputTokens),
                             formatCost(record.costUsd)));
    m_rationale->setText(record.rationale.isEmpty() ? tr("(none given)") : record.rationale);
    m_prompt->setPlainText(record.prompt);
    m_response->setPlainText(record.response);
}

void AgentView::clear()
{
    m_header->clear();
    m_usage->clear();
    m_rationale->clear();
    m_prompt->clear();
    m_response->clear();
}

QString AgentView::headerText() const
{
    return m_header->text();
}

QString AgentView::usageText() const
{
    return m_usage->text();
}

QString AgentView::rationaleText() const
{
    return m_rationale->text();
}

QString AgentView::promptText() const
{
    return m_prompt->toPlainText();
}

QString AgentView::responseText() const
{
    return m_response->toPlainText();
}

} // namespace phylo::ui
