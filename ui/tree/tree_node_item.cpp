// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/tree_node_item.h"

#include "tree/speedup_color_scale.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace phylo::ui {

namespace {
    const QFont& labelFont()
    {
        static const QFont font = [] {
            QFont f;
            f.setPixelSize(7);
            return f;
        }();
        return font;
    }
}

TreeNodeItem::TreeNodeItem(NodeId id, const TreeNodeLook& look)
    : m_id(id)
    , m_look(look)
{
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemUsesExtendedStyleOption, false);
}

void TreeNodeItem::setLook(const TreeNodeLook& look)
{
    m_look = look;
    update();
}

QRectF TreeNodeItem::boundingRect() const
{
    // The symbol with its outline, and two label lines underneath.
    return QRectF(-kLabelWidth / 2, -kRadius - 2, kLabelWidth, 2 * kRadius + 24);
}

QPainterPath TreeNodeItem::shape() const
{
    QPainterPath path;
    path.addEllipse(QRectF(-kRadius - 2, -kRadius - 2, 2 * kRadius + 4, 2 * kRadius + 4));
    return path;
}

void TreeNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QColor fill = m_look.pruned ? SpeedupColorScale::pruned(m_look.fill) : m_look.fill;
    if (lod < kSymbolDetail) {
        // Far out a node covers a pixel or two: one fill, no pen, no shape, no antialiasing.
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->fillRect(QRectF(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius), fill);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true); // the view does not restore the painter between items
    paintSymbol(painter, m_look);
    if (lod >= kTextDetail)
        paintLabels(painter);
}

void TreeNodeItem::paintSymbol(QPainter* painter, const TreeNodeLook& look)
{
    const QColor fill = look.pruned ? SpeedupColorScale::pruned(look.fill) : look.fill;
    const qreal r = kRadius;
    const QRectF disc(-r, -r, 2 * r, 2 * r);
    const bool gold = (look.best || look.onBestPath) && !look.pruned;
    switch (look.status) {
    case NodeStatus::Succeeded:
        painter->setPen(gold ? QPen(SpeedupColorScale::bestColor(), 2.5) : QPen(fill.darker(150), 1));
        painter->setBrush(fill);
        painter->drawEllipse(disc);
        break;
    case NodeStatus::Failed: {
        // A cross on a pale disc, so it reads as "no score" and stays visible over the edges.
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xf7, 0xf7, 0xf7));
        painter->drawEllipse(disc);
        QPen cross(fill, 2.6, Qt::SolidLine, Qt::RoundCap);
        painter->setPen(cross);
        const qreal c = r * 0.7;
        painter->drawLine(QPointF(-c, -c), QPointF(c, c));
        painter->drawLine(QPointF(-c, c), QPointF(c, -c));
        break;
    }
    case NodeStatus::Pending: {
        // Hollow and dashed: not evaluated yet.
        QPen pen(look.pruned ? fill : QColor(0x75, 0x75, 0x75), 1.2, Qt::DashLine);
        painter->setPen(pen);
        painter->setBrush(fill);
        painter->drawEllipse(disc);
        break;
    }
    case NodeStatus::Running: {
        const QColor ring = look.pruned ? fill : SpeedupColorScale::runningColor();
        painter->setPen(QPen(ring, 2.5));
        painter->setBrush(ring.lighter(170));
        painter->drawEllipse(disc);
        painter->setPen(Qt::NoPen);
        painter->setBrush(ring);
        painter->drawEllipse(QRectF(-r / 3, -r / 3, 2 * r / 3, 2 * r / 3));
        break;
    }
    }
    if (look.suspicious) {
        // A small orange dot at the upper right: flagged by the plausibility guard.
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xff, 0x6f, 0x00));
        painter->drawEllipse(QRectF(r * 0.45, -r * 1.15, r * 0.7, r * 0.7));
    }
}

void TreeNodeItem::paintLabels(QPainter* painter) const
{
    // Neighbours are kLabelWidth + a little apart: longer captions are elided, the tooltip has them whole.
    static const QFontMetricsF metrics(labelFont());
    painter->setFont(labelFont());
    painter->setPen(m_look.pruned ? QColor(0xb0, 0xb0, 0xb0) : QColor(0x30, 0x30, 0x30));
    const qreal top = kRadius + 2;
    const QRectF line(-kLabelWidth / 2, top, kLabelWidth, 9);
    painter->drawText(line, Qt::AlignHCenter | Qt::AlignTop, QStringLiteral("#%1").arg(m_id));
    if (!m_look.caption.isEmpty()) {
        painter->drawText(line.translated(0, 9), Qt::AlignHCenter | Qt::AlignTop,
            metrics.elidedText(m_look.caption, Qt::ElideRight, kLabelWidth));
    }
}

} // namespace phylo::ui
