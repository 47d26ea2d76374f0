// SPDX-License-Identifier: GPL-3.0-or-later
#include "tree/tree_marker_item.h"

#include <QPainter>
#include <QPen>

#include <algorithm>

namespace phylo::ui {

TreeMarkerItem::TreeMarkerItem(const QColor& color, qreal width, Qt::PenStyle style)
    : m_color(color)
    , m_width(width)
    , m_style(style)
{
    setFlag(ItemIgnoresTransformations);
    setAcceptedMouseButtons(Qt::NoButton);
    setZValue(3);
    setVisible(false);
}

void TreeMarkerItem::setNodeRadiusPixels(qreal radius)
{
    const qreal ring = std::max<qreal>(9, radius + 3 + m_width);
    if (ring == m_radius)
        return;
    prepareGeometryChange();
    m_radius = ring;
}

QRectF TreeMarkerItem::boundingRect() const
{
    const qreal r = m_radius + m_width;
    return QRectF(-r, -r, 2 * r, 2 * r);
}

void TreeMarkerItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(m_color, m_width, m_style);
    pen.setCosmetic(true);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawEllipse(QPointF(0, 0), m_radius, m_radius);
}

} // namespace phylo::ui
