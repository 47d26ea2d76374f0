// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QString>

#include <vector>

namespace phylo::ui {

/**
 * The tree's colours: a diverging scale over log2(speedup), red for slower than the baseline, grey at
 * 1x, blue for faster (red and blue stay apart for red-green colour blindness), saturating at
 * 1/maxFactor and maxFactor; plus the fixed colours of the other node states.
 */
class SpeedupColorScale {
public:
    /// MAX_FACTOR (> 1): the speedup drawn fully blue (and 1/MAX_FACTOR fully red).
    explicit SpeedupColorScale(double maxFactor = 4.0);

    double maxFactor() const { return m_maxFactor; }
    void setMaxFactor(double maxFactor);
    /// The smallest power of two >= the largest speedup or inverse slowdown in SPEEDUPS, within [2, 64].
    static double fittingMaxFactor(const std::vector<double>& speedups);

    /// Colour of SPEEDUP (> 0; other values get the neutral grey).
    QColor color(double speedup) const;
    /// Position of SPEEDUP on the scale: 0 = 1/maxFactor, 0.5 = 1x, 1 = maxFactor.
    double position(double speedup) const;
    /// The speedup at POSITION (0..1), inverse of position().
    double speedupAt(double position) const;
    /// "4x", "1x", "1/4x", ... for a legend tick.
    static QString factorLabel(double factor);

    static QColor slowColor() { return QColor(0xb2, 0x18, 0x2b); }
    static QColor neutralColor() { return QColor(0xbd, 0xbd, 0xbd); }
    static QColor fastColor() { return QColor(0x21, 0x66, 0xac); }
    static QColor failedColor() { return QColor(0x40, 0x40, 0x40); }
    static QColor pendingColor() { return QColor(0xe6, 0xe6, 0xe6); }
    static QColor runningColor() { return QColor(0xff, 0xb3, 0x00); }
    static QColor bestColor() { return QColor(0xe6, 0xa1, 0x00); }
    static QColor selectionColor() { return QColor(0x00, 0xa0, 0xa0); }
    /// COLOR washed out for a pruned node.
    static QColor pruned(const QColor& color);

private:
    double m_maxFactor;
    double m_logMax;
};

} // namespace phylo::ui
