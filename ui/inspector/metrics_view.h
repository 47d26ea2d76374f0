// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <QWidget>

#include <optional>

class QChart;
class QChartView;
class QFormLayout;
class QLabel;
class QLineSeries;
class QAreaSeries;
class QStackedWidget;
class QValueAxis;

namespace phylo::ui {

/// Speedups (over the session baseline) of the nodes a node is compared with in the Metrics tab.
struct SpeedupReferences {
    std::optional<double> parent;
    std::optional<double> eraBaseline;
    /// The original code's speedup: 1 by definition when speedups are over the session baseline.
    std::optional<double> original = 1.0;
};

/**
 * A node's measurements: median, 95% confidence interval, spread, speedup against its parent, its
 * era's baseline and the original code, the suspicious / build-cached flags, and a histogram of
 * every timed run with the median and the confidence interval drawn on it.
 */
class MetricsView : public QWidget
{
    Q_OBJECT

public:
    explicit MetricsView(QWidget* parent = nullptr);

    void showNode(const Node& node, const SpeedupReferences& references);
    /// Updates only the speedup rows (a reference arrived after showNode).
    void setReferences(const SpeedupReferences& references);
    void clear();

    /// Every row as "Label: value" lines, for tests and copying.
    QString summaryText() const;
    /// Bins in the histogram (0 when there are no samples).
    int histogramBinCount() const { return m_binCount; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateSpeedups();
    void updateHistogram();
    QLabel* addRow(const QString& label, const QString& objectName);

    std::optional<Node> m_node;
    SpeedupReferences m_references;
    int m_binCount = 0;
    QFormLayout* m_form = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_median = nullptr;
    QLabel* m_confidence = nullptr;
    QLabel* m_spread = nullptr;
    QLabel* m_vsParent = nullptr;
    QLabel* m_vsEra = nullptr;
    QLabel* m_vsOriginal = nullptr;
    QLabel* m_flags = nullptr;
    QLabel* m_timing = nullptr;
    QLabel* m_placement = nullptr; ///< where it ran: backend, host, job id, GPU
    QStackedWidget* m_chartStack = nullptr;
    QLabel* m_chartHint = nullptr;
    QChartView* m_chartView = nullptr;
    QChart* m_chart = nullptr;
    QLineSeries* m_outline = nullptr;
    QAreaSeries* m_bars = nullptr;
    QLineSeries* m_ciLow = nullptr;
    QLineSeries* m_ciHigh = nullptr;
    QAreaSeries* m_ciBand = nullptr;
    QLineSeries* m_medianLine = nullptr;
    QValueAxis* m_xAxis = nullptr;
    QValueAxis* m_yAxis = nullptr;
};

} // namespace phylo::ui
