// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/node.h"

#include <QColor>
#include <QGraphicsItem>
#include <QString>

namespace phylo::ui {

/// How one node looks; the view derives it from the node and the decorations.
struct TreeNodeLook {
    NodeStatus status = NodeStatus::Pending;
    QColor fill; ///< speedup colour (succeeded), else the status colour
    bool pruned = false; ///< in a pruned subtree: washed out
    bool best = false;
    bool onBestPath = false; ///< an ancestor of the best node
    bool suspicious = false;
    QString caption; ///< second label line: "1.23×", "build failed", "pending", ...
};

/**
 * One node of the tree: a single, cheap item that paints itself according to the level of detail —
 * a plain square when the tree is zoomed far out, the full symbol (disc, cross for a failure, hollow
 * ring while pending, amber disc while running, a gold outline on the best path) in between, and its id
 * and speedup underneath once there is room for text. It takes no mouse input: the view handles
 * clicks, so a drag that starts on a node still pans.
 */
class TreeNodeItem : public QGraphicsItem {
public:
    static constexpr qreal kRadius = 7;
    /// Width of the labels under a node (the view keeps neighbours further apart than this).
    static constexpr qreal kLabelWidth = 34;
    enum { Type = UserType + 0x7e1 };

    TreeNodeItem(NodeId id, const TreeNodeLook& look);

    NodeId id() const { return m_id; }
    const TreeNodeLook& look() const { return m_look; }
    void setLook(const TreeNodeLook& look);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Below this level of detail a node is a plain square; from kTextDetail on it has labels.
    static constexpr qreal kSymbolDetail = 0.3;
    static constexpr qreal kTextDetail = 1.3;

    /// Paints the symbol of LOOK centred at the origin, kRadius in size (shared with the legend).
    static void paintSymbol(QPainter* painter, const TreeNodeLook& look);

private:
    void paintLabels(QPainter* painter) const;

    NodeId m_id;
    TreeNodeLook m_look;
};

} // namespace phylo::ui
