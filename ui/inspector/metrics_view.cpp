// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/metrics_view.h"

#include "eval/statistics.h"
#include "inspector/inspector_style.h"
#include "inspector/sample_histogram.h"
#include "report/report_data.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineSeries>
#include <QStackedWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace phylo::ui {

namespace {

    const QString kDash = QStringLiteral("—");

    QString qs(const std::string& text)
    {
        return QString::fromStdString(text);
    }

    void setColoured(QLabel* label, const QString& text, const QColor& color)
    {
        label->setText(text);
        if (!color.isValid()) {
            label->setPalette(QPalette()); // inherit the view's colours again
            return;
        }
        QPalette palette = label->palette();
        palette.setColor(QPalette::WindowText, color);
        label->setPalette(palette);
    }

    QString durationText(double seconds)
    {
        if (seconds < 1)
            return QCoreApplication::translate("MetricsView", "%1 ms").arg(seconds * 1000, 0, 'f', 0);
        if (seconds < 120)
            return QCoreApplication::translate("MetricsView", "%1 s").arg(seconds, 0, 'f', 1);
        return QCoreApplication::translate("MetricsView", "%1 min").arg(seconds / 60, 0, 'f', 1);
    }

    /// "SLURM job 42 on node7, GPU 0", "local-gpus on myhost, GPU 1": where the node's evaluation ran.
    QString placementText(const Placement& placement)
    {
        if (placement.empty())
            return kDash;
        QString text = placement.backend == "slurm" ? QStringLiteral("SLURM") : qs(placement.backend);
        if (!placement.jobId.empty())
            text += QCoreApplication::translate("MetricsView", " job %1").arg(qs(placement.jobId));
        if (!placement.host.empty())
            text += QCoreApplication::translate("MetricsView", " on %1").arg(qs(placement.host));
        if (!placement.gpu.empty())
            text += QCoreApplication::translate("MetricsView", ", GPU %1").arg(qs(placement.gpu));
        return text;
    }

} // namespace

MetricsView::MetricsView(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    m_form = new QFormLayout;
    m_form->setLabelAlignment(Qt::AlignRight);
    m_form->setHorizontalSpacing(12);
    m_form->setVerticalSpacing(4);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(m_form);
    m_status = addRow(tr("Status"), QStringLiteral("metricStatus"));
    m_median = addRow(tr("Median"), QStringLiteral("metricMedian"));
    m_confidence = addRow(tr("Confidence"), QStringLiteral("metricConfidence"));
    m_spread = addRow(tr("Spread"), QStringLiteral("metricSpread"));
    m_vsParent = addRow(tr("vs parent"), QStringLiteral("speedupParent"));
    m_vsEra = addRow(tr("vs era baseline"), QStringLiteral("speedupEra"));
    m_vsOriginal = addRow(tr("vs original"), QStringLiteral("speedupOriginal"));
    m_flags = addRow(tr("Flags"), QStringLiteral("metricFlags"));
    m_timing = addRow(tr("Evaluation"), QStringLiteral("metricTiming"));
    m_placement = addRow(tr("Ran on"), QStringLiteral("metricPlacement"));
    m_median->setFont(style::monospaceFont());

    m_chart = new QChart;
    style::applyChartStyle(m_chart, palette());
    m_chart->setTitle(tr("Timed runs"));
    m_chart->legend()->setVisible(true);
    m_outline = new QLineSeries(m_chart);
    m_bars = new QAreaSeries(m_outline);
    m_bars->setName(tr("Samples"));
    m_ciLow = new QLineSeries(m_chart);
    m_ciHigh = new QLineSeries(m_chart);
    m_ciBand = new QAreaSeries(m_ciHigh, m_ciLow);
    m_ciBand->setName(tr("95% CI of the median"));
    m_medianLine = new QLineSeries;
    m_medianLine->setName(tr("Median"));
    m_chart->addSeries(m_ciBand);
    m_chart->addSeries(m_bars);
    m_chart->addSeries(m_medianLine);
    m_xAxis = new QValueAxis;
    m_xAxis->setLabelFormat(QStringLiteral("%.4g"));
    m_xAxis->setTitleText(tr("metric"));
    m_yAxis = new QValueAxis;
    m_yAxis->setLabelFormat(QStringLiteral("%d"));
    m_yAxis->setTitleText(tr("runs"));
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (QAbstractSeries* series : { static_cast<QAbstractSeries*>(m_ciBand), static_cast<QAbstractSeries*>(m_bars),
             static_cast<QAbstractSeries*>(m_medianLine) }) {
        series->attachAxis(m_xAxis);
        series->attachAxis(m_yAxis);
    }
    m_chartView = new QChartView(m_chart);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(180);
    m_chartStack = new QStackedWidget;
    m_chartStack->addWidget(m_chartView);
    m_chartHint = style::makeHintLabel(tr("No timed runs to plot."), this);
    m_chartStack->addWidget(m_chartHint);
    layout->addWidget(m_chartStack, 1);
    clear();
}

QLabel* MetricsView::addRow(const QString& label, const QString& objectName)
{
    auto* value = new QLabel;
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* name = new QLabel(label);
    QPalette palette = name->palette();
    palette.setColor(QPalette::WindowText, style::muted(palette));
    name->setPalette(palette);
    m_form->addRow(name, value);
    return value;
}

void MetricsView::showNode(const Node& node, const SpeedupReferences& references)
{
    m_node = node;
    m_references = references;
    const QPalette pal = palette();

    QString status = qs(statusText(node.status));
    if (node.status == NodeStatus::Failed)
        status += QStringLiteral(": ") + qs(reasonText(node.failure));
    setColoured(m_status, status, node.status == NodeStatus::Failed ? style::bad(pal) : QColor());

    if (!node.samples.empty()) {
        const SampleStats stats = summarize(node.samples);
        const double median = node.metric.value_or(stats.median);
        m_median->setText(qs(formatMetric(median)));
        m_confidence->setText(qs(formatConfidence(stats)));
        m_spread->setText(tr("mean %1 ± %2, min %3, max %4")
                              .arg(qs(formatMetric(stats.mean)), qs(formatMetric(stats.stddev)),
                                  qs(formatMetric(stats.min)), qs(formatMetric(stats.max))));
    } else {
        m_median->setText(node.metric ? qs(formatMetric(*node.metric)) : kDash);
        m_confidence->setText(qs(formatConfidence(SampleStats {})));
        m_spread->setText(kDash);
    }

    QStringList flags;
    if (node.suspicious)
        flags << tr("suspicious: too fast to be true, re-checked before it may become the best");
    if (node.buildCached)
        flags << tr("build cached: the binary came from the build cache");
    setColoured(m_flags, flags.isEmpty() ? tr("none") : flags.join(QLatin1Char('\n')),
        node.suspicious ? style::warning(pal) : QColor());

    if (node.finishedAt > 0 && node.startedAt > 0 && node.finishedAt >= node.startedAt)
        m_timing->setText(tr("took %1, finished %2")
                              .arg(durationText(node.finishedAt - node.startedAt), qs(formatTime(node.finishedAt))));
    else
        m_timing->setText(node.evaluated() ? kDash : tr("not evaluated yet"));
    m_placement->setText(placementText(node.placement));

    updateSpeedups();
    updateHistogram();
}

void MetricsView::setReferences(const SpeedupReferences& references)
{
    m_references = references;
    if (m_node)
        updateSpeedups();
}

void MetricsView::clear()
{
    m_node.reset();
    m_references = {};
    for (QLabel* label : { m_status, m_median, m_confidence, m_spread, m_vsParent, m_vsEra, m_vsOriginal, m_flags,
             m_timing, m_placement })
        setColoured(label, kDash, QColor());
    m_binCount = 0;
    m_chartHint->setText(tr("No timed runs to plot."));
    m_chartStack->setCurrentWidget(m_chartHint);
}

QString MetricsView::summaryText() const
{
    QStringList lines;
    for (int row = 0; row < m_form->rowCount(); ++row) {
        auto* name = qobject_cast<QLabel*>(m_form->itemAt(row, QFormLayout::LabelRole)->widget());
        auto* value = qobject_cast<QLabel*>(m_form->itemAt(row, QFormLayout::FieldRole)->widget());
        if (name && value)
            lines << name->text() + QStringLiteral(": ") + value->text();
    }
    return lines.join(QLatin1Char('\n'));
}

void MetricsView::updateSpeedups()
{
    const QPalette pal = palette();
    const std::optional<double> speedup = m_node && m_node->status == NodeStatus::Succeeded ? m_node->speedup : std::nullopt;
    auto show = [&](QLabel* label, const std::optional<double>& reference) {
        if (!speedup || !reference || *reference <= 0) {
            setColoured(label, kDash, QColor());
            return;
        }
        const double ratio = *speedup / *reference;
        const QColor color = ratio > 1.0005 ? style::good(pal) : ratio < 0.9995 ? style::bad(pal) : QColor();
        setColoured(label, qs(formatSpeedup(ratio)), color);
    };
    show(m_vsParent, m_node && m_node->parents.empty() ? std::nullopt : m_references.parent);
    show(m_vsEra, m_references.eraBaseline);
    show(m_vsOriginal, m_references.original);
}

void MetricsView::updateHistogram()
{
    if (!m_node || m_node->samples.empty()) {
        m_binCount = 0;
        m_chartHint->setText(m_node && !m_node->evaluated() ? tr("Not evaluated yet.") : tr("No timed runs to plot."));
        m_chartStack->setCurrentWidget(m_chartHint);
        return;
    }
    const Histogram h = histogram(m_node->samples);
    m_binCount = static_cast<int>(h.counts.size());
    QList<QPointF> outline;
    outline.reserve(2 * h.counts.size() + 2);
    outline << QPointF(h.low, 0);
    int maxCount = 0;
    for (size_t i = 0; i < h.counts.size(); ++i) {
        const double x0 = h.low + h.width * static_cast<double>(i);
        outline << QPointF(x0, h.counts[i]) << QPointF(x0 + h.width, h.counts[i]);
        maxCount = std::max(maxCount, h.counts[i]);
    }
    outline << QPointF(h.high(), 0);
    m_outline->replace(outline);

    const SampleStats stats = summarize(m_node->samples);
    const double top = maxCount * 1.15 + 0.5;
    const double median = m_node->metric.value_or(stats.median);
    m_medianLine->replace({ QPointF(median, 0), QPointF(median, top) });
    m_ciLow->replace({ QPointF(stats.ciLow, 0), QPointF(stats.ciHigh, 0) });
    m_ciHigh->replace({ QPointF(stats.ciLow, top), QPointF(stats.ciHigh, top) });

    const QPalette pal = palette();
    QColor barColor = pal.color(QPalette::Highlight);
    barColor.setAlpha(150);
    m_bars->setBrush(barColor);
    m_bars->setPen(QPen(pal.color(QPalette::Highlight), 1));
    QColor band = style::warning(pal);
    band.setAlpha(50);
    m_ciBand->setBrush(band);
    m_ciBand->setPen(Qt::NoPen);
    m_medianLine->setPen(QPen(style::warning(pal), 2, Qt::DashLine));

    const double pad = std::max(h.width * 0.5, std::abs(median) * 1e-6);
    m_xAxis->setRange(std::min(h.low, stats.ciLow) - pad, std::max(h.high(), stats.ciHigh) + pad);
    m_yAxis->setRange(0, top);
    m_yAxis->setTickCount(std::min(maxCount + 2, 6));
    m_chartStack->setCurrentWidget(m_chartView);
}

void MetricsView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        style::applyChartStyle(m_chart, palette());
        if (m_node)
            showNode(*m_node, m_references);
    }
}

} // namespace phylo::ui
