// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QGraphicsItem>

namespace phylo::ui {

/**
 * A ring drawn around one node at a fixed size on screen (it ignores the view's zoom), so the best
 * node, the selection and a comparison's first pick stay visible when the tree is zoomed so far out
 * that a node is a pixel. The view tells it how large a node currently is on screen.
 */
class TreeMarkerItem : public QGraphicsItem {
public:
    TreeMarkerItem(const QColor& color, qreal width, Qt::PenStyle style = Qt::SolidLine);

    /// The node's radius in pixels at the current zoom: the ring stays just outside it.
    void setNodeRadiusPixels(qreal radius);
    qreal radius() const { return m_radius; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QColor m_color;
    qreal m_width;
    Qt::PenStyle m_style;
    qreal m_radius = 9;
};

} // namespace phylo::ui
