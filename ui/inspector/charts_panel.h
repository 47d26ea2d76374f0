// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/idea.h"
#include "domain/node.h"
#include "report/report_data.h"

#include <QWidget>

#include <utility>
#include <vector>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QLineSeries;
class QScatterSeries;
class QTabWidget;
class QValueAxis;

namespace phylo::ui {

class ChartFrame;

/**
 * The search at a glance, in three tabs:
 *  - Progress: every evaluation's speedup (a dot; failed ones as red crosses on the zero line), the
 *    best speedup so far (a step line) and where each new era starts (dashed vertical lines);
 *  - Idea effects: for every idea setting, the mean speedup of measured nodes with it vs. with its idea
 *    off (grouped bars; the report's definition);
 *  - Spend: the running total of LLM spend; the tab is hidden while there is none.
 * setData() recomputes everything and is cheap enough for every update of a ~1000-node session.
 */
class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    enum Tab { ProgressTab, EffectsTab, SpendTab };

    explicit ChartsPanel(QWidget* parent = nullptr);

    /// Replaces the data: every node of the session (any status) and the session's ideas.
    void setData(const std::vector<Node>& nodes, const std::vector<Idea>& ideas);
    /**
     * The LLM spend: one (x, usd) per call, x being a time (Unix seconds: shown as minutes since the
     * first call) or an evaluation index. The chart shows the running total; empty hides the tab.
     */
    void setSpend(const std::vector<std::pair<double, double>>& costs);
    void clear();

    QTabWidget* tabs() const { return m_tabs; }
    /// The step line of the best speedup so far, its y values never decreasing.
    QLineSeries* bestSeries() const { return m_best; }
    /// One point per measured evaluation (x: evaluation index, y: speedup).
    QScatterSeries* evaluationSeries() const { return m_evaluations; }
    /// One point per failed evaluation (pruned nodes never ran and are left out), at y = 0.
    QScatterSeries* failedSeries() const { return m_failed; }
    /// Era boundaries drawn (evaluation indices).
    const std::vector<std::int64_t>& eraBoundaries() const { return m_boundaries; }
    /// The effects as plotted, and their bars.
    const std::vector<IdeaEffect>& effects() const { return m_effects; }
    QBarSet* withSet() const { return m_with; }
    QBarSet* withoutSet() const { return m_without; }
    QStringList effectCategories() const;
    /// The running total of the spend.
    QLineSeries* spendSeries() const { return m_spend; }
    bool isSpendVisible() const;
    bool isProgressEmpty() const;
    bool isEffectsEmpty() const;

Q_SIGNALS:
    /// The user clicked an evaluation's dot.
    void nodeActivated(phylo::NodeId id);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildProgressChart();
    void buildEffectsChart();
    void buildSpendChart();
    void updateEraLines(double top);
    void applyColours();
    void activateNear(const QPointF& point, bool failed);

    QTabWidget* m_tabs = nullptr;
    ChartFrame* m_progressFrame = nullptr;
    ChartFrame* m_effectsFrame = nullptr;
    ChartFrame* m_spendFrame = nullptr;

    QLineSeries* m_best = nullptr;
    QScatterSeries* m_evaluations = nullptr;
    QScatterSeries* m_failed = nullptr;
    QLineSeries* m_unity = nullptr; ///< the original code's speedup, 1
    std::vector<QLineSeries*> m_eraLines;
    QValueAxis* m_progressX = nullptr;
    QValueAxis* m_progressY = nullptr;
    std::vector<std::int64_t> m_boundaries;
    std::vector<NodeId> m_evaluationIds;
    std::vector<NodeId> m_failedIds;

    QBarSeries* m_bars = nullptr;
    QBarSet* m_with = nullptr;
    QBarSet* m_without = nullptr;
    QBarCategoryAxis* m_effectsX = nullptr;
    QValueAxis* m_effectsY = nullptr;
    std::vector<IdeaEffect> m_effects;

    QLineSeries* m_spend = nullptr;
    QValueAxis* m_spendX = nullptr;
    QValueAxis* m_spendY = nullptr;
};

} // namespace phylo::ui
