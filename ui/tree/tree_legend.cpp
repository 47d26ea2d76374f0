// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/tree_legend.h"

#include "tree/tree_node_item.h"

#include <QLinearGradient>
#include <QPainter>

#include <cmath>

namespace phylo::ui {

namespace {
    constexpr int kWidth = 196;
    constexpr int kPad = 8;
    constexpr int kBarTop = 22;
    constexpr int kBarHeight = 10;
    constexpr int kRowsTop = kBarTop + kBarHeight + 20;
    constexpr int kRowHeight = 16;

    /// Exponents of two that get a tick on a scale up to 2^K: the ends, 1x, and the halves if whole.
    std::vector<int> tickExponents(int k)
    {
        std::vector<int> out { -k };
        if (k % 2 == 0 && k > 1)
            out.push_back(-k / 2);
        out.push_back(0);
        if (k % 2 == 0 && k > 1)
            out.push_back(k / 2);
        out.push_back(k);
        return out;
    }

    struct Row {
        TreeNodeLook look;
        QString text;
        int edge = 0; ///< 0 = a node symbol; 1 = a dashed crossover edge; 2 = the gold best path
    };

    std::vector<Row> rows()
    {
        const auto look = [](NodeStatus status, const QColor& fill) {
            TreeNodeLook l;
            l.status = status;
            l.fill = fill;
            return l;
        };
        std::vector<Row> out;
        out.push_back({ look(NodeStatus::Failed, SpeedupColorScale::failedColor()),
            QStringLiteral("failed (reason in tooltip)") });
        out.push_back({ look(NodeStatus::Pending, SpeedupColorScale::pendingColor()), QStringLiteral("pending") });
        out.push_back({ look(NodeStatus::Running, SpeedupColorScale::runningColor()), QStringLiteral("running") });
        TreeNodeLook pruned = look(NodeStatus::Succeeded, SpeedupColorScale::fastColor());
        pruned.pruned = true;
        out.push_back({ pruned, QStringLiteral("pruned subtree") });
        TreeNodeLook suspicious = look(NodeStatus::Succeeded, SpeedupColorScale::neutralColor());
        suspicious.suspicious = true;
        out.push_back({ suspicious, QStringLiteral("suspicious (re-checked)") });
        TreeNodeLook best = look(NodeStatus::Succeeded, SpeedupColorScale::fastColor());
        best.best = true;
        out.push_back({ best, QStringLiteral("best node, path to it"), 2 });
        out.push_back({ TreeNodeLook(), QStringLiteral("crossover parent"), 1 });
        return out;
    }
}

TreeLegend::TreeLegend(QWidget* parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setFocusPolicy(Qt::NoFocus);
    setObjectName(QStringLiteral("treeLegend"));
    resize(sizeHint());
}

void TreeLegend::setScale(const SpeedupColorScale& scale)
{
    if (scale.maxFactor() == m_scale.maxFactor())
        return;
    m_scale = scale;
    update();
}

QStringList TreeLegend::tickLabels() const
{
    QStringList labels;
    const int k = static_cast<int>(std::lround(std::log2(m_scale.maxFactor())));
    for (int e : tickExponents(k))
        labels << SpeedupColorScale::factorLabel(std::exp2(e));
    return labels;
}

QSize TreeLegend::sizeHint() const
{
    return QSize(kWidth, kRowsTop + static_cast<int>(rows().size()) * kRowHeight + kPad / 2);
}

void TreeLegend::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QColor(0, 0, 0, 40));
    painter.setBrush(QColor(255, 255, 255, 225));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);

    QFont title = font();
    title.setPixelSize(11);
    title.setBold(true);
    painter.setFont(title);
    painter.setPen(QColor(0x30, 0x30, 0x30));
    painter.drawText(QRect(kPad, 4, kWidth - 2 * kPad, 14), Qt::AlignLeft | Qt::AlignVCenter,
        QStringLiteral("Speedup (log scale)"));

    const QRectF bar(kPad + 8, kBarTop, kWidth - 2 * kPad - 16, kBarHeight);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 20; ++i) {
        const double p = i / 20.0;
        gradient.setColorAt(p, m_scale.color(m_scale.speedupAt(p)));
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(gradient);
    painter.drawRect(bar);

    QFont small = font();
    small.setPixelSize(10);
    painter.setFont(small);
    painter.setPen(QColor(0x40, 0x40, 0x40));
    const int k = static_cast<int>(std::lround(std::log2(m_scale.maxFactor())));
    for (int e : tickExponents(k)) {
        const double x = bar.left() + bar.width() * m_scale.position(std::exp2(e));
        painter.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + 3));
        painter.drawText(QRectF(x - 22, bar.bottom() + 3, 44, 13), Qt::AlignHCenter | Qt::AlignTop,
            SpeedupColorScale::factorLabel(std::exp2(e)));
    }

    int y = kRowsTop;
    for (const Row& row : rows()) {
        const QPointF centre(kPad + 10, y + kRowHeight / 2.0);
        if (row.edge == 0 || row.edge == 2) {
            if (row.edge == 2) {
                painter.setPen(QPen(SpeedupColorScale::bestColor(), 3, Qt::SolidLine, Qt::RoundCap));
                painter.drawLine(centre - QPointF(10, 0), centre + QPointF(10, 0));
            }
            painter.save();
            painter.translate(centre);
            painter.scale(0.85, 0.85);
            TreeNodeItem::paintSymbol(&painter, row.look);
            painter.restore();
        } else {
            QPen dashed(QColor(0x80, 0x80, 0xbc), 1.2, Qt::CustomDashLine);
            dashed.setDashPattern({ 4, 3 });
            painter.setPen(dashed);
            painter.drawLine(centre - QPointF(10, 0), centre + QPointF(10, 0));
        }
        painter.setPen(QColor(0x30, 0x30, 0x30));
        painter.setFont(small);
        painter.drawText(QRectF(kPad + 26, y, kWidth - kPad - 30, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter, row.text);
        y += kRowHeight;
    }
}

} // namespace phylo::ui
