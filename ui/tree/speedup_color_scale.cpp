// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/speedup_color_scale.h"

#include <algorithm>
#include <cmath>

namespace phylo::ui {

namespace {
    QColor mix(const QColor& a, const QColor& b, double t)
    {
        const auto channel = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
        return QColor(channel(a.red(), b.red()), channel(a.green(), b.green()), channel(a.blue(), b.blue()));
    }
}

SpeedupColorScale::SpeedupColorScale(double maxFactor)
{
    setMaxFactor(maxFactor);
}

void SpeedupColorScale::setMaxFactor(double maxFactor)
{
    m_maxFactor = std::max(maxFactor, 1.0001);
    m_logMax = std::log2(m_maxFactor);
}

double SpeedupColorScale::fittingMaxFactor(const std::vector<double>& speedups)
{
    double extreme = 1;
    for (double s : speedups) {
        if (s > 0 && std::isfinite(s))
            extreme = std::max(extreme, s >= 1 ? s : 1 / s);
    }
    double factor = 2;
    while (factor < extreme && factor < 64)
        factor *= 2;
    return factor;
}

double SpeedupColorScale::position(double speedup) const
{
    if (!(speedup > 0) || !std::isfinite(speedup))
        return 0.5;
    return std::clamp(0.5 + 0.5 * std::log2(speedup) / m_logMax, 0.0, 1.0);
}

double SpeedupColorScale::speedupAt(double position) const
{
    return std::exp2((std::clamp(position, 0.0, 1.0) - 0.5) * 2 * m_logMax);
}

QColor SpeedupColorScale::color(double speedup) const
{
    const double p = position(speedup);
    // The square root makes small differences near 1x visible.
    if (p < 0.5)
        return mix(neutralColor(), slowColor(), std::sqrt((0.5 - p) * 2));
    return mix(neutralColor(), fastColor(), std::sqrt((p - 0.5) * 2));
}

QString SpeedupColorScale::factorLabel(double factor)
{
    const auto number = [](double x) { return QString::number(x, 'g', 3); };
    if (factor >= 1 - 1e-9)
        return number(factor) + QStringLiteral("×");
    return QStringLiteral("1/") + number(1 / factor) + QStringLiteral("×");
}

QColor SpeedupColorScale::pruned(const QColor& color)
{
    return mix(color, QColor(0xee, 0xee, 0xee), 0.75);
}

} // namespace phylo::ui
