// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStackedWidget>

class QChart;
class QChartView;
class QLabel;

namespace phylo::ui {

/// A chart, or a short hint in its place while it has nothing to show.
class ChartFrame : public QStackedWidget
{
    Q_OBJECT

public:
    /// Takes ownership of CHART; HINT is what the frame says while empty.
    ChartFrame(QChart* chart, const QString& hint, QWidget* parent = nullptr);

    QChart* chart() const { return m_chart; }
    QChartView* view() const { return m_view; }
    void setEmpty(bool empty);
    bool isEmpty() const;

private:
    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QLabel* m_hint = nullptr;
};

} // namespace phylo::ui
