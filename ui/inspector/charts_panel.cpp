// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/charts_panel.h"

#include "inspector/chart_data.h"
#include "inspector/chart_frame.h"
#include "inspector/inspector_style.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTabWidget>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace phylo::ui {

namespace {

    /// Above this, an x value of the spend is a Unix time rather than an evaluation index.
    constexpr double kUnixTimeThreshold = 1e9;

    QString qs(const std::string& text)
    {
        return QString::fromStdString(text);
    }

    void attach(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y)
    {
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }

    void setLegendMarkerVisible(QChart* chart, QAbstractSeries* series, bool visible)
    {
        for (QLegendMarker* marker : chart->legend()->markers(series))
            marker->setVisible(visible);
    }

} // namespace

ChartsPanel::ChartsPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_tabs);
    buildProgressChart();
    buildEffectsChart();
    buildSpendChart();
    m_tabs->addTab(m_progressFrame, tr("Progress"));
    m_tabs->addTab(m_effectsFrame, tr("Idea effects"));
    m_tabs->addTab(m_spendFrame, tr("Spend"));
    applyColours();
    clear();
}

void ChartsPanel::buildProgressChart()
{
    auto* chart = new QChart;
    style::applyChartStyle(chart, palette());
    m_progressX = new QValueAxis;
    m_progressX->setTitleText(tr("evaluation"));
    m_progressX->setLabelFormat(QStringLiteral("%d"));
    m_progressY = new QValueAxis;
    m_progressY->setTitleText(tr("speedup (×)"));
    m_progressY->setLabelFormat(QStringLiteral("%.2f"));
    chart->addAxis(m_progressX, Qt::AlignBottom);
    chart->addAxis(m_progressY, Qt::AlignLeft);
    m_evaluations = new QScatterSeries;
    m_evaluations->setName(tr("Evaluation"));
    m_evaluations->setMarkerSize(7);
    m_failed = new QScatterSeries;
    m_failed->setName(tr("Failed (at 0)"));
    m_failed->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_failed->setMarkerSize(8);
    m_best = new QLineSeries;
    m_best->setName(tr("Best so far"));
    m_unity = new QLineSeries;
    m_unity->setName(tr("Original (1×)"));
    attach(chart, m_unity, m_progressX, m_progressY);
    setLegendMarkerVisible(chart, m_unity, false);
    attach(chart, m_evaluations, m_progressX, m_progressY);
    attach(chart, m_failed, m_progressX, m_progressY);
    attach(chart, m_best, m_progressX, m_progressY);
    connect(m_evaluations, &QScatterSeries::clicked, this, [this](const QPointF& p) { activateNear(p, false); });
    connect(m_failed, &QScatterSeries::clicked, this, [this](const QPointF& p) { activateNear(p, true); });
    m_progressFrame = new ChartFrame(chart, tr("No evaluations yet: the chart fills in as the search runs."));
    m_progressFrame->setObjectName(QStringLiteral("progressChart"));
}

void ChartsPanel::buildEffectsChart()
{
    auto* chart = new QChart;
    style::applyChartStyle(chart, palette());
    m_bars = new QBarSeries;
    m_with = new QBarSet(tr("with the setting"));
    m_without = new QBarSet(tr("with its idea off"));
    m_bars->append(m_with);
    m_bars->append(m_without);
    m_effectsX = new QBarCategoryAxis;
    m_effectsY = new QValueAxis;
    m_effectsY->setTitleText(tr("mean speedup (×)"));
    m_effectsY->setLabelFormat(QStringLiteral("%.2f"));
    chart->addAxis(m_effectsX, Qt::AlignBottom);
    chart->addAxis(m_effectsY, Qt::AlignLeft);
    attach(chart, m_bars, m_effectsX, m_effectsY);
    connect(m_bars, &QBarSeries::hovered, this, [this](bool status, int index, QBarSet*) {
        if (!status || index < 0 || index >= static_cast<int>(m_effects.size())) {
            QToolTip::hideText();
            return;
        }
        const IdeaEffect& e = m_effects[static_cast<size_t>(index)];
        auto mean = [](int count, double value) {
            return count ? QString::fromStdString(formatSpeedup(value)) : tr("no data");
        };
        QToolTip::showText(QCursor::pos(),
            tr("%1\nwith: %2 over %3 measured nodes\nidea off: %4 over %5")
                .arg(qs(e.setting.label()), mean(e.withCount, e.meanWith), QString::number(e.withCount),
                    mean(e.withoutCount, e.meanWithout), QString::number(e.withoutCount)));
    });
    m_effectsFrame = new ChartFrame(
        chart, tr("Idea effects appear once nodes with an idea have been measured (mean speedup with vs. without it)."));
    m_effectsFrame->setObjectName(QStringLiteral("effectsChart"));
}

void ChartsPanel::buildSpendChart()
{
    auto* chart = new QChart;
    style::applyChartStyle(chart, palette());
    chart->legend()->setVisible(false);
    m_spendX = new QValueAxis;
    m_spendX->setLabelFormat(QStringLiteral("%.0f"));
    m_spendY = new QValueAxis;
    m_spendY->setTitleText(tr("spent (USD)"));
    m_spendY->setLabelFormat(QStringLiteral("$%.2f"));
    chart->addAxis(m_spendX, Qt::AlignBottom);
    chart->addAxis(m_spendY, Qt::AlignLeft);
    m_spend = new QLineSeries;
    m_spend->setName(tr("LLM spend"));
    attach(chart, m_spend, m_spendX, m_spendY);
    m_spendFrame = new ChartFrame(chart, tr("No LLM spend."));
    m_spendFrame->setObjectName(QStringLiteral("spendChart"));
}

void ChartsPanel::setData(const std::vector<Node>& nodes, const std::vector<Idea>& ideas)
{
    // Progress.
    const std::vector<ChartPoint> points = progressPoints(nodes);
    QList<QPointF> measured, failed, best;
    measured.reserve(static_cast<qsizetype>(points.size()));
    m_evaluationIds.clear();
    m_failedIds.clear();
    double bestSoFar = 0, top = 1;
    for (const ChartPoint& p : points) {
        const double x = static_cast<double>(p.evalIndex);
        if (p.speedup) {
            measured << QPointF(x, *p.speedup);
            m_evaluationIds.push_back(p.id);
            top = std::max(top, *p.speedup);
        } else {
            failed << QPointF(x, 0);
            m_failedIds.push_back(p.id);
        }
        if (p.bestSoFar > bestSoFar) {
            if (bestSoFar > 0)
                best << QPointF(x, bestSoFar);
            best << QPointF(x, p.bestSoFar);
            bestSoFar = p.bestSoFar;
        }
    }
    if (!best.isEmpty() && !points.empty() && best.back().x() < static_cast<double>(points.back().evalIndex))
        best << QPointF(static_cast<double>(points.back().evalIndex), bestSoFar);
    m_evaluations->replace(measured);
    m_failed->replace(failed);
    m_best->replace(best);
    if (!points.empty()) {
        const double first = static_cast<double>(points.front().evalIndex);
        const double last = static_cast<double>(points.back().evalIndex);
        m_progressX->setRange(first, std::max(last, first + 1));
        m_progressX->applyNiceNumbers();
        m_unity->replace({ QPointF(m_progressX->min(), 1), QPointF(m_progressX->max(), 1) });
    }
    m_progressY->setRange(0, top * 1.08);
    m_progressY->applyNiceNumbers();
    top = m_progressY->max();
    m_boundaries = ui::eraBoundaries(nodes);
    updateEraLines(top);
    m_progressFrame->setEmpty(points.empty());

    // Idea effects.
    m_effects = settingEffects(nodes, ideas);
    QStringList categories;
    QList<qreal> with, without;
    double highest = 1;
    for (const IdeaEffect& e : m_effects) {
        categories << qs(e.setting.label());
        with << (e.withCount ? e.meanWith : 0.0);
        without << (e.withoutCount ? e.meanWithout : 0.0);
        highest = std::max({ highest, with.back(), without.back() });
    }
    if (categories != m_effectsX->categories()) {
        m_with->remove(0, m_with->count());
        m_without->remove(0, m_without->count());
        m_with->append(with);
        m_without->append(without);
        m_effectsX->setCategories(categories);
        m_effectsX->setLabelsAngle(categories.size() > 8 ? -45 : 0);
    } else {
        for (qsizetype i = 0; i < categories.size(); ++i) {
            m_with->replace(static_cast<int>(i), with[i]);
            m_without->replace(static_cast<int>(i), without[i]);
        }
    }
    m_effectsY->setRange(0, highest * 1.08);
    m_effectsY->applyNiceNumbers();
    m_effectsFrame->setEmpty(m_effects.empty());
}

void ChartsPanel::setSpend(const std::vector<std::pair<double, double>>& costs)
{
    std::vector<std::pair<double, double>> sorted = costs;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const bool unixTime = !sorted.empty() && sorted.front().first > kUnixTimeThreshold;
    const double origin = unixTime ? sorted.front().first : 0;
    QList<QPointF> line;
    line.reserve(static_cast<qsizetype>(sorted.size()) + 1);
    double total = 0;
    for (const auto& [x, usd] : sorted) {
        const double at = unixTime ? (x - origin) / 60.0 : x;
        if (line.isEmpty())
            line << QPointF(at, 0);
        total += usd;
        line << QPointF(at, total);
    }
    m_spend->replace(line);
    m_spendX->setTitleText(unixTime ? tr("minutes since the first call") : tr("evaluation"));
    m_spendX->setLabelFormat(unixTime ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    if (!line.isEmpty()) {
        const double first = line.front().x(), last = line.back().x();
        m_spendX->setRange(first, last > first ? last : first + 1);
        m_spendY->setRange(0, total > 0 ? total * 1.08 : 1);
        m_spendY->applyNiceNumbers();
    }
    m_spendFrame->chart()->setTitle(tr("LLM spend: %1 in total").arg(QStringLiteral("$") + QString::number(total, 'f', 2)));
    m_spendFrame->setEmpty(sorted.empty());
    m_tabs->setTabVisible(SpendTab, !sorted.empty());
}

void ChartsPanel::clear()
{
    setData({}, {});
    setSpend({});
}

QStringList ChartsPanel::effectCategories() const
{
    return m_effectsX->categories();
}

bool ChartsPanel::isSpendVisible() const
{
    return m_tabs->isTabVisible(SpendTab);
}

bool ChartsPanel::isProgressEmpty() const
{
    return m_progressFrame->isEmpty();
}

bool ChartsPanel::isEffectsEmpty() const
{
    return m_effectsFrame->isEmpty();
}

void ChartsPanel::updateEraLines(double top)
{
    QChart* chart = m_progressFrame->chart();
    const QPalette pal = palette();
    QPen pen(style::muted(pal), 1.5, Qt::DashLine);
    while (m_eraLines.size() < m_boundaries.size()) {
        auto* line = new QLineSeries;
        line->setName(tr("New era"));
        attach(chart, line, m_progressX, m_progressY);
        line->setPen(pen);
        m_eraLines.push_back(line);
    }
    for (size_t i = 0; i < m_eraLines.size(); ++i) {
        QLineSeries* line = m_eraLines[i];
        const bool used = i < m_boundaries.size();
        if (used) {
            const double x = static_cast<double>(m_boundaries[i]) - 0.5;
            line->replace({ QPointF(x, 0), QPointF(x, top) });
        }
        line->setVisible(used);
        setLegendMarkerVisible(chart, line, used && i == 0);
    }
}

void ChartsPanel::applyColours()
{
    const QPalette pal = palette();
    for (ChartFrame* frame : { m_progressFrame, m_effectsFrame, m_spendFrame })
        style::applyChartStyle(frame->chart(), pal);
    QColor dot = pal.color(QPalette::Highlight);
    dot.setAlpha(150);
    m_evaluations->setColor(dot);
    m_evaluations->setBorderColor(Qt::transparent);
    m_failed->setColor(style::bad(pal));
    m_failed->setBorderColor(Qt::transparent);
    m_best->setPen(QPen(style::good(pal), 2.5));
    m_unity->setPen(QPen(style::muted(pal), 1, Qt::DotLine));
    for (QLineSeries* line : m_eraLines)
        line->setPen(QPen(style::muted(pal), 1.5, Qt::DashLine));
    m_with->setColor(style::good(pal));
    m_with->setBorderColor(Qt::transparent);
    m_without->setColor(style::muted(pal));
    m_without->setBorderColor(Qt::transparent);
    m_spend->setPen(QPen(style::warning(pal), 2));
}

void ChartsPanel::activateNear(const QPointF& point, bool failed)
{
    const QScatterSeries* series = failed ? m_failed : m_evaluations;
    const std::vector<NodeId>& ids = failed ? m_failedIds : m_evaluationIds;
    const QList<QPointF> points = series->points();
    qsizetype nearest = -1;
    double bestDistance = 0;
    for (qsizetype i = 0; i < points.size() && i < static_cast<qsizetype>(ids.size()); ++i) {
        const double d = std::hypot(points[i].x() - point.x(), points[i].y() - point.y());
        if (nearest < 0 || d < bestDistance) {
            nearest = i;
            bestDistance = d;
        }
    }
    if (nearest >= 0)
        Q_EMIT nodeActivated(ids[static_cast<size_t>(nearest)]);
}

void ChartsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours();
}

} // namespace phylo::ui
