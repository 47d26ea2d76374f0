// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;

namespace phylo::ui {

struct SessionSnapshot;

/**
 * The status bar's permanent part: where the open session stands — era, evaluations against the
 * budget, best speedup, running jobs, LLM spend, and whether a run is writing it (here or elsewhere).
 */
class SessionStatus : public QWidget
{
    Q_OBJECT

public:
    explicit SessionStatus(QWidget* parent = nullptr);

    void showSnapshot(const SessionSnapshot& snapshot, bool runningHere);
    void setSpend(double usd, long long tokens);
    void clear();
    /// The whole line as text (tests, accessibility).
    QString text() const;

private:
    QLabel* m_state = nullptr;
    QLabel* m_era = nullptr;
    QLabel* m_evaluations = nullptr;
    QLabel* m_best = nullptr;
    QLabel* m_running = nullptr;
    QLabel* m_spend = nullptr;
};

} // namespace phylo::ui
