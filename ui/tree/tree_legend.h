// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tree/speedup_color_scale.h"

#include <QWidget>

namespace phylo::ui {

/**
 * The tree's legend, an overlay in a corner of the view: the speedup colour bar (log scale, with
 * ticks from 1/max to max), then one line per symbol: failed, pending, running, pruned, best node
 * and its path, crossover parent. It takes no mouse input, so it never hides the tree from clicks.
 */
class TreeLegend : public QWidget {
    Q_OBJECT

public:
    explicit TreeLegend(QWidget* parent = nullptr);

    void setScale(const SpeedupColorScale& scale);
    const SpeedupColorScale& scale() const { return m_scale; }
    /// The tick labels of the colour bar, left to right (for tests and screen readers).
    QStringList tickLabels() const;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    SpeedupColorScale m_scale;
};

} // namespace phylo::ui
