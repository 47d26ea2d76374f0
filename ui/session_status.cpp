// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_status.h"

#include "session/session_snapshot.h"

#include <QHBoxLayout>
#include <QLabel>

namespace phylo::ui {

SessionStatus::SessionStatus(QWidget* parent)
    : QWidget(parent)
    , m_state(new QLabel(this))
    , m_era(new QLabel(this))
    , m_evaluations(new QLabel(this))
    , m_best(new QLabel(this))
    , m_running(new QLabel(this))
    , m_spend(new QLabel(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);
    for (QLabel* label : { m_state, m_era, m_evaluations, m_best, m_running, m_spend })
        layout->addWidget(label);
    m_state->setObjectName(QStringLiteral("sessionState"));
    m_best->setObjectName(QStringLiteral("bestSpeedup"));
    clear();
}

void SessionStatus::clear()
{
    m_state->setText(tr("No session"));
    for (QLabel* label : { m_era, m_evaluations, m_best, m_running, m_spend })
        label->clear();
    m_spend->hide();
}

void SessionStatus::showSnapshot(const SessionSnapshot& s, bool runningHere)
{
    m_state->setText(runningHere ? tr("● Running here")
            : s.live             ? tr("● Following a run in another process")
                                 : tr("Stopped"));
    m_state->setStyleSheet(s.live ? QStringLiteral("color: #2e8b57; font-weight: 600;") : QString());
    m_era->setText(tr("Era %1").arg(s.eras));
    m_evaluations->setText(s.maxEvals > 0 ? tr("%1 / %2 evaluations").arg(s.evaluated).arg(s.maxEvals)
                                          : tr("%1 evaluations").arg(s.evaluated));
    if (s.failed > 0)
        m_evaluations->setText(m_evaluations->text() + tr(" (%1 failed)").arg(s.failed));
    m_best->setText(s.bestSpeedup ? tr("Best %1× (#%2)").arg(*s.bestSpeedup, 0, 'f', 2).arg(s.bestId)
                                  : tr("No result yet"));
    m_running->setText(tr("%n running", nullptr, s.running));
    m_running->setVisible(s.live);
}

void SessionStatus::setSpend(double usd, long long tokens)
{
    m_spend->setText(tr("LLM $%1 · %2 tokens").arg(usd, 0, 'f', 2).arg(tokens));
    m_spend->setVisible(tokens > 0);
}

QString SessionStatus::text() const
{
    QStringList parts;
    for (QLabel* label : { m_state, m_era, m_evaluations, m_best, m_running, m_spend }) {
        if (!label->isHidden() && !label->text().isEmpty())
            parts << label->text();
    }
    return parts.join(QStringLiteral(" | "));
}

} // namespace phylo::ui
